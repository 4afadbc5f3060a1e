import type {
  DescribeEndpointConfigInput,
  DescribeEndpointConfigOutput,
  DescribeEndpointInput,
  DescribeEndpointOutput,
  ListEndpointsInput,
  ListEndpointsOutput,
  ProductionVariantSummary,
} from '@aws-sdk/client-sagemaker';
import { capacityAt, resourceKey, sagemakerArn, type SimEndpoint, type SimVariant } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { cachedRows } from './listing-cache';
import { queryFingerprint } from './paging';
import { inRegion, pageSageMaker, sortedSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);

/** SageMaker's own message for a missing endpoint carries the ARN: `Could not find endpoint "arn:...:endpoint/x".` */
export function findEndpoint(ctx: AwsCallContext, name: string | undefined): SimEndpoint {
  const e = name ? ctx.state.endpoints.get(resourceKey(ctx.region, name)) : undefined;
  if (!e) {
    const arn = sagemakerArn(ctx.state.account, ctx.region, 'endpoint', name ?? '');
    throw new AwsServiceError('ValidationException', `Could not find endpoint "${arn}".`);
  }
  return e;
}

export function listEndpoints(input: Wire<ListEndpointsInput>, ctx: AwsCallContext): ListEndpointsOutput {
  const key = `ListEndpoints|${ctx.region}|${queryFingerprint(input as Record<string, unknown>, ['MaxResults', 'NextToken'])}`;
  const rows = cachedRows(ctx.state, key, () => sortedSageMaker(inRegion(ctx.state.endpoints.values(), ctx.region), input));
  const page = pageSageMaker(rows, input);
  return {
    Endpoints: page.items.map((e) => ({
      EndpointName: e.name,
      EndpointArn: e.arn,
      CreationTime: date(e.createdMs),
      LastModifiedTime: date(e.lastModifiedMs),
      EndpointStatus: e.status,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

// A Hugging Face TGI image, the usual container of GPU LLM endpoints; the digest is derived from the name.
function deployedImages(e: SimEndpoint) {
  const image = `763104351884.dkr.ecr.${e.region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04`;
  const digest = Buffer.from(e.arn).toString('hex').padEnd(64, '0').slice(0, 64);
  return [{ SpecifiedImage: image, ResolvedImage: `${image.split(':')[0]}@sha256:${digest}`, ResolutionTime: date(e.createdMs) }];
}

function variantSummary(e: SimEndpoint, v: SimVariant, nowMs: number): ProductionVariantSummary {
  const base: ProductionVariantSummary = { VariantName: v.name, CurrentWeight: v.weight, DesiredWeight: v.weight };
  if (v.serverless) {
    const cfg = {
      MemorySizeInMB: v.serverless.memorySizeMb,
      MaxConcurrency: v.serverless.maxConcurrency,
      ...(v.serverless.provisionedConcurrency ? { ProvisionedConcurrency: v.serverless.provisionedConcurrency } : {}),
    };
    return { ...base, DeployedImages: deployedImages(e), CurrentServerlessConfig: cfg, DesiredServerlessConfig: cfg };
  }
  return {
    ...base,
    // Endpoints hosting inference components have no image on the variant; the components carry the containers.
    ...(e.servingMode === 'inference-components' ? { RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' } } : { DeployedImages: deployedImages(e) }),
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

/** DescribeEndpoint has counts but never the instance type: that is only in DescribeEndpointConfig. */
export function describeEndpoint(input: Wire<DescribeEndpointInput>, ctx: AwsCallContext): DescribeEndpointOutput {
  const e = findEndpoint(ctx, input.EndpointName);
  // An endpoint that is still Creating, or failed to create, has no ProductionVariants in the answer
  // (see the Creating example in the SageMaker developer guide, autopilot-deploy-models-realtime).
  const hasVariants = e.status !== 'Creating' && e.status !== 'Failed';
  const cfg = ctx.state.endpointConfigs.get(resourceKey(e.region, e.configName));
  return {
    EndpointName: e.name,
    EndpointArn: e.arn,
    EndpointConfigName: e.configName,
    ...(hasVariants ? { ProductionVariants: e.variants.map((v) => variantSummary(e, v, ctx.nowMs)) } : {}),
    EndpointStatus: e.status,
    ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
    CreationTime: date(e.createdMs),
    LastModifiedTime: date(e.lastModifiedMs),
    ...(cfg?.asyncOutputS3Uri
      ? { AsyncInferenceConfig: { ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 }, OutputConfig: { S3OutputPath: cfg.asyncOutputS3Uri } } }
      : {}),
  };
}

export function describeEndpointConfig(input: Wire<DescribeEndpointConfigInput>, ctx: AwsCallContext): DescribeEndpointConfigOutput {
  const name = input.EndpointConfigName ?? '';
  const c = ctx.state.endpointConfigs.get(resourceKey(ctx.region, name));
  if (!c) {
    const arn = sagemakerArn(ctx.state.account, ctx.region, 'endpoint-config', name);
    throw new AwsServiceError('ValidationException', `Could not find endpoint configuration "${arn}".`);
  }
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
      ...(c.servingMode === 'inference-components' ? { RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' } } : {}),
    })),
    ...(c.asyncOutputS3Uri
      ? { AsyncInferenceConfig: { ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 }, OutputConfig: { S3OutputPath: c.asyncOutputS3Uri } } }
      : {}),
    // Configs for inference components require an execution role; the others carry it on the model.
    ...(c.servingMode === 'inference-components' ? { ExecutionRoleArn: `arn:aws:iam::${ctx.state.account}:role/SageMakerExecutionRole` } : {}),
    CreationTime: date(c.createdMs),
  };
}
