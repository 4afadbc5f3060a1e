import type { DescribeEndpointConfigOutput, ProductionVariant } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { describeEndpointConfig, requireEndpoint, switchEndpointConfig } from '../endpoint-ops';
import { describeInferenceComponent, ensureCopyCount, listInferenceComponentNames, waitCopiesRunning } from '../inference-components';
import { deleteDerivedConfig, ensureDerivedConfig, isParkedConfigName, parkedConfigName, switchBackToOriginal } from '../parked-config';
import { AwsRemediationError } from '../remediation-error';
import { listResourceTags } from '../resource-tags';
import { describeScalableTargets, icResourceId, registerScalableTarget, SAGEMAKER_DIMENSIONS, scalableTargetSchema } from '../scalable-targets';

/**
 * Endpoints hosting inference components can release every instance ("Scale an endpoint to zero instances",
 * SageMaker developer guide): the variant's ManagedInstanceScaling.MinInstanceCount must be 0, the components at
 * zero copies, and any Application Auto Scaling target of a component must allow MinCapacity 0. Park: scaling
 * minimums to 0 (keeping the maximums), copy counts to 0, and, when a variant keeps a minimum of instances (or has no
 * managed instance scaling, so its count is fixed), UpdateEndpoint to the derived `<config>-wd-parked` with
 * ManagedInstanceScaling ENABLED and MinInstanceCount 0. Restore walks back in reverse.
 */
export const icCopiesToZeroSpec: ActionSpec = {
  action: 'ic-copies-to-zero',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeEndpoint', ARN.endpoint),
    allow('sagemaker:DescribeEndpointConfig', ARN.endpointConfig),
    allow('sagemaker:ListTags', ARN.endpoint),
    allow('sagemaker:ListInferenceComponents', ARN.any),
    allow('sagemaker:DescribeInferenceComponent', ARN.inferenceComponent),
    allow('sagemaker:UpdateInferenceComponentRuntimeConfig', ARN.inferenceComponent),
    allow('sagemaker:CreateEndpointConfig', ARN.parkedEndpointConfig),
    allow('sagemaker:AddTags', ARN.parkedEndpointConfig),
    allow('sagemaker:DeleteEndpointConfig', ARN.parkedEndpointConfig),
    allow('sagemaker:UpdateEndpoint', ARN.endpoint),
    allow('sagemaker:UpdateEndpoint', ARN.endpointConfig),
    // Configurations for inference components carry an ExecutionRoleArn; creating the copy passes that role.
    allow('iam:PassRole', 'arn:aws:iam::*:role/*'),
    allow('application-autoscaling:DescribeScalableTargets', ARN.any),
    allow('application-autoscaling:RegisterScalableTarget', ARN.scalableTarget),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().min(1),
  endpointArn: z.string(),
  endpointConfigName: z.string().min(1),
  /** Set when the endpoint has to move to a parked configuration to release its instances. */
  parkedConfigName: z.string().min(1).optional(),
  variants: z.array(
    z.object({
      variantName: z.string().min(1),
      managedInstanceScaling: z.object({ status: z.string().optional(), minInstanceCount: z.number().int().optional(), maxInstanceCount: z.number().int().optional() }).optional(),
    }),
  ),
  inferenceComponents: z.array(z.object({ name: z.string().min(1), variantName: z.string(), desiredCopyCount: z.number().int().min(0) })).min(1),
  scalableTargets: z.array(scalableTargetSchema),
  tags: z.record(z.string(), z.string()),
});
type Prior = z.infer<typeof priorSchema>;

/** Instances can go only when managed instance scaling is on with a minimum of 0. */
const releasesInstances = (v: ProductionVariant) => v.ManagedInstanceScaling?.Status === 'ENABLED' && v.ManagedInstanceScaling.MinInstanceCount === 0;

function parkedVariant(v: ProductionVariant): ProductionVariant {
  if (v.ServerlessConfig || releasesInstances(v)) return v;
  const max = v.ManagedInstanceScaling?.MaxInstanceCount ?? Math.max(1, v.InitialInstanceCount ?? 1);
  return { ...v, ManagedInstanceScaling: { ...v.ManagedInstanceScaling, Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: max } };
}

function isParkedCopy(p: Prior, existing: DescribeEndpointConfigOutput): boolean {
  const names = new Set(p.variants.map((v) => v.variantName));
  const instanceVariants = (existing.ProductionVariants ?? []).filter((v) => !v.ServerlessConfig);
  return instanceVariants.length > 0 && instanceVariants.every((v) => names.has(v.VariantName ?? '') && releasesInstances(v));
}

