import type { ResourceRef, Tags } from './cloud';
import type { ServedModel } from './served-model';

export type { CompiledFor, ModelSource, ServedModel } from './served-model';

/** How an endpoint serves; decides whether and how it can be parked at zero. */
export type ServingMode = 'real-time' | 'inference-components' | 'async' | 'serverless';

export type AcceleratorKind =
  | 'nvidia-gpu'
  | 'aws-inferentia'
  | 'aws-trainium'
  | 'google-tpu'
  | 'habana-gaudi'
  | 'none';

/** What one instance (or machine) carries, from the instance catalog. */
export interface InstanceSpec {
  instanceType: string;
  acceleratorKind: AcceleratorKind;
  /** e.g. "NVIDIA A10G"; undefined for CPU instances. */
  acceleratorModel?: string;
  /** Accelerators per instance (GPUs, Neuron devices, TPU chips); 0 for CPU-only. */
  acceleratorCount: number;
  vcpus?: number;
  memoryGiB?: number;
  /** On-demand list price per instance-hour, when the price table knows this type. */
  listPrice?: InstancePrice;
}

/** A dated list price with where it came from, so every estimate can show its basis. */
export interface InstancePrice {
  hourly: { amount: number; currency: string };
  /** Region whose price this is (may differ from the resource's region when no table exists for it). */
  region: string;
  /** E.g. "AWS SageMaker pricing, real-time inference, on-demand". */
  source: string;
  /** Date the table was taken, YYYY-MM-DD. */
  asOf: string;
  /**
   * Regions where the same source sells the same machine (every billed part), when it says so (Google's Cloud
   * Billing Catalog: the SKUs' serviceRegions). capacity-risk's fallback regions.
   */
  offeredIn?: string[];
}

/** Normalised lifecycle status across clouds; `providerStatus` keeps the vendor's word. */
export type ResourceStatus = 'creating' | 'updating' | 'in-service' | 'stopped' | 'failed' | 'deleting' | 'other';

/** One inference component (a model with its own copies) on a shared endpoint variant. */
export interface InferenceComponentState {
  name: string;
  providerStatus: string;
  currentCopyCount: number;
  desiredCopyCount: number;
  /** Accelerators each copy reserves (NumberOfAcceleratorDevicesRequired); undefined for CPU models. */
  acceleratorsPerCopy?: number;
}

export interface EndpointVariant {
  name: string;
  instance: InstanceSpec;
  /** Instances currently running (0 when scaled in or parked). */
  currentInstanceCount: number;
  desiredInstanceCount: number;
  /** Inference component names served by this variant (inference-components mode). */
  inferenceComponents?: string[];
  /** Copy counts of those inference components, when the provider reports them (AWS DescribeInferenceComponent). */
  inferenceComponentStates?: InferenceComponentState[];
  /** Managed instance scaling bounds, when enabled (AWS) or autoscaling (GCP/Azure). */
  scaling?: { minInstances: number; maxInstances: number };
  /** Serverless memory and concurrency (serverless mode). */
  serverless?: { memoryMiB: number; maxConcurrency: number; provisionedConcurrency?: number };
}

export interface Endpoint {
  ref: ResourceRef;
  servingMode: ServingMode;
  status: ResourceStatus;
  providerStatus: string;
  failureReason?: string;
  createdAt: Date;
  lastModifiedAt?: Date;
  tags: Tags;
  variants: EndpointVariant[];
  /** Configuration the endpoint runs from (AWS endpoint config name). */
  configName?: string;
  /**
   * What it serves, one entry per model (variant, inference component, deployed model, deployment). Undefined when
   * not read (the lock-in detector is disabled, or the lookups failed): unknown, never "nothing".
   */
  models?: ServedModel[];
}

/**
 * Where a notebook's `lastActivityAt` comes from. Only 'user-activity' says a person used it; the others are the
 * last time it was started or changed, the best a cloud API offers (no cloud exposes kernel activity reliably).
 */
export type NotebookActivitySource =
  | 'user-activity' // SageMaker DescribeApp LastUserActivityTimestamp, only when it differs from LastHealthCheckTimestamp
  | 'last-start' // Azure ML compute instance lastOperation (Start/Restart/Create) time
  | 'last-modified' // SageMaker notebook instance LastModifiedTime, Workbench updateTime, Azure modifiedOn
  | 'created'; // Studio app CreationTime (a Studio app runs from its creation until it is deleted)

/** Whether the notebook stops itself when idle: 'unknown' when the API cannot tell (lifecycle scripts, Studio). */
export type IdleShutdownState = 'configured' | 'absent' | 'unknown';

export interface Notebook {
  ref: ResourceRef;
  /** notebook-instance (AWS), studio-app (AWS Studio), workbench (GCP), compute-instance (Azure). */
  notebookKind: 'notebook-instance' | 'studio-app' | 'workbench' | 'compute-instance';
  status: ResourceStatus;
  providerStatus: string;
  instance: InstanceSpec;
  createdAt: Date;
  lastModifiedAt?: Date;
  tags: Tags;
  /** Native idle shutdown in minutes, if configured (undefined: not configured or not knowable). */
  idleShutdownMinutes?: number;
  /** What the reader could tell about idle shutdown; undefined is 'unknown'. */
  idleShutdownState?: IdleShutdownState;
  /** The latest sign of use the cloud gives (see activitySource for how strong it is). */
  lastActivityAt?: Date;
  activitySource?: NotebookActivitySource;
}

export interface TrainingJob {
  ref: ResourceRef;
  /** `creating` while it waits to train (queued, provisioning, preparing, SageMaker Starting/Downloading/Pending). */
  status: ResourceStatus;
  providerStatus: string;
  /** The cloud's finer state when it has one (SageMaker SecondaryStatus: Starting, Downloading, Training ...). */
  secondaryStatus?: string;
  instance: InstanceSpec;
  instanceCount: number;
  /** When it started on its machines (SageMaker TrainingStartTime, Vertex startTime): its billing clock. */
  startedAt?: Date;
  createdAt: Date;
  /** Its own runtime limit: SageMaker StoppingCondition, Vertex scheduling.timeout, Azure limits.timeout. */
  maxRuntimeSeconds?: number;
  billableSeconds?: number;
  tags: Tags;
  /** The training container or algorithm, when the provider names it (undefined: unknown). */
  container?: ServedModel;
}

/**
 * A finished, successful run of a training job (SageMaker Completed, Vertex JOB_STATE_SUCCEEDED, Azure Completed):
 * the history a job family's usual duration is learnt from. Only what the listing gives: no instance or price.
 */
export interface TrainingRun {
  ref: ResourceRef;
  tags: Tags;
  providerStatus: string;
  createdAt: Date;
  /** Absent where the listing does not carry it (SageMaker summaries): the duration then counts from creation. */
  startedAt?: Date;
  endedAt: Date;
}

/** Hours a run took: end minus start (or creation when the cloud's listing gives no start). */
export function runHours(r: Pick<TrainingRun, 'createdAt' | 'startedAt' | 'endedAt'>): number {
  return Math.max(0, r.endedAt.getTime() - (r.startedAt ?? r.createdAt).getTime()) / 3_600_000;
}

/** Total accelerators an endpoint keeps running now. */
export function runningAccelerators(e: Endpoint): number {
  return e.variants.reduce((n, v) => n + v.currentInstanceCount * v.instance.acceleratorCount, 0);
}

export function runningInstances(e: Endpoint): number {
  return e.variants.reduce((n, v) => n + v.currentInstanceCount, 0);
}
