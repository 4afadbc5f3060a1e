import type { ResourceRef } from '../../../src/domain/cloud';
import type { RestoreToken } from '../../../src/domain/remediation';
import { tokenIdFor } from '../../../src/remediation/ledger';

export const T0 = new Date('2026-03-09T00:00:00.000Z');
export const hoursAfter = (h: number, from: Date = T0): Date => new Date(from.getTime() + h * 3_600_000);

export function endpointRef(name: string, region = 'us-east-1'): ResourceRef {
  return { cloud: 'aws', account: '123456789012', region, kind: 'endpoint', name, id: `arn:aws:sagemaker:${region}:123456789012:endpoint/${name}` };
}

/** A restore token as executePark opens it: pending, no steps, the prior a remediator captured. */
export function pendingToken(planId: string, overrides: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: tokenIdFor(planId),
    planId,
    ref: endpointRef('churn-model-prod'),
    action: 'delete-endpoint-keep-config',
    prior: {
      endpointName: 'churn-model-prod',
      endpointConfigName: 'churn-model-prod-config-2026-02',
      variants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 2 }],
      tags: { team: 'risk', 'cost-center': '42' },
    },
    approval: { by: 'slack', principal: 'U024BE7LH', at: T0 },
    state: 'pending',
    stepsDone: [],
    createdAt: T0,
    hourlySaving: { amount: 2.424, currency: 'USD' },
    basis: 'list-price',
    ...overrides,
  };
}
