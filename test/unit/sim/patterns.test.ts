import { describe, expect, it } from 'vitest';
import { createVirtualClock, resolveFleetTime } from '../../../src/sim/clock';
import { IDLE_GPU_UTIL_PCT, integrateLoad, loadAt, resolvePattern } from '../../../src/sim/patterns';
import { HOUR_MS, NOW } from './sim-clients';

const DAY_MS = 24 * HOUR_MS;
const MONDAY = Date.parse('2026-11-16T00:00:00Z');

describe('pattern engine', () => {
  it('business hours: traffic only on weekdays between the local hours', () => {
    const p = resolvePattern({ type: 'business-hours', tzOffsetHours: -5, startHour: 9, endHour: 17, weekdaysOnly: true, invocationsPerMinute: 10, gpuUtilPct: 40 }, NOW.getTime());
    const week = integrateLoad(p, 1, MONDAY, MONDAY + 7 * DAY_MS);
    expect(week.invocations).toBe(5 * 8 * 60 * 10);
    expect(loadAt(p, 1, Date.parse('2026-11-16T14:30:00Z')).invocationsPerMinute).toBe(10); // 09:30 in UTC-5
    expect(loadAt(p, 1, Date.parse('2026-11-16T13:30:00Z'))).toMatchObject({ invocationsPerMinute: 0, gpuUtilPct: IDLE_GPU_UTIL_PCT });
    expect(loadAt(p, 1, Date.parse('2026-11-21T15:00:00Z')).invocationsPerMinute).toBe(0); // Saturday
  });

  it('abandoned: the earlier pattern until `at`, then nothing', () => {
    const start = NOW.getTime();
    const p = resolvePattern({ type: 'abandoned', at: '-3d', before: { type: 'steady', invocationsPerMinute: 5, gpuUtilPct: 50 } }, start);
    expect(integrateLoad(p, 1, start - 4 * DAY_MS, start - 3 * DAY_MS).invocations).toBe(5 * 1440);
    const after = integrateLoad(p, 1, start - 3 * DAY_MS, start);
    expect(after.invocations).toBe(0);
    expect(after.gpuUtilPctMinutes / after.minutes).toBe(IDLE_GPU_UTIL_PCT);
  });

  it('bursty: per-minute draws deterministic per seed; the mean holds; long windows use the expectation', () => {
    const p = resolvePattern({ type: 'bursty', meanInvocationsPerMinute: 6, burstProbability: 0.2, gpuUtilPct: 70 }, 0);
    const hour = integrateLoad(p, 42, MONDAY, MONDAY + HOUR_MS);
    expect(integrateLoad(p, 42, MONDAY, MONDAY + HOUR_MS)).toEqual(hour);
    const minutes = (seed: number) => Array.from({ length: 120 }, (_, m) => loadAt(p, seed, MONDAY + m * 60_000).invocationsPerMinute);
    expect(minutes(42)).toEqual(minutes(42));
    expect(minutes(43)).not.toEqual(minutes(42));
    expect(hour.invocations % 30).toBe(0); // burst minutes carry mean / p = 30 requests each
    const hours = Array.from({ length: 24 }, (_, h) => integrateLoad(p, 42, MONDAY + h * HOUR_MS, MONDAY + (h + 1) * HOUR_MS));
    const invocations = hours.reduce((n, x) => n + x.invocations, 0);
    expect(invocations / 1440).toBeGreaterThan(6 * 0.8);
    expect(invocations / 1440).toBeLessThan(6 * 1.2);
    expect(hours.reduce((n, x) => n + x.busyMinutes, 0) / 1440).toBeCloseTo(0.2, 1);
    const day = integrateLoad(p, 42, MONDAY, MONDAY + DAY_MS);
    expect(day).toMatchObject({ invocations: 6 * 1440, busyMinutes: 0.2 * 1440 });
  });

  it('failing: errors at the given rate from `since`', () => {
    const start = NOW.getTime();
    const p = resolvePattern({ type: 'failing', since: '-1h', errorRatePct: 25, base: { type: 'steady', invocationsPerMinute: 4, gpuUtilPct: 30 } }, start);
    expect(integrateLoad(p, 1, start - 2 * HOUR_MS, start - HOUR_MS).errors).toBe(0);
    expect(integrateLoad(p, 1, start - HOUR_MS, start).errors).toBe(60);
  });

  it('resolves relative and absolute fleet times and moves the virtual clock only when told', () => {
    const start = NOW.getTime();
    expect(resolveFleetTime('-90m', start)).toBe(start - 90 * 60_000);
    expect(resolveFleetTime('-2.5d', start)).toBe(start - 2.5 * DAY_MS);
    expect(resolveFleetTime('+1w', start)).toBe(start + 7 * DAY_MS);
    expect(resolveFleetTime('2026-01-01T00:00:00Z', start)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    const clock = createVirtualClock(NOW);
    clock.advance(HOUR_MS);
    expect(clock.now().getTime()).toBe(start + HOUR_MS);
    clock.set(new Date(0));
    expect(clock.now().getTime()).toBe(0);
    expect(() => clock.advance(Number.NaN)).toThrow(/cannot advance/);
  });
});
