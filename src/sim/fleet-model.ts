import type { AsyncInferenceConfig } from '@aws-sdk/client-sagemaker';
import type { Tags } from '../domain/cloud';
import type { EndpointStatus, FleetCostAnomaly, FleetExtraCost, FleetInferenceComponent, FleetStudioApp, FleetTrainingJob, MetricsGaps } from './fleet-schema';
import type { SimAzureState } from './azure/azure-model';
import type { SimGcpState } from './gcp/gcp-model';
import type { ResolvedPattern } from './patterns';
import type { CapacityStep, LiveWindow, Phase } from './timeline';

export type { CapacityStep } from './timeline';

/**
 * The simulator's mutable world: the fleet description resolved against the clock start (all times in epoch ms).
 * Reads are functions of (state, clock); write operations (src/sim/aws/*-writes.ts) schedule their effects as
 * timeline steps (see timeline.ts), then the server bumps `version` so cached indexes rebuild.
 */
export interface FleetState {
  account: string;
  defaultRegion: string;
  startMs: number;
  options: {
    metricsGaps?: MetricsGaps;
    zeroTrafficDatapoints: 'zero' | 'absent';
    costExplorerPageSize: number;
    provisioningSeconds: number;
    teardownSeconds: number;
    /** User-defined tag keys active as cost allocation tags; undefined: all of them. */
    costAllocationTags?: string[];
  };
  endpoints: Map<string, SimEndpoint>;
  endpointConfigs: Map<string, SimEndpointConfig>;
  inferenceComponents: Map<string, SimInferenceComponent>;
  /** Models by resourceKey (CreateModel is not simulated: these are the fleet's models, which configs may name). */
  models: Map<string, SimModel>;
  notebooks: Map<string, SimNotebook>;
  studioApps: SimStudioApp[];
  /** Studio domain ids by region ("region/d-xxx"), from the fleet's apps. */
  domains: Set<string>;
  trainingJobs: Map<string, SimTrainingJob>;
  /** Application Auto Scaling targets by scalableTargetKey(). */
  scalableTargets: Map<string, SimScalableTarget>;
  extraCosts: SimExtraCost[];
  /** What AWS Cost Anomaly Detection reports (GetAnomalies); figures are derived from the cost items. */
  costAnomalies: SimCostAnomaly[];
  /** The simulated Google world (src/sim/gcp), when the fleet has a `gcp` section. */
  gcp?: SimGcpState;
  /** The simulated Azure world (src/sim/azure), when the fleet has an `azure` section. */
  azure?: SimAzureState;
  /** Incremented on every mutation; caches keyed on it. */
  version: number;
}

/** A SageMaker model as DescribeModel answers it (one container, or a model package). */
export interface SimModel {
  name: string;
  region: string;
  arn: string;
  createdMs: number;
  image?: string;
  modelDataUrl?: string;
  modelPackageName?: string;
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
  memoryMb: number;
  weight: number;
  serverless?: { memorySizeMb: number; maxConcurrency: number; provisionedConcurrency?: number };
  managedInstanceScaling?: { minInstanceCount: number; maxInstanceCount: number };
  /** Desired instance count now (DesiredInstanceCount). */
  desiredInstanceCount: number;
  capacity: CapacityStep[];
  /** When the variant is part of the endpoint's deployed config (an UpdateEndpoint swaps variants at its end). */
  windows: LiveWindow[];
  inferenceComponentNames: string[];
  hourlyPriceUsd?: number;
}

/** 'Gone': the endpoint finished deleting; its record stays for the history metrics and costs are computed from. */
export type EndpointPhase = EndpointStatus | 'Gone';

/** The endpoint config in force from `fromMs` (UpdateEndpoint: requested at `requestedMs`, in force once InService). */
export interface ConfigStep {
  fromMs: number;
  requestedMs: number;
  name: string;
}

export interface SimEndpoint {
  name: string;
  region: string;
  arn: string;
  servingMode: 'real-time' | 'inference-components' | 'async' | 'serverless';
  phases: Phase<EndpointPhase>[];
  failureReason?: string;
  createdMs: number;
  lastModifiedMs: number;
  configs: ConfigStep[];
  tags: Tags;
  traffic: ResolvedPattern;
  modelLatencyMs: number;
  gpuMemoryUtilPct: number;
  cpuUtilPct: number;
  metricsGaps?: MetricsGaps;
  /** Every variant the endpoint ever had, each with its live windows (retired ones keep their cost history). */
  variants: SimVariant[];
  /** Hash of region/name: the seed of all of this endpoint's noise. */
  seed: number;
}

