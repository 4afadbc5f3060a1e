import type { Cloud } from '../domain/cloud';
import type { CostBasis } from '../domain/cost';
import type { Money } from '../domain/money';

/**
 * What ml-watchdog itself cost over a period: the cloud API calls it made (per cloud and operation, priced at the
 * published per-request prices) and its own Lambda time. Built from the per-run usage records the scheduled functions
 * write (src/usage/), so a week with missing runs says so in `coverage` instead of under-reporting silently.
 */
export interface OperationUsage {
  cloud: Cloud;
  /** The operation as the providers count it ("GetCostAndUsage", "CostManagement.Query_Usage", ...). */
  operation: string;
  calls: number;
  cost: Money;
  /** Where the price comes from, e.g. "Cost Explorer API: $0.01 per paginated request (AWS pricing page)". */
  priceBasis: string;
}

export interface LambdaUsage {
  functionName: string;
  invocations: number;
  /** Billed duration x memory. */
  gbSeconds: number;
  cost: Money;
}

export interface WatchdogCostSummary {
  period: { start: Date; end: Date };
  operations: OperationUsage[];
  lambda: LambdaUsage[];
  /** One entry per currency (all USD today: the three clouds publish API prices in USD). */
  total: Money[];
  /** 'list-price': published prices times recorded counts; never 'billed'. */
  basis: CostBasis;
  /** How much of the period has records: runs recorded, first and last. */
  coverage: { runs: number; firstRunAt?: Date; lastRunAt?: Date };
  /** Human words on the prices used and anything left out (free tiers are not subtracted, for example). */
  notes: string[];
}
