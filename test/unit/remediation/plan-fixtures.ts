import type { Approval, RemediationPlan } from '../../../src/domain/remediation';
import type { ActionSpec } from '../../../src/providers/types';
import { HOUR, NOW, ref } from '../../support/builders';

export function plan(over: Partial<RemediationPlan> = {}): RemediationPlan {
  return {
    planId: 'idle-gpu:aws:123456789012:us-east-1:endpoint:abandoned#first',
    fingerprint: 'idle-gpu:aws:123456789012:us-east-1:endpoint:abandoned',
    findingKind: 'idle-gpu',
    ref: ref('abandoned'),
    tags: { owner: 'team-nlp' },
    action: 'delete-endpoint-keep-config',
    hourlySaving: { amount: 7.09, currency: 'USD' },
    basis: 'list-price',
    reason: 'idle',
    detectedAt: new Date(NOW.getTime() - HOUR),
    resourceCreatedAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
    ...over,
  };
}

export const deleteSpec: ActionSpec = {
  action: 'delete-endpoint-keep-config',
  validOriginStates: ['InService'],
  permissions: [{ action: 'sagemaker:DeleteEndpoint', resource: 'arn:aws:sagemaker:*:*:endpoint/*' }],
  restorable: true,
};

export const stopTrainingSpec: ActionSpec = {
  action: 'stop-training-job',
  validOriginStates: ['InProgress'],
  permissions: [{ action: 'sagemaker:StopTrainingJob', resource: 'arn:aws:sagemaker:*:*:training-job/*' }],
  approvalOnly: true,
  restorable: false,
};

export const person: Approval = { by: 'slack', principal: 'U0123ABCD', at: NOW };
