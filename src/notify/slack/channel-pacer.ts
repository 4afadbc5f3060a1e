/**
 * Per-channel pacing for chat.postMessage, whose "special" rate limit is about one message per second per channel
 * with short bursts tolerated (SLK-RL). Each channel has a not-before time: after a post it moves `minIntervalMs`
 * ahead, after an HTTP 429 it moves to `Retry-After`. Waits never run past the caller's deadline, so a Lambda
 * cannot hang on Slack (the WebClient default would retry for ~30 minutes).
 */
export interface ChannelPacer {
  /** Waits until `channel` may be posted to; false (without waiting) when that is later than `deadlineMs`. */
  wait(channel: string, deadlineMs: number): Promise<boolean>;
  /** A message was just posted to `channel`. */
  posted(channel: string): void;
  /** Slack asked us to hold `channel` for `ms`. */
  holdFor(channel: string, ms: number): void;
}

export interface PacerClock {
  /** Monotonic-enough milliseconds (Date.now in production, a fake in tests). */
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PacerClock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createChannelPacer(minIntervalMs: number, clock: PacerClock = systemClock): ChannelPacer {
  const notBefore = new Map<string, number>();
  const push = (channel: string, at: number) => notBefore.set(channel, Math.max(notBefore.get(channel) ?? 0, at));
  return {
    async wait(channel, deadlineMs) {
      const at = notBefore.get(channel) ?? 0;
      const now = clock.nowMs();
      if (at <= now) return true;
      if (at > deadlineMs) return false;
      await clock.sleep(at - now);
      return true;
    },
    posted(channel) {
      push(channel, clock.nowMs() + minIntervalMs);
    },
    holdFor(channel, ms) {
      push(channel, clock.nowMs() + ms);
    },
  };
}
