import { resolveFleetTime } from './clock';
import type { TrafficPattern } from './pattern-schema';
import { mix1, unit } from './prng';

/** A traffic pattern with its times resolved to epoch ms. */
export type ResolvedPattern =
  | { type: 'idle'; gpuUtilPct: number }
  | { type: 'steady'; invocationsPerMinute: number; gpuUtilPct: number }
  | {
      type: 'business-hours';
      tzOffsetHours: number;
      startHour: number;
      endHour: number;
      weekdaysOnly: boolean;
      invocationsPerMinute: number;
      gpuUtilPct: number;
    }
  | { type: 'bursty'; meanInvocationsPerMinute: number; burstProbability: number; gpuUtilPct: number }
  | { type: 'abandoned'; atMs: number; before: ResolvedPattern }
  | { type: 'failing'; sinceMs: number; errorRatePct: number; base: ResolvedPattern };

/** Per-GPU utilisation of a loaded model with no requests: drivers and health checks keep it just above 0. */
export const IDLE_GPU_UTIL_PCT = 0.3;

export function resolvePattern(p: TrafficPattern, startMs: number): ResolvedPattern {
  switch (p.type) {
    case 'abandoned':
      return { type: 'abandoned', atMs: resolveFleetTime(p.at, startMs), before: resolvePattern(p.before, startMs) };
    case 'failing':
      return { type: 'failing', sinceMs: resolveFleetTime(p.since, startMs), errorRatePct: p.errorRatePct, base: resolvePattern(p.base, startMs) };
    default:
      return p;
  }
}

