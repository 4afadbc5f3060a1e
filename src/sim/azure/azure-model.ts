import type { ResolvedPattern } from '../patterns';
import type { CapacityStep, LiveWindow, Phase } from '../timeline';
import type { AzureBilling } from './azure-billing-schema';
import type { ComputeInstanceState, JobStatus } from './azure-fleet-schema';

/**
 * The simulated Azure world (FleetState.azure), resolved to epoch ms. Like the AWS and Google sides, writes schedule
 * their effects as timeline steps (a deployment PUT: Creating now, Succeeded and instances ~8 min later; a DELETE:
 * Deleting now, gone ~2 min later), so every answer is a pure function of (state, clock) and history stays exact for
 * metrics and usage. Maps are keyed by LOWER-CASE ARM id: ARM ids are case-insensitive.
 */
export interface SimAzureState {
  subscriptions: Array<{ id: string; tenantId: string }>;
  defaultLocation: string;
  listPageSize: number;
  workspaces: Map<string, SimWorkspace>;
  endpoints: Map<string, SimOnlineEndpoint>;
  computes: Map<string, SimCompute>;
  jobs: Map<string, SimJob>;
  /** Long-running operations by id (mfeOperationsStatus / mfeOperationResults). */
  operations: Map<string, SimArmOperation>;
  /** Operations started so far: seed of the next id (replay re-runs writes in order, so ids repeat). */
  operationSeq: number;
  billing: AzureBilling;
}

/** Where a workspace child lives (ids are built from it). */
export interface ArmScope {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
}

export interface SimWorkspace {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  createdMs: number;
}

export type EndpointProvisioningState = 'Creating' | 'Updating' | 'Succeeded' | 'Failed' | 'Deleting';

export interface SimOnlineEndpoint extends ArmScope {
  id: string;
  name: string;
  description?: string;
  authMode: 'Key' | 'AMLToken' | 'AADToken';
  tags: Record<string, string>;
  /** Extra `properties` members echoed from the last PUT (publicNetworkAccess ...). */
  extra: Record<string, unknown>;
  identity?: Record<string, unknown>;
  createdMs: number;
  updatedMs: number;
  /** scoringUri stays as it is whatever happens to deployments. */
  scoringUri: string;
  swaggerUri: string;
  provisioning: Phase<EndpointProvisioningState | 'Gone'>[];
  /** properties.traffic over time (a PUT changes it ~30 s later, when its operation completes). */
  traffic: Phase<Record<string, number>>[];
  /** Every deployment ever made, by lower-case name (deleted ones keep their history for metrics and usage). */
  deployments: Map<string, SimOnlineDeployment>;
}

export interface DeploymentSpec {
  sku: { name: string; tier?: string; capacity: number };
  /** `properties` as given (or built from the fleet), minus provisioningState. */
  properties: Record<string, unknown>;
  kind?: string;
  tags: Record<string, string>;
}

export type DeploymentState = 'Creating' | 'Deleting' | 'Scaling' | 'Updating' | 'Succeeded' | 'Failed' | 'Canceled';

export interface SimOnlineDeployment {
  name: string;
  /** The spec in force from each instant. */
  specs: Phase<DeploymentSpec>[];
  /** Gone before creation and after a delete completes. */
  provisioning: Phase<DeploymentState | 'Gone'>[];
  /** Instances running (and billing) over time. */
  capacity: CapacityStep[];
  /** When the deployment existed (a recreated deployment opens a new window). */
  windows: LiveWindow[];
  /** Creation time of the current incarnation (systemData.createdAt). */
  createdMs: number;
  updatedMs: number;
  /** Demand: follows the fleet pattern whatever happens to the deployment (demand does not go away). */
  demand: ResolvedPattern;
  /** sku.capacity the fleet pattern's utilisation refers to. */
  baseInstances: number;
  latencyMs: number;
  errorRatePct: number;
  telemetryGapPct: number;
  /** GPU memory in use while serving (0..100 per GPU); undefined: 35 % + 0.4 x GPU utilisation. */
  gpuMemoryUtilPct?: number;
  seed: number;
  /** A failed create: the error the Activity Log shows for it, and when (azure activity-log route). */
  failure?: { code: string; message: string; atMs: number };
}

export interface SimCompute extends ArmScope {
  id: string;
  name: string;
  computeType: 'ComputeInstance' | 'AmlCompute';
  vmSize: string;
  idleShutdownMinutes?: number;
  createdBy: string;
  tags: Record<string, string>;
  createdMs: number;
  updatedMs: number;
  /** ComputeInstance state over time; clusters stay 'Running' (state is not shown for them). */
  phases: Phase<ComputeInstanceState | 'Gone'>[];
  /** Periods the VM ran (and billed). */
  runs: Array<{ fromMs: number; toMs?: number }>;
  gpuUtilPct: number;
  /** The last start/stop; its status is InProgress until doneMs, Succeeded after. */
  lastOperation?: { operationName: 'Start' | 'Stop'; operationTimeMs: number; operationStatus: 'InProgress' | 'Succeeded'; doneMs: number };
  /** Clusters only. */
  scale?: { minNodeCount: number; maxNodeCount: number };
}

export interface SimJob extends ArmScope {
  id: string;
  name: string;
  displayName: string;
  experimentName: string;
  jobType: 'Command';
  compute: string;
  instanceType: string;
  instanceCount: number;
  tags: Record<string, string>;
  createdMs: number;
  startedMs: number;
  /** When its machines stopped (finished, canceled); undefined while running. */
  endedMs?: number;
  phases: Phase<JobStatus | 'Gone'>[];
}

export interface SimArmOperation {
  id: string;
  subscriptionId: string;
  location: string;
  startMs: number;
  doneMs: number;
  final: 'Succeeded' | 'Failed' | 'Canceled';
  error?: { code: string; message: string };
}

const PROVIDER = 'providers/Microsoft.MachineLearningServices';

export const workspaceId = (sub: string, rg: string, ws: string) => `/subscriptions/${sub}/resourceGroups/${rg}/${PROVIDER}/workspaces/${ws}`;
export const endpointId = (s: ArmScope, name: string) => `${workspaceId(s.subscriptionId, s.resourceGroup, s.workspace)}/onlineEndpoints/${name}`;
export const computeId = (s: ArmScope, name: string) => `${workspaceId(s.subscriptionId, s.resourceGroup, s.workspace)}/computes/${name}`;
export const jobId = (s: ArmScope, name: string) => `${workspaceId(s.subscriptionId, s.resourceGroup, s.workspace)}/jobs/${name}`;
export const key = (id: string) => id.toLowerCase();
