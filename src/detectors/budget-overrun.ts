import { median, quantile } from 'simple-statistics';
import type { z } from 'zod';
import type { budgetSchema } from '../config/budget-overrun-schema';
import type { WatchdogConfig } from '../config/schema';
import { CLOUDS, refKey, type Cloud, type ResourceRef } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { BudgetForecast, BudgetOverrunFinding, Severity } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { Snapshot } from '../domain/snapshot';
import { dayOf, isPlatformService, ownerLines, totalLines } from './spend';
import { addDays } from './spend-baseline';

type Budget = z.output<typeof budgetSchema>;
const DAY_MS = 86_400_000;

/** The lines a budget counts (any currency; the caller splits them), from the breakdown that fits its scope. Shared with the weekly report. */
export function scopeLines(costs: readonly CostLine[], b: Budget, ownerTag: string): CostLine[] {
  const clouds = b.cloud ? [b.cloud] : CLOUDS;
  // An owner scope needs the owner breakdown (AWS: SageMaker only; Azure: every service; Google: labelled rows);
  // any other scope the total breakdown, which counts each dollar once.
  const lines = b.owner ? clouds.flatMap((c) => ownerLines(costs, c).filter((l) => l.Tags?.[ownerTag] === b.owner)) : totalLines(costs).filter((l) => clouds.includes(l.cloud));
  return lines.filter((l) => (!b.account || l.SubAccountId === b.account) && (b.services === 'all' || isPlatformService(l)));
}

export function describeScope(b: Budget): string {
  const what = b.services === 'all' ? 'all services' : 'ML platform spend';
  const parts = [b.owner ? `owner ${b.owner}` : undefined, b.account ? `account ${b.account}` : undefined, b.cloud ?? 'every cloud'].filter(Boolean);
  return `${what}, ${parts.join(', ')}`;
}

/**
 * Month-end forecast by run rate: spend of the month's complete days, plus the days left (today included) x the
 * median daily spend of the last `runRateDays` complete days (the median ignores a one-off spike); the interval uses
 * their 10th and 90th percentiles. Undefined without at least 3 complete days of history.
 */
export function runRateForecast(daily: ReadonlyMap<string, number>, monthStart: string, today: string, daysInMonth: number, runRateDays: number, currency: string): BudgetForecast | undefined {
  const recent = Array.from({ length: runRateDays }, (_, i) => addDays(today, -1 - i)).filter((d) => daily.has(d));
  if (recent.length < 3) return undefined;
  const values = recent.map((d) => daily.get(d)!);
  let complete = 0;
  let completeDays = 0;
  for (let d = monthStart; d < today; d = addDays(d, 1)) {
    complete += daily.get(d) ?? 0;
    completeDays++;
  }
  const left = daysInMonth - completeDays;
  const rate = median(values);
  return {
    total: complete + rate * left,
    low: complete + quantile(values, 0.1) * left,
    high: complete + quantile(values, 0.9) * left,
    dailyRate: rate,
    method: `run rate: ${completeDays} complete day(s) billed + ${left} day(s) left x ${formatMoney({ amount: rate, currency })}/day (median of the last ${values.length} complete days; range from their 10th-90th percentiles)`,
  };
}

/**
 * `budget-overrun`: month-to-date billed spend and a month-end forecast against each configured budget. One finding per
 * budget and basis at the highest threshold crossed; the period and threshold are in the fingerprint and findings are
 * `alertOnce`, so each threshold alerts once a month. A forecast threshold the actual already crossed is not repeated.
 * The forecast is our own run-rate model (stated in every explanation); only spend in the budget's currency counts.
 */
export function detectBudgetOverrun(snapshot: Snapshot, config: WatchdogConfig, now: Date): BudgetOverrunFinding[] {
  const policy = config.detectors['budget-overrun'];
  if (!policy.enabled || policy.budgets.length === 0) return [];
  const findings: BudgetOverrunFinding[] = [];
  for (const b of policy.budgets) {
    const m = measureBudget(snapshot.costs, b, config.ownerTag, policy.runRateDays, now);
    const actualHit = highest(policy.actualThresholdsPct, m.actualPct);
    const forecastHit = m.forecastPct !== undefined ? highest(policy.forecastThresholdsPct, m.forecastPct) : undefined;
    const base = { b, ...m, now };
    if (actualHit !== undefined) findings.push(finding({ ...base, basis: 'actual', threshold: actualHit }));
    if (forecastHit !== undefined && (actualHit === undefined || forecastHit > actualHit)) findings.push(finding({ ...base, basis: 'forecast', threshold: forecastHit }));
  }
  return findings;
}

