import { describe, expect, it } from 'vitest';
import { createChannelPacer, type PacerClock } from '../../../../src/notify/slack/channel-pacer';

function fakeClock(): PacerClock & { t: number; slept: number[] } {
  const c = {
    t: 0,
    slept: [] as number[],
    nowMs: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('createChannelPacer', () => {
  it('spaces posts to one channel by the minimum interval, channels independently', async () => {
    const clock = fakeClock();
    const pacer = createChannelPacer(1000, clock);
    expect(await pacer.wait('#a', 60_000)).toBe(true);
    pacer.posted('#a');
    expect(await pacer.wait('#b', 60_000)).toBe(true); // other channel: no wait
    clock.t += 200;
    expect(await pacer.wait('#a', 60_000)).toBe(true);
    expect(clock.slept).toEqual([800]);
  });

  it('holds a channel for Retry-After, never shortening an existing hold', async () => {
    const clock = fakeClock();
    const pacer = createChannelPacer(1000, clock);
    pacer.holdFor('#a', 5000);
    pacer.posted('#a'); // 1000 < 5000: the hold wins
    expect(await pacer.wait('#a', 60_000)).toBe(true);
    expect(clock.slept).toEqual([5000]);
  });

  it('refuses, without sleeping, a wait that would end after the deadline', async () => {
    const clock = fakeClock();
    const pacer = createChannelPacer(1000, clock);
    pacer.holdFor('#a', 30_000);
    expect(await pacer.wait('#a', 10_000)).toBe(false);
    expect(clock.slept).toEqual([]);
  });
});
