import { resolveFleetTime } from '../clock';
import { resolvePattern } from '../patterns';
import { hashString } from '../prng';
import type { Phase } from '../timeline';
import { FINISHED_JOB_STATUSES, RUNNING_COMPUTE_STATES, type AzureFleet, type AzureFleetDeployment, type AzureFleetJob, type JobStatus } from './azure-fleet-schema';
import { computeId, endpointId, jobId, key, workspaceId, type ArmScope, type DeploymentSpec, type SimAzureState, type SimCompute, type SimJob, type SimOnlineDeployment } from './azure-model';
import { vmPrice } from './vm-prices';

const MINUTE_MS = 60_000;
/** The tenant of a subscription the fleet does not name one for. */
export const SIM_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Turns the fleet's `azure` section into the simulated Azure world at clock start `startMs`. */
export function buildAzureState(a: AzureFleet, startMs: number): SimAzureState {
  const at = (s: string) => resolveFleetTime(s, startMs);
  const state: SimAzureState = {
    subscriptions: a.subscriptions.map((s) => ({ id: s.id.toLowerCase(), tenantId: s.tenantId ?? SIM_TENANT_ID })),
    defaultLocation: a.defaultLocation,
    listPageSize: a.listPageSize,
    workspaces: new Map(),
    endpoints: new Map(),
    computes: new Map(),
    jobs: new Map(),
    operations: new Map(),
    operationSeq: 0,
    billing: a.billing,
  };
  const scopes = new Map<string, ArmScope>();
  for (const w of a.workspaces) {
    const sub = (w.subscription ?? a.subscriptions[0]!.id).toLowerCase();
    const location = w.location ?? a.defaultLocation;
    const id = workspaceId(sub, w.resourceGroup, w.name);
    scopes.set(w.name.toLowerCase(), { subscriptionId: sub, resourceGroup: w.resourceGroup, workspace: w.name, location });
    state.workspaces.set(key(id), { id, name: w.name, subscriptionId: sub, resourceGroup: w.resourceGroup, location, tags: { ...w.tags }, createdMs: at(w.createdAt) });
  }
  const scopeOf = (ws: string) => scopes.get(ws.toLowerCase())!;

  for (const e of a.endpoints) {
    const scope = scopeOf(e.workspace);
    const id = endpointId(scope, e.name);
    const createdMs = at(e.createdAt);
    const traffic: Record<string, number> = {};
    for (const d of e.deployments) traffic[d.name] = d.trafficPct;
    const deployments = new Map<string, SimOnlineDeployment>();
    for (const d of e.deployments) deployments.set(d.name.toLowerCase(), fleetDeployment(d, id, d.createdAt ? Math.max(createdMs, at(d.createdAt)) : createdMs, startMs));
    state.endpoints.set(key(id), {
      ...scope,
      id,
      name: e.name,
      ...(e.description ? { description: e.description } : {}),
      authMode: e.authMode,
      tags: { ...e.tags },
      extra: { publicNetworkAccess: 'Enabled' },
      identity: { type: 'SystemAssigned', principalId: guidFrom(`${id}/principal`), tenantId: tenantOf(state, scope.subscriptionId) },
      createdMs,
      updatedMs: Math.max(createdMs, ...[...deployments.values()].map((d) => d.createdMs)),
      scoringUri: `https://${e.name.toLowerCase()}.${scope.location}.inference.ml.azure.com/score`,
      swaggerUri: `https://${e.name.toLowerCase()}.${scope.location}.inference.ml.azure.com/swagger.json`,
      provisioning: [
        { fromMs: -Infinity, status: 'Gone' },
        { fromMs: createdMs, status: 'Succeeded' },
      ],
      traffic: [{ fromMs: -Infinity, status: traffic }],
      deployments,
    });
  }

  for (const c of a.computeInstances) {
    const scope = scopeOf(c.workspace);
    const id = computeId(scope, c.name);
    const createdMs = at(c.createdAt);
    const stoppedMs = c.stoppedAt ? Math.max(createdMs, at(c.stoppedAt)) : createdMs;
    const running = RUNNING_COMPUTE_STATES.has(c.state);
    const startedMs = running && c.startedAt ? Math.max(createdMs, at(c.startedAt)) : undefined;
    const compute: SimCompute = {
      ...scope,
      id,
      name: c.name,
      computeType: 'ComputeInstance',
      vmSize: vmPrice(c.vmSize)!.size,
      ...(c.idleShutdownMinutes !== undefined ? { idleShutdownMinutes: c.idleShutdownMinutes } : {}),
      createdBy: c.createdBy,
      tags: { ...c.tags },
      createdMs,
      updatedMs: c.state === 'Stopped' ? stoppedMs : createdMs,
      phases: [
        { fromMs: -Infinity, status: 'Gone' },
        { fromMs: createdMs, status: c.state },
      ],
      // The VM bills while it runs; a stopped instance is taken to have run until stoppedAt.
      runs: running ? [{ fromMs: startedMs ?? createdMs }] : c.state === 'Stopped' && stoppedMs > createdMs ? [{ fromMs: createdMs, toMs: stoppedMs }] : [],
      gpuUtilPct: c.gpuUtilPct,
      // A start in the fleet's past shows as a finished user Start operation, as ARM reports it.
      ...(startedMs !== undefined ? { lastOperation: { operationName: 'Start' as const, operationTimeMs: startedMs, operationStatus: 'Succeeded' as const, doneMs: startedMs } } : {}),
    };
    state.computes.set(key(id), compute);
  }

  const cluster = (scope: ArmScope, name: string, vmSize: string, createdMs: number, tags: Record<string, string>, scale: SimCompute['scale']) => {
    const id = computeId(scope, name);
    if (state.computes.has(key(id))) return;
    state.computes.set(key(id), {
      ...scope,
      id,
      name,
      computeType: 'AmlCompute',
      vmSize: vmPrice(vmSize)!.size,
      createdBy: 'someone@contoso.com',
      tags,
      createdMs,
      updatedMs: createdMs,
      phases: [
        { fromMs: -Infinity, status: 'Gone' },
        { fromMs: createdMs, status: 'Running' },
      ],
      // A cluster bills through its jobs (nodes scale to zero between them), so it has no runs of its own.
      runs: [],
      gpuUtilPct: 0,
      ...(scale ? { scale } : {}),
    });
  };
  for (const c of a.clusters ?? []) cluster(scopeOf(c.workspace), c.name, c.vmSize, at(c.createdAt), { ...c.tags }, { minNodeCount: c.minNodeCount, maxNodeCount: c.maxNodeCount });
  for (const j of a.jobs) {
    const scope = scopeOf(j.workspace);
    const job = fleetJob(j, scope, at);
    cluster(scope, j.compute, j.instanceType, Math.min(job.createdMs, at('-60d')), {}, { minNodeCount: 0, maxNodeCount: Math.max(4, j.instanceCount) });
    state.jobs.set(key(job.id), job);
  }
  return state;
}

