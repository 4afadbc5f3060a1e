import type { z } from 'zod';
import type { budgetSchema } from '../config/budget-overrun-schema';
import type { WatchdogConfig } from '../config/schema';
import type { CostLine } from '../domain/cost';
import type { BudgetForecast } from '../domain/finding';
import { describeScope, measureBudget } from '../detectors/budget-overrun';

type Budget = z.output<typeof budgetSchema>;

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
  otherCurrencies: string[];
}

export interface BudgetSection {
  /** Budgets as of the report's run time (the month so far), not the report week. */
  asOf: Date;
  rows: BudgetRow[];
  /** Why there is nothing to show, when there is nothing. */
  none?: string;
}

export function weeklyBudgets(costs: readonly CostLine[], config: WatchdogConfig, now: Date): BudgetSection {
  const policy = config.detectors['budget-overrun'];
  if (policy.budgets.length === 0) return { asOf: now, rows: [], none: 'No budgets are configured (detectors.budget-overrun.budgets in watchdog.config.yaml).' };
  const rows = policy.budgets.map((b: Budget): BudgetRow => {
    const m = measureBudget(costs, b, config.ownerTag, policy.runRateDays, now);
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
      otherCurrencies: m.otherCurrencies,
    };
  });
  return { asOf: now, rows };
}
