import {
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  RegisterScalableTargetCommand,
  type DescribeScalableTargetsRequest,
  type RegisterScalableTargetRequest,
} from '@aws-sdk/client-application-auto-scaling';
import { aas, awsError } from './support';

export interface FakeTarget {
  min: number;
  max: number;
}

/** Application Auto Scaling's target registry: register is an upsert, deregister of a missing target fails. */
export function fakeAas(initial: Record<string, FakeTarget> = {}) {
  // Keyed `<ResourceId>|<ScalableDimension>`, as `initial` is.
  const byKey = new Map<string, FakeTarget>(Object.entries(initial));
  const key = (resourceId: string | undefined, dim: string | undefined) => `${resourceId}|${dim}`;
  aas.on(DescribeScalableTargetsCommand).callsFake((input: DescribeScalableTargetsRequest) => ({
    ScalableTargets: [...byKey]
      .map(([k, t]) => {
        const [ResourceId, ScalableDimension] = k.split('|') as [string, string];
        return { ServiceNamespace: 'sagemaker', ResourceId, ScalableDimension, MinCapacity: t.min, MaxCapacity: t.max, RoleARN: 'arn:aws:iam::123456789012:role/slr', CreationTime: new Date(0) };
      })
      .filter((t) => (!input.ResourceIds || input.ResourceIds.includes(t.ResourceId)) && (!input.ScalableDimension || t.ScalableDimension === input.ScalableDimension)),
  }));
  // Targets of these unit tests carry no scaling policies (policies round-trip in the simulator contract).
  aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
  aas.on(RegisterScalableTargetCommand).callsFake((input: RegisterScalableTargetRequest) => {
    const k = key(input.ResourceId, input.ScalableDimension);
    const old = byKey.get(k);
    if (!old && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) throw awsError('ValidationException', 'MinCapacity and MaxCapacity are required for a new target');
    byKey.set(k, { min: input.MinCapacity ?? old!.min, max: input.MaxCapacity ?? old!.max });
    return { ScalableTargetARN: 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123' };
  });
  aas.on(DeregisterScalableTargetCommand).callsFake((input: { ResourceId?: string; ScalableDimension?: string }) => {
    const k = key(input.ResourceId, input.ScalableDimension);
    if (!byKey.delete(k)) throw awsError('ObjectNotFoundException', 'No scalable target registered');
    return {};
  });
  return { targets: byKey, get: (resourceId: string, dim: string) => byKey.get(key(resourceId, dim)) };
}
