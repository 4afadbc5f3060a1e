import type { Cloud } from '../cloud';

/**
 * One cloud's share of a budget's month-end forecast. `cloud`: that cloud's own forecast (AWS Cost Explorer
 * GetCostForecast, Azure Cost Management), `run-rate`: ours (Google has no forecast API; owner scopes; a forecast
 * that could not be read), `actual-only`: too little history to project, only what is billed counts.
 */
export interface BudgetForecastPart {
  cloud: Cloud;
  method: 'cloud' | 'run-rate' | 'actual-only';
  /** Billed before the first projected day. */
  actual: number;
  /** Projected from the first projected day to the month's end. */
  projected: number;
  /** The part's month total (actual + projected) at the low and high end of its interval. */
  low: number;
  high: number;
  /** Run rate: the daily rate the rest of the month is projected at. */
  dailyRate?: number;
  /** How it was made, in words (source, days, interval). */
  how: string;
}

export interface BudgetForecast {
  /** Month-end total: the parts' actual + projected. */
  total: number;
  /** The parts' low and high ends summed (a range, not a joint probability). */
  low: number;
  high: number;
  parts: BudgetForecastPart[];
  /** How it was made, in words: each part's method. */
  method: string;
}

export interface BudgetOverrunEvidence {
  budget: string;
  /** What the budget covers, in words: "ML platform spend, owner team-nlp, every cloud". */
  scope: string;
  /** Clouds whose spend counted (in the budget's currency). */
  clouds: Cloud[];
  amount: number;
  currency: string;
  /** YYYY-MM. */
  month: string;
  basis: 'actual' | 'forecast';
  /** The threshold crossed (highest of the configured ones). */
  thresholdPct: number;
  /** Billed from the 1st of the month to now (today's partial day included). */
  actualToDate: number;
  actualPct: number;
  forecast?: BudgetForecast;
  forecastPct?: number;
  /** How far the basis's figure (month to date, or the forecast) is above the budget; 0 below it. */
  overrun: number;
  /** Month-to-date spend in the scope billed in other currencies: left out, never converted. */
  otherCurrencies: { currency: string; monthToDate: number }[];
  /** Caveats about what the figures cover (e.g. AWS owner spend is SageMaker's only). */
  notes: string[];
}
