import type { WatchdogConfig } from '../config/schema';
import type { Finding, FindingKind, FindingOf } from '../domain/finding';
import type { Snapshot } from '../domain/snapshot';
import { detectCostAnomaly } from './cost-anomaly';
import { detectEndpointFailure } from './endpoint-failure';
import { detectHiddenCost } from './hidden-cost';
import { detectUnattributedSpend } from './unattributed-spend';
import { detectCapacityRisk } from './capacity-risk';
import { detectIdleGpu } from './idle-gpu';
import { detectIdleNotebook } from './idle-notebook';

export type Detector<K extends FindingKind> = (snapshot: Snapshot, config: WatchdogConfig, now: Date) => FindingOf<K>[];

/** One detector per finding kind; a kind added to the Finding union without a detector here fails `tsc`. */
export const DETECTORS: { [K in FindingKind]: Detector<K> } = {
  'idle-gpu': detectIdleGpu,
  'endpoint-failure': detectEndpointFailure,
  'cost-anomaly': detectCostAnomaly,
  'hidden-cost': detectHiddenCost,
  'unattributed-spend': detectUnattributedSpend,
  'capacity-risk': detectCapacityRisk,
  'idle-notebook': detectIdleNotebook,
};

/** Runs the selected detectors (all by default). Pure: no I/O, no clock. */
export function detectAll(
  snapshot: Snapshot,
  config: WatchdogConfig,
  now: Date,
  kinds?: readonly FindingKind[],
): Finding[] {
  const selected = (Object.keys(DETECTORS) as FindingKind[]).filter((k) => !kinds || kinds.includes(k));
  return selected.flatMap((k): Finding[] => DETECTORS[k](snapshot, config, now));
}
