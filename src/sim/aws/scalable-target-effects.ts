import { resourceKey, type SimScalableTarget } from '../fleet-model';
import { AwsServiceError, type AwsCallContext } from '../protocol/aws-json';
import { componentStatusAt, liveEndpoint, liveVariants } from '../resource-views';
import { COMPONENT_COPIES, VARIANT_INSTANCES, VARIANT_PROVISIONED_CONCURRENCY } from '../scaling-model';
import { applyVariantChanges } from './sagemaker-capacity-writes';
import { setCopyCount } from './sagemaker-component-writes';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

/** What a SageMaker ResourceId addresses, or a ValidationException when the dimension does not fit it. */
export function parseResourceId(resourceId: string, dimension: string): { endpoint: string; variant: string } | { component: string } {
  const variant = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
  if (variant && (dimension === VARIANT_INSTANCES || dimension === VARIANT_PROVISIONED_CONCURRENCY)) return { endpoint: variant[1]!, variant: variant[2]! };
  const component = /^inference-component\/([^/]+)$/.exec(resourceId);
  if (component && dimension === COMPONENT_COPIES) return { component: component[1]! };
  throw invalid('Unsupported service namespace, resource type or scalable dimension');
}

/** Checks that the target's resource exists and fits the dimension; returns its desired capacity now. */
export function assertTargetResource(ctx: AwsCallContext, resourceId: string, dimension: string): number {
  const r = parseResourceId(resourceId, dimension);
  if ('component' in r) {
    const c = ctx.state.inferenceComponents.get(resourceKey(ctx.region, r.component));
    if (!c || c.name !== r.component) throw invalid(`Could not find inference component ${r.component} (ResourceId ${resourceId}).`);
    return c.copyCount;
  }
  const hit = liveEndpoint(ctx.state, ctx.region, r.endpoint, ctx.nowMs);
  const v = hit && hit.e.name === r.endpoint ? liveVariants(hit.e, ctx.nowMs).find((x) => x.name === r.variant) : undefined;
  if (!v) throw invalid(`Could not find variant ${r.variant} of SageMaker endpoint ${r.endpoint} (ResourceId ${resourceId}).`);
  if (dimension === VARIANT_PROVISIONED_CONCURRENCY) {
    if (!v.serverless) throw invalid(`${resourceId} is not a serverless variant: ${VARIANT_PROVISIONED_CONCURRENCY} does not apply.`);
    return v.serverless.provisionedConcurrency ?? 0;
  }
  if (v.serverless) throw invalid(`${resourceId} is a serverless variant: use ${VARIANT_PROVISIONED_CONCURRENCY}.`);
  return v.desiredInstanceCount;
}

/**
 * Registering (or re-registering) a target moves the resource's capacity into [MinCapacity, MaxCapacity] at once,
 * as Application Auto Scaling does, through the same path as the SageMaker API. Returns that change (validated,
 * not yet applied) or undefined. A resource in the middle of a change (Creating, Updating) is left as it is:
 * Application Auto Scaling retries such updates later, which the simulator does not model.
 */
export function planClamp(ctx: AwsCallContext, t: SimScalableTarget): (() => void) | undefined {
  const now = ctx.nowMs;
  const r = parseResourceId(t.resourceId, t.scalableDimension);
  const clamp = (n: number) => Math.min(t.maxCapacity, Math.max(t.minCapacity, n));
  if ('component' in r) {
    const c = ctx.state.inferenceComponents.get(resourceKey(ctx.region, r.component));
    if (!c || componentStatusAt(c, now) !== 'InService' || clamp(c.copyCount) === c.copyCount) return undefined;
    return () => setCopyCount(ctx.state, c, clamp(c.copyCount), now);
  }
  const hit = liveEndpoint(ctx.state, ctx.region, r.endpoint, now);
  const v = hit?.view.status === 'InService' ? liveVariants(hit.e, now).find((x) => x.name === r.variant) : undefined;
  if (!hit || !v) return undefined;
  if (t.scalableDimension === VARIANT_PROVISIONED_CONCURRENCY) {
    const pc = v.serverless?.provisionedConcurrency ?? 0;
    if (!v.serverless || clamp(pc) === pc) return undefined;
    return () => applyVariantChanges(ctx.state, hit.e, [{ variant: v, provisionedConcurrency: clamp(pc) }], now);
  }
  const desired = v.desiredInstanceCount;
  if (clamp(desired) === desired) return undefined;
  if (clamp(desired) === 0 && hit.e.servingMode !== 'async' && hit.e.servingMode !== 'inference-components') {
    throw invalid(`Cannot scale ${t.resourceId} to 0 instances: only asynchronous endpoints and endpoints with inference components run on zero instances.`);
  }
  return () => applyVariantChanges(ctx.state, hit.e, [{ variant: v, instances: clamp(desired) }], now);
}
