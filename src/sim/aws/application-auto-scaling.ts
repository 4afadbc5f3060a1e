import type {
  DeregisterScalableTargetRequest,
  DescribeScalableTargetsRequest,
  DescribeScalableTargetsResponse,
  RegisterScalableTargetRequest,
  RegisterScalableTargetResponse,
} from '@aws-sdk/client-application-auto-scaling';
import { scalableTargetKey, type SimScalableTarget } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type AwsJsonService, type FaultErrorKind, type Wire } from '../protocol/aws-json';
import { putScalableTarget, SAGEMAKER_DIMENSIONS } from '../scaling-model';
import { commonFaultError } from './fault-errors';
import { describeScalingPolicies, putScalingPolicy } from './scaling-policies';
import { pageSize, paginate, queryFingerprint } from './paging';
import { assertTargetResource, planClamp } from './scalable-target-effects';
import { intInRange, required } from './validate';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

/** Application Auto Scaling knows many namespaces; the simulator serves the SageMaker one. */
function sageMakerNamespace(ns: string | undefined): 'sagemaker' {
  const namespace = required('ServiceNamespace', ns);
  if (namespace !== 'sagemaker') throw invalid(`The simulator serves ServiceNamespace "sagemaker" only, not "${namespace}".`);
  return namespace;
}

function dimension(d: string | undefined): string {
  const dim = required('ScalableDimension', d);
  if (!(SAGEMAKER_DIMENSIONS as readonly string[]).includes(dim)) throw invalid('Unsupported service namespace, resource type or scalable dimension');
  return dim;
}

/**
 * RegisterScalableTarget: creates a target (MinCapacity and MaxCapacity required) or updates one (only the members
 * given change). The resource's capacity is moved into [Min, Max] immediately (scalable-target-effects.ts).
 */
export function registerScalableTarget(input: Wire<RegisterScalableTargetRequest>, ctx: AwsCallContext): RegisterScalableTargetResponse {
  const namespace = sageMakerNamespace(input.ServiceNamespace);
  const resourceId = required('ResourceId', input.ResourceId);
  const dim = dimension(input.ScalableDimension);
  assertTargetResource(ctx, resourceId, dim);
  const existing = ctx.state.scalableTargets.get(scalableTargetKey(ctx.region, namespace, resourceId, dim));
  if (!existing && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
    throw invalid('MinCapacity and MaxCapacity are required when you register a new scalable target.');
  }
  const min = input.MinCapacity === undefined ? existing!.minCapacity : intInRange('MinCapacity', input.MinCapacity, 0);
  const max = input.MaxCapacity === undefined ? existing!.maxCapacity : intInRange('MaxCapacity', input.MaxCapacity, 0);
  if (min > max) throw invalid('Minimum capacity cannot be greater than maximum capacity');
  const next = {
    ...(existing ?? { region: ctx.region, serviceNamespace: namespace, resourceId, scalableDimension: dim, createdMs: ctx.nowMs }),
    minCapacity: min,
    maxCapacity: max,
  } as SimScalableTarget;
  if (input.RoleARN !== undefined) next.roleArn = input.RoleARN;
  if (input.SuspendedState) {
    const base = existing?.suspendedState ?? { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false };
    next.suspendedState = { ...base, ...input.SuspendedState };
  }
  // Validate the capacity change before anything is stored; apply it once the target is in place.
  const apply = planClamp(ctx, next);
  const stored = putScalableTarget(ctx.state, next);
  apply?.();
  return { ScalableTargetARN: stored.arn };
}

/** DescribeScalableTargets: MaxResults 1..50 (default 50); ScalableDimension filters only together with ResourceIds. */
export function describeScalableTargets(input: Wire<DescribeScalableTargetsRequest>, ctx: AwsCallContext): DescribeScalableTargetsResponse {
  const namespace = sageMakerNamespace(input.ServiceNamespace);
  const size = pageSize('MaxResults', input.MaxResults, 1, 50, 50);
  const ids = input.ResourceIds;
  if (ids && ids.length > 50) throw invalid('ResourceIds may name at most 50 resources.');
  if (input.ScalableDimension !== undefined && !ids?.length) throw invalid('If you specify a scalable dimension, you must also specify a resource ID.');
  const wanted = ids?.length ? new Set(ids) : undefined;
  const rows = [...ctx.state.scalableTargets.values()]
    .filter(
      (t) =>
        t.region === ctx.region &&
        t.serviceNamespace === namespace &&
        (!wanted || wanted.has(t.resourceId)) &&
        (input.ScalableDimension === undefined || t.scalableDimension === input.ScalableDimension),
    )
    .sort((a, b) => a.createdMs - b.createdMs || (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : a.scalableDimension < b.scalableDimension ? -1 : 1));
  const page = paginate(rows, input.NextToken, size, queryFingerprint(input as Record<string, unknown>, ['MaxResults', 'NextToken']), () =>
    new AwsServiceError('InvalidNextTokenException', 'The NextToken value is invalid.'),
  );
  return {
    ScalableTargets: page.items.map((t) => ({
      ServiceNamespace: t.serviceNamespace as 'sagemaker',
      ResourceId: t.resourceId,
      ScalableDimension: t.scalableDimension as never,
      MinCapacity: t.minCapacity,
      MaxCapacity: t.maxCapacity,
      RoleARN: t.roleArn,
      CreationTime: new Date(t.createdMs),
      SuspendedState: { ...t.suspendedState },
      ScalableTargetARN: t.arn,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export function deregisterScalableTarget(input: Wire<DeregisterScalableTargetRequest>, ctx: AwsCallContext): object {
  const namespace = sageMakerNamespace(input.ServiceNamespace);
  const resourceId = required('ResourceId', input.ResourceId);
  const dim = required('ScalableDimension', input.ScalableDimension);
  if (!ctx.state.scalableTargets.delete(scalableTargetKey(ctx.region, namespace, resourceId, dim))) {
    throw new AwsServiceError('ObjectNotFoundException', `No scalable target found for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dim}`);
  }
  return {};
}

/** Application Auto Scaling: awsJson1_1, `X-Amz-Target: AnyScaleFrontendService.<Operation>`. */
export const applicationAutoScalingService: AwsJsonService = {
  service: 'ApplicationAutoScaling',
  targetPrefix: 'AnyScaleFrontendService',
  jsonVersion: '1.1',
  queryCompatible: false,
  iamPrefix: 'application-autoscaling',
  operations: {
    RegisterScalableTarget: registerScalableTarget,
    DescribeScalableTargets: describeScalableTargets,
    DeregisterScalableTarget: deregisterScalableTarget,
    PutScalingPolicy: putScalingPolicy,
    DescribeScalingPolicies: describeScalingPolicies,
  },
  writeOperations: new Set(['RegisterScalableTarget', 'DeregisterScalableTarget', 'PutScalingPolicy']),
  faultError: (kind: FaultErrorKind, operation: string, account: string) => {
    if (kind === 'throttle') return new AwsServiceError('ThrottlingException', 'Rate exceeded');
    if (kind === 'server-error') return new AwsServiceError('InternalServiceException', 'Internal service error', 500);
    return commonFaultError(kind, 'application-autoscaling', operation, account);
  },
};
