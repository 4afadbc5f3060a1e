import type { Cloud } from './cloud';

export type ProviderState = 'ok' | 'auth-failed' | 'throttled' | 'missing-data' | 'error' | 'disabled';

/** The health of one cloud's (and one part's) collection, shown to users next to findings. */
export interface ProviderStatus {
  cloud: Cloud;
  /** Which part: "inventory", "utilization", "costs", or a region-qualified name like "inventory:us-east-1". */
  component: string;
  state: ProviderState;
  message?: string;
  /** Stable error code when not ok (e.g. "AccessDeniedException", "ThrottlingException"). */
  code?: string;
  /** API calls made for this part, by operation. */
  calls?: Record<string, number>;
  /**
   * Billable units by operation where a call's price is not per call: CloudWatch.GetMetricData counts the metrics
   * requested (every query of every page), BigQuery.Query the bytes billed. What ml-watchdog's own cost is priced on.
   */
  units?: Record<string, number>;
}
