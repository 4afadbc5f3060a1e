import type { ContainerDefinition, DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeInferenceComponentOutput, DescribeModelOutput, DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { SOURCE_RANK, type ServedModel } from '../../domain/served-model';
import { classifyAwsContainer } from './model-origin';
import { parseArn } from './to-domain';

/** Pure: what a SageMaker endpoint serves, from the Describe* answers already read (see sagemaker-models.ts). */

function artifactOf(c: ContainerDefinition): string | undefined {
  return c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri;
}

/** The least portable of several classifications (an inference pipeline's containers); proprietary if any is. */
function leastPortable(parts: readonly ServedModel[], name: string, variant?: string): ServedModel {
  const worst = [...parts].sort((a, b) => SOURCE_RANK[b.source] - SOURCE_RANK[a.source])[0];
  if (!worst) return { name, ...(variant ? { variant } : {}), source: 'unknown', basis: 'no container was described' };
  const proprietary = parts.some((p) => p.proprietary);
  const basis = parts.length > 1 ? `${worst.basis} (least portable of ${parts.length} containers)` : worst.basis;
  return { ...worst, name, ...(variant ? { variant } : {}), ...(proprietary ? { proprietary } : {}), basis };
}

function fromModel(m: DescribeModelOutput, account: string, variant?: string): ServedModel {
  const name = m.ModelName ?? 'unknown';
  const containers = m.Containers?.length ? m.Containers : m.PrimaryContainer ? [m.PrimaryContainer] : [];
  const parts = containers.map((c) => classifyAwsContainer({ name, image: c.Image, artifactUri: artifactOf(c), packageName: c.ModelPackageName, ownAccount: account }));
  return leastPortable(parts, name, variant);
}

export interface ServedModelParts {
  endpoint: DescribeEndpointOutput;
  config: DescribeEndpointConfigOutput;
  inferenceComponents: readonly DescribeInferenceComponentOutput[];
  models?: ReadonlyMap<string, DescribeModelOutput>;
}

/** One entry per variant serving a model and per inference component; undefined when models were not looked up. */
export function servedModels({ endpoint, config, inferenceComponents, models }: ServedModelParts): ServedModel[] | undefined {
  if (!models) return undefined;
  const account = parseArn(endpoint.EndpointArn)?.account ?? '';
  const summaries = new Map([...(endpoint.ProductionVariants ?? []), ...(endpoint.ShadowProductionVariants ?? [])].map((s) => [s.VariantName, s]));
  const out: ServedModel[] = [];
  for (const v of [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])]) {
    if (!v.ModelName) continue; // an inference-component variant: its components carry the models
    const variant = v.VariantName;
    const described = models.get(v.ModelName);
    if (described) {
      out.push(fromModel(described, account, variant));
      continue;
    }
    // Not described because DeployedImages already showed the customer's own image (or the lookup failed).
    const images = (summaries.get(variant)?.DeployedImages ?? []).map((i) => i.SpecifiedImage ?? i.ResolvedImage).filter((i): i is string => !!i);
    const parts = images.map((image) => classifyAwsContainer({ name: v.ModelName!, image, ownAccount: account }));
    out.push(parts.length ? leastPortable(parts, v.ModelName, variant) : { name: v.ModelName, ...(variant ? { variant } : {}), source: 'unknown', basis: 'DescribeModel failed and no deployed image is known' });
  }
  for (const ic of inferenceComponents) {
    const spec = ic.Specification;
    const name = ic.InferenceComponentName ?? 'unknown';
    const image = spec?.Container?.DeployedImage?.SpecifiedImage ?? spec?.Container?.DeployedImage?.ResolvedImage;
    if (image) out.push(classifyAwsContainer({ name, ...(ic.VariantName ? { variant: ic.VariantName } : {}), image, artifactUri: spec?.Container?.ArtifactUrl, ownAccount: account }));
    else if (spec?.ModelName && models.get(spec.ModelName)) out.push({ ...fromModel(models.get(spec.ModelName)!, account, ic.VariantName), name });
    else out.push({ name, ...(ic.VariantName ? { variant: ic.VariantName } : {}), source: 'unknown', basis: 'the inference component names no container and its model was not described' });
  }
  return out;
}

/** DescribeTrainingJob AlgorithmSpecification: TrainingImage, or AlgorithmName (a marketplace or own algorithm resource). */
export function trainingContainer(j: DescribeTrainingJobResponse): ServedModel | undefined {
  const spec = j.AlgorithmSpecification;
  if (!spec?.TrainingImage && !spec?.AlgorithmName) return undefined;
  const account = parseArn(j.TrainingJobArn)?.account ?? '';
  return classifyAwsContainer({ name: j.TrainingJobName ?? 'unknown', image: spec.TrainingImage, packageName: spec.AlgorithmName, ownAccount: account });
}
