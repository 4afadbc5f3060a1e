import {
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type DescribeScalableTargetsResponse,
  type ScalableDimension,
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