/** The load a pattern puts on an endpoint from `tMs` until `untilMs` (piecewise constant). */
export interface Load {
  invocationsPerMinute: number;
  gpuUtilPct: number;
  errorRatePct: number;
  untilMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function loadAt(p: ResolvedPattern, seed: number, tMs: number): Load {
  switch (p.type) {
    case 'idle':
      return { invocationsPerMinute: 0, gpuUtilPct: p.gpuUtilPct, errorRatePct: 0, untilMs: Infinity };
    case 'steady':
      return { invocationsPerMinute: p.invocationsPerMinute, gpuUtilPct: p.gpuUtilPct, errorRatePct: 0, untilMs: Infinity };
    case 'business-hours': {
      const offsetMs = p.tzOffsetHours * HOUR_MS;
      const local = tMs + offsetMs;
      const hourIdx = Math.floor(local / HOUR_MS);
      const hourOfDay = ((hourIdx % 24) + 24) % 24;
      // 1970-01-01 was a Thursday (day 4 with Sunday = 0).
      const dayOfWeek = (((Math.floor(local / DAY_MS) + 4) % 7) + 7) % 7;
      const open = hourOfDay >= p.startHour && hourOfDay < p.endHour && (!p.weekdaysOnly || (dayOfWeek >= 1 && dayOfWeek <= 5));
      const untilMs = (hourIdx + 1) * HOUR_MS - offsetMs;
      return open
        ? { invocationsPerMinute: p.invocationsPerMinute, gpuUtilPct: p.gpuUtilPct, errorRatePct: 0, untilMs }
        : { invocationsPerMinute: 0, gpuUtilPct: IDLE_GPU_UTIL_PCT, errorRatePct: 0, untilMs };
    }
    case 'bursty': {
      const minute = Math.floor(tMs / MINUTE_MS);
      const burst = unit(mix1(seed ^ 0xb0b5, minute)) < p.burstProbability;
      const untilMs = (minute + 1) * MINUTE_MS;
      return burst
        ? { invocationsPerMinute: p.meanInvocationsPerMinute / p.burstProbability, gpuUtilPct: p.gpuUtilPct, errorRatePct: 0, untilMs }
        : { invocationsPerMinute: 0, gpuUtilPct: IDLE_GPU_UTIL_PCT, errorRatePct: 0, untilMs };
    }
    case 'abandoned': {
      if (tMs >= p.atMs) return { invocationsPerMinute: 0, gpuUtilPct: IDLE_GPU_UTIL_PCT, errorRatePct: 0, untilMs: Infinity };
      const l = loadAt(p.before, seed, tMs);
      return { ...l, untilMs: Math.min(l.untilMs, p.atMs) };
    }
    case 'failing': {
      const l = loadAt(p.base, seed, tMs);
      if (tMs >= p.sinceMs) return { ...l, errorRatePct: p.errorRatePct };
      return { ...l, untilMs: Math.min(l.untilMs, p.sinceMs) };
    }
  }
}

/** Expected totals of a pattern over [fromMs, toMs): the basis of every CloudWatch datapoint. */
export interface LoadTotals {
  minutes: number;
  invocations: number;
  errors: number;
  /** Sum over minutes of per-GPU utilisation: divide by `minutes` for the mean. */
  gpuUtilPctMinutes: number;
  /** Minutes with a non-zero request rate (ModelLatency is only published for those). */
  busyMinutes: number;
}

/** Walks the pattern's constant pieces, so an hourly datapoint of a steady endpoint costs one step, not 60. */
export function integrateLoad(p: ResolvedPattern, seed: number, fromMs: number, toMs: number): LoadTotals {
  if (p.type === 'bursty') return integrateBursty(p, seed, fromMs, toMs);
  if (p.type === 'steady' || p.type === 'idle') {
    const minutes = Math.max(0, toMs - fromMs) / MINUTE_MS;
    const rate = p.type === 'steady' ? p.invocationsPerMinute : 0;
    return { minutes, invocations: rate * minutes, errors: 0, gpuUtilPctMinutes: p.gpuUtilPct * minutes, busyMinutes: rate > 0 ? minutes : 0 };
  }
  const totals: LoadTotals = { minutes: 0, invocations: 0, errors: 0, gpuUtilPctMinutes: 0, busyMinutes: 0 };
  let t = fromMs;
  while (t < toMs) {
    const l = loadAt(p, seed, t);
    const end = Math.min(toMs, l.untilMs > t ? l.untilMs : t + MINUTE_MS);
    const minutes = (end - t) / MINUTE_MS;
    const invocations = l.invocationsPerMinute * minutes;
    totals.minutes += minutes;
    totals.invocations += invocations;
    totals.errors += (invocations * l.errorRatePct) / 100;
    totals.gpuUtilPctMinutes += l.gpuUtilPct * minutes;
    if (l.invocationsPerMinute > 0) totals.busyMinutes += minutes;
    t = end;
  }
  return totals;
}

/** Windows at least this long use a bursty pattern's expectation instead of drawing every minute. */
const BURSTY_EXPECTATION_MS = 6 * HOUR_MS;

/**
 * Same result as the generic walk for a bursty pattern, without allocating per minute. Over long windows (daily
 * costs, daily datapoints of big fleets) the per-minute draws average out, so the expectation is used instead.
 */
function integrateBursty(p: Extract<ResolvedPattern, { type: 'bursty' }>, seed: number, fromMs: number, toMs: number): LoadTotals {
  const totals: LoadTotals = { minutes: 0, invocations: 0, errors: 0, gpuUtilPctMinutes: 0, busyMinutes: 0 };
  if (toMs - fromMs >= BURSTY_EXPECTATION_MS) {
    const minutes = (toMs - fromMs) / MINUTE_MS;
    const q = p.burstProbability;
    return { minutes, invocations: p.meanInvocationsPerMinute * minutes, errors: 0, gpuUtilPctMinutes: (q * p.gpuUtilPct + (1 - q) * IDLE_GPU_UTIL_PCT) * minutes, busyMinutes: q * minutes };
  }
  const burstRate = p.meanInvocationsPerMinute / p.burstProbability;
  for (let t = fromMs; t < toMs; ) {
    const minute = Math.floor(t / MINUTE_MS);
    const end = Math.min(toMs, (minute + 1) * MINUTE_MS);
    const minutes = (end - t) / MINUTE_MS;
    const burst = unit(mix1(seed ^ 0xb0b5, minute)) < p.burstProbability;
    totals.minutes += minutes;
    if (burst) {
      totals.invocations += burstRate * minutes;
      totals.gpuUtilPctMinutes += p.gpuUtilPct * minutes;
      totals.busyMinutes += minutes;
    } else {
      totals.gpuUtilPctMinutes += IDLE_GPU_UTIL_PCT * minutes;
    }
    t = end;
  }
  return totals;
}
