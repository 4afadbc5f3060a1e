import type { WatchdogConfig } from '../config/schema';
import type { BudgetForecast } from '../domain/finding';
import type { Snapshot } from '../domain/snapshot';
import { measureBudget } from '../detectors/budget-overrun';
import { describeScope, type Budget } from '../detectors/budget-scope';

/** One configured budget this month so far, measured exactly as the budget-overrun detector measures it. */
export interface BudgetRow {
  name: string;
  scope: string;
  currency: string;
  amount: number;
  month: string;
  actual: number;
  actualPct: number;
  forecast?: BudgetForecast;
  forecastPct?: number;
  /** Currencies of in-scope spend that does not count (never converted). */
  otherCurrencies: string[];
}

export interface BudgetSection {
  /** Budgets as of the report's run time (the month so far), not the report week. */
  asOf: Date;
  rows: BudgetRow[];
  /** Why there is nothing to show, when there is nothing. */
  none?: string;
}

export function weeklyBudgets(snapshot: Pick<Snapshot, 'costs' | 'forecasts'>, config: WatchdogConfig, now: Date): BudgetSection {
  const policy = config.detectors['budget-overrun'];
  if (policy.budgets.length === 0) return { asOf: now, rows: [], none: 'No budgets are configured (detectors.budget-overrun.budgets in watchdog.config.yaml).' };
  const rows = policy.budgets.map((b: Budget): BudgetRow => {
    const m = measureBudget(snapshot, b, config, now);
    return {
      name: b.name,
      scope: describeScope(b),
      currency: b.currency,
      amount: b.amount,
      month: m.month,
      actual: m.actual,
      actualPct: m.actualPct,
      ...(m.forecast ? { forecast: m.forecast } : {}),
      ...(m.forecastPct !== undefined ? { forecastPct: m.forecastPct } : {}),
      otherCurrencies: m.otherCurrencies.map((o) => o.currency),
    };
  });
  return { asOf: now, rows };
}
