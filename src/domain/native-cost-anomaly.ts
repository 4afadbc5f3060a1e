import type { Cloud } from './cloud';

/** Where the cloud itself saw the cost: one root cause of a native anomaly (AWS Cost Anomaly Detection `RootCause`). */
export interface NativeRootCause {
  service?: string;
  region?: string;
  /** AWS linked (member) account id. */
  account?: string;
  accountName?: string;
  usageType?: string;
  /** Dollars this root cause contributed to the anomaly's total impact. */
  contribution?: number;
}

/**
 * A cost anomaly the cloud detected on its own: today only AWS Cost Anomaly Detection (`ce:GetAnomalies`), which needs
 * a monitor in the account (AWS creates a default services monitor for most new accounts). The cost-anomaly detector
 * merges these with its own so one jump is one finding.
 */
export interface NativeCostAnomaly {
  cloud: Cloud;
  /** The cloud's id (AnomalyId). */
  id: string;
  /** The monitor that found it (MonitorArn). */
  monitor: string;
  /** First and last UTC day (YYYY-MM-DD) the anomaly was observed; the end moves on while it lasts. */
  startDay: string;
  endDay?: string;
  /** The monitored dimension's value, e.g. the service of a services monitor. */
  dimensionValue?: string;
  rootCauses: NativeRootCause[];
  /** Impact figures in USD (Cost Explorer reports anomalies in USD): total = actual - expected over the anomaly. */
  impact: { maxImpact: number; totalImpact?: number; totalActualSpend?: number; totalExpectedSpend?: number; totalImpactPct?: number };
  score?: { max: number; current: number };
  /** What a person answered in the console: YES (a real anomaly), NO (not one), PLANNED_ACTIVITY (expected). */
  feedback?: 'YES' | 'NO' | 'PLANNED_ACTIVITY';
  currency: string;
  /** Human words for where it came from. */
  source: string;
}
