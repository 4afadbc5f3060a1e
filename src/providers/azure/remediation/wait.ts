import { pollUntil, type WaitSpec as SharedWaitSpec } from '../../../remediation/poll-until';
import type { ActionContext } from './action-context';
import { remediationErrorFrom } from './arm-errors';
import { AzureRemediationError, type AzureRemediationErrorCode } from './remediation-error';

export interface WaitSpec<T> extends SharedWaitSpec<T> {
  /** Defaults to WAIT_TIMEOUT. */
  timeoutCode?: AzureRemediationErrorCode;
}

/** The shared poll loop (src/remediation/poll-until.ts) with AzureRemediationError failures. */
export function waitFor<T>(ctx: ActionContext, spec: WaitSpec<T>): Promise<T | undefined> {
  return pollUntil(ctx, spec, (kind, message) =>
    new AzureRemediationError({ code: kind === 'failed' ? 'RESOURCE_FAILED' : (spec.timeoutCode ?? 'WAIT_TIMEOUT'), resource: ctx.label, message }),
  );
}

/**
 * The part of the SDK's poller we use. @azure/arm-machinelearning 2.1.1 returns core-lro's legacy LroEngine: `poll()`
 * sends one status request and never sleeps (only pollUntilDone / begin*AndWait sleep, in real time), `isDone()`
 * reads the last state, and `poll()` throws the operation's error when it ended Failed or Canceled.
 */
export interface LroPoller<T> {
  poll(): Promise<void>;
  isDone(): boolean;
  getResult(): T | undefined;
}

/**
 * Drives a started long-running operation to its end with the injected clock (so the simulator's virtual clock makes
 * a 10-minute deployment take no wall time), failing with OPERATION_FAILED when Azure reports it Failed/Canceled and
 * OPERATION_TIMEOUT after clouds.azure.operationTimeoutMinutes. A timed-out operation keeps running on Azure's side;
 * the step that started it reads the resource first when it runs again, so it never starts a second one.
 */
export async function driveLro<T>(ctx: ActionContext, poller: LroPoller<T>, what: string, onTimeout: string): Promise<T | undefined> {
  await waitFor(ctx, {
    what,
    poll: async () => {
      if (!poller.isDone()) {
        try {
          await poller.poll();
        } catch (err) {
          throw remediationErrorFrom(ctx.label, what, err);
        }
      }
      return poller.isDone();
    },
    done: (d) => d === true,
    describe: () => 'the operation is still running',
    onTimeout: `${onTimeout} Raise clouds.azure.operationTimeoutMinutes if this is normal for the resource.`,
    timeoutCode: 'OPERATION_TIMEOUT',
  });
  return poller.getResult();
}
