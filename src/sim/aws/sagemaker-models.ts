import type { DescribeModelInput, DescribeModelOutput } from '@aws-sdk/client-sagemaker';
import { resourceKey, sagemakerArn, type FleetState, type SimModel } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';

/**
 * DescribeModel: the fleet's models (fleet-state putModel). A model package model answers only ModelPackageName in
 * its PrimaryContainer (the package carries image and artifact); a container model answers Image and ModelDataUrl.
 * SageMaker's message for a missing model is `Could not find model "<arn>".`
 */
export function describeModel(input: Wire<DescribeModelInput>, ctx: AwsCallContext): DescribeModelOutput {
  const name = input.ModelName ?? '';
  const m = ctx.state.models.get(resourceKey(ctx.region, name));
  if (!m) throw new AwsServiceError('ValidationException', `Could not find model "${sagemakerArn(ctx.state.account, ctx.region, 'model', name)}".`);
  return {
    ModelName: m.name,
    ModelArn: m.arn,
    PrimaryContainer: m.modelPackageName
      ? { ModelPackageName: m.modelPackageName }
      : { Image: m.image, Mode: 'SingleModel', ...(m.modelDataUrl ? { ModelDataUrl: m.modelDataUrl } : {}), Environment: {} },
    ExecutionRoleArn: `arn:aws:iam::${ctx.state.account}:role/SageMakerExecutionRole`,
    CreationTime: new Date(m.createdMs),
    EnableNetworkIsolation: m.modelPackageName !== undefined,
  };
}

/**
 * The image a model's containers run, as DescribeEndpoint's DeployedImages shows it: a package's image lives in the
 * seller's account, named here after the package (its real repository name is the seller's ⚠️).
 */
export function modelImage(state: FleetState, region: string, modelName: string | undefined): string | undefined {
  const m: SimModel | undefined = modelName ? state.models.get(resourceKey(region, modelName)) : undefined;
  if (!m) return undefined;
  if (m.image) return m.image;
  const pkg = /^arn:aws:sagemaker:([a-z0-9-]+):(\d{12}):model-package\/(.+)$/.exec(m.modelPackageName ?? '');
  return pkg ? `${pkg[2]}.dkr.ecr.${pkg[1]}.amazonaws.com/${pkg[3]!.toLowerCase().slice(0, 100)}:latest` : undefined;
}
