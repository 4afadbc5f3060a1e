import { statusAt } from '../timeline';
import { armTime } from './arm-wire';
import type { SimAzureState, SimCompute, SimJob, SimOnlineDeployment, SimOnlineEndpoint, SimWorkspace } from './azure-model';
import { guidFrom, tenantOf } from './azure-state';

/**
 * The JSON Azure Machine Learning (api-version 2022-10-01) answers for each resource at a virtual instant, in the
 * shapes @azure/arm-machinelearning deserialises: {id, name, type, location, tags, identity?, kind?, sku?,
 * properties{...}, systemData{createdAt, createdBy, lastModifiedAt ...}}.
 */
const ML = 'Microsoft.MachineLearningServices';
const SIM_USER = 'sim-operator@contoso.com';

function systemData(createdMs: number, updatedMs: number, createdBy = SIM_USER) {
  return {
    createdAt: armTime(createdMs),
    createdBy,
    createdByType: 'User',
    lastModifiedAt: armTime(Math.max(createdMs, updatedMs)),
    lastModifiedBy: createdBy,
    lastModifiedByType: 'User',
  };
}

export function workspaceJson(az: SimAzureState, w: SimWorkspace): Record<string, unknown> {
  const tenantId = tenantOf(az, w.subscriptionId);
  const rg = `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers`;
  const short = w.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12);
  return {
    id: w.id,
    name: w.name,
    type: `${ML}/workspaces`,
    location: w.location,
    tags: { ...w.tags },
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${w.id}/principal`), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
    kind: 'Default',
    properties: {
      workspaceId: guidFrom(w.id.toLowerCase()),
      friendlyName: w.name,
      description: '',
      keyVault: `${rg}/Microsoft.Keyvault/vaults/kv${short}`,
      applicationInsights: `${rg}/Microsoft.insights/components/ai${short}`,
      storageAccount: `${rg}/Microsoft.Storage/storageAccounts/st${short}`,
      containerRegistry: `${rg}/Microsoft.ContainerRegistry/registries/cr${short}`,
      discoveryUrl: `https://${w.location}.api.azureml.ms/discovery`,
      mlFlowTrackingUri: `azureml://${w.location}.api.azureml.ms/mlflow/v1.0/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/${ML}/workspaces/${w.name}`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      publicNetworkAccess: 'Enabled',
      tenantId,
      storageHnsEnabled: false,
      v1LegacyMode: false,
    },
    systemData: systemData(w.createdMs, w.createdMs),
  };
}

/** The endpoint's traffic map as stored (the last PUT's, even while it is being applied), without deleted deployments. */
export function endpointTraffic(e: SimOnlineEndpoint, nowMs: number): Record<string, number> {
  const desired = e.traffic[e.traffic.length - 1]!.status;
  const out: Record<string, number> = {};
  for (const [name, pct] of Object.entries(desired)) {
    const d = e.deployments.get(name.toLowerCase());
    if (d && statusAt(d.provisioning, nowMs) !== 'Gone' && d.provisioning[d.provisioning.length - 1]!.status !== 'Gone') out[d.name] = pct;
  }
  return out;
}

export function endpointJson(e: SimOnlineEndpoint, nowMs: number): Record<string, unknown> {
  const state = statusAt(e.provisioning, nowMs);
  return {
    id: e.id,
    name: e.name,
    type: `${ML}/workspaces/onlineEndpoints`,
    location: e.location,
    tags: { ...e.tags },
    ...(e.identity ? { identity: { ...e.identity } } : {}),
    kind: 'Managed',
    properties: {
      ...(e.description ? { description: e.description } : {}),
      authMode: e.authMode,
      scoringUri: e.scoringUri,
      swaggerUri: e.swaggerUri,
      provisioningState: state === 'Gone' ? 'Deleting' : state,
      traffic: endpointTraffic(e, nowMs),
      mirrorTraffic: {},
      ...e.extra,
      properties: { createdBy: SIM_USER, 'azureml.onlineendpointid': e.id.toLowerCase() },
    },
    systemData: systemData(e.createdMs, e.updatedMs),
  };
}

export function deploymentJson(e: SimOnlineEndpoint, d: SimOnlineDeployment, nowMs: number): Record<string, unknown> {
  const spec = d.specs[d.specs.length - 1]!.status;
  const state = statusAt(d.provisioning, nowMs);
  return {
    id: `${e.id}/deployments/${d.name}`,
    name: d.name,
    type: `${ML}/workspaces/onlineEndpoints/deployments`,
    location: e.location,
    tags: { ...spec.tags },
    kind: spec.kind ?? 'Managed',
    sku: { ...spec.sku },
    properties: { ...spec.properties, provisioningState: state === 'Gone' ? 'Deleting' : state },
    systemData: systemData(d.createdMs, d.updatedMs),
  };
}