function fleetDeployment(d: AzureFleetDeployment, endpoint: string, createdMs: number, startMs: number): SimOnlineDeployment {
  const failed = d.provisioningState === 'Failed';
  const properties: Record<string, unknown> = {
    endpointComputeType: 'Managed',
    instanceType: vmPrice(d.instanceType)!.size,
    model: d.model,
    scaleSettings: d.scaleSettings ?? { scaleType: 'Default' },
    requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
    livenessProbe: { initialDelay: 'PT10M', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 30 },
    readinessProbe: { initialDelay: 'PT10S', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 30 },
    appInsightsEnabled: false,
    egressPublicNetworkAccess: 'Enabled',
    ...(d.environment ? { environmentId: d.environment } : {}),
    ...(d.codeConfiguration ? { codeConfiguration: { ...d.codeConfiguration } } : {}),
  };
  const spec: DeploymentSpec = { sku: { name: 'Default', tier: 'Standard', capacity: d.instanceCount }, properties, kind: 'Managed', tags: { ...d.tags } };
  return {
    name: d.name,
    specs: [{ fromMs: -Infinity, status: spec }],
    provisioning: [
      { fromMs: -Infinity, status: 'Gone' },
      { fromMs: createdMs, status: d.provisioningState },
    ],
    capacity: [{ fromMs: createdMs, count: failed ? 0 : d.instanceCount }],
    windows: [{ fromMs: createdMs }],
    createdMs,
    updatedMs: createdMs,
    demand: resolvePattern(d.traffic, startMs),
    baseInstances: d.instanceCount,
    latencyMs: d.latencyMs,
    errorRatePct: d.errorRatePct,
    telemetryGapPct: d.telemetryGapPct,
    ...(d.gpuMemoryUtilPct !== undefined ? { gpuMemoryUtilPct: d.gpuMemoryUtilPct } : {}),
    seed: hashString(`${endpoint.toLowerCase()}/${d.name.toLowerCase()}`),
    // OutOfQuota is raised within minutes of the create; OutOfCapacity after the service has tried for a while.
    ...(d.error ? { failure: { ...d.error, atMs: Math.min(startMs, createdMs + (d.error.code === 'OutOfQuota' ? 3 : 25) * MINUTE_MS) } } : {}),
  };
}

function fleetJob(j: AzureFleetJob, scope: ArmScope, at: (s: string) => number): SimJob {
  const startedMs = at(j.startedAt);
  const createdMs = j.createdAt ? at(j.createdAt) : startedMs - 5 * MINUTE_MS;
  const endedMs = FINISHED_JOB_STATUSES.has(j.status) && j.endedAt ? Math.max(startedMs, at(j.endedAt)) : undefined;
  const phases: Phase<JobStatus | 'Gone'>[] = [
    { fromMs: -Infinity, status: 'Gone' },
    { fromMs: createdMs, status: 'Queued' },
  ];
  const push = (fromMs: number, status: JobStatus) => {
    const last = phases[phases.length - 1]!;
    if (last.fromMs === fromMs) last.status = status;
    else phases.push({ fromMs, status });
  };
  if (j.status === 'Queued' || j.status === 'NotStarted' || j.status === 'Starting' || j.status === 'Preparing' || j.status === 'Provisioning') push(createdMs, j.status);
  else {
    push(Math.max(createdMs, startedMs), 'Running');
    if (endedMs !== undefined) push(endedMs, j.status);
    else if (j.status !== 'Running') push(Math.max(createdMs, startedMs), j.status);
  }
  return {
    ...scope,
    id: jobId(scope, j.name),
    name: j.name,
    displayName: j.displayName ?? j.name,
    experimentName: j.experimentName,
    jobType: j.jobType,
    compute: j.compute,
    instanceType: vmPrice(j.instanceType)!.size,
    instanceCount: j.instanceCount,
    tags: { ...j.tags },
    createdMs,
    startedMs,
    ...(endedMs !== undefined ? { endedMs } : {}),
    phases,
  };
}

export function tenantOf(state: SimAzureState, subscriptionId: string): string {
  return state.subscriptions.find((s) => s.id === subscriptionId.toLowerCase())?.tenantId ?? SIM_TENANT_ID;
}

/** A deterministic GUID from a string (principal ids, operation ids). */
export function guidFrom(s: string): string {
  const h = (n: number) => (hashString(s, n) >>> 0).toString(16).padStart(8, '0');
  const x = `${h(1)}${h(2)}${h(3)}${h(4)}`;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-8${x.slice(17, 20)}-${x.slice(20, 32)}`;
}
