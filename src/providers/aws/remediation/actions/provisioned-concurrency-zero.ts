import { UpdateEndpointWeightsAndCapacitiesCommand, type DescribeEndpointConfigOutput } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { awsCall, defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { describeEndpointConfig, requireEndpoint, switchEndpointConfig, waitEndpointInService, waitEndpointSettled } from '../endpoint-ops';
import { deleteDerivedConfig, ensureDerivedConfig, isParkedConfigName, parkedConfigName, switchBackToOriginal } from '../parked-config';
import { AwsRemediationError } from '../remediation-error';
import { describeScalableTargets, registerScalableTarget, SAGEMAKER_DIMENSIONS, scalableTargetSchema, variantResourceId } from '../scalable-targets';

/**
 * Serverless endpoints cost nothing at rest, except provisioned concurrency, which bills every hour it is kept warm.
 * ProductionVariantServerlessUpdateConfig.ProvisionedConcurrency has a MINIMUM of 1 (SageMaker API reference), so
 * UpdateEndpointWeightsAndCapacities cannot set it to 0: the only way to drop it is UpdateEndpoint to a
 * configuration without it. Parking lowers the Application Auto Scaling minimum of
 * sagemaker:variant:DesiredProvisionedConcurrency to 0 where a target exists (else AAS would push it back), then
 * switches to `<config>-wd-parked` (same serverless variants, no ProvisionedConcurrency). Restore switches back and
 * puts back the provisioned concurrency the endpoint actually had (AAS may have moved it away from the config's).
 */
export const provisionedConcurrencyZeroSpec: ActionSpec = {
  action: 'provisioned-concurrency-zero',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeEndpoint', ARN.endpoint),
    allow('sagemaker:DescribeEndpointConfig', ARN.endpointConfig),
    allow('sagemaker:CreateEndpointConfig', ARN.parkedEndpointConfig),
    allow('sagemaker:AddTags', ARN.parkedEndpointConfig),
    allow('sagemaker:DeleteEndpointConfig', ARN.parkedEndpointConfig),
    allow('sagemaker:UpdateEndpoint', ARN.endpoint),
    allow('sagemaker:UpdateEndpoint', ARN.endpointConfig),
    allow('sagemaker:UpdateEndpointWeightsAndCapacities', ARN.endpoint),
    allow('application-autoscaling:DescribeScalableTargets', ARN.any),
    allow('application-autoscaling:RegisterScalableTarget', ARN.scalableTarget),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().min(1),
  endpointConfigName: z.string().min(1),
  parkedConfigName: z.string().min(1),
  variants: z
    .array(
      z.object({
        variantName: z.string().min(1),
        provisionedConcurrency: z.number().int().min(1),
        scalableTarget: scalableTargetSchema.optional(),
      }),
    )
    .min(1),
});
type Prior = z.infer<typeof priorSchema>;

const DIM = SAGEMAKER_DIMENSIONS.provisionedConcurrency;

/** The parked copy is ours when every serverless variant of the original is there without provisioned concurrency. */
function isParkedCopy(p: Prior, existing: DescribeEndpointConfigOutput): boolean {
  const variants = new Map((existing.ProductionVariants ?? []).map((v) => [v.VariantName, v]));
  return p.variants.every((pv) => {
    const v = variants.get(pv.variantName);
    return v?.ServerlessConfig !== undefined && v.ServerlessConfig.ProvisionedConcurrency === undefined;
  });
}

/** After switching back, AAS may have left a different provisioned concurrency than the config's: set the captured one. */
async function restoreConcurrency(ctx: ActionContext, p: Prior): Promise<void> {
  let e = await requireEndpoint(ctx, p.endpointName, 'Nothing to restore.');
  if (e.EndpointStatus !== 'InService') e = (await waitEndpointSettled(ctx, p.endpointName)) ?? e;
  const current = new Map((e.ProductionVariants ?? []).map((v) => [v.VariantName, (v.DesiredServerlessConfig ?? v.CurrentServerlessConfig)?.ProvisionedConcurrency]));
  const changes = p.variants
    .filter((v) => current.get(v.variantName) !== v.provisionedConcurrency)
    .map((v) => ({ VariantName: v.variantName, ServerlessUpdateConfig: { ProvisionedConcurrency: v.provisionedConcurrency } }));
  if (changes.length === 0) return;
  await awsCall(ctx, 'SageMaker.UpdateEndpointWeightsAndCapacities', `Setting provisioned concurrency of endpoint ${p.endpointName}`, () =>
    ctx.clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: p.endpointName, DesiredWeightsAndCapacities: changes })),
  );
  await waitEndpointInService(ctx, p.endpointName);
}

