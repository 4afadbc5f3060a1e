import type { WatchdogConfig } from '../config/schema';
import type { TimeWindow } from '../domain/utilization';
import type { GpuMetricsRequest } from '../providers/types';

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

/** GPU metrics are read hourly over their long window: a day's and a week's rhythm, not 5-minute detail. */
export const GPU_PERIOD_SECONDS = 3600;

/**
 * Window of the GPU metrics (utilisation and memory) when underused-gpu is enabled: its `windowHours` (at least the
 * idle window, which idle-gpu reads GPU utilisation over) at an hourly period, ending at the last whole hour. An hour
 * still running has no complete datapoint yet. Undefined when underused-gpu is off: GPU metrics then come with the
 * detail window at 5-minute resolution, as before.
 */
export function gpuWindow(config: WatchdogConfig, now: Date): GpuMetricsRequest | undefined {
  const policy = config.detectors['underused-gpu'];
  if (!policy.enabled) return undefined;
  const hours = Math.max(policy.windowHours, config.detectors['idle-gpu'].idleWindowHours);
  const end = Math.floor(now.getTime() / (GPU_PERIOD_SECONDS * 1000)) * GPU_PERIOD_SECONDS * 1000;
  return { window: { start: new Date(end - hours * HOUR_MS), end: new Date(end) }, periodSeconds: GPU_PERIOD_SECONDS };
}

/** `{ gpu }` for a collect request when there is a GPU window (exactOptionalPropertyTypes: no `gpu: undefined`). */
export function gpuRequest(gpu: GpuMetricsRequest | undefined): { gpu?: GpuMetricsRequest } {
  return gpu ? { gpu } : {};
}

/**
 * Days of billing history the enabled cost detectors need: cost-anomaly compares a day with the same weekday of the
 * previous `baselineWeeks` weeks, so yesterday needs baselineWeeks x 7 days before it (29 days by default);
 * hidden-cost compares the last 7 complete days with the 7 before (15 days with today); budget-overrun needs the
 * month so far (the day of the month, today included) and the `runRateDays` complete days before today for its run
 * rate (early in the month those reach into the previous one).
 */
export function costHistoryDays(config: WatchdogConfig, now?: Date): number {
  const anomaly = config.detectors['cost-anomaly'];
  const budget = config.detectors['budget-overrun'];
  const budgetDays = budget.enabled && budget.budgets.length > 0 && now ? Math.max(now.getUTCDate(), budget.runRateDays + 1) : 0;
  return Math.max(anomaly.enabled ? anomaly.baselineWeeks * 7 + 1 : 0, config.detectors['hidden-cost'].enabled ? 15 : 0, budgetDays);
}

/**
 * Billing lookback in whole UTC days ending today (Cost Explorer End is exclusive and may be today): the AWS
 * lookbackDays or what the cost detectors need, whichever is longer. Extra days cost little: Cost Explorer charges
 * $0.01 per request page, and 29 days instead of 14 adds about one page per query for a few dozen services.
 * Every reader reads at least this window: Google's billing export and Azure's Cost Management widen it to their own
 * lookbackDays, never narrow it (src/providers/cost-window.ts; Azure caps one Daily query at 31 days, which still
 * holds a whole month to date).
 */
export function costWindow(config: WatchdogConfig, now: Date): TimeWindow {
  const days = Math.max(config.clouds.aws.costExplorer.lookbackDays, costHistoryDays(config, now));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { start: new Date(today - days * 24 * HOUR_MS), end: new Date(today + 24 * HOUR_MS) };
}
