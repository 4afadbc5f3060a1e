import type { WatchdogConfig } from '../config/schema';

/**
 * Since when every reader lists finished training runs (runaway-training's per-family history): the detector's
 * `historyDays` back from now, and nothing (no extra calls) when the detector is off.
 */
export function historySince(config: WatchdogConfig, now: Date): { trainingHistorySince?: Date } {
  const policy = config.detectors['runaway-training'];
  return policy.enabled ? { trainingHistorySince: new Date(now.getTime() - policy.historyDays * 86_400_000) } : {};
}
