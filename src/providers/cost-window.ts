import type { TimeWindow } from '../domain/utilization';

const DAY_MS = 86_400_000;

/**
 * The cost window widened, if needed, to start at least `days` whole UTC days before its last day: each cloud reads
 * at least its own `lookbackDays`, and the whole collected window when the cost detectors need more history (the
 * cost-anomaly baseline; src/app/collect-window.ts).
 */
export function atLeastDays(window: TimeWindow, days: number): TimeWindow {
  const lastDay = Math.floor((window.end.getTime() - 1) / DAY_MS) * DAY_MS;
  const start = Math.min(window.start.getTime(), lastDay - (days - 1) * DAY_MS);
  return { start: new Date(start), end: window.end };
}
