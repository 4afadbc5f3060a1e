import type {
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  DescribeInferenceComponentOutput,
  DescribeModelOutput,
  ProductionVariant,
  ProductionVariantSummary,
} from '@aws-sdk/client-sagemaker';
import type { ResourceKind, ResourceRef, Tags } from '../../domain/cloud';
import type { Endpoint, EndpointVariant, InferenceComponentState, InstanceSpec, ResourceStatus, ServingMode } from '../../domain/resources';
import { awsInstanceSpec } from './instance-types';
import { sagemakerListPrice, type SageMakerComponent } from './price-table';
import { servedModels } from './served-models';

/**
 * Pure mapping from SageMaker SDK shapes to domain types: shared helpers and endpoints. No I/O, no clock.
 * Notebooks, Studio apps and training jobs are in workloads-to-domain.ts.
 */

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string | undefined): ParsedArn | undefined {
  const m = arn ? /^arn:([^:]+):([^:]+):([^:]*):(\d{12}):(.+)$/.exec(arn) : null;
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! };
}

/** AWS partition of a region name, for ARNs we must build ourselves (Studio apps). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Tag list (`[{Key, Value}]`, as SageMaker and the Tagging API return it) to a record. */
export function toTags(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const t of list ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return tags;
}

/** Catalog spec plus the list price for that SageMaker component (hosting / notebook / training). */
export function instanceSpec(instanceType: string, region: string, component: SageMakerComponent): InstanceSpec {
  const spec = awsInstanceSpec(instanceType);
  const listPrice = sagemakerListPrice(instanceType, region, component);
  return listPrice ? { ...spec, listPrice } : spec;
}

// EndpointStatus: OutOfService, Creating, Updating, SystemUpdating, RollingBack, InService, Deleting, Failed,
// UpdateRollbackFailed. OutOfService is "not available to take requests" but may still bill: keep it as other.
const ENDPOINT_STATUS: Record<string, ResourceStatus> = {
  InService: 'in-service',
  Creating: 'creating',
  Updating: 'updating',
  SystemUpdating: 'updating',
  RollingBack: 'updating',
  Deleting: 'deleting',
  Failed: 'failed',
  UpdateRollbackFailed: 'failed',
};
// NotebookInstanceStatus: Pending, InService, Stopping, Stopped, Failed, Deleting, Updating.
const NOTEBOOK_STATUS: Record<string, ResourceStatus> = {
  Pending: 'creating',
  InService: 'in-service',
  Stopped: 'stopped',
  Failed: 'failed',
  Deleting: 'deleting',
  Updating: 'updating',
};
// AppStatus: Deleted, Deleting, Failed, InService, Pending.
const APP_STATUS: Record<string, ResourceStatus> = {
  Pending: 'creating',
  InService: 'in-service',
  Deleting: 'deleting',
  Deleted: 'stopped',
  Failed: 'failed',
};
// TrainingJobStatus: InProgress, Completed, Failed, Stopping, Stopped. A running job is "in service" (billing).
const TRAINING_STATUS: Record<string, ResourceStatus> = {
  InProgress: 'in-service',
  Completed: 'stopped',
  Stopped: 'stopped',
  Failed: 'failed',
};

const statusFrom = (table: Record<string, ResourceStatus>) => (s: string | undefined): ResourceStatus =>
  (s !== undefined ? table[s] : undefined) ?? 'other';
export const endpointStatus = statusFrom(ENDPOINT_STATUS);
export const notebookStatus = statusFrom(NOTEBOOK_STATUS);
export const appStatus = statusFrom(APP_STATUS);
export const trainingStatus = statusFrom(TRAINING_STATUS);

export function ref(kind: ResourceKind, region: string, name: string | undefined, id: string | undefined): ResourceRef {
  return { cloud: 'aws', account: parseArn(id)?.account ?? 'unknown', region, kind, name: name ?? '', id: id ?? '' };
}

/**
 * Endpoints for inference components are created from configs whose variants have an InstanceType but NO
 * ModelName (the models arrive later as inference components). Serverless variants have no instance at all.
 */
export function hostsInferenceComponents(config: Pick<DescribeEndpointConfigOutput, 'ProductionVariants'>): boolean {
  return (config.ProductionVariants ?? []).some((v) => !v.ModelName && !v.ServerlessConfig && (v.InstanceType || v.InstancePools?.length));
}

export function classifyServingMode(
  config: Pick<DescribeEndpointConfigOutput, 'ProductionVariants' | 'AsyncInferenceConfig'>,
  inferenceComponentCount: number,
): ServingMode {
  if ((config.ProductionVariants ?? []).some((v) => v.ServerlessConfig)) return 'serverless';
  if (config.AsyncInferenceConfig) return 'async';
  if (inferenceComponentCount > 0 || hostsInferenceComponents(config)) return 'inference-components';
  return 'real-time';
}

/**
 * Instance type of a config variant. Variants with InstancePools (several types by priority) have no
 * InstanceType: take the pool that runs most instances now (from the endpoint summary), else the top priority.
 */
