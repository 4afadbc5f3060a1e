import type { ResourceKind, ResourceRef } from '../../../domain/cloud';
import type { CloudRemediator } from '../../types';
import type { AwsRemediationClients } from '../clients';
import { partitionOf } from '../to-domain';
import type { ActionContext } from './action-context';
import { AWS_ACTION_REGISTRY, AWS_REMEDIATION_ACTIONS } from './action-registry';
import { recentInvocations } from './recent-invocations';
import { addResourceTags } from './resource-tags';
import { AwsRemediationError } from './remediation-error';
import { registryRemediator } from '../../../remediation/registry-remediator';
import { runSteps } from './run-steps';

export interface AwsRemediatorDeps {
  /** Remediation clients per region (memoise them: each builds its own sockets and credential cache). */
  clientsFor(region: string): AwsRemediationClients;
  now: () => Date;
  /**
   * How to wait between polls. Production passes a real timer; tests and the demo pass one that advances the
   * simulator's virtual clock, so a 6-minute endpoint creation takes no wall time and restoreSeconds is virtual.
   */
  sleep: (ms: number) => Promise<void>;
  /** Longest wait for a resource to reach a state (InService, deleted). Default 20 minutes. */
  waitTimeoutMs?: number;
  /** Time between status polls. Default 30 s (the SDK's own EndpointInService waiter polls every 30 s). */
  pollMs?: number;
  /** Account to build ARNs with when a ref carries none. */
  accountId?: string;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 20 * 60_000;
export const DEFAULT_POLL_MS = 30_000;

const ARN_TYPE: Record<ResourceKind, string | undefined> = { endpoint: 'endpoint', notebook: 'notebook-instance', 'studio-app': 'app', 'training-job': 'training-job', 'cost-scope': undefined };

function arnOf(ref: ResourceRef, accountId: string | undefined): string {
  if (ref.id.startsWith('arn:')) return ref.id;
  const account = ref.account !== 'unknown' && ref.account ? ref.account : (accountId ?? '');
  // SageMaker lower-cases the resource part of its ARNs (ListTags accepts either case).
  return `arn:${partitionOf(ref.region)}:sagemaker:${ref.region}:${account}:${ARN_TYPE[ref.kind]}/${ref.name.toLowerCase()}`;
}

/**
 * The AWS SageMaker AI remediator: parks and restores through the real SDK clients. Each action lives in its own
 * file with its permissions and valid origin states; this module only dispatches, builds the per-call context and
 * runs the steps (skipping those the token already records).
 */
export function createAwsRemediator(deps: AwsRemediatorDeps): CloudRemediator {
  const waitTimeoutMs = deps.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;

  function contextFor(ref: ResourceRef): ActionContext {
    const arn = arnOf(ref, deps.accountId);
    if (ref.cloud !== 'aws') {
      throw new AwsRemediationError({ code: 'WRONG_RESOURCE', resource: ref.id || ref.name, message: `${ref.name} is a ${ref.cloud} resource; the AWS remediator cannot act on it.` });
    }
    return { ref, arn, label: arn, clients: deps.clientsFor(ref.region), now: deps.now, sleep: deps.sleep, waitTimeoutMs, pollMs };
  }

  return registryRemediator({
    cloud: 'aws',
    cloudName: 'AWS',
    actions: AWS_REMEDIATION_ACTIONS,
    registry: AWS_ACTION_REGISTRY,
    fail: (ref, code, message) => new AwsRemediationError({ code, resource: ref.id || ref.name, message }),
    contextFor,
    runSteps,
    recentInvocations: async (ref, since) => recentInvocations(contextFor(ref), since),
    tagResource: addResourceTags,
    now: deps.now,
  });
}
