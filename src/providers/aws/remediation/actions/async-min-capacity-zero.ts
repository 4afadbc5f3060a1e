import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { awsCall, defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { requireEndpoint, waitEndpointInService, waitEndpointSettled } from '../endpoint-ops';
import { AwsRemediationError } from '../remediation-error';
import {
  deregisterScalableTarget,
  describeScalableTargets,
  registerScalableTarget,
  SAGEMAKER_DIMENSIONS,
  scalableTargetSchema,
  variantResourceId,
} from '../scalable-targets';

/**
 * Asynchronous endpoints may run at zero instances: requests queue in S3 meanwhile (SageMaker async inference
 * autoscaling guide). Parking lowers the variant's Application Auto Scaling minimum to 0 (registering a target when
 * there was none, so nothing scales it back up) and then sets DesiredInstanceCount 0 right away, so instances go
 * now instead of at the next scale-in. Restore puts the instance counts and scaling bounds back, and removes a
 * target the watchdog added.
 */
export const asyncMinCapacityZeroSpec: ActionSpec = {
  action: 'async-min-capacity-zero',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeEndpoint', ARN.endpoint),
    allow('sagemaker:UpdateEndpointWeightsAndCapacities', ARN.endpoint),
    allow('application-autoscaling:DescribeScalableTargets', ARN.any),
    allow('application-autoscaling:RegisterScalableTarget', ARN.scalableTarget),
    allow('application-autoscaling:DeregisterScalableTarget', ARN.scalableTarget),
    // The first SageMaker target in an account creates Application Auto Scaling's service-linked role.
    allow('iam:CreateServiceLinkedRole', ARN.sageMakerAutoScalingRole),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().min(1),
  variants: z
    .array(
      z.object({
        variantName: z.string().min(1),
        desiredInstanceCount: z.number().int().min(0),
        /** The target as it was; absent when the variant had none (the watchdog's own is removed on restore). */
        scalableTarget: scalableTargetSchema.optional(),
      }),
    )
    .min(1),
});
type Prior = z.infer<typeof priorSchema>;
type Variant = Prior['variants'][number];

const DIM = SAGEMAKER_DIMENSIONS.instances;

/** Sets each listed variant's DesiredInstanceCount, once the endpoint accepts changes; variants already there are left alone. */
async function setInstanceCounts(ctx: ActionContext, endpointName: string, wanted: ReadonlyMap<string, number>): Promise<void> {
  let e = await requireEndpoint(ctx, endpointName, 'Nothing to scale.');
  if (e.EndpointStatus !== 'InService') e = (await waitEndpointSettled(ctx, endpointName)) ?? e;
  const current = new Map((e.ProductionVariants ?? []).map((v) => [v.VariantName, v.DesiredInstanceCount ?? v.CurrentInstanceCount]));
  const changes = [...wanted].filter(([name, count]) => current.get(name) !== count).map(([VariantName, DesiredInstanceCount]) => ({ VariantName, DesiredInstanceCount }));
  if (changes.length === 0) return;
  await awsCall(ctx, 'SageMaker.UpdateEndpointWeightsAndCapacities', `Setting instance counts of endpoint ${endpointName} (${changes.map((c) => `${c.VariantName}=${c.DesiredInstanceCount}`).join(', ')})`, () =>
    ctx.clients.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: endpointName, DesiredWeightsAndCapacities: changes })),
  );
}

function parkTarget(p: Prior, v: Variant) {
  return {
    resourceId: variantResourceId(p.endpointName, v.variantName),
    scalableDimension: DIM,
    minCapacity: 0,
    // Keep the maximum; a new target gets the current count as its maximum (AAS requires one).
    maxCapacity: v.scalableTarget?.maxCapacity ?? Math.max(1, v.desiredInstanceCount),
  };
}

export const asyncMinCapacityZero = defineAction<Prior>({
  spec: asyncMinCapacityZeroSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    const name = ctx.ref.name;
    const e = await requireEndpoint(ctx, name, 'Nothing to park.');
    if (!e.AsyncInferenceConfig) {
      throw new AwsRemediationError({ code: 'NOT_APPLICABLE', resource: ctx.label, message: `Endpoint ${name} is not an asynchronous endpoint; async-min-capacity-zero does not apply.` });
    }
    const variants = (e.ProductionVariants ?? []).filter((v) => v.VariantName);
    const targets = await describeScalableTargets(ctx, DIM, variants.map((v) => variantResourceId(name, v.VariantName!)));
    const byId = new Map(targets.map((t) => [t.resourceId, t]));
    const prior: Prior = {
      endpointName: name,
      variants: variants.map((v) => {
        const target = byId.get(variantResourceId(name, v.VariantName!));
        return {
          variantName: v.VariantName!,
          desiredInstanceCount: v.DesiredInstanceCount ?? v.CurrentInstanceCount ?? 0,
          ...(target ? { scalableTarget: target } : {}),
        };
      }),
    };
    return { prior, providerStatus: e.EndpointStatus ?? 'Unknown', ...(e.CreationTime ? { createdAt: e.CreationTime } : {}) };
  },
  parkSteps: (ctx, p) => [
    ...p.variants.map((v) => ({ name: `scaling-min-zero:${v.variantName}`, run: () => registerScalableTarget(ctx, parkTarget(p, v)) })),
    { name: 'instances-zero', run: () => setInstanceCounts(ctx, p.endpointName, new Map(p.variants.map((v) => [v.variantName, 0]))) },
    { name: 'wait-endpoint-in-service', run: async () => void (await waitEndpointInService(ctx, p.endpointName)) },
  ],
  restoreSteps: (ctx, p) => [
    // Bounds first: a policy left at min 0 could scale the restored instances straight back in.
    ...p.variants.map((v) => ({
      name: `restore-scaling:${v.variantName}`,
      run: () => (v.scalableTarget ? registerScalableTarget(ctx, v.scalableTarget) : deregisterScalableTarget(ctx, variantResourceId(p.endpointName, v.variantName), DIM)),
    })),
    { name: 'restore-instances', run: () => setInstanceCounts(ctx, p.endpointName, new Map(p.variants.map((v) => [v.variantName, v.desiredInstanceCount]))) },
    { name: 'wait-endpoint-in-service', run: async () => void (await waitEndpointInService(ctx, p.endpointName)) },
  ],
});
