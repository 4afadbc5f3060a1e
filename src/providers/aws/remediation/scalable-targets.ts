import {
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  type DescribeScalableTargetsResponse,
  type DescribeScalingPoliciesResponse,
  type ScalableDimension,
  type StepScalingPolicyConfiguration,
  type TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import { z } from 'zod';
import { forEachPage } from '../call-log';
import { awsCall, isMissing, type ActionContext } from './action-context';
import { AwsRemediationError } from './remediation-error';

/**
 * Application Auto Scaling targets on SageMaker resources. A registered target keeps capacity inside [Min, Max]:
 * registering (or re-registering) moves the resource's capacity into the range at once, and a scaling policy never
 * goes below Min. So parking must lower Min to 0 first, or AAS scales the resource straight back up.
 */

export const SAGEMAKER_DIMENSIONS = {
  copies: 'sagemaker:inference-component:DesiredCopyCount',
  instances: 'sagemaker:variant:DesiredInstanceCount',
  provisionedConcurrency: 'sagemaker:variant:DesiredProvisionedConcurrency',
} as const satisfies Record<string, ScalableDimension>;
type SageMakerDimension = (typeof SAGEMAKER_DIMENSIONS)[keyof typeof SAGEMAKER_DIMENSIONS];

/** ResourceId formats from the Application Auto Scaling API reference. */
export const icResourceId = (ic: string) => `inference-component/${ic}`;
export const variantResourceId = (endpoint: string, variant: string) => `endpoint/${endpoint}/variant/${variant}`;

/** A target as the token stores it (JSON-safe). */
export const scalableTargetSchema = z.object({
  resourceId: z.string().min(1),
  scalableDimension: z.enum([SAGEMAKER_DIMENSIONS.copies, SAGEMAKER_DIMENSIONS.instances, SAGEMAKER_DIMENSIONS.provisionedConcurrency]),
  minCapacity: z.number().int().min(0),
  maxCapacity: z.number().int().min(0),
});
export type SavedScalableTarget = z.infer<typeof scalableTargetSchema>;

/**
 * The registered targets among `resourceIds` for one dimension. DescribeScalableTargets takes up to 50 ResourceIds
 * per call and is paginated; we ask in chunks of 50.
 */
export async function describeScalableTargets(ctx: ActionContext, dimension: SageMakerDimension, resourceIds: readonly string[]): Promise<SavedScalableTarget[]> {
  const found: SavedScalableTarget[] = [];
  for (let i = 0; i < resourceIds.length; i += 50) {
    const chunk = resourceIds.slice(i, i + 50);
    await awsCall(ctx, 'ApplicationAutoScaling.DescribeScalableTargets', 'Reading the auto scaling targets', () =>
      forEachPage<DescribeScalableTargetsResponse>(
        (NextToken) =>
          ctx.clients.applicationAutoScaling.send(
            new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ScalableDimension: dimension, ResourceIds: chunk, NextToken }),
          ),
        (page) => page.NextToken,
        (page) => {
          for (const t of page.ScalableTargets ?? []) {
            if (t.ResourceId === undefined || t.ScalableDimension !== dimension) continue;
            found.push({ resourceId: t.ResourceId, scalableDimension: dimension, minCapacity: t.MinCapacity ?? 0, maxCapacity: t.MaxCapacity ?? 0 });
          }
        },
      ),
    );
  }
  return found;
}

/** Registers (or updates) a target with these bounds. RegisterScalableTarget is an upsert, so re-running is safe. */
export async function registerScalableTarget(ctx: ActionContext, target: SavedScalableTarget): Promise<void> {
  await awsCall(
    ctx,
    'ApplicationAutoScaling.RegisterScalableTarget',
    `Setting auto scaling bounds of ${target.resourceId} to ${target.minCapacity}..${target.maxCapacity}`,
    () =>
      ctx.clients.applicationAutoScaling.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'sagemaker',
          ResourceId: target.resourceId,
          ScalableDimension: target.scalableDimension,
          MinCapacity: target.minCapacity,
          MaxCapacity: target.maxCapacity,
        }),
      ),
  );
}

/**
 * Removes a target the watchdog registered itself (restore of a resource that had none). Deregistering deletes the
 * target's scaling policies, so this is only ever called for targets absent from the token's prior state.
 */
