import { scalableTargetKey, type FleetState, type SimScalableTarget } from './fleet-model';
import { hashString } from './prng';

/** The SageMaker scalable dimensions of Application Auto Scaling and the resource each addresses. */
export const VARIANT_INSTANCES = 'sagemaker:variant:DesiredInstanceCount';
export const VARIANT_PROVISIONED_CONCURRENCY = 'sagemaker:variant:DesiredProvisionedConcurrency';
export const COMPONENT_COPIES = 'sagemaker:inference-component:DesiredCopyCount';
export const SAGEMAKER_DIMENSIONS = [VARIANT_INSTANCES, VARIANT_PROVISIONED_CONCURRENCY, COMPONENT_COPIES] as const;

export const variantResourceId = (endpoint: string, variant: string) => `endpoint/${endpoint}/variant/${variant}`;
export const componentResourceId = (component: string) => `inference-component/${component}`;

/** The service-linked role Application Auto Scaling uses for SageMaker when RegisterScalableTarget has no RoleARN. */
export function sageMakerScalingRole(account: string): string {
  return `arn:aws:iam::${account}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`;
}

/** Scalable target ARNs end in a 36-hex-digit id (arn:aws:application-autoscaling:...:scalable-target/0123...); ours derive from the key. */
export function scalableTargetArn(account: string, region: string, key: string): string {
  let hex = '';
  for (let i = 0; hex.length < 36; i++) hex += hashString(`${key}#${i}`).toString(16).padStart(8, '0');
  return `arn:aws:application-autoscaling:${region}:${account}:scalable-target/${hex.slice(0, 36)}`;
}

export function putScalableTarget(
  state: FleetState,
  t: Pick<SimScalableTarget, 'region' | 'resourceId' | 'scalableDimension' | 'minCapacity' | 'maxCapacity' | 'createdMs'> & Partial<SimScalableTarget>,
): SimScalableTarget {
  const namespace = t.serviceNamespace ?? 'sagemaker';
  const key = scalableTargetKey(t.region, namespace, t.resourceId, t.scalableDimension);
  const target: SimScalableTarget = {
    serviceNamespace: namespace,
    roleArn: sageMakerScalingRole(state.account),
    suspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    arn: scalableTargetArn(state.account, t.region, key),
    ...t,
  };
  state.scalableTargets.set(key, target);
  return target;
}
