import type { ActionContext } from './action-context';
import { AwsRemediationError } from './remediation-error';

export interface WaitSpec<T> {
  /** What we wait for, in words: "endpoint x to be InService". */
  what: string;
  /** Reads the current state; undefined means "not there (yet)". */
  poll: () => Promise<T | undefined>;
  done: (state: T | undefined) => boolean;
  /** A reason when the state can never become done (Failed): stops the wait at once. */
  failed?: (state: T | undefined) => string | undefined;
  /** Describes the last state for the timeout message ("still Creating"). */
  describe: (state: T | undefined) => string;
  /** What a person should do when the wait times out. */
  onTimeout: string;
}

/**
 * Polls every `pollMs` with the injected `sleep` until `done`, a failure, or `waitTimeoutMs` of the injected clock.
 * The clock may be virtual (the simulator's), so elapsed time is measured with `now()`; the poll count is capped
 * too, so a `sleep` that does not move `now()` still ends after timeout / poll attempts instead of spinning.
 */
export async function waitFor<T>(ctx: ActionContext, spec: WaitSpec<T>): Promise<T | undefined> {
  const startMs = ctx.now().getTime();
  const maxPolls = Math.max(1, Math.ceil(ctx.waitTimeoutMs / Math.max(1, ctx.pollMs))) + 1;
  let state: T | undefined;
  for (let polls = 1; ; polls++) {
    state = await spec.poll();
    if (spec.done(state)) return state;
    const reason = spec.failed?.(state);
    if (reason !== undefined) {
      throw new AwsRemediationError({ code: 'RESOURCE_FAILED', resource: ctx.label, message: `Waiting for ${spec.what} failed: ${reason}` });
    }
    const elapsedMs = ctx.now().getTime() - startMs;
    if (elapsedMs >= ctx.waitTimeoutMs || polls >= maxPolls) break;
    await ctx.sleep(Math.min(ctx.pollMs, Math.max(1, ctx.waitTimeoutMs - elapsedMs)));
  }
  const minutes = Math.round(ctx.waitTimeoutMs / 60_000);
  throw new AwsRemediationError({
    code: 'WAIT_TIMEOUT',
    resource: ctx.label,
    message: `Gave up waiting for ${spec.what} after ${minutes} min (${spec.describe(state)}). ${spec.onTimeout}`,
  });
}
