import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { ResourceKind, ResourceRef } from '../../../../../src/domain/cloud';
import type { ParkAction } from '../../../../../src/domain/finding';
import type { RestoreToken } from '../../../../../src/domain/remediation';
import type { ActionSpec, CloudRemediator } from '../../../../../src/providers/types';
import { createAwsRemediationClients } from '../../../../../src/providers/aws/clients';
import { createAwsRemediator } from '../../../../../src/providers/aws/remediation/aws-remediator';
import { REMEDIATOR_PERMISSIONS } from '../../../../../src/providers/aws/remediation/action-registry';

export const sm = mockClient(SageMakerClient);
export const aas = mockClient(ApplicationAutoScalingClient);
export const cw = mockClient(CloudWatchClient);

export const START = new Date('2026-11-20T12:00:00Z');
export const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

export function resetMocks(): void {
  for (const m of [sm, aas, cw]) m.reset();
}

/** A clock that only moves when the remediator sleeps, like the simulator's virtual clock. */
export function virtualClock(start = START) {
  let ms = start.getTime();
  return {
    now: () => new Date(ms),
    sleep: async (delay: number) => {
      ms += delay;
    },
    advance: (delay: number) => {
      ms += delay;
    },
  };
}

export function remediator(clock = virtualClock(), over: { waitTimeoutMs?: number; pollMs?: number } = {}): CloudRemediator {
  return createAwsRemediator({
    clientsFor: (region) => createAwsRemediationClients({ region, credentials, maxAttempts: 1 }),
    now: clock.now,
    sleep: clock.sleep,
    pollMs: over.pollMs ?? 30_000,
    waitTimeoutMs: over.waitTimeoutMs ?? 20 * 60_000,
    accountId: ACCOUNT,
  });
}

const ARN_TYPE: Record<ResourceKind, string | undefined> = { endpoint: 'endpoint', notebook: 'notebook-instance', 'studio-app': 'app', 'training-job': 'training-job', 'cost-scope': undefined };

export function awsRef(kind: ResourceKind, name: string): ResourceRef {
  return { cloud: 'aws', account: ACCOUNT, region: 'us-east-1', kind, name, id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${ARN_TYPE[kind]}/${name.toLowerCase()}` };
}

export function token(ref: ResourceRef, action: ParkAction, prior: Record<string, unknown>, over: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: 'tok-1',
    planId: 'plan-1',
    ref,
    action,
    // The ledger stores prior as JSON: round-trip it as production does.
    prior: JSON.parse(JSON.stringify(prior)) as Record<string, unknown>,
    approval: { by: 'cli', principal: 'tester', at: START },
    state: 'parking',
    stepsDone: [],
    createdAt: START,
    hourlySaving: { amount: 7.09, currency: 'USD' },
    basis: 'list-price',
    ...over,
  };
}

/** Records the step names onStep receives. */
export function stepLog() {
  const steps: string[] = [];
  return { steps, onStep: async (s: string) => void steps.push(s) };
}

/** An SDK-shaped service error, as the SDK deserialises it. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

const PREFIX = new Map<unknown, string>([
  [sm, 'sagemaker'],
  [aas, 'application-autoscaling'],
  [cw, 'cloudwatch'],
]);

/** Every call the mocks received, as IAM actions in call order (`sagemaker:DeleteEndpoint`). */
export function iamCalls(): string[] {
  const all: Array<{ order: number; action: string }> = [];
  for (const [mock, prefix] of PREFIX) {
    for (const call of (mock as typeof sm).calls()) {
      const name = (call.args[0] as object).constructor.name.replace(/Command$/, '');
      // sinon numbers every spy call globally (callId), which orders calls across the three mocks.
      all.push({ order: (call as unknown as { callId: number }).callId, action: `${prefix}:${name}` });
    }
  }
  return all.sort((a, b) => a.order - b.order).map((c) => c.action);
}

/** Write calls only (what changed the cloud), in order. */
export function writeCalls(): string[] {
  return iamCalls().filter((a) => !/:(Describe|List|Get)/.test(a));
}

/** Every AWS call made so far is granted by the action's declared permissions (or the remediator's own). */
export function expectDeclared(spec: ActionSpec): void {
  const granted = new Set([...spec.permissions, ...REMEDIATOR_PERMISSIONS].map((p) => p.action));
  const undeclared = [...new Set(iamCalls())].filter((a) => !granted.has(a));
  expect(undeclared, `calls missing from ${spec.action}'s permissions`).toEqual([]);
}
