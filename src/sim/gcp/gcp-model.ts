import type { ResolvedPattern } from '../patterns';
import type { CapacityStep, LiveWindow, Phase } from '../timeline';
import type { JobState, WorkbenchState } from './gcp-fleet-schema';
import type { SimBillingExport } from './gcp-usage';

/**
 * The simulated Google world (FleetState.gcp), resolved to epoch ms. Like the AWS side, writes schedule their
 * effects as timeline steps (deploy: replicas from T + provisioning; undeploy: model gone at T + ~1 min), so every
 * answer is a pure function of (state, clock) and history stays exact for metrics and usage.
 */
export interface SimGcpState {
  projects: SimGcpProject[];
  defaultLocation: string;
  /** By endpoint name as Vertex returns it (projects/<number>/locations/<l>/endpoints/<id>). */
  endpoints: Map<string, SimVertexEndpoint>;
  /** By instance name as Notebooks v2 returns it (projects/<projectId>/locations/<zone>/instances/<id>). */
  workbench: Map<string, SimWorkbenchInstance>;
  /** By job name (projects/<number>/locations/<l>/customJobs/<id>). */
  customJobs: Map<string, SimCustomJob>;
  /** Vertex AI models by name (projects/<number>/locations/<l>/models/<id>): the fleet's, and a default for every other one deployed. */
  models: Map<string, SimVertexModel>;
  /** Long-running operations by name; `done` once the virtual clock passes doneMs. */
  operations: Map<string, SimOperation>;
  billingExport?: SimBillingExport;
  /** Operations started so far: the seed of the next operation id (replay re-runs writes in order, so ids repeat). */
  operationSeq: number;
}

export interface SimVertexModel {
  name: string;
  displayName: string;
  createdMs: number;
  imageUri?: string;
  artifactUri?: string;
  sourceType: string;
  publicModelName?: string;
  exportFormats: string[];
}

export interface SimGcpProject {
  id: string;
  number: string;
}

export interface SimVertexEndpoint {
  name: string;
  id: string;
  projectId: string;
  projectNumber: string;
  location: string;
  displayName: string;
  description?: string;
  labels: Record<string, string>;
  createdMs: number;
  updatedMs: number;
  /** trafficSplit over time (deploy/undeploy change it when their operation completes). */
  trafficSplit: Phase<Record<string, number>>[];
  /** Every model ever deployed, each with the windows it was part of the endpoint (undeployed ones keep their history). */
  models: SimDeployedModel[];
}

export interface DeployedModelSpec {
  displayName: string;
  model: string;
  modelVersionId?: string;
  resources: 'dedicated' | 'automatic' | 'shared';
  sharedPool?: string;
  machineType: string;
  acceleratorType?: string;
  acceleratorCount: number;
  minReplicas: number;
  maxReplicas: number;
  /** Members echoed as given on deploy (serviceAccount, disableContainerLogging, enableAccessLogging ...). */
  extra?: Record<string, unknown>;
  /** dedicatedResources members echoed as given (autoscalingMetricSpecs, spot, requiredReplicaCount ...). */
  dedicatedExtra?: Record<string, unknown>;
}

export interface SimDeployedModel {
  id: string;
  /** The spec in force from each instant (mutateDeployedModel changes it when its operation completes). */
  specs: Phase<DeployedModelSpec>[];
  createdMs: number;
  /** Replicas running over time (status.availableReplicaCount, metrics and usage read this). */
  replicas: CapacityStep[];
  /** When the model is part of the endpoint's deployedModels. */
  windows: LiveWindow[];
  /** Demand: follows the fleet pattern whatever the model's deployment (demand does not go away with the model). */
  traffic: ResolvedPattern;
  latencyMs: number;
  errorRatePct: number;
  /** Share of 5-minute blocks in which no metric of this model has any point. */
  telemetryGapPct: number;
  /** Accelerator memory in use while serving, percent of each replica's accelerator memory. */
  gpuMemoryUtilPct: number;
  /** Seed of this model's metric noise. */
  seed: number;
  /** DeployedModel.status.message, as the fleet gives it. */
  statusMessage?: string;
}

export interface SimWorkbenchInstance {
  name: string;
  id: string;
  projectId: string;
  projectNumber: string;
  zone: string;
  machineType: string;
  accelerators: Array<{ type: string; coreCount: number }>;
  idleTimeoutSeconds?: number;
  creator?: string;
  labels: Record<string, string>;
  createdMs: number;
  updatedMs: number;
  phases: Phase<WorkbenchState | 'GONE'>[];
  /** Periods the VM ran (and billed): [fromMs, toMs or undefined while running). */
  runs: Array<{ fromMs: number; toMs?: number }>;
}

export interface SimCustomJob {
  name: string;
  id: string;
  projectId: string;
  projectNumber: string;
  location: string;
  displayName: string;
  machineType: string;
  acceleratorType?: string;
  acceleratorCount: number;
  replicaCount: number;
  timeoutSeconds: number;
  labels: Record<string, string>;
  /** The chief pool's containerSpec.imageUri (default: the project's own Artifact Registry image). */
  imageUri?: string;
  createdMs: number;
  startedMs: number;
  /** When the machines stopped (finished, cancelled, timed out); undefined while running. */
  endedMs?: number;
  updatedMs: number;
  phases: Phase<JobState | 'GONE'>[];
}

export interface SimOperation {
  name: string;
  /** `@type` of metadata and response, e.g. google.cloud.aiplatform.v1.DeployModelOperationMetadata. */
  metadataType: string;
  responseType?: string;
  createdMs: number;
  doneMs: number;
  /** The `response` once done (without @type), or the error. */
  response?: Record<string, unknown>;
  error?: { code: number; message: string };
  /** Notebooks operations carry `metadata.target` and `verb`. */
  extraMetadata?: Record<string, unknown>;
}

export function projectByIdOrNumber(gcp: SimGcpState | undefined, p: string): SimGcpProject | undefined {
  return gcp?.projects.find((x) => x.id === p || x.number === p);
}

export function endpointName(projectNumber: string, location: string, id: string): string {
  return `projects/${projectNumber}/locations/${location}/endpoints/${id}`;
}

export function workbenchName(projectId: string, zone: string, id: string): string {
  return `projects/${projectId}/locations/${zone}/instances/${id}`;
}

export function customJobName(projectNumber: string, location: string, id: string): string {
  return `projects/${projectNumber}/locations/${location}/customJobs/${id}`;
}