async function capture(ctx: ActionContext): Promise<{ prior: Prior; providerStatus: string; createdAt?: Date }> {
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
  const config = await describeEndpointConfig(ctx, configName);
  if (!config) {
    throw new AwsRemediationError({ code: 'ENDPOINT_CONFIG_MISSING', resource: ctx.label, message: `Endpoint ${name} runs configuration "${configName}", which no longer exists, so no parked copy can be made. Not parking it.` });
  }
  const icNames = await listInferenceComponentNames(ctx, name);
  if (icNames.length === 0) {
    throw new AwsRemediationError({ code: 'NOT_APPLICABLE', resource: ctx.label, message: `Endpoint ${name} hosts no inference components; use delete-endpoint-keep-config for a classic real-time endpoint.` });
  }
  const components = await Promise.all(icNames.map((n) => describeInferenceComponent(ctx, n)));
  const targets = await describeScalableTargets(ctx, SAGEMAKER_DIMENSIONS.copies, icNames.map(icResourceId));
  const variants = (config.ProductionVariants ?? []).filter((v) => v.VariantName);
  const prior: Prior = {
    endpointName: name,
    endpointArn: e.EndpointArn ?? ctx.arn,
    endpointConfigName: configName,
    ...(variants.some((v) => !v.ServerlessConfig && !releasesInstances(v)) ? { parkedConfigName: parkedConfigName(configName) } : {}),
    variants: variants.map((v) => {
      const mis = v.ManagedInstanceScaling;
      return {
        variantName: v.VariantName!,
        ...(mis
          ? {
              managedInstanceScaling: {
                ...(mis.Status ? { status: mis.Status } : {}),
                ...(mis.MinInstanceCount !== undefined ? { minInstanceCount: mis.MinInstanceCount } : {}),
                ...(mis.MaxInstanceCount !== undefined ? { maxInstanceCount: mis.MaxInstanceCount } : {}),
              },
            }
          : {}),
      };
    }),
    // A component deleted between the list and the describe is simply not there to park.
    inferenceComponents: components.flatMap((c) =>
      c?.InferenceComponentName ? [{ name: c.InferenceComponentName, variantName: c.VariantName ?? '', desiredCopyCount: c.RuntimeConfig?.DesiredCopyCount ?? 0 }] : [],
    ),
    scalableTargets: targets,
    tags: await listResourceTags(ctx, e.EndpointArn ?? ctx.arn),
  };
  return { prior, providerStatus: e.EndpointStatus ?? 'Unknown', ...(e.CreationTime ? { createdAt: e.CreationTime } : {}) };
}

const icOf = (resourceId: string) => resourceId.replace(/^inference-component\//, '');
const lowered = (p: Prior) => p.scalableTargets.filter((t) => t.minCapacity > 0);

export const icCopiesToZero = defineAction<Prior>({
  spec: icCopiesToZeroSpec,
  kind: 'endpoint',
  priorSchema,
  capture,
  parkSteps: (ctx, p) => [
    ...lowered(p).map((t) => ({ name: `scaling-min-zero:${icOf(t.resourceId)}`, run: () => registerScalableTarget(ctx, { ...t, minCapacity: 0 }) })),
    ...p.inferenceComponents
      .filter((c) => c.desiredCopyCount > 0)
      .map((c) => ({ name: `copies-zero:${c.name}`, run: () => ensureCopyCount(ctx, c.name, 0) })),
    ...(p.parkedConfigName
      ? [
          {
            name: 'create-parked-config',
            run: () =>
              ensureDerivedConfig(ctx, { source: p.endpointConfigName, name: p.parkedConfigName!, variant: parkedVariant, matches: (x) => isParkedCopy(p, x) }),
          },
          { name: 'switch-to-parked-config', run: () => switchEndpointConfig(ctx, p.endpointName, p.parkedConfigName!) },
        ]
      : []),
  ],
  restoreSteps: (ctx, p) => [
    // Instances first: copies can only be placed once the original minimum of instances is back.
    ...(p.parkedConfigName ? [{ name: 'switch-to-original-config', run: () => switchBackToOriginal(ctx, p.endpointName, p.endpointConfigName) }] : []),
    ...p.inferenceComponents
      .filter((c) => c.desiredCopyCount > 0)
      .map((c) => ({ name: `restore-copies:${c.name}`, run: () => ensureCopyCount(ctx, c.name, c.desiredCopyCount) })),
    ...lowered(p).map((t) => ({ name: `restore-scaling:${icOf(t.resourceId)}`, run: () => registerScalableTarget(ctx, t) })),
    { name: 'wait-copies-running', run: () => waitCopiesRunning(ctx, p.inferenceComponents.map((c) => ({ name: c.name, copies: c.desiredCopyCount }))) },
    ...(p.parkedConfigName ? [{ name: 'delete-parked-config', run: () => deleteDerivedConfig(ctx, p.parkedConfigName!) }] : []),
  ],
});
