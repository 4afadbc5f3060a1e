import type {
  DescribeInferenceComponentInput,
  DescribeInferenceComponentOutput,
  ListInferenceComponentsInput,
  ListInferenceComponentsOutput,
} from '@aws-sdk/client-sagemaker';
import { capacityAt, resourceKey, sagemakerArn, type SimInferenceComponent } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { inRegion, listSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);

export function listInferenceComponents(input: Wire<ListInferenceComponentsInput>, ctx: AwsCallContext): ListInferenceComponentsOutput {
  const rows: Array<SimInferenceComponent & { createdMs: number }> = [];
  for (const c of inRegion(ctx.state.inferenceComponents.values(), ctx.region)) {
    if (input.EndpointNameEquals !== undefined && c.endpointName !== input.EndpointNameEquals) continue;
    if (input.VariantNameEquals !== undefined && c.variantName !== input.VariantNameEquals) continue;
    rows.push(c);
  }
  const page = listSageMaker(rows, input);
  return {
    InferenceComponents: page.items.map((c) => ({
      CreationTime: date(c.createdMs),
      InferenceComponentArn: c.arn,
      InferenceComponentName: c.name,
      EndpointArn: sagemakerArn(ctx.state.account, c.region, 'endpoint', c.endpointName),
      EndpointName: c.endpointName,
      VariantName: c.variantName,
      InferenceComponentStatus: c.status,
      LastModifiedTime: date(c.lastModifiedMs),
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export function describeInferenceComponent(input: Wire<DescribeInferenceComponentInput>, ctx: AwsCallContext): DescribeInferenceComponentOutput {
  const name = input.InferenceComponentName ?? '';
  const c = ctx.state.inferenceComponents.get(resourceKey(ctx.region, name));
  if (!c) throw new AwsServiceError('ValidationException', `Could not find inference component "${name}".`);
  // Copies only run while the endpoint has instances for them; a parked endpoint reports 0 current copies.
  const endpoint = ctx.state.endpoints.get(resourceKey(c.region, c.endpointName));
  const variant = endpoint?.variants.find((v) => v.name === c.variantName);
  const running =
    endpoint !== undefined &&
    (endpoint.status === 'InService' || endpoint.status === 'Updating') &&
    c.status === 'InService' &&
    variant !== undefined &&
    capacityAt(variant.capacity, ctx.nowMs) > 0;
  return {
    InferenceComponentName: c.name,
    InferenceComponentArn: c.arn,
    EndpointName: c.endpointName,
    EndpointArn: sagemakerArn(ctx.state.account, c.region, 'endpoint', c.endpointName),
    VariantName: c.variantName,
    ...(c.failureReason ? { FailureReason: c.failureReason } : {}),
    Specification: {
      ModelName: c.modelName,
      ComputeResourceRequirements: {
        NumberOfCpuCoresRequired: c.cpuCoresPerCopy,
        ...(c.acceleratorsPerCopy > 0 ? { NumberOfAcceleratorDevicesRequired: c.acceleratorsPerCopy } : {}),
        MinMemoryRequiredInMb: c.memoryMbPerCopy,
      },
      StartupParameters: { ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 600 },
    },
    RuntimeConfig: { DesiredCopyCount: c.copyCount, CurrentCopyCount: running ? c.copyCount : 0 },
    CreationTime: date(c.createdMs),
    LastModifiedTime: date(c.lastModifiedMs),
    InferenceComponentStatus: c.status,
  };
}
