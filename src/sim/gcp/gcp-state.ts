import { resolveFleetTime } from '../clock';
import { resolvePattern } from '../patterns';
import { hashString } from '../prng';
import { customJobSeedId, deployedModelSeedId, endpointSeedId, FINISHED_JOB_STATES, type GcpFleet, type GcpFleetCustomJob, type JobState } from './gcp-fleet-schema';
import { zoneRegion } from './gcp-ids';
import { buildModels } from './vertex-models';
import { startOperation } from './gcp-operations';
import { customJobName, endpointName, workbenchName, type SimCustomJob, type SimDeployedModel, type SimGcpProject, type SimGcpState, type SimWorkbenchInstance } from './gcp-model';

const MINUTE_MS = 60_000;

/** Turns the fleet's `gcp` section into the simulated Google world at clock start `startMs`. */
export function buildGcpState(g: GcpFleet, startMs: number): SimGcpState {
  const at = (s: string) => resolveFleetTime(s, startMs);
  const projects: SimGcpProject[] = g.projects.map((p) => ({ id: p.id, number: p.number }));
  const project = (id: string | undefined) => projects.find((p) => p.id === id) ?? projects[0]!;
  const state: SimGcpState = {
    projects,
    defaultLocation: g.defaultLocation,
    endpoints: new Map(),
    workbench: new Map(),
    customJobs: new Map(),
    models: new Map(),
    operations: new Map(),
    operationSeq: 0,
  };

  for (const e of g.endpoints) {
    const p = project(e.project);
    const location = e.location ?? g.defaultLocation;
    const id = e.id ?? endpointSeedId(p.id, location, e.displayName);
    const name = endpointName(p.number, location, id);
    const createdMs = at(e.createdAt);
    const split: Record<string, number> = {};
    const models = e.deployedModels.map((m): SimDeployedModel => {
      const mid = m.id ?? deployedModelSeedId(id, m.displayName);
      if (m.trafficPct > 0) split[mid] = m.trafficPct;
      const modelCreated = m.createdAt ? at(m.createdAt) : createdMs;
      const min = m.resources === 'dedicated' ? m.minReplicas : Math.max(1, m.minReplicas);
      const max = m.maxReplicas ?? Math.max(1, min);
      const replicas = m.resources === 'shared' ? 0 : (m.replicas ?? Math.max(min, m.resources === 'automatic' ? 1 : 0));
      return {
        id: mid,
        specs: [
          {
            fromMs: -Infinity,
            status: {
              displayName: m.displayName,
              model: m.model.includes('/') ? m.model : `projects/${p.number}/locations/${location}/models/${m.model}`,
              modelVersionId: m.modelVersionId,
              resources: m.resources,
              ...(m.sharedPool ? { sharedPool: m.sharedPool } : {}),
              machineType: m.machineType,
              ...(m.acceleratorType ? { acceleratorType: m.acceleratorType } : {}),
              acceleratorCount: m.acceleratorCount,
              minReplicas: min,
              maxReplicas: max,
            },
          },
        ],
        createdMs: modelCreated,
        replicas: [{ fromMs: modelCreated, count: replicas }],
        windows: [{ fromMs: modelCreated }],
        traffic: resolvePattern(m.traffic, startMs),
        latencyMs: m.latencyMs,
        errorRatePct: m.errorRatePct,
        telemetryGapPct: m.telemetryGapPct,
        gpuMemoryUtilPct: m.gpuMemoryUtilPct,
        seed: hashString(`${name}/${mid}`),
        ...(m.statusMessage ? { statusMessage: m.statusMessage } : {}),
      };
    });
    state.endpoints.set(name, {
      name,
      id,
      projectId: p.id,
      projectNumber: p.number,
      location,
      displayName: e.displayName,
      ...(e.description ? { description: e.description } : {}),
      labels: { ...e.labels },
      createdMs,
      updatedMs: Math.max(createdMs, ...models.map((m) => m.createdMs)),
      trafficSplit: [{ fromMs: -Infinity, status: split }],
      models,
    });
    for (const f of e.failedDeploys) {
      // A GPU deploy that fails for quota fails fast; one that waits for capacity gives up after a while: 20 min.
      const doneMs = at(f.at);
      startOperation(state, name, Math.max(createdMs, doneMs - 20 * MINUTE_MS), doneMs, { metadataType: 'google.cloud.aiplatform.v1.DeployModelOperationMetadata', error: { code: f.code, message: f.message } }, 'vertex');
    }
  }

  for (const w of g.workbenchInstances) {
    const p = project(w.project);
    const name = workbenchName(p.id, w.zone, w.id);
    const createdMs = at(w.createdAt);
    const stoppedMs = w.stoppedAt ? Math.max(createdMs, at(w.stoppedAt)) : createdMs;
    // The VM bills while it runs; a stopped instance is taken to have run until stoppedAt.
    const running = w.state === 'ACTIVE' || w.state === 'STARTING' || w.state === 'PROVISIONING' || w.state === 'STOPPING' || w.state === 'UPGRADING' || w.state === 'INITIALIZING';
    const startedMs = w.startedAt ? Math.max(createdMs, at(w.startedAt)) : createdMs;
    const runs: SimWorkbenchInstance['runs'] = running ? [{ fromMs: startedMs }] : w.state === 'STOPPED' && stoppedMs > createdMs ? [{ fromMs: createdMs, toMs: stoppedMs }] : [];
    state.workbench.set(name, {
      name,
      id: w.id,
      projectId: p.id,
      projectNumber: p.number,
      zone: w.zone,
      machineType: w.machineType,
      accelerators: w.accelerators.map((a) => ({ ...a })),
      ...(w.idleTimeoutSeconds !== undefined ? { idleTimeoutSeconds: w.idleTimeoutSeconds } : {}),
      ...(w.creator ? { creator: w.creator } : {}),
      labels: { ...w.labels },
      createdMs,
      updatedMs: w.state === 'STOPPED' ? stoppedMs : startedMs,
      phases: [
        { fromMs: -Infinity, status: 'GONE' },
        { fromMs: createdMs, status: w.state },
      ],
      runs,
    });
  }

  for (const j of g.customJobs) {
    const p = project(j.project);
    const location = j.location ?? g.defaultLocation;
    const id = j.id ?? customJobSeedId(p.id, location, j.displayName);
    state.customJobs.set(customJobName(p.number, location, id), customJob(j, p, location, id, at));
  }

  buildModels(state, g, at);

  if (g.billingExport) {
    const b = g.billingExport;
    const extraCosts = b.extraCosts.map(({ from, to, ...rest }) => ({ ...rest, ...(from ? { fromMs: at(from) } : {}), ...(to ? { toMs: at(to) } : {}) }));
    state.billingExport = { project: b.project, dataset: b.dataset, table: b.table, location: b.location, billingAccountId: b.billingAccountId, createdMs: at(b.createdAt), extraCosts };
  }
  return state;
}

