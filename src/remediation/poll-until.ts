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

export interface WaitClock {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  waitTimeoutMs: number;
  pollMs: number;
}

/**
 * Polls every `pollMs` with the injected `sleep` until `done`, a failure, or `waitTimeoutMs` of the injected clock.
 * The clock may be virtual (the simulator's), so elapsed time is measured with `now()`; the poll count is capped
 * too, so a `sleep` that does not move `now()` still ends after timeout / poll attempts instead of spinning.
 * Failures are made by the cloud's remediator (`fail`), so they carry its typed error: RESOURCE_FAILED when the
 * state says it can never be done, `timeout` when the time is up. Shared by every cloud's remediator.
 */
export async function pollUntil<T>(
  clock: WaitClock,
  spec: WaitSpec<T>,
  fail: (kind: 'failed' | 'timeout', message: string) => Error,
): Promise<T | undefined> {
  const startMs = clock.now().getTime();
  const maxPolls = Math.max(1, Math.ceil(clock.waitTimeoutMs / Math.max(1, clock.pollMs))) + 1;
  let state: T | undefined;
  for (let polls = 1; ; polls++) {
    state = await spec.poll();
    if (spec.done(state)) return state;
    const reason = spec.failed?.(state);
    if (reason !== undefined) throw fail('failed', `Waiting for ${spec.what} failed: ${reason}`);
    const elapsedMs = clock.now().getTime() - startMs;
    if (elapsedMs >= clock.waitTimeoutMs || polls >= maxPolls) break;
    await clock.sleep(Math.min(clock.pollMs, Math.max(1, clock.waitTimeoutMs - elapsedMs)));
  }
  const minutes = Math.round(clock.waitTimeoutMs / 60_000);
  throw fail('timeout', `Gave up waiting for ${spec.what} after ${minutes} min (${spec.describe(state)}). ${spec.onTimeout}`);
}
