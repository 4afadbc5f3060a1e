import type { UpdateInferenceComponentRuntimeConfigInput, UpdateInferenceComponentRuntimeConfigOutput } from '@aws-sdk/client-sagemaker';
import { resourceKey, type FleetState, type SimInferenceComponent } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { componentStatusAt, variantNamed } from '../resource-views';
import { scheduleCount, schedulePhases } from '../timeline';
import { rescaleForCopies, timing } from './endpoint-deploy';
import { findComponent } from './sagemaker-components';
import { intInRange, required, sageMakerName } from './validate';

/**
 * Sets an inference component's desired copies: removed copies go at once, new ones arrive after
 * `provisioningSeconds`. With managed instance scaling the variant's instances follow: SageMaker releases instances
 * no copy needs, down to ManagedInstanceScaling.MinInstanceCount (0 parks the endpoint at zero instances), and
 * adds instances the new copies need, up to MaxInstanceCount.
 */
export function setCopyCount(state: FleetState, c: SimInferenceComponent, copies: number, nowMs: number): void {
  const { provisionMs, teardownMs } = timing(state);
  const at = scheduleCount(c.copies, nowMs, nowMs + provisionMs, copies);
  c.copyCount = copies;
  c.lastModifiedMs = nowMs;
  schedulePhases(c.phases, nowMs, [
    { fromMs: nowMs, status: 'Updating' },
    { fromMs: Math.max(at, nowMs + teardownMs), status: 'InService' },
  ]);
  const e = state.endpoints.get(resourceKey(c.region, c.endpointName));
  const v = e && variantNamed(e, c.variantName, nowMs);
  if (e && v) rescaleForCopies(state, e, v, nowMs);
}

/** Statuses from which a component's runtime config can change; the others are in the middle of a change. */
const SETTLED = new Set(['InService', 'Failed']);

export function updateInferenceComponentRuntimeConfig(
  input: Wire<UpdateInferenceComponentRuntimeConfigInput>,
  ctx: AwsCallContext,
): UpdateInferenceComponentRuntimeConfigOutput {
  const c = findComponent(ctx, sageMakerName('InferenceComponentName', input.InferenceComponentName));
  const config = required('DesiredRuntimeConfig', input.DesiredRuntimeConfig);
  const copies = intInRange('DesiredRuntimeConfig.CopyCount', required('DesiredRuntimeConfig.CopyCount', config.CopyCount), 0);
  const status = componentStatusAt(c, ctx.nowMs);
  if (!SETTLED.has(status)) {
    throw new AwsServiceError('ValidationException', `Inference component "${c.arn}" is ${status}; wait until it is InService before changing its runtime config.`);
  }
  setCopyCount(ctx.state, c, copies, ctx.nowMs);
  return { InferenceComponentArn: c.arn };
}
