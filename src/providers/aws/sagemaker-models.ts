import { DescribeModelCommand, type DescribeModelOutput } from '@aws-sdk/client-sagemaker';
import { parseEcrImage } from './model-origin';
import { tryCall, type DescribedEndpoint, type SageMakerReadContext } from './sagemaker-endpoints';
import { parseArn } from './to-domain';

/**
 * The SageMaker models an endpoint serves, described once per model name per run (DescribeModel). SageMaker models
 * are immutable (there is no UpdateModel), so many endpoints and configs sharing one model cost one call.
 *
 * A call is saved where DescribeEndpoint already answered: ProductionVariantSummary.DeployedImages names the image
 * each variant runs, and an image in the endpoint's own account's ECR is the customer's container whatever the model
 * says. DescribeModel is asked only for variants whose image is AWS's or another account's (built-in algorithms,
 * framework images, JumpStart, marketplace packages: ModelPackageName and the artifact tell them apart), for variants
 * with no DeployedImages yet (Creating, Failed) and for inference components that name a model instead of a container.
 */
export async function attachModels(ctx: SageMakerReadContext, endpoints: readonly DescribedEndpoint[]): Promise<void> {
  const described = new Map<string, Promise<DescribeModelOutput | undefined>>();
  const describe = (name: string, subject: string): Promise<DescribeModelOutput | undefined> => {
    let p = described.get(name);
    if (!p) {
      p = ctx.limit(async () => {
        const r = await tryCall(ctx, 'models', 'SageMaker.DescribeModel', subject, () => ctx.sagemaker.send(new DescribeModelCommand({ ModelName: name })));
        return r.ok ? r.value : undefined;
      });
      described.set(name, p);
    }
    return p;
  };
  await Promise.all(
    endpoints.map(async (d) => {
      const names = modelsToDescribe(d);
      const found = await Promise.all(names.map((n) => describe(n, d.endpoint.EndpointName ?? n)));
      d.models = new Map(found.flatMap((m, i) => (m ? [[names[i]!, m] as const] : [])));
    }),
  );
}

/** Model names of one endpoint that DeployedImages cannot settle (see attachModels). */
export function modelsToDescribe(d: Pick<DescribedEndpoint, 'endpoint' | 'config' | 'inferenceComponents'>): string[] {
  const account = parseArn(d.endpoint.EndpointArn)?.account;
  const summaries = new Map([...(d.endpoint.ProductionVariants ?? []), ...(d.endpoint.ShadowProductionVariants ?? [])].map((s) => [s.VariantName, s]));
  const names = new Set<string>();
  for (const v of [...(d.config.ProductionVariants ?? []), ...(d.config.ShadowProductionVariants ?? [])]) {
    if (!v.ModelName) continue;
    const images = (summaries.get(v.VariantName)?.DeployedImages ?? []).map((i) => parseEcrImage(i.SpecifiedImage ?? i.ResolvedImage));
    const own = images.length > 0 && images.every((i) => i !== undefined && i.account === account);
    if (!own) names.add(v.ModelName);
  }
  for (const ic of d.inferenceComponents) {
    const spec = ic.Specification;
    if (spec?.ModelName && !spec.Container?.DeployedImage) names.add(spec.ModelName);
  }
  return [...names];
}
