import type { WatchdogConfig } from '../config/schema';
import type { TimeWindow } from '../domain/utilization';

const HOUR_MS = 3_600_000;

/** Traffic lookback: the longest window any enabled detector needs, aligned to whole 5-minute periods. */
export function utilizationWindow(config: WatchdogConfig, now: Date): TimeWindow {
  const idle = config.detectors['idle-gpu'];
  const hours = Math.max(idle.idleWindowHours, idle.lookbackHours);
  const end = Math.floor(now.getTime() / 300_000) * 300_000;
  return { start: new Date(end - hours * HOUR_MS), end: new Date(end) };
}

/** Recent window for resource metrics (GPU, errors, latency): the idle window, at fine resolution. */
export function detailWindow(config: WatchdogConfig, now: Date): TimeWindow {
  const end = Math.floor(now.getTime() / 300_000) * 300_000;
  return { start: new Date(end - config.detectors['idle-gpu'].idleWindowHours * HOUR_MS), end: new Date(end) };
}

/** Billing lookback in whole UTC days ending today (Cost Explorer End is exclusive and may be today). */
export function costWindow(config: WatchdogConfig, now: Date): TimeWindow {
  const days = config.clouds.aws.costExplorer.lookbackDays;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { start: new Date(today - days * 24 * HOUR_MS), end: new Date(today + 24 * HOUR_MS) };
}
