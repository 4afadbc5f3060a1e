import { describe, expect, it } from 'vitest';
import { trafficGaps } from '../../../src/detectors/traffic-gaps';
import type { UtilizationSeries } from '../../../src/domain/utilization';
import { HOUR, NOW, ref } from '../../support/builders';

function hourly(values: (number | undefined)[], end = NOW.getTime() - 30 * 60_000): UtilizationSeries {
  // Hourly data aligned down to the hour, as CloudWatch returns it: the current unfinished hour is absent.
  const alignedEnd = Math.floor(end / HOUR) * HOUR;
  const start = alignedEnd - values.length * HOUR;
  const points = values.flatMap((v, i) => (v === undefined ? [] : [{ t: new Date(start + i * HOUR), v }]));
  return { ref: ref('e'), metric: 'invocations', periodSeconds: 3600, window: { start: new Date(start), end: new Date(alignedEnd) }, points, coverage: 1 };
}

describe('trafficGaps', () => {
  it('counts coverage against the periods the series can hold, not the unfinished current hour', () => {
    const s = hourly(Array(24).fill(0));
    const g = trafficGaps([s], NOW.getTime() - 4 * HOUR, NOW.getTime());
    expect(g.coverageSince).toBe(1);
    expect(g.invocationsSince).toBe(0);
  });

  it('reports missing periods as lower coverage', () => {
    const s = hourly([0, 0, 0, 0, 0, 0, undefined, undefined, 0, 0]);
    expect(trafficGaps([s], s.window.start.getTime(), NOW.getTime()).coverageSince).toBeCloseTo(0.8);
  });

  it('finds the last invocation and the longest earlier quiet stretch across variants', () => {
    const a = hourly([5, 0, 0, 0, 5, 0, 0, 0, 0, 0]);
    const b = hourly([0, 0, 0, 0, 0, 0, 3, 0, 0, 0]);
    const g = trafficGaps([a, b], NOW.getTime() - 2 * HOUR, NOW.getTime());
    expect(g.longestPreviousGapHours).toBe(3);
    expect(g.lastInvocationEndMs).toBe(b.window.start.getTime() + 7 * HOUR);
  });

  it('has no usual gap when traffic was seen only once', () => {
    expect(trafficGaps([hourly([0, 7, 0, 0])], 0, NOW.getTime()).longestPreviousGapHours).toBeUndefined();
  });
});