export async function deregisterScalableTarget(ctx: ActionContext, resourceId: string, dimension: SageMakerDimension): Promise<void> {
  try {
    await awsCall(ctx, 'ApplicationAutoScaling.DeregisterScalableTarget', `Removing the auto scaling target the watchdog added to ${resourceId}`, () =>
      ctx.clients.applicationAutoScaling.send(
        new DeregisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: resourceId, ScalableDimension: dimension }),
      ),
    );
  } catch (err) {
    if (err instanceof AwsRemediationError && isMissing(err)) return;
    throw err;
  }
}

/**
 * A scaling policy as the token stores it. DeleteEndpoint makes Application Auto Scaling deregister the variants'
 * targets, and deregistering deletes their scaling policies ("Delete endpoints configured for auto scaling",
 * SageMaker developer guide), so a classic endpoint's park saves them and its restore puts them back.
 */
export const scalingPolicySchema = z.object({
  policyName: z.string().min(1),
  resourceId: z.string().min(1),
  scalableDimension: z.enum([SAGEMAKER_DIMENSIONS.copies, SAGEMAKER_DIMENSIONS.instances, SAGEMAKER_DIMENSIONS.provisionedConcurrency]),
  policyType: z.enum(['TargetTrackingScaling', 'StepScaling']),
  targetTracking: z.record(z.string(), z.unknown()).optional(),
  stepScaling: z.record(z.string(), z.unknown()).optional(),
});
export type SavedScalingPolicy = z.infer<typeof scalingPolicySchema>;

const jsonOf = (v: object): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/** The target tracking and step scaling policies of these targets (one DescribeScalingPolicies per target, paginated). */
export async function describeScalingPolicies(ctx: ActionContext, targets: readonly SavedScalableTarget[]): Promise<SavedScalingPolicy[]> {
  const found: SavedScalingPolicy[] = [];
  for (const t of targets) {
    await awsCall(ctx, 'ApplicationAutoScaling.DescribeScalingPolicies', `Reading the scaling policies of ${t.resourceId}`, () =>
      forEachPage<DescribeScalingPoliciesResponse>(
        (NextToken) =>
          ctx.clients.applicationAutoScaling.send(
            new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: t.resourceId, ScalableDimension: t.scalableDimension, NextToken }),
          ),
        (page) => page.NextToken,
        (page) => {
          for (const p of page.ScalingPolicies ?? []) {
            // Predictive scaling is not offered for SageMaker; anything else would not round-trip, so it is skipped.
            if (!p.PolicyName || (p.PolicyType !== 'TargetTrackingScaling' && p.PolicyType !== 'StepScaling')) continue;
            found.push({
              policyName: p.PolicyName,
              resourceId: t.resourceId,
              scalableDimension: t.scalableDimension,
              policyType: p.PolicyType,
              ...(p.TargetTrackingScalingPolicyConfiguration ? { targetTracking: jsonOf(p.TargetTrackingScalingPolicyConfiguration) } : {}),
              ...(p.StepScalingPolicyConfiguration ? { stepScaling: jsonOf(p.StepScalingPolicyConfiguration) } : {}),
            });
          }
        },
      ),
    );
  }
  return found;
}

/** Puts a saved policy back on its (re-registered) target. PutScalingPolicy replaces by name, so re-running is safe. */
export async function putScalingPolicy(ctx: ActionContext, p: SavedScalingPolicy): Promise<void> {
  await awsCall(ctx, 'ApplicationAutoScaling.PutScalingPolicy', `Restoring scaling policy ${p.policyName} of ${p.resourceId}`, () =>
    ctx.clients.applicationAutoScaling.send(
      new PutScalingPolicyCommand({
        ServiceNamespace: 'sagemaker',
        ResourceId: p.resourceId,
        ScalableDimension: p.scalableDimension,
        PolicyName: p.policyName,
        PolicyType: p.policyType,
        ...(p.targetTracking ? { TargetTrackingScalingPolicyConfiguration: p.targetTracking as unknown as TargetTrackingScalingPolicyConfiguration } : {}),
        ...(p.stepScaling ? { StepScalingPolicyConfiguration: p.stepScaling as unknown as StepScalingPolicyConfiguration } : {}),
      }),
    ),
  );
}
