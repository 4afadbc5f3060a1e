import type { TimeWindow } from '../domain/utilization';

const DAY_MS = 86_400_000;

/**
 * Five minutes for windows up to three days, an hour beyond (a 10-day lookback at 5 min is 2,880 points per series).
 * Both are time grains Cloud Monitoring alignment and Azure Monitor intervals accept. Shared by the Google and Azure
 * readers.
 */
export function periodFor(window: TimeWindow): number {
  return window.end.getTime() - window.start.getTime() <= 3 * DAY_MS ? 300 : 3600;
}

/** Snaps a window to whole periods so every expected period is one the monitoring service can fill. */
export function alignWindow(window: TimeWindow, periodSeconds: number): TimeWindow {
  const p = periodSeconds * 1000;
  const start = Math.floor(window.start.getTime() / p) * p;
  const end = Math.max(start + p, Math.floor(window.end.getTime() / p) * p);
  return { start: new Date(start), end: new Date(end) };
}
