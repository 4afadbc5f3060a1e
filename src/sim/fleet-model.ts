import type { Tags } from '../domain/cloud';
import type { EndpointStatus, FleetExtraCost, FleetInferenceComponent, FleetStudioApp, FleetTrainingJob, MetricsGaps } from './fleet-schema';
import type { ResolvedPattern } from './patterns';

/**
 * The simulator's mutable world: the fleet description resolved against the clock start (all times in epoch ms).
 * Wire encoders only read it; write operations of later issues (park/restore) mutate it through plain field
 * updates and `capacity` steps, then bump `version` so cached indexes rebuild.
 */
export interface FleetState {
  account: string;
  defaultRegion: string;
  startMs: number;
  options: { metricsGaps?: MetricsGaps; zeroTrafficDatapoints: 'zero' | 'absent'; costExplorerPageSize: number };
  endpoints: Map<string, SimEndpoint>;
  endpointConfigs: Map<string, SimEndpointConfig>;
  inferenceComponents: Map<string, SimInferenceComponent>;
  notebooks: Map<string, SimNotebook>;
  studioApps: SimStudioApp[];
  trainingJobs: Map<string, SimTrainingJob>;
  extraCosts: SimExtraCost[];
  /** Incremented on every mutation; caches keyed on it. */
  version: number;
}

/** Instances running from `fromMs` on (until the next step). Costs and instance metrics both read this. */
export interface CapacityStep {
  fromMs: number;
  count: number;
}

export interface SimVariant {
  name: string;
  /** Hash of the name, salt of the variant's traffic noise. */
  nameHash: number;
  instanceType?: string;
  /** From the instance catalog, computed once: GPU metrics exist only on NVIDIA GPU instances. */
  gpuCount: number;
  hasNvidiaGpu: boolean;
  vcpus: number;
  weight: number;
  serverless?: { memorySizeMb: number; maxConcurrency: number; provisionedConcurrency?: number };
  managedInstanceScaling?: { minInstanceCount: number; maxInstanceCount: number };
  /** Desired instance count now (DesiredInstanceCount). */
  desiredInstanceCount: number;
  capacity: CapacityStep[];
  inferenceComponentNames: string[];
  hourlyPriceUsd?: number;
}

export interface SimEndpoint {
  name: string;
  region: string;
  arn: string;
  servingMode: 'real-time' | 'inference-components' | 'async' | 'serverless';
  status: EndpointStatus;
  failureReason?: string;
  createdMs: number;
  lastModifiedMs: number;
  configName: string;
  tags: Tags;
  traffic: ResolvedPattern;
  modelLatencyMs: number;
  gpuMemoryUtilPct: number;
  cpuUtilPct: number;
  metricsGaps?: MetricsGaps;
  variants: SimVariant[];
  /** Hash of region/name: the seed of all of this endpoint's noise. */
  seed: number;
}

export interface SimEndpointConfig {
  name: string;
  region: string;
  arn: string;
  createdMs: number;
  servingMode: SimEndpoint['servingMode'];
  variants: Array<{
    name: string;
    modelName?: string;
    instanceType?: string;
    initialInstanceCount?: number;
    weight: number;
    serverless?: SimVariant['serverless'];
    managedInstanceScaling?: SimVariant['managedInstanceScaling'];
  }>;
  asyncOutputS3Uri?: string;
  tags: Tags;
}

export interface SimInferenceComponent extends Omit<FleetInferenceComponent, 'createdAt' | 'modelName'> {
  region: string;
  arn: string;
  modelName: string;
  endpointName: string;
  variantName: string;
  createdMs: number;
  lastModifiedMs: number;
  tags: Tags;
}

export interface SimNotebook {
  name: string;
  region: string;
  arn: string;
  instanceType: string;
  status: 'Pending' | 'InService' | 'Stopping' | 'Stopped' | 'Failed' | 'Deleting' | 'Updating';
  failureReason?: string;
  createdMs: number;
  lastModifiedMs: number;
  lifecycleConfigName?: string;
  volumeSizeGb: number;
  tags: Tags;
  /** Periods the instance ran (and billed): [fromMs, toMs or undefined while running). */
  runs: Array<{ fromMs: number; toMs?: number }>;
  hourlyPriceUsd?: number;
}

