import type { AdjacentCategory } from './hidden-cost';

/** Who saw a cost anomaly: ml-watchdog's own baseline, AWS Cost Anomaly Detection, or both (one finding). */
export type AnomalySource = 'ml-watchdog' | 'aws-cost-anomaly-detection';

/** What a driver names: a service, a billed resource, an owner tag value, an AWS usage type, or a resource that started. */
export type AnomalyDriverKind = 'service' | 'resource' | 'owner' | 'usage-type' | 'new-resource';

/** One thing that explains part of the jump. */
export interface AnomalyDriver {
  kind: AnomalyDriverKind;
  /** Service name, resource id or name, owner value, usage type. */
  name: string;
  /** Spend above its own baseline on the judged day (billed), or AWS's contribution, or a new resource's list-price day. */
  deltaPerDay: number;
  /** Share of the anomaly's excess it explains, in percent (at most 100: a part that rose more than the whole explains all of it). */
  sharePct?: number;
  /** Where the figure comes from, e.g. "AWS root cause, us-east-1", "2 x ml.g5.12xlarge since 2026-11-17 08:00 (list price)". */
  detail?: string;
}

/** Our own judgement of a day against its robust baseline. */
export interface AnomalyStatistics {
  /** The day the figures are for (YYYY-MM-DD): yesterday, or today when only today's partial spend is anomalous. */
  judgedDay: string;
  /** True when judgedDay is today: its spend is partial (a lower bound of the day), never scaled up. */
  partialDay: boolean;
  spend: number;
  /** Median of the baseline days. */
  baseline: number;
  baselineMethod: 'same-weekday' | 'recent-days';
  baselineDays: string[];
  /** 1.4826 x MAD of the baseline days, floored at madFloorPct of the median. */
  scaledMad: number;
  zScore: number;
  /** spend / baseline; Infinity when the baseline is 0. */
  ratio: number;
}

/** AWS Cost Anomaly Detection's view of the same anomaly, as it reported it (USD). */
export interface NativeAnomalySummary {
  id: string;
  monitor: string;
  startDay: string;
  endDay?: string;
  maxImpact: number;
  totalImpact?: number;
  totalActualSpend?: number;
  totalExpectedSpend?: number;
  totalImpactPct?: number;
  feedback?: 'YES' | 'NO' | 'PLANNED_ACTIVITY';
}

export interface CostAnomalyEvidence {
  /** A service of one account (`service`), or an owner's spend across a cloud (`owner`). */
  scopeKind: 'service' | 'owner';
  service?: string;
  /** Adjacent category of the service, when it is one (storage, logging ...). */
  category?: AdjacentCategory;
  owner?: string;
  /** First day of the anomaly (YYYY-MM-DD); part of the fingerprint. */
  startDay: string;
  detectedBy: AnomalySource[];
  /** What the monthly figure is built on: spend above the baseline per day. */
  excessPerDay: number;
  currency: string;
  /** Biggest contributors first. */
  drivers: AnomalyDriver[];
  statistics?: AnomalyStatistics;
  native?: NativeAnomalySummary;
  /** Owners whose own anomaly this finding explains (reported here instead of twice). */
  mergedOwners?: string[];
}
