import type {
  DescribeInferenceComponentInput,
  DescribeInferenceComponentOutput,
  ListInferenceComponentsInput,
  ListInferenceComponentsOutput,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, sagemakerArn, type SimInferenceComponent } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { componentStatusAt, currentCopies } from '../resource-views';
import { inRegion, listSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);

export function listInferenceComponents(input: Wire<ListInferenceComponentsInput>, ctx: AwsCallContext): ListInferenceComponentsOutput {
  const rows: Array<SimInferenceComponent & { status: string }> = [];
  for (const c of inRegion(ctx.state.inferenceComponents.values(), ctx.region)) {
    if (input.EndpointNameEquals !== undefined && c.endpointName !== input.EndpointNameEquals) continue;
    if (input.VariantNameEquals !== undefined && c.variantName !== input.VariantNameEquals) continue;
    rows.push({ ...c, status: componentStatusAt(c, ctx.nowMs) });
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
      InferenceComponentStatus: c.status as never,
      LastModifiedTime: date(c.lastModifiedMs),
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export function findComponent(ctx: AwsCallContext, name: string | undefined): SimInferenceComponent {
  const c = ctx.state.inferenceComponents.get(resourceKey(ctx.region, name ?? ''));
  if (!c) throw new AwsServiceError('ValidationException', `Could not find inference component "${name ?? ''}".`);
  return c;
}

export function describeInferenceComponent(input: Wire<DescribeInferenceComponentInput>, ctx: AwsCallContext): DescribeInferenceComponentOutput {
  const c = findComponent(ctx, input.InferenceComponentName);
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
    // Copies only run while the endpoint has instances for them; a parked endpoint reports 0 current copies.
    RuntimeConfig: { DesiredCopyCount: c.copyCount, CurrentCopyCount: currentCopies(ctx.state, c, ctx.nowMs) },
    CreationTime: date(c.createdMs),
    LastModifiedTime: date(c.lastModifiedMs),
    InferenceComponentStatus: componentStatusAt(c, ctx.nowMs),
  };
}
