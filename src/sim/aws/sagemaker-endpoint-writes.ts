import type {
  CreateEndpointInput,
  CreateEndpointOutput,
  DeleteEndpointInput,
  UpdateEndpointInput,
  UpdateEndpointOutput,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, sagemakerArn, scalableTargetKey, type SimEndpoint, type SimEndpointConfig } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { liveEndpoint, liveVariants, type EndpointView } from '../resource-views';
import { VARIANT_INSTANCES, variantResourceId } from '../scaling-model';
import { schedulePhases } from '../timeline';
import { deployConfig, newEndpointRecord, releaseEndpoint, timing } from './endpoint-deploy';
import { findEndpoint } from './sagemaker-endpoints';
import { sageMakerName, sageMakerTags } from './validate';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

/** Statuses in which SageMaker refuses UpdateEndpoint, UpdateEndpointWeightsAndCapacities and DeleteEndpoint. */
const IN_PROGRESS = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting']);

/**
 * The refusal for an endpoint that is busy: SageMaker answers every change to a Creating/Updating/Deleting endpoint
 * with `Cannot update in-progress endpoint "arn"` (DeleteEndpoint included). A Failed endpoint can only be deleted
 * ("DeleteEndpoint is the only operation that can be performed on a failed endpoint", EndpointStatus reference).
 */
export function assertChangeable(e: SimEndpoint, view: EndpointView, operation: 'delete' | 'update'): void {
  if (IN_PROGRESS.has(view.status)) throw invalid(`Cannot update in-progress endpoint "${e.arn}".`);
  if (operation === 'update' && view.status === 'Failed') {
    throw invalid(`Endpoint "${e.arn}" is ${view.status}: DeleteEndpoint is the only operation that can be performed on it.`);
  }
}

function findConfig(ctx: AwsCallContext, name: string): SimEndpointConfig {
  const c = ctx.state.endpointConfigs.get(resourceKey(ctx.region, name));
  if (!c) throw invalid(`Could not find endpoint configuration "${sagemakerArn(ctx.state.account, ctx.region, 'endpoint-config', name)}".`);
  return c;
}

/**
 * CreateEndpoint: Creating for `provisioningSeconds` of virtual time, then InService; instances (and their cost and
 * metrics) start when it is InService. Re-creating a deleted endpoint keeps its history and its fleet traffic
 * pattern (demand does not go away because the endpoint did).
 */
export function createEndpoint(input: Wire<CreateEndpointInput>, ctx: AwsCallContext): CreateEndpointOutput {
  const name = sageMakerName('EndpointName', input.EndpointName);
  const configName = sageMakerName('EndpointConfigName', input.EndpointConfigName);
  const tags = sageMakerTags('Tags', input.Tags);
  const arn = sagemakerArn(ctx.state.account, ctx.region, 'endpoint', name);
  // A Deleting endpoint still holds its name.
  if (liveEndpoint(ctx.state, ctx.region, name, ctx.nowMs)) throw invalid(`Cannot create already existing endpoint "${arn}".`);
  const cfg = findConfig(ctx, configName);

  const now = ctx.nowMs;
  const readyMs = now + timing(ctx.state).provisionMs;
  const e = ctx.state.endpoints.get(resourceKey(ctx.region, name)) ?? newEndpointRecord(ctx.state, ctx.region, name, arn, now);
  e.name = name;
  e.createdMs = now;
  e.lastModifiedMs = now;
  e.tags = tags;
  delete e.failureReason;
  e.configs = e.configs.filter((c) => c.fromMs <= now);
  e.configs.push({ fromMs: now, requestedMs: now, name: cfg.name });
  schedulePhases(e.phases, now, [
    { fromMs: now, status: 'Creating' },
    { fromMs: readyMs, status: 'InService' },
  ]);
  deployConfig(ctx.state, e, cfg, now, readyMs);
  return { EndpointArn: e.arn };
}

/**
 * DeleteEndpoint: Deleting for `teardownSeconds`, then gone (DescribeEndpoint: "Could not find endpoint"). The
 * instances are released at once, so billing and instance metrics stop now; the config and models stay. SageMaker
 * also deregisters the variants' Application Auto Scaling targets (which is why DeleteEndpoint needs
 * application-autoscaling:DeregisterScalableTarget when targets exist).
 */
export function deleteEndpoint(input: Wire<DeleteEndpointInput>, ctx: AwsCallContext): object {
  const { e, view } = findEndpoint(ctx, sageMakerName('EndpointName', input.EndpointName));
  assertChangeable(e, view, 'delete');
  const components = [...ctx.state.inferenceComponents.values()].filter(
    (c) => c.region === e.region && c.endpointName.toLowerCase() === e.name.toLowerCase(),
  );
  if (components.length > 0) {
    throw invalid(`Endpoint "${e.arn}" still hosts inference components (${components.map((c) => c.name).join(', ')}); delete them first.`);
  }
  const now = ctx.nowMs;
  const goneMs = now + timing(ctx.state).teardownMs;
  e.lastModifiedMs = now;
  schedulePhases(e.phases, now, [
    { fromMs: now, status: 'Deleting' },
    { fromMs: goneMs, status: 'Gone' },
  ]);
  releaseEndpoint(e, now, goneMs);
  const prefix = `endpoint/${e.name}/variant/`;
  for (const [key, t] of ctx.state.scalableTargets) {
    if (t.region === e.region && t.serviceNamespace === 'sagemaker' && t.resourceId.startsWith(prefix)) ctx.state.scalableTargets.delete(key);
  }
  return {};
}

/**
 * UpdateEndpoint: Updating for `provisioningSeconds`, then InService on the new config. Until then DescribeEndpoint
 * keeps the old config and variants and shows the new config as PendingDeploymentSummary. As documented for
 * endpoints with automatic scaling, an update that changes the instance type of a variant registered as a scalable
 * target fails.
 */
export function updateEndpoint(input: Wire<UpdateEndpointInput>, ctx: AwsCallContext): UpdateEndpointOutput {
  const { e, view } = findEndpoint(ctx, sageMakerName('EndpointName', input.EndpointName));
  const cfg = findConfig(ctx, sageMakerName('EndpointConfigName', input.EndpointConfigName));
  assertChangeable(e, view, 'update');
  const now = ctx.nowMs;
  for (const v of liveVariants(e, now)) {
    const next = cfg.variants.find((x) => x.name === v.name);
    if (!next || next.instanceType === v.instanceType) continue;
    if (ctx.state.scalableTargets.has(scalableTargetKey(e.region, 'sagemaker', variantResourceId(e.name, v.name), VARIANT_INSTANCES))) {
      throw invalid(
        `The variant ${v.name} of endpoint "${e.arn}" is registered with Application Auto Scaling; an update may not change its instance type (${v.instanceType} -> ${next.instanceType}). Deregister the scalable target first.`,
      );
    }
  }
  const readyMs = now + timing(ctx.state).provisionMs;
  e.lastModifiedMs = now;
  e.configs = e.configs.filter((c) => c.fromMs <= now);
  e.configs.push({ fromMs: readyMs, requestedMs: now, name: cfg.name });
  schedulePhases(e.phases, now, [
    { fromMs: now, status: 'Updating' },
    { fromMs: readyMs, status: 'InService' },
  ]);
  deployConfig(ctx.state, e, cfg, now, readyMs, input.RetainAllVariantProperties === true);
  return { EndpointArn: e.arn };
}
