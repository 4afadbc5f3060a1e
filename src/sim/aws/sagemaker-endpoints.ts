import type {
  DescribeEndpointConfigInput,
  DescribeEndpointConfigOutput,
  DescribeEndpointInput,
  DescribeEndpointOutput,
  ListEndpointsInput,
  ListEndpointsOutput,
  PendingDeploymentSummary,
  ProductionVariantSummary,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, sagemakerArn, type SimEndpoint, type SimEndpointConfig, type SimVariant } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { endpointView, liveEndpoint, liveVariants, type EndpointView } from '../resource-views';
import { capacityAt } from '../timeline';
import { cachedRows } from './listing-cache';
import { modelImage } from './sagemaker-models';
import { queryFingerprint } from './paging';
import { inRegion, pageSageMaker, sortedSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);

/**
 * An endpoint that exists at the call's time. SageMaker's own message for a missing one carries the ARN:
 * `Could not find endpoint "arn:...:endpoint/x".` (also for one that finished deleting).
 */
export function findEndpoint(ctx: AwsCallContext, name: string | undefined): { e: SimEndpoint; view: EndpointView } {
  const hit = name ? liveEndpoint(ctx.state, ctx.region, name, ctx.nowMs) : undefined;
  if (!hit) {
    const arn = sagemakerArn(ctx.state.account, ctx.region, 'endpoint', name ?? '');
    throw new AwsServiceError('ValidationException', `Could not find endpoint "${arn}".`);
  }
  return hit;
}

interface EndpointRow {
  e: SimEndpoint;
  name: string;
  region: string;
  status: string;
  createdMs: number;
  lastModifiedMs: number;
}

function* endpointRows(ctx: AwsCallContext): Iterable<EndpointRow> {
  for (const e of inRegion(ctx.state.endpoints.values(), ctx.region)) {
    const view = endpointView(e, ctx.nowMs);
    if (view) yield { e, name: e.name, region: e.region, status: view.status, createdMs: e.createdMs, lastModifiedMs: view.lastModifiedMs };
  }
}

