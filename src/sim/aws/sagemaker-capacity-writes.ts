import type { UpdateEndpointWeightsAndCapacitiesInput, UpdateEndpointWeightsAndCapacitiesOutput } from '@aws-sdk/client-sagemaker';
import type { FleetState, SimEndpoint, SimVariant } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { liveVariants } from '../resource-views';
import { scheduleCount, schedulePhases } from '../timeline';
import { timing } from './endpoint-deploy';
import { assertChangeable } from './sagemaker-endpoint-writes';
import { findEndpoint } from './sagemaker-endpoints';
import { constraintError } from './paging';
import { intInRange, required, sageMakerName } from './validate';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

export interface VariantChange {
  variant: SimVariant;
  weight?: number;
  instances?: number;
  maxConcurrency?: number;
  /** 0 removes provisioned concurrency (only Application Auto Scaling can set 0: the SageMaker API minimum is 1). */
  provisionedConcurrency?: number;
}

/**
 * Applies weight and capacity changes to a live endpoint: Updating until they settle, then InService. Fewer
 * instances take effect at once (billing stops now), more arrive after `provisioningSeconds`.
 */
export function applyVariantChanges(state: FleetState, e: SimEndpoint, changes: readonly VariantChange[], nowMs: number): void {
  const { provisionMs, teardownMs } = timing(state);
  let settleMs = nowMs + teardownMs;
  for (const c of changes) {
    const v = c.variant;
    if (c.weight !== undefined) v.weight = c.weight;
    if (c.instances !== undefined) {
      v.desiredInstanceCount = c.instances;
      settleMs = Math.max(settleMs, scheduleCount(v.capacity, nowMs, nowMs + provisionMs, c.instances));
    }
    if (v.serverless && (c.maxConcurrency !== undefined || c.provisionedConcurrency !== undefined)) {
      const before = v.serverless.provisionedConcurrency ?? 0;
      const pc = c.provisionedConcurrency ?? before;
      const { provisionedConcurrency: _old, ...rest } = v.serverless;
      v.serverless = { ...rest, ...(c.maxConcurrency !== undefined ? { maxConcurrency: c.maxConcurrency } : {}), ...(pc > 0 ? { provisionedConcurrency: pc } : {}) };
      if (pc > before) settleMs = Math.max(settleMs, nowMs + provisionMs);
    }
  }
  e.lastModifiedMs = nowMs;
  schedulePhases(e.phases, nowMs, [
    { fromMs: nowMs, status: 'Updating' },
    { fromMs: settleMs, status: 'InService' },
  ]);
}

/**
 * UpdateEndpointWeightsAndCapacities. DesiredInstanceCount may be 0 only where SageMaker can run a variant on no
 * instances: asynchronous endpoints and endpoints hosting inference components. Serverless variants take
 * ServerlessUpdateConfig (MaxConcurrency and ProvisionedConcurrency 1..200, provisioned <= max).
 */
export function updateEndpointWeightsAndCapacities(input: Wire<UpdateEndpointWeightsAndCapacitiesInput>, ctx: AwsCallContext): UpdateEndpointWeightsAndCapacitiesOutput {
  const { e, view } = findEndpoint(ctx, sageMakerName('EndpointName', input.EndpointName));
  const wanted = required('DesiredWeightsAndCapacities', input.DesiredWeightsAndCapacities);
  if (wanted.length < 1 || wanted.length > 10) throw constraintError('DesiredWeightsAndCapacities', `[${wanted.length} items]`, 'have length between 1 and 10');
  assertChangeable(e, view, 'update');
  const live = liveVariants(e, ctx.nowMs);
  const changes = wanted.map((w, i): VariantChange => {
    const at = `desiredWeightsAndCapacities.${i + 1}`;
    const name = required(`${at}.variantName`, w.VariantName);
    const variant = live.find((v) => v.name === name);
    if (!variant) throw invalid(`The variant name ${name} is not present in endpoint "${e.arn}".`);
    if (w.DesiredWeight === undefined && w.DesiredInstanceCount === undefined && w.ServerlessUpdateConfig === undefined) {
      throw invalid(`Variant ${name}: specify DesiredWeight, DesiredInstanceCount or ServerlessUpdateConfig.`);
    }
    const change: VariantChange = { variant };
    if (w.DesiredWeight !== undefined) {
      if (!(w.DesiredWeight >= 0)) throw constraintError(`${at}.desiredWeight`, w.DesiredWeight, 'have value greater than or equal to 0');
      change.weight = w.DesiredWeight;
    }
    if (w.DesiredInstanceCount !== undefined) {
      if (variant.serverless) throw invalid(`Variant ${name} is serverless: update it with ServerlessUpdateConfig, not DesiredInstanceCount.`);
      const n = intInRange(`${at}.desiredInstanceCount`, w.DesiredInstanceCount, 0);
      if (n === 0 && e.servingMode !== 'async' && e.servingMode !== 'inference-components') {
        throw invalid(`Variant ${name} of endpoint "${e.arn}" cannot have 0 instances: only asynchronous endpoints and endpoints with inference components scale to zero.`);
      }
      change.instances = n;
    }
    const s = w.ServerlessUpdateConfig;
    if (s) {
      if (!variant.serverless) throw invalid(`Variant ${name} is not serverless: ServerlessUpdateConfig does not apply.`);
      const max = s.MaxConcurrency === undefined ? variant.serverless.maxConcurrency : intInRange(`${at}.serverlessUpdateConfig.maxConcurrency`, s.MaxConcurrency, 1, 200);
      const pc = s.ProvisionedConcurrency === undefined ? undefined : intInRange(`${at}.serverlessUpdateConfig.provisionedConcurrency`, s.ProvisionedConcurrency, 1, 200);
      if ((pc ?? variant.serverless.provisionedConcurrency ?? 0) > max) throw invalid(`Variant ${name}: ProvisionedConcurrency must be less than or equal to MaxConcurrency.`);
      if (s.MaxConcurrency !== undefined) change.maxConcurrency = max;
      if (pc !== undefined) change.provisionedConcurrency = pc;
    }
    return change;
  });
  applyVariantChanges(ctx.state, e, changes, ctx.nowMs);
  return { EndpointArn: e.arn };
}
