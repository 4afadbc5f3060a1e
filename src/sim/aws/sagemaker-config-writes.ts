import type {
  CreateEndpointConfigInput,
  CreateEndpointConfigOutput,
  DeleteEndpointConfigInput,
  ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, sagemakerArn, type SimConfigVariant, type SimEndpointConfig } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { constraintError } from './paging';
import { intInRange, required, sageMakerName, sageMakerTags } from './validate';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

function configArn(ctx: AwsCallContext, name: string): string {
  return sagemakerArn(ctx.state.account, ctx.region, 'endpoint-config', name);
}

/** The members a variant is modelled by; everything else it was created with is echoed back as given. */
const MODELLED = new Set(['VariantName', 'ModelName', 'InstanceType', 'InitialInstanceCount', 'InitialVariantWeight', 'ServerlessConfig']);

function configVariant(ctx: AwsCallContext, v: Wire<ProductionVariant>, i: number): SimConfigVariant {
  const at = `productionVariants.${i + 1}`;
  const name = required(`${at}.variantName`, v.VariantName);
  if (v.ModelName !== undefined && !ctx.state.models.has(resourceKey(ctx.region, v.ModelName))) {
    throw invalid(`Could not find model "${sagemakerArn(ctx.state.account, ctx.region, 'model', v.ModelName)}".`);
  }
  if ((v.ServerlessConfig === undefined) === (v.InstanceType === undefined)) {
    throw invalid(`Variant ${name}: specify either InstanceType with InitialInstanceCount, or ServerlessConfig.`);
  }
  const out: SimConfigVariant = { name, weight: v.InitialVariantWeight ?? 1 };
  if (v.InitialVariantWeight !== undefined && !(v.InitialVariantWeight >= 0)) throw constraintError(`${at}.initialVariantWeight`, v.InitialVariantWeight, 'have value greater than or equal to 0');
  if (v.ModelName !== undefined) out.modelName = v.ModelName;
  if (v.InstanceType !== undefined) {
    if (!/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(v.InstanceType)) throw constraintError(`${at}.instanceType`, v.InstanceType, 'satisfy enum value set of ml.* instance types');
    out.instanceType = v.InstanceType;
    out.initialInstanceCount = intInRange(`${at}.initialInstanceCount`, required(`${at}.initialInstanceCount`, v.InitialInstanceCount), 1);
  }
  const s = v.ServerlessConfig;
  if (s) {
    const memorySizeMb = intInRange(`${at}.serverlessConfig.memorySizeInMB`, s.MemorySizeInMB, 1024, 6144);
    if (memorySizeMb % 1024 !== 0) throw invalid(`Variant ${name}: MemorySizeInMB must be 1024, 2048, 3072, 4096, 5120 or 6144.`);
    const maxConcurrency = intInRange(`${at}.serverlessConfig.maxConcurrency`, s.MaxConcurrency, 1, 200);
    const pc = s.ProvisionedConcurrency === undefined ? undefined : intInRange(`${at}.serverlessConfig.provisionedConcurrency`, s.ProvisionedConcurrency, 1, 200);
    if (pc !== undefined && pc > maxConcurrency) throw invalid(`Variant ${name}: ProvisionedConcurrency must be less than or equal to MaxConcurrency.`);
    out.serverless = { memorySizeMb, maxConcurrency, ...(pc !== undefined ? { provisionedConcurrency: pc } : {}) };
  }
  const mis = v.ManagedInstanceScaling;
  if (mis) {
    // The real service's words (CreateEndpointConfig with a model on the variant and ManagedInstanceScaling).
    if (v.ModelName !== undefined) throw invalid('ManagedInstanceScaling is only supported for inference component endpoints.');
    const min = intInRange(`${at}.managedInstanceScaling.minInstanceCount`, mis.MinInstanceCount ?? 0, 0);
    const max = intInRange(`${at}.managedInstanceScaling.maxInstanceCount`, required(`${at}.managedInstanceScaling.maxInstanceCount`, mis.MaxInstanceCount), 1);
    if (min > max) throw invalid(`Variant ${name}: MinInstanceCount must be less than or equal to MaxInstanceCount.`);
    if (mis.Status !== 'DISABLED') out.managedInstanceScaling = { minInstanceCount: min, maxInstanceCount: max };
  }
  const extra = Object.fromEntries(Object.entries(v).filter(([k]) => !MODELLED.has(k)));
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/**
 * CreateEndpointConfig. Models are not created by the simulator: a variant may name any model of the fleet.
 * Variants without ModelName make an inference-component config, which needs ExecutionRoleArn.
 */
export function createEndpointConfig(input: Wire<CreateEndpointConfigInput>, ctx: AwsCallContext): CreateEndpointConfigOutput {
  const name = sageMakerName('EndpointConfigName', input.EndpointConfigName);
  const variantsIn = required('ProductionVariants', input.ProductionVariants);
  if (variantsIn.length < 1 || variantsIn.length > 10) throw constraintError('ProductionVariants', `[${variantsIn.length} variants]`, 'have length between 1 and 10');
  const tags = sageMakerTags('Tags', input.Tags);
  const key = resourceKey(ctx.region, name);
  if (ctx.state.endpointConfigs.has(key)) throw invalid(`Cannot create already existing endpoint configuration "${configArn(ctx, name)}".`);
  const variants = variantsIn.map((v, i) => configVariant(ctx, v, i));
  const names = new Set(variants.map((v) => v.name));
  if (names.size !== variants.length) throw invalid('The production variant names in the endpoint configuration must be unique.');
  const withModel = variants.filter((v) => v.modelName !== undefined).length;
  if (withModel > 0 && withModel < variants.length) throw invalid('Either every production variant names a model, or none does (inference components carry the models).');
  const forComponents = withModel === 0 && variants.every((v) => v.serverless === undefined);
  if (withModel === 0 && !forComponents) throw invalid('A serverless production variant needs a ModelName.');
  if (forComponents && input.ExecutionRoleArn === undefined) throw invalid('ExecutionRoleArn is required for an endpoint configuration that hosts inference components.');

  const { EndpointConfigName: _n, ProductionVariants: _p, Tags: _t, AsyncInferenceConfig, ...rest } = input;
  const config: SimEndpointConfig = {
    name,
    region: ctx.region,
    arn: configArn(ctx, name),
    createdMs: ctx.nowMs,
    servingMode: variants.some((v) => v.serverless) ? 'serverless' : AsyncInferenceConfig ? 'async' : forComponents ? 'inference-components' : 'real-time',
    variants,
    ...(AsyncInferenceConfig ? { asyncInferenceConfig: AsyncInferenceConfig } : {}),
    ...(Object.keys(rest).length > 0 ? { extra: rest } : {}),
    tags,
  };
  ctx.state.endpointConfigs.set(key, config);
  return { EndpointConfigArn: config.arn };
}

/** DeleteEndpointConfig: allowed while an endpoint uses the config (SageMaker warns against it but does not refuse). */
export function deleteEndpointConfig(input: Wire<DeleteEndpointConfigInput>, ctx: AwsCallContext): object {
  const name = sageMakerName('EndpointConfigName', input.EndpointConfigName);
  const key = resourceKey(ctx.region, name);
  if (!ctx.state.endpointConfigs.delete(key)) throw invalid(`Could not find endpoint configuration "${configArn(ctx, name)}".`);
  return {};
}