function customJob(j: GcpFleetCustomJob, p: SimGcpProject, location: string, id: string, at: (s: string) => number): SimCustomJob {
  const startedMs = at(j.startedAt);
  const createdMs = j.createdAt ? at(j.createdAt) : startedMs - 5 * MINUTE_MS;
  const endedMs = FINISHED_JOB_STATES.has(j.state) && j.endedAt ? Math.max(startedMs, at(j.endedAt)) : undefined;
  // A job runs until it ends; before startedAt it was pending. A RUNNING job past its timeout is the fleet's choice.
  const phases: SimCustomJob['phases'] = [{ fromMs: -Infinity, status: 'GONE' }];
  const push = (fromMs: number, status: JobState) => {
    const last = phases[phases.length - 1]!;
    if (last.fromMs === fromMs) phases[phases.length - 1] = { fromMs, status };
    else phases.push({ fromMs, status });
  };
  push(createdMs, 'JOB_STATE_PENDING');
  if (j.state === 'JOB_STATE_QUEUED' || j.state === 'JOB_STATE_PENDING') phases[phases.length - 1] = { fromMs: createdMs, status: j.state };
  else {
    push(Math.max(createdMs, startedMs), 'JOB_STATE_RUNNING');
    if (endedMs !== undefined) push(endedMs, j.state);
    else if (j.state !== 'JOB_STATE_RUNNING') push(Math.max(createdMs, startedMs), j.state);
  }
  return {
    name: customJobName(p.number, location, id),
    id,
    projectId: p.id,
    projectNumber: p.number,
    location,
    displayName: j.displayName,
    machineType: j.machineType,
    ...(j.acceleratorType ? { acceleratorType: j.acceleratorType } : {}),
    acceleratorCount: j.acceleratorCount,
    replicaCount: j.replicaCount,
    timeoutSeconds: j.timeoutSeconds,
    labels: { ...j.labels },
    ...(j.imageUri ? { imageUri: j.imageUri } : {}),
    createdMs,
    startedMs,
    ...(endedMs !== undefined ? { endedMs } : {}),
    updatedMs: endedMs ?? startedMs,
    phases,
  };
}

/** Region of a Workbench instance (billing and usage are per region). */
export function workbenchRegion(w: SimWorkbenchInstance): string {
  return zoneRegion(w.zone);
}