export interface SimConfigVariant {
  name: string;
  modelName?: string;
  instanceType?: string;
  initialInstanceCount?: number;
  weight: number;
  serverless?: SimVariant['serverless'];
  managedInstanceScaling?: SimVariant['managedInstanceScaling'];
  /** Members the simulator does not model (InferenceAmiVersion, VolumeSizeInGB ...), echoed by DescribeEndpointConfig. */
  extra?: Record<string, unknown>;
}

export interface SimEndpointConfig {
  name: string;
  region: string;
  arn: string;
  createdMs: number;
  servingMode: SimEndpoint['servingMode'];
  variants: SimConfigVariant[];
  /** AsyncInferenceConfig as given (wire shape). */
  asyncInferenceConfig?: AsyncInferenceConfig;
  /** Other top-level members echoed as given (ExecutionRoleArn, DataCaptureConfig, VpcConfig, KmsKeyId ...). */
  extra?: Record<string, unknown>;
  tags: Tags;
}

export type ComponentStatus = FleetInferenceComponent['status'];

export interface SimInferenceComponent extends Omit<FleetInferenceComponent, 'createdAt' | 'modelName' | 'status'> {
  region: string;
  arn: string;
  modelName: string;
  endpointName: string;
  variantName: string;
  createdMs: number;
  lastModifiedMs: number;
  tags: Tags;
  phases: Phase<ComponentStatus>[];
  /** Copies deployed over time; `copyCount` is the desired count. */
  copies: CapacityStep[];
  /** This component's weight in the endpoint's demand (the fleet's copy count): demand does not follow parking. */
  demandWeight: number;
}

export type NotebookStatus = 'Pending' | 'InService' | 'Stopping' | 'Stopped' | 'Failed' | 'Deleting' | 'Updating';

export interface SimNotebook {
  name: string;
  region: string;
  arn: string;
  instanceType: string;
  phases: Phase<NotebookStatus>[];
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

export type AppStatus = FleetStudioApp['status'];

export interface SimStudioApp extends Omit<FleetStudioApp, 'createdAt' | 'region' | 'status'> {
  region: string;
  arn: string;
  createdMs: number;
  lastModifiedMs: number;
  phases: Phase<AppStatus>[];
  /** Periods the app's instance ran (and billed). */
  runs: Array<{ fromMs: number; toMs?: number }>;
}

export interface SimTrainingJob extends Omit<FleetTrainingJob, 'createdAt' | 'startedAt' | 'endedAt' | 'region'> {
  region: string;
  arn: string;
  createdMs: number;
  /** TrainingStartTime; undefined while the job never leaves Starting/Pending. */
  startedMs?: number;
  endedMs?: number;
  /** StopTrainingJob: when it was called, and when the job reached Stopped (instances bill until then). */
  stopRequestedMs?: number;
  stoppedMs?: number;
}

export interface SimScalableTarget {
  region: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  minCapacity: number;
  maxCapacity: number;
  roleArn: string;
  createdMs: number;
  suspendedState: { DynamicScalingInSuspended: boolean; DynamicScalingOutSuspended: boolean; ScheduledScalingSuspended: boolean };
  arn: string;
  /** Scaling policies on this target (they are deleted with it). */
  policies?: SimScalingPolicy[];
}

export interface SimScalingPolicy {
  policyName: string;
  policyType: string;
  targetTracking?: Record<string, unknown>;
  stepScaling?: Record<string, unknown>;
  createdMs: number;
}

export interface SimExtraCost extends Omit<FleetExtraCost, 'from' | 'to'> {
  fromMs?: number;
  toMs?: number;
}

export interface SimCostAnomaly extends Omit<FleetCostAnomaly, 'start' | 'end'> {
  startMs: number;
  endMs?: number;
}

export function scalableTargetKey(region: string, namespace: string, resourceId: string, dimension: string): string {
  return `${region}|${namespace}|${resourceId}|${dimension}`;
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