export function variantInstanceType(variant: ProductionVariant, summary?: ProductionVariantSummary): string | undefined {
  if (variant.InstanceType) return variant.InstanceType;
  const running = [...(summary?.InstancePools ?? [])].sort((a, b) => (b.CurrentInstanceCount ?? 0) - (a.CurrentInstanceCount ?? 0))[0];
  if (running?.InstanceType && (running.CurrentInstanceCount ?? 0) > 0) return running.InstanceType;
  return [...(variant.InstancePools ?? [])].sort((a, b) => (a.Priority ?? Infinity) - (b.Priority ?? Infinity))[0]?.InstanceType;
}

export function toInferenceComponentState(ic: DescribeInferenceComponentOutput): InferenceComponentState {
  const accelerators = ic.Specification?.ComputeResourceRequirements?.NumberOfAcceleratorDevicesRequired;
  return {
    name: ic.InferenceComponentName ?? '',
    providerStatus: ic.InferenceComponentStatus ?? 'Unknown',
    currentCopyCount: ic.RuntimeConfig?.CurrentCopyCount ?? 0,
    desiredCopyCount: ic.RuntimeConfig?.DesiredCopyCount ?? 0,
    ...(accelerators !== undefined ? { acceleratorsPerCopy: accelerators } : {}),
  };
}

function toVariant(
  v: ProductionVariant,
  summary: ProductionVariantSummary | undefined,
  region: string,
  components: readonly DescribeInferenceComponentOutput[],
): EndpointVariant {
  const serverless = summary?.CurrentServerlessConfig ?? v.ServerlessConfig;
  const type = variantInstanceType(v, summary);
  const instance: InstanceSpec = type
    ? instanceSpec(type, region, 'hosting')
    : { instanceType: serverless ? 'serverless' : 'unknown', acceleratorKind: 'none', acceleratorCount: 0 };
  const scaling = summary?.ManagedInstanceScaling ?? v.ManagedInstanceScaling;
  const mine = components.filter((c) => c.VariantName === v.VariantName);
  return {
    name: v.VariantName ?? '',
    instance,
    // A Creating endpoint has no variant summaries yet: nothing runs, the config says what will.
    currentInstanceCount: serverless ? 0 : (summary?.CurrentInstanceCount ?? 0),
    desiredInstanceCount: serverless ? 0 : (summary?.DesiredInstanceCount ?? v.InitialInstanceCount ?? 0),
    ...(mine.length
      ? { inferenceComponents: mine.map((c) => c.InferenceComponentName ?? ''), inferenceComponentStates: mine.map(toInferenceComponentState) }
      : {}),
    ...(scaling?.Status === 'ENABLED'
      ? { scaling: { minInstances: scaling.MinInstanceCount ?? 0, maxInstances: scaling.MaxInstanceCount ?? 1 } }
      : {}),
    ...(serverless
      ? {
          serverless: {
            memoryMiB: serverless.MemorySizeInMB ?? 0,
            maxConcurrency: serverless.MaxConcurrency ?? 0,
            ...(serverless.ProvisionedConcurrency !== undefined ? { provisionedConcurrency: serverless.ProvisionedConcurrency } : {}),
          },
        }
      : {}),
  };
}

export interface EndpointParts {
  region: string;
  endpoint: DescribeEndpointOutput;
  config: DescribeEndpointConfigOutput;
  inferenceComponents: readonly DescribeInferenceComponentOutput[];
  tags: Tags;
  /** DescribeModel answers by name (undefined: models were not looked up). */
  models?: ReadonlyMap<string, DescribeModelOutput>;
}

/** DescribeEndpoint + DescribeEndpointConfig (+ its inference components) -> Endpoint. Shadow variants bill too. */
export function toEndpoint({ region, endpoint, config, inferenceComponents, tags, models }: EndpointParts): Endpoint {
  const served = servedModels({ endpoint, config, inferenceComponents, ...(models ? { models } : {}) });
  const summaries = new Map([...(endpoint.ProductionVariants ?? []), ...(endpoint.ShadowProductionVariants ?? [])].map((s) => [s.VariantName, s]));
  const configVariants = [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])];
  return {
    ref: ref('endpoint', region, endpoint.EndpointName, endpoint.EndpointArn),
    servingMode: classifyServingMode(config, inferenceComponents.length),
    status: endpointStatus(endpoint.EndpointStatus),
    providerStatus: endpoint.EndpointStatus ?? 'Unknown',
    ...(endpoint.FailureReason ? { failureReason: endpoint.FailureReason } : {}),
    createdAt: endpoint.CreationTime ?? new Date(0),
    lastModifiedAt: endpoint.LastModifiedTime,
    tags,
    variants: configVariants.map((v) => toVariant(v, summaries.get(v.VariantName), region, inferenceComponents)),
    configName: endpoint.EndpointConfigName ?? config.EndpointConfigName,
    ...(served ? { models: served } : {}),
  };
}
