import { pollUntil, type WaitSpec } from '../../../remediation/poll-until';
import type { ActionContext } from './action-context';
import { AwsRemediationError } from './remediation-error';

export type { WaitSpec } from '../../../remediation/poll-until';

/** The shared poll loop (src/remediation/poll-until.ts) with AwsRemediationError failures. */
export function waitFor<T>(ctx: ActionContext, spec: WaitSpec<T>): Promise<T | undefined> {
  return pollUntil(ctx, spec, (kind, message) =>
    new AwsRemediationError({ code: kind === 'failed' ? 'RESOURCE_FAILED' : 'WAIT_TIMEOUT', resource: ctx.label, message }),
  );
}
