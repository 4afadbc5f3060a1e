import type {
  DescribeScalingPoliciesRequest,
  DescribeScalingPoliciesResponse,
  PutScalingPolicyRequest,
  PutScalingPolicyResponse,
} from '@aws-sdk/client-application-auto-scaling';
import { scalableTargetKey, type SimScalingPolicy } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { required } from './validate';

const invalid = (m: string) => new AwsServiceError('ValidationException', m);

/** `arn:aws:autoscaling:<region>:<account>:scalingPolicy:<uuid>:resource/sagemaker/<resourceId>:policyName/<name>`. */
function policyArn(ctx: AwsCallContext, resourceId: string, name: string): string {
  return `arn:aws:autoscaling:${ctx.region}:${ctx.state.account}:scalingPolicy:00000000-0000-4000-8000-000000000000:resource/sagemaker/${resourceId}:policyName/${name}`;
}

/**
 * PutScalingPolicy: creates or replaces (by name) a policy on a registered target; a policy lives and dies with its
 * target (DeregisterScalableTarget and DeleteEndpoint delete it, as in AWS). Target tracking needs a TargetValue.
 */
export function putScalingPolicy(input: Wire<PutScalingPolicyRequest>, ctx: AwsCallContext): PutScalingPolicyResponse {
  const namespace = required('ServiceNamespace', input.ServiceNamespace);
  const resourceId = required('ResourceId', input.ResourceId);
  const dim = required('ScalableDimension', input.ScalableDimension);
  const name = required('PolicyName', input.PolicyName);
  const target = ctx.state.scalableTargets.get(scalableTargetKey(ctx.region, namespace, resourceId, dim));
  if (!target) {
    throw new AwsServiceError('ObjectNotFoundException', `No scalable target registered for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dim}`);
  }
  const type = input.PolicyType ?? 'StepScaling';
  if (type === 'TargetTrackingScaling' && input.TargetTrackingScalingPolicyConfiguration?.TargetValue === undefined) {
    throw invalid('TargetTrackingScalingPolicyConfiguration.TargetValue is required for a TargetTrackingScaling policy.');
  }
  if (type === 'StepScaling' && !input.StepScalingPolicyConfiguration) throw invalid('StepScalingPolicyConfiguration is required for a StepScaling policy.');
  const policy: SimScalingPolicy = {
    policyName: name,
    policyType: type,
    ...(input.TargetTrackingScalingPolicyConfiguration ? { targetTracking: input.TargetTrackingScalingPolicyConfiguration as Record<string, unknown> } : {}),
    ...(input.StepScalingPolicyConfiguration ? { stepScaling: input.StepScalingPolicyConfiguration as Record<string, unknown> } : {}),
    createdMs: target.policies?.find((p) => p.policyName === name)?.createdMs ?? ctx.nowMs,
  };
  target.policies = [...(target.policies ?? []).filter((p) => p.policyName !== name), policy];
  return { PolicyARN: policyArn(ctx, resourceId, name), Alarms: [] };
}

/** DescribeScalingPolicies for one namespace, optionally one ResourceId (+ dimension) and policy names. */
export function describeScalingPolicies(input: Wire<DescribeScalingPoliciesRequest>, ctx: AwsCallContext): DescribeScalingPoliciesResponse {
  const namespace = required('ServiceNamespace', input.ServiceNamespace);
  if (input.ScalableDimension !== undefined && !input.ResourceId) throw invalid('If you specify a scalable dimension, you must also specify a resource ID.');
  const names = input.PolicyNames?.length ? new Set(input.PolicyNames) : undefined;
  const out: NonNullable<DescribeScalingPoliciesResponse['ScalingPolicies']> = [];
  for (const t of ctx.state.scalableTargets.values()) {
    if (t.region !== ctx.region || t.serviceNamespace !== namespace) continue;
    if (input.ResourceId && t.resourceId !== input.ResourceId) continue;
    if (input.ScalableDimension && t.scalableDimension !== input.ScalableDimension) continue;
    for (const p of t.policies ?? []) {
      if (names && !names.has(p.policyName)) continue;
      out.push({
        PolicyARN: policyArn(ctx, t.resourceId, p.policyName),
        PolicyName: p.policyName,
        ServiceNamespace: namespace as 'sagemaker',
        ResourceId: t.resourceId,
        ScalableDimension: t.scalableDimension as never,
        PolicyType: p.policyType as never,
        ...(p.targetTracking ? { TargetTrackingScalingPolicyConfiguration: p.targetTracking as never } : {}),
        ...(p.stepScaling ? { StepScalingPolicyConfiguration: p.stepScaling as never } : {}),
        Alarms: [],
        CreationTime: new Date(p.createdMs),
      });
    }
  }
  return { ScalingPolicies: out };
}