export function computeJson(az: SimAzureState, c: SimCompute, nowMs: number, jobs: readonly SimJob[]): Record<string, unknown> {
  const tenantId = tenantOf(az, c.subscriptionId);
  const base = {
    id: c.id,
    name: c.name,
    type: `${ML}/workspaces/computes`,
    location: c.location,
    tags: { ...c.tags },
    systemData: systemData(c.createdMs, c.updatedMs, c.createdBy),
  };
  const common = {
    computeLocation: c.location,
    createdOn: armTime(c.createdMs),
    modifiedOn: armTime(Math.max(c.createdMs, c.updatedMs)),
    provisioningState: 'Succeeded',
    isAttachedCompute: false,
    disableLocalAuth: true,
  };
  if (c.computeType === 'AmlCompute') {
    // Nodes in use = instances of the jobs running on the cluster now.
    const nodes = jobs.filter((j) => j.compute.toLowerCase() === c.name.toLowerCase() && statusAt(j.phases, nowMs) === 'Running').reduce((s, j) => s + j.instanceCount, 0);
    return {
      ...base,
      properties: {
        ...common,
        computeType: 'AmlCompute',
        properties: {
          osType: 'Linux',
          vmSize: c.vmSize,
          vmPriority: 'Dedicated',
          scaleSettings: { minNodeCount: c.scale?.minNodeCount ?? 0, maxNodeCount: c.scale?.maxNodeCount ?? 4, nodeIdleTimeBeforeScaleDown: 'PT120S' },
          currentNodeCount: nodes,
          targetNodeCount: nodes,
          allocationState: 'Steady',
          allocationStateTransitionTime: armTime(c.updatedMs),
          nodeStateCounts: { idleNodeCount: 0, runningNodeCount: nodes, preparingNodeCount: 0, unusableNodeCount: 0, leavingNodeCount: 0, preemptedNodeCount: 0 },
          errors: null,
        },
      },
    };
  }
  const state = statusAt(c.phases, nowMs);
  const op = c.lastOperation;
  return {
    ...base,
    identity: { type: 'None' },
    properties: {
      ...common,
      computeType: 'ComputeInstance',
      properties: {
        vmSize: c.vmSize,
        applicationSharingPolicy: 'Personal',
        sshSettings: { sshPublicAccess: 'Disabled', adminUserName: 'azureuser', sshPort: 50000 },
        computeInstanceAuthorizationType: 'personal',
        personalComputeInstanceSettings: { assignedUser: { objectId: guidFrom(`user/${c.createdBy}`), tenantId } },
        createdBy: { userName: c.createdBy, userOrgId: tenantId, userId: guidFrom(`user/${c.createdBy}`) },
        connectivityEndpoints: { publicIpAddress: '20.0.0.4', privateIpAddress: '10.0.0.4' },
        applications: [
          { displayName: 'Jupyter', endpointUri: `https://${c.name.toLowerCase()}.${c.location}.instances.azureml.ms/tree/` },
          { displayName: 'Jupyter Lab', endpointUri: `https://${c.name.toLowerCase()}.${c.location}.instances.azureml.ms/lab` },
        ],
        errors: null,
        state: state === 'Gone' ? 'Deleting' : state,
        // Absent = the instance never shuts itself down (what the watchdog flags). The 2022-10-01 mappers predate
        // this member; the SDK passes unknown members through. Newer api-versions carry it here ⚠️.
        ...(c.idleShutdownMinutes !== undefined ? { idleTimeBeforeShutdown: `PT${c.idleShutdownMinutes}M` } : {}),
        ...(op ? { lastOperation: { operationName: op.operationName, operationTime: armTime(op.operationTimeMs), operationStatus: nowMs >= op.doneMs ? 'Succeeded' : 'InProgress', operationTrigger: 'User' } } : {}),
        schedules: { computeStartStop: [] },
        enableNodePublicIp: true,
      },
    },
  };
}

const WAITING: ReadonlySet<string> = new Set(['NotStarted', 'Queued', 'Starting', 'Provisioning', 'Preparing', 'Gone']);

export function jobJson(j: SimJob, nowMs: number): Record<string, unknown> {
  const status = statusAt(j.phases, nowMs);
  const ended = j.endedMs !== undefined && j.endedMs <= nowMs;
  // A job still waiting (NotStarted, Queued, Starting, Provisioning, Preparing) has no start time yet.
  const started = nowMs >= j.startedMs && !WAITING.has(status);
  return {
    id: j.id,
    name: j.name,
    type: `${ML}/workspaces/jobs`,
    properties: {
      jobType: j.jobType,
      displayName: j.displayName,
      experimentName: j.experimentName,
      status: status === 'Gone' ? 'Unknown' : status,
      computeId: j.id.replace(/\/jobs\/[^/]+$/, `/computes/${j.compute}`),
      command: 'python train.py',
      environmentId: 'azureml:AzureML-ACPT-pytorch-2.2-cuda12.1:10',
      resources: { instanceCount: j.instanceCount, instanceType: j.instanceType, properties: {} },
      tags: { ...j.tags },
      // ⚠️ Start/end times are not members of the 2022-10-01 job model; the simulator puts them in the job's string
      // properties (readers may fall back to systemData.createdAt).
      properties: { ...(started ? { StartTimeUtc: armTime(j.startedMs) } : {}), ...(ended ? { EndTimeUtc: armTime(j.endedMs!) } : {}) },
      services: { Studio: { jobServiceType: 'Studio', endpoint: `https://ml.azure.com/runs/${j.name}?wsid=${j.id.replace(/\/jobs\/[^/]+$/, '')}` } },
      isArchived: false,
      inputs: {},
      outputs: {},
    },
    systemData: systemData(j.createdMs, j.endedMs !== undefined && ended ? j.endedMs : j.startedMs),
  };
}