export interface SimStudioApp extends Omit<FleetStudioApp, 'createdAt' | 'region'> {
  region: string;
  arn: string;
  createdMs: number;
}

export interface SimTrainingJob extends Omit<FleetTrainingJob, 'createdAt' | 'startedAt' | 'endedAt' | 'region'> {
  region: string;
  arn: string;
  createdMs: number;
  startedMs: number;
  endedMs?: number;
}

export interface SimExtraCost extends Omit<FleetExtraCost, 'from' | 'to'> {
  fromMs?: number;
  toMs?: number;
}

/** A tag's value, or undefined; own keys only, so a tag named "constructor" is not found on the prototype. */
export function tagValue(tags: Tags, key: string): string | undefined {
  return Object.hasOwn(tags, key) ? tags[key] : undefined;
}

/** Lookup key of a regional, name-addressed resource. SageMaker names are unique case-insensitively. */
export function resourceKey(region: string, name: string): string {
  return `${region}/${name.toLowerCase()}`;
}

/**
 * SageMaker ARNs carry the resource name in lower case whatever its spelling
 * (arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint for "My-Endpoint").
 */
export function sagemakerArn(account: string, region: string, type: string, name: string): string {
  return `arn:aws:sagemaker:${region}:${account}:${type}/${name.toLowerCase()}`;
}

/** Instances running at `tMs` according to a capacity timeline. */
export function capacityAt(steps: readonly CapacityStep[], tMs: number): number {
  let count = 0;
  for (const s of steps) {
    if (s.fromMs > tMs) break;
    count = s.count;
  }
  return count;
}

/** The pieces of [fromMs, min(toMs, nowMs)) during which a variant had instances running, with their count. */
export function runningPieces(v: SimVariant, fromMs: number, toMs: number, nowMs: number): Array<{ fromMs: number; toMs: number; count: number }> {
  const end = Math.min(toMs, nowMs);
  const pieces: Array<{ fromMs: number; toMs: number; count: number }> = [];
  v.capacity.forEach((step, i) => {
    const next = v.capacity[i + 1]?.fromMs ?? Infinity;
    const a = Math.max(fromMs, step.fromMs);
    const b = Math.min(end, next);
    if (step.count > 0 && a < b) pieces.push({ fromMs: a, toMs: b, count: step.count });
  });
  return pieces;
}

/** Statuses in which an endpoint has its instances up (and billing). */
export const RUNNING_ENDPOINT_STATUSES: ReadonlySet<EndpointStatus> = new Set([
  'InService',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'UpdateRollbackFailed',
  'Deleting',
]);

/** Statuses in which SageMaker publishes the endpoint's request metrics (Invocations etc.). */
export const SERVING_ENDPOINT_STATUSES: ReadonlySet<EndpointStatus> = new Set(['InService', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed']);

/** A training job as seen at `nowMs`: SageMaker stops a job that reaches MaxRuntimeInSeconds. */
export interface TrainingJobView {
  status: SimTrainingJob['status'];
  secondaryStatus: string;
  endedMs?: number;
}

export function trainingJobView(j: SimTrainingJob, nowMs: number): TrainingJobView {
  if (j.status === 'InProgress') {
    const limitMs = j.startedMs + j.maxRuntimeSeconds * 1000;
    if (nowMs >= limitMs) return { status: 'Stopped', secondaryStatus: 'MaxRuntimeExceeded', endedMs: limitMs };
    return { status: 'InProgress', secondaryStatus: nowMs < j.startedMs ? 'Starting' : 'Training' };
  }
  const secondary = { Completed: 'Completed', Failed: 'Failed', Stopped: 'Stopped', Stopping: 'Stopping' }[j.status];
  return { status: j.status, secondaryStatus: secondary, ...(j.endedMs !== undefined ? { endedMs: j.endedMs } : {}) };
}
