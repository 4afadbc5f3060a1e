import { max, mean, quantile } from 'simple-statistics';
import type { UtilizationSeries } from '../domain/utilization';

const HOUR_MS = 3_600_000;

/** How one variant used its GPUs over [since, until): the figures underused-gpu judges on. */
export interface GpuUsage {
  /** p95 and mean of the per-period (hourly) mean per-GPU utilisation. */
  p95GpuUtilPct: number;
  meanGpuUtilPct: number;
  /** Share (0..1) of the window's periods with a GPU utilisation datapoint. */
  coverage: number;
  /** Highest per-period mean GPU memory in use (percent of each GPU); undefined when not measured. */
  peakGpuMemoryPct?: number;
}

function pointsIn(series: readonly UtilizationSeries[], since: number, until: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of series) for (const p of s.points) if (p.t.getTime() >= since && p.t.getTime() < until) out.set(p.t.getTime(), p.v);
  return out;
}

/**
 * GPU utilisation and memory of one variant from its series (the GPU window's hourly means). Coverage counts the
 * periods the window can hold up to the series' own end (an hour still running has no datapoint yet), so a series
 * read over a shorter window (the 6 h detail window) covers only that part: never enough to call a GPU underused.
 * Undefined when there is no GPU utilisation datapoint at all: unknown, not low.
 */
export function gpuUsage(series: readonly UtilizationSeries[], since: number, until: number): GpuUsage | undefined {
  const util = series.filter((s) => s.metric === 'gpu-util-pct');
  const values = pointsIn(util, since, until);
  if (values.size === 0) return undefined;
  const periodMs = Math.max(...util.map((s) => s.periodSeconds)) * 1000;
  const end = Math.min(until, Math.max(...util.map((s) => s.window.end.getTime())));
  const expected = Math.max(1, Math.floor((end - since) / periodMs));
  const memory = [...pointsIn(series.filter((s) => s.metric === 'gpu-memory-util-pct'), since, until).values()];
  const v = [...values.values()];
  return {
    p95GpuUtilPct: quantile(v, 0.95),
    meanGpuUtilPct: mean(v),
    coverage: Math.min(1, values.size / expected),
    ...(memory.length ? { peakGpuMemoryPct: max(memory) } : {}),
  };
}

/** Traffic of one variant over [since, until), by hour. */
export interface HourlyTraffic {
  invocations: number;
  /** Hours with an invocation datapoint, and those among them with no invocation at all. */
  hoursSeen: number;
  quietHours: number;
}

/** Invocation datapoints bucketed into UTC hours: an hour is quiet when every datapoint in it is 0. */
export function hourlyTraffic(series: readonly UtilizationSeries[], since: number, until: number): HourlyTraffic {
  const hours = new Map<number, number>();
  let invocations = 0;
  for (const s of series) {
    if (s.metric !== 'invocations') continue;
    for (const p of s.points) {
      const t = p.t.getTime();
      if (t < since || t >= until) continue;
      const h = Math.floor(t / HOUR_MS);
      hours.set(h, (hours.get(h) ?? 0) + p.v);
      invocations += p.v;
    }
  }
  return { invocations, hoursSeen: hours.size, quietHours: [...hours.values()].filter((n) => n === 0).length };
}
