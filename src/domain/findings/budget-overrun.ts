import type { Cloud } from '../cloud';

export interface BudgetForecast {
  /** Month-end total: spend of the complete days + the daily rate x the days left. */
  total: number;
  /** The same with the low and high daily rates (10th and 90th percentile of the recent days). */
  low: number;
  high: number;
  dailyRate: number;
  /** How it was made, in words. */
  method: string;
}

export interface BudgetOverrunEvidence {
  budget: string;
  /** What the budget covers, in words: "Azure Machine Learning in every account of azure", "owner team-nlp, aws". */
  scope: string;
  clouds: Cloud[];
  amount: number;
  currency: string;
  /** YYYY-MM. */
  month: string;
  basis: 'actual' | 'forecast';
  /** The threshold crossed (highest of the configured ones). */
  thresholdPct: number;
  actualToDate: number;
  actualPct: number;
  forecast?: BudgetForecast;
  forecastPct?: number;
  /** Spend in the scope billed in other currencies, left out (never converted). */
  otherCurrencies: string[];
}