export const provisionedConcurrencyZero = defineAction<Prior>({
  spec: provisionedConcurrencyZeroSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    const name = ctx.ref.name;
    const e = await requireEndpoint(ctx, name, 'Nothing to park.');
    const configName = e.EndpointConfigName ?? '';
    if (isParkedConfigName(configName)) {
      throw new AwsRemediationError({
        code: 'ALREADY_PARKED',
        resource: ctx.label,
        message: `Endpoint ${name} already runs the watchdog's parked configuration ${configName}. Restore it from its existing token (ml-watchdog restore) instead of parking it again.`,
      });
    }
    if (!(await describeEndpointConfig(ctx, configName))) {
      throw new AwsRemediationError({ code: 'ENDPOINT_CONFIG_MISSING', resource: ctx.label, message: `Endpoint ${name} runs configuration "${configName}", which no longer exists, so no parked copy can be made. Not parking it.` });
    }
    const warm = (e.ProductionVariants ?? []).filter((v) => v.VariantName && (v.CurrentServerlessConfig?.ProvisionedConcurrency ?? 0) > 0);
    if (warm.length === 0) {
      throw new AwsRemediationError({
        code: 'NOT_APPLICABLE',
        resource: ctx.label,
        message: `Endpoint ${name} has no serverless variant with provisioned concurrency: it already costs nothing while idle.`,
      });
    }
    const targets = new Map((await describeScalableTargets(ctx, DIM, warm.map((v) => variantResourceId(name, v.VariantName!)))).map((t) => [t.resourceId, t]));
    const prior: Prior = {
      endpointName: name,
      endpointConfigName: configName,
      parkedConfigName: parkedConfigName(configName),
      variants: warm.map((v) => {
        const target = targets.get(variantResourceId(name, v.VariantName!));
        return { variantName: v.VariantName!, provisionedConcurrency: v.CurrentServerlessConfig!.ProvisionedConcurrency!, ...(target ? { scalableTarget: target } : {}) };
      }),
    };
    return { prior, providerStatus: e.EndpointStatus ?? 'Unknown', ...(e.CreationTime ? { createdAt: e.CreationTime } : {}) };
  },
  parkSteps: (ctx, p) => [
    ...p.variants
      .filter((v) => v.scalableTarget && v.scalableTarget.minCapacity > 0)
      .map((v) => ({ name: `scaling-min-zero:${v.variantName}`, run: () => registerScalableTarget(ctx, { ...v.scalableTarget!, minCapacity: 0 }) })),
    {
      name: 'create-parked-config',
      run: () =>
        ensureDerivedConfig(ctx, {
          source: p.endpointConfigName,
          name: p.parkedConfigName,
          variant: (v) => (v.ServerlessConfig ? { ...v, ServerlessConfig: { MemorySizeInMB: v.ServerlessConfig.MemorySizeInMB, MaxConcurrency: v.ServerlessConfig.MaxConcurrency } } : v),
          matches: (existing) => isParkedCopy(p, existing),
        }),
    },
    { name: 'switch-to-parked-config', run: () => switchEndpointConfig(ctx, p.endpointName, p.parkedConfigName) },
  ],
  restoreSteps: (ctx, p) => [
    { name: 'switch-to-original-config', run: () => switchBackToOriginal(ctx, p.endpointName, p.endpointConfigName) },
    { name: 'restore-provisioned-concurrency', run: () => restoreConcurrency(ctx, p) },
    ...p.variants
      .filter((v) => v.scalableTarget && v.scalableTarget.minCapacity > 0)
      .map((v) => ({ name: `restore-scaling:${v.variantName}`, run: () => registerScalableTarget(ctx, v.scalableTarget!) })),
    { name: 'delete-parked-config', run: () => deleteDerivedConfig(ctx, p.parkedConfigName) },
  ],
});