export function listEndpoints(input: Wire<ListEndpointsInput>, ctx: AwsCallContext): ListEndpointsOutput {
  // Statuses move with the clock (Creating -> InService), so the cached listing is per clock reading too.
  const key = `ListEndpoints|${ctx.region}|${ctx.nowMs}|${queryFingerprint(input as Record<string, unknown>, ['MaxResults', 'NextToken'])}`;
  const rows = cachedRows(ctx.state, key, () => sortedSageMaker(endpointRows(ctx), input));
  const page = pageSageMaker(rows, input);
  return {
    Endpoints: page.items.map((r) => ({
      EndpointName: r.name,
      EndpointArn: r.e.arn,
      CreationTime: date(r.createdMs),
      LastModifiedTime: date(r.lastModifiedMs),
      EndpointStatus: r.status as never,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

/** The images a variant runs (its config's model), with a digest derived from the endpoint's ARN. */
function deployedImages(ctx: AwsCallContext, e: SimEndpoint, cfg: SimEndpointConfig | undefined, variant: string) {
  const image = modelImage(ctx.state, e.region, cfg?.variants.find((v) => v.name === variant)?.modelName);
  if (!image) return undefined;
  const digest = Buffer.from(e.arn).toString('hex').padEnd(64, '0').slice(0, 64);
  return [{ SpecifiedImage: image, ResolvedImage: `${image.split(':')[0]}@sha256:${digest}`, ResolutionTime: date(e.createdMs) }];
}

function variantSummary(ctx: AwsCallContext, e: SimEndpoint, cfg: SimEndpointConfig | undefined, v: SimVariant, nowMs: number): ProductionVariantSummary {
  const images = deployedImages(ctx, e, cfg, v.name);
  const base: ProductionVariantSummary = { VariantName: v.name, CurrentWeight: v.weight, DesiredWeight: v.weight };
  if (v.serverless) {
    const cfg = {
      MemorySizeInMB: v.serverless.memorySizeMb,
      MaxConcurrency: v.serverless.maxConcurrency,
      ...(v.serverless.provisionedConcurrency ? { ProvisionedConcurrency: v.serverless.provisionedConcurrency } : {}),
    };
    return { ...base, ...(images ? { DeployedImages: images } : {}), CurrentServerlessConfig: cfg, DesiredServerlessConfig: cfg };
  }
  return {
    ...base,
    // Endpoints hosting inference components have no image on the variant; the components carry the containers.
    ...(e.servingMode === 'inference-components' ? { RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' } } : images ? { DeployedImages: images } : {}),
    CurrentInstanceCount: capacityAt(v.capacity, nowMs),
    DesiredInstanceCount: v.desiredInstanceCount,
    ...(v.managedInstanceScaling
      ? {
          ManagedInstanceScaling: {
            Status: 'ENABLED',
            MinInstanceCount: v.managedInstanceScaling.minInstanceCount,
            MaxInstanceCount: v.managedInstanceScaling.maxInstanceCount,
          },
        }
      : {}),
  };
}

function pendingDeployment(ctx: AwsCallContext, e: SimEndpoint, view: EndpointView): PendingDeploymentSummary | undefined {
  if (!view.pending) return undefined;
  const cfg = ctx.state.endpointConfigs.get(resourceKey(e.region, view.pending.name));
  const start = date(view.pending.requestedMs);
  return {
    EndpointConfigName: view.pending.name,
    StartTime: start,
    ProductionVariants: (cfg?.variants ?? []).map((v) => ({
      VariantName: v.name,
      ...(v.instanceType ? { InstanceType: v.instanceType as never, DesiredInstanceCount: v.initialInstanceCount } : {}),
      DesiredWeight: v.weight,
      VariantStatus: [{ Status: 'Creating', StartTime: start }],
    })),
  };
}

/** DescribeEndpoint has counts but never the instance type: that is only in DescribeEndpointConfig. */
export function describeEndpoint(input: Wire<DescribeEndpointInput>, ctx: AwsCallContext): DescribeEndpointOutput {
  const { e, view } = findEndpoint(ctx, input.EndpointName);
  // An endpoint that is still Creating, or failed to create, has no ProductionVariants in the answer
  // (see the Creating example in the SageMaker developer guide, autopilot-deploy-models-realtime).
  const hasVariants = view.status !== 'Creating' && view.status !== 'Failed';
  const cfg = ctx.state.endpointConfigs.get(resourceKey(e.region, view.configName));
  // During an UpdateEndpoint the old config stays in force; the new one shows as PendingDeploymentSummary.
  const pending = pendingDeployment(ctx, e, view);
  return {
    EndpointName: e.name,
    EndpointArn: e.arn,
    EndpointConfigName: view.configName,
    ...(hasVariants ? { ProductionVariants: liveVariants(e, ctx.nowMs).map((v) => variantSummary(ctx, e, cfg, v, ctx.nowMs)) } : {}),
    EndpointStatus: view.status,
    // DescribeEndpoint: "If the status of the endpoint is Failed, or the status is InService but update operation
    // fails, this provides the reason why it failed" (an update that could not get capacity leaves the endpoint InService).
    ...(e.failureReason && (view.status === 'Failed' || view.status === 'UpdateRollbackFailed' || view.status === 'InService') ? { FailureReason: e.failureReason } : {}),
    CreationTime: date(e.createdMs),
    LastModifiedTime: date(view.lastModifiedMs),
    ...(cfg?.asyncInferenceConfig ? { AsyncInferenceConfig: cfg.asyncInferenceConfig } : {}),
    ...(pending ? { PendingDeploymentSummary: pending } : {}),
  };
}

/** A config as DescribeEndpointConfig returns it: the modelled members plus everything else it was created with. */
export function endpointConfigOutput(c: SimEndpointConfig): DescribeEndpointConfigOutput {
  return {
    EndpointConfigName: c.name,
    EndpointConfigArn: c.arn,
    ProductionVariants: c.variants.map((v) => ({
      VariantName: v.name,
      ...(v.modelName ? { ModelName: v.modelName } : {}),
      ...(v.instanceType ? { InstanceType: v.instanceType as never, InitialInstanceCount: v.initialInstanceCount } : {}),
      InitialVariantWeight: v.weight,
      ...(v.serverless
        ? {
            ServerlessConfig: {
              MemorySizeInMB: v.serverless.memorySizeMb,
              MaxConcurrency: v.serverless.maxConcurrency,
              ...(v.serverless.provisionedConcurrency ? { ProvisionedConcurrency: v.serverless.provisionedConcurrency } : {}),
            },
          }
        : {}),
      ...(v.managedInstanceScaling
        ? { ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: v.managedInstanceScaling.minInstanceCount, MaxInstanceCount: v.managedInstanceScaling.maxInstanceCount } }
        : {}),
      ...v.extra,
    })),
    ...(c.asyncInferenceConfig ? { AsyncInferenceConfig: c.asyncInferenceConfig } : {}),
    ...c.extra,
    CreationTime: date(c.createdMs),
  };
}

export function describeEndpointConfig(input: Wire<DescribeEndpointConfigInput>, ctx: AwsCallContext): DescribeEndpointConfigOutput {
  const name = input.EndpointConfigName ?? '';
  const c = ctx.state.endpointConfigs.get(resourceKey(ctx.region, name));
  if (!c) {
    const arn = sagemakerArn(ctx.state.account, ctx.region, 'endpoint-config', name);
    throw new AwsServiceError('ValidationException', `Could not find endpoint configuration "${arn}".`);
  }
  return endpointConfigOutput(c);
}