/** One budget's month so far and month-end forecast as of `now`: what the detector alerts on and the weekly report shows. */
export interface BudgetMeasure {
  month: string;
  actual: number;
  actualPct: number;
  forecast: BudgetForecast | undefined;
  forecastPct: number | undefined;
  /** Currencies of in-scope spend that does not count (never converted). */
  otherCurrencies: string[];
  clouds: Cloud[];
}

export function measureBudget(costs: readonly CostLine[], b: Budget, ownerTag: string, runRateDays: number, now: Date): BudgetMeasure {
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const monthStart = `${month}-01`;
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const all = scopeLines(costs, b, ownerTag);
  const lines = all.filter((l) => l.BillingCurrency === b.currency);
  const otherCurrencies = [...new Set(all.filter((l) => l.BillingCurrency !== b.currency).map((l) => l.BillingCurrency))].sort();
  const daily = new Map<string, number>();
  for (const l of lines) daily.set(dayOf(l), (daily.get(dayOf(l)) ?? 0) + l.BilledCost);
  const actual = lines.filter((l) => dayOf(l) >= monthStart && dayOf(l) <= today).reduce((s, l) => s + l.BilledCost, 0);
  const forecast = runRateForecast(daily, monthStart, today, daysInMonth, runRateDays, b.currency);
  const clouds = [...new Set(lines.map((l) => l.cloud))].sort() as Cloud[];
  return {
    month,
    actual,
    actualPct: (actual / b.amount) * 100,
    forecast,
    forecastPct: forecast ? (forecast.total / b.amount) * 100 : undefined,
    otherCurrencies,
    clouds: b.cloud ? [b.cloud] : clouds,
  };
}

const highest = (thresholds: readonly number[], pct: number): number | undefined => [...thresholds].reverse().find((t) => pct >= t);

function finding(x: {
  b: Budget; clouds: Cloud[]; month: string; basis: 'actual' | 'forecast'; threshold: number; actual: number; actualPct: number;
  forecast: BudgetForecast | undefined; forecastPct: number | undefined; otherCurrencies: string[]; now: Date;
}): BudgetOverrunFinding {
  const { b } = x;
  const m = (amount: number) => formatMoney({ amount, currency: b.currency }, 0);
  const cloud: Cloud = b.cloud ?? x.clouds[0] ?? 'aws';
  const ref: ResourceRef = { cloud, account: b.account ?? '*', region: 'global', kind: 'cost-scope', name: `budget ${b.name}`, id: `budget:${b.name}` };
  const isActual = x.basis === 'actual';
  const f = x.forecast;
  const monthly = isActual ? x.actual : f!.total;
  const explanation = isActual
    ? `billed ${m(x.actual)} in ${x.month} so far: ${x.actualPct.toFixed(0)}% of the ${m(b.amount)} budget (${describeScope(b)})`
    : `forecast ${m(f!.total)} for ${x.month} (range ${m(f!.low)} .. ${m(f!.high)}): ${x.forecastPct!.toFixed(0)}% of the ${m(b.amount)} budget; ${f!.method}`;
  const over = isActual ? x.actualPct >= 100 : (x.forecastPct ?? 0) >= 100;
  return {
    kind: 'budget-overrun',
    fingerprint: `budget-overrun:${refKey(ref)}:${x.month}:${x.basis}-${x.threshold}`,
    ref,
    tags: {},
    ...(b.owner ? { owner: b.owner } : {}),
    title: `Budget ${b.name}: ${isActual ? 'spent' : 'forecast'} ${x.threshold}% of ${m(b.amount)} in ${x.month}`,
    severity: severityOf(x.basis, x.threshold),
    detectedAt: x.now,
    alertOnce: true,
    cost: { monthly: { amount: monthly, currency: b.currency }, basis: isActual ? 'billed' : 'estimate', explanation },
    recommendation: {
      action: 'none',
      summary: over
        ? `Over budget${isActual ? '' : ' by month end at this rate'}: look at the cost-anomaly and idle findings in this scope, park what is idle, or raise the budget if the spend is planned.`
        : `${x.threshold}% of the budget ${isActual ? 'is spent' : 'is forecast'}: check the biggest spenders in this scope before the month runs out.`,
      reversible: false,
    },
    evidence: {
      budget: b.name, scope: describeScope(b), clouds: x.clouds, amount: b.amount, currency: b.currency, month: x.month, basis: x.basis,
      thresholdPct: x.threshold, actualToDate: x.actual, actualPct: x.actualPct,
      ...(f ? { forecast: f } : {}), ...(x.forecastPct !== undefined ? { forecastPct: x.forecastPct } : {}),
      otherCurrencies: x.otherCurrencies,
    },
  };
}

function severityOf(basis: 'actual' | 'forecast', threshold: number): Severity {
  if (threshold >= 100) return basis === 'actual' ? 'high' : 'medium';
  if (threshold >= 80) return basis === 'actual' ? 'medium' : 'low';
  return 'low';
}
