import type { Cloud, ResourceRef } from './cloud';

/** Where a cost figure comes from, shown next to every number. */
export type CostBasis = 'billed' | 'list-price' | 'estimate';

/**
 * One line of cost, named after the FOCUS 1.0 columns where they fit so that exports and
 * later FOCUS ingestion map one to one. Amounts are numbers in `BillingCurrency`.
 */
export interface CostLine {
  cloud: Cloud;
  /** FOCUS ChargePeriodStart (inclusive) and ChargePeriodEnd (exclusive). */
  ChargePeriodStart: Date;
  ChargePeriodEnd: Date;
  BilledCost: number;
  EffectiveCost: number;
  BillingCurrency: string;
  ServiceName: string;
  /** FOCUS SubAccountId: AWS account, GCP project, Azure subscription. */
  SubAccountId?: string;
  RegionId?: string;
  ResourceId?: string;
  /** Tags the provider grouped by (owner tag etc.). */
  Tags?: Record<string, string>;
  basis: CostBasis;
  /**
   * Which partition of spend the line belongs to. Lines of one breakdown (per cloud) count each dollar once; lines of
   * the two breakdowns overlap, so never sum across them:
   * - `total`: all spend of the account (AWS Cost Explorer by SERVICE, Azure by ResourceId, every Google export row);
   * - `owner`: spend split by the owner tag, again (AWS: SageMaker only, because Cost Explorer groups by one tag in one
   *   query; Azure: every service). Google has no owner lines: its `total` rows carry their labels.
   * - `commitment`: spend under commitments read on their own (Azure: AmortizedCost by PricingModel Reservation /
   *   SavingsPlan), overlapping `total`; AWS and Google commitment fees are `total` lines marked with
   *   CommitmentDiscountType instead, because they are real charges of their own.
   * Use `src/detectors/spend.ts` rather than filtering by hand.
   */
  breakdown: 'total' | 'owner' | 'commitment';
  /**
   * FOCUS CommitmentDiscountType: set on lines that are a long commitment's fee or its amortised cost, in the
   * provider's words ("Savings Plans", "Committed use discount", "Reservation", "SavingsPlan"). Read through
   * spend.ts commitmentLines.
   */
  CommitmentDiscountType?: string;
  /** Human words for where the number came from, e.g. "Cost Explorer UnblendedCost, grouped by SERVICE". */
  source: string;
  /** Set when the provider says the figure is still estimated (Cost Explorer `Estimated`). */
  estimated?: boolean;
  ref?: ResourceRef;
}

/** A monthly figure attached to a finding, with how it was obtained. */
export interface CostEstimate {
  monthly: { amount: number; currency: string };
  hourly?: { amount: number; currency: string };
  basis: CostBasis;
  /** E.g. "1 x ml.g5.12xlarge at $7.09/h (AWS list price us-east-1, 2026-11-01)". */
  explanation: string;
}

/**
 * The cloud's own forecast of one month's spend for one scope (AWS Cost Explorer GetCostForecast, Azure Cost
 * Management forecast.usage); Google has no forecast API. Days of the month before `forecastFrom` are actual spend,
 * which the cost lines carry: a budget adds the lines of those days to `forecastRemaining` (AWS's answer holds only
 * the forecast part; Azure's also holds the actual part, kept in `actualToDate` for reference).
 */
export interface MonthForecast {
  cloud: Cloud;
  /** The accounts (AWS accounts, Azure subscriptions) the figures cover; `['*']`: every account the reader's billing access shows (AWS without a LINKED_ACCOUNT filter: the organization from its management account, else the one account). */
  SubAccountIds: string[];
  /** Limited to this billing service (the ML platform's, as the cost lines name it); unset: every service. */
  ServiceName?: string;
  month: { start: Date; end: Date };
  /** First UTC day forecast: today on AWS (GetCostForecast's Start may not be in the past), the first `Forecast` row on Azure. */
  forecastFrom: Date;
  /** Forecast spend from `forecastFrom` to the month's end. */
  forecastRemaining: number;
  /** Prediction interval of `forecastRemaining`, when the cloud gives one (AWS at `levelPct`). */
  interval?: { low: number; high: number; levelPct: number };
  /** Billed before `forecastFrom`, when the cloud's answer includes it (Azure includeActualCost). */
  actualToDate?: number;
  currency: string;
  /** 'billed' when the whole month is actual (nothing forecast), 'estimate' otherwise. */
  basis: CostBasis;
  source: string;
}
