import type { UtilizationSeries } from '../domain/utilization';

export interface TrafficGaps {
  /** Sum of invocations at or after `since`. */
  invocationsSince: number;
  /** End of the last period with invocations (ms epoch), if any in the series. */
  lastInvocationEndMs?: number;
  /** Longest stretch without invocations between two periods with traffic (hours), 0 when traffic never paused. */
  longestPreviousGapHours?: number;
  /** Share (0..1) of [since, now) with datapoints, worst series first: no datapoint is unknown, not zero. */
  coverageSince: number;
}

/**
 * Reads the invocation series of one endpoint (one per variant) as a single traffic timeline: when it was last
 * called, how long its quiet stretches usually last (nights, weekends), and how well the recent window is covered.
 */
export function trafficGaps(invocations: readonly UtilizationSeries[], since: number, now: number): TrafficGaps {
  let invocationsSince = 0;
  let coverageSince = invocations.length ? 1 : 0;
  const active: { start: number; end: number }[] = [];
  for (const s of invocations) {
    const periodMs = s.periodSeconds * 1000;
    let covered = 0;
    for (const p of s.points) {
      const t = p.t.getTime();
      if (t >= since) {
        covered++;
        invocationsSince += p.v;
      }
      if (p.v > 0) active.push({ start: t, end: t + periodMs });
    }
    // Count the periods the series' own (period-aligned) window holds after `since`: with hourly data the current,
    // unfinished hour is never there, and counting it would make a 4 h window at most 75 % covered.
    const from = Math.max(since, s.window.start.getTime());
    const to = Math.min(now, s.window.end.getTime());
    const expected = Math.max(1, Math.ceil((to - from) / periodMs));
    coverageSince = Math.min(coverageSince, Math.min(1, covered / expected));
  }
  if (active.length === 0) return { invocationsSince, coverageSince };
  active.sort((a, b) => a.start - b.start);
  let longestGapMs = 0;
  let end = active[0]!.end;
  for (const a of active.slice(1)) {
    if (a.start > end) longestGapMs = Math.max(longestGapMs, a.start - end);
    end = Math.max(end, a.end);
  }
  return {
    invocationsSince,
    coverageSince,
    lastInvocationEndMs: end,
    ...(active.length > 1 ? { longestPreviousGapHours: longestGapMs / 3_600_000 } : {}),
  };
}
