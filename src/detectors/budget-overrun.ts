import type { WatchdogConfig } from '../config/schema';
import { CLOUDS, type Cloud, type ResourceRef } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { BudgetForecast, BudgetForecastPart, BudgetOverrunFinding, Severity } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { Snapshot } from '../domain/snapshot';
import { billedHorizon, cloudForecastPart, combineParts, monthClock, runRatePart, type MonthClock } from './budget-forecast';
import { budgetClouds, describeScope, scopeLines, scopeNotes, type Budget } from './budget-scope';
import { dayOf } from './spend';

type Policy = WatchdogConfig['detectors']['budget-overrun'];

/** Why a cloud's part uses our run rate rather than the cloud's forecast, said in the explanation. */
function runRateWhy(cloud: Cloud, b: Budget, policy: Policy): string {
  if (cloud === 'gcp') return 'Google Cloud has no forecast API';
  if (b.owner) return "the clouds' forecasts are not split by owner";
  if (!policy.cloudForecast) return 'cloudForecast is off';
  return `no ${cloud === 'aws' ? 'Cost Explorer' : 'Cost Management'} forecast covers this scope: see the forecast provider status`;
}

/**
 * The month-end forecast of a budget, cloud by cloud: the cloud's own forecast where it covers the cloud's part of
 * the scope exactly, else our run rate; the parts are summed (a budget across clouds mixes both, and says so).
 */
function forecastOf(snapshot: Pick<Snapshot, 'costs' | 'forecasts'>, b: Budget, lines: readonly CostLine[], clouds: readonly Cloud[], policy: Policy, clock: MonthClock): BudgetForecast | undefined {
  const parts: BudgetForecastPart[] = clouds.map((cloud) => {
    const mine = lines.filter((l) => l.cloud === cloud);
    const own = !b.owner && policy.cloudForecast ? cloudForecastPart({ cloud, b, lines: mine, forecasts: snapshot.forecasts, clock }) : undefined;
    return (
      own ??
      runRatePart({ cloud, lines: mine, horizon: billedHorizon(snapshot.costs, cloud, clock.today), clock, runRateDays: policy.runRateDays, currency: b.currency, why: runRateWhy(cloud, b, policy) })
    );
  });
  return combineParts(parts);
}

const highest = (thresholds: readonly number[], pct: number): number | undefined => [...thresholds].reverse().find((t) => pct >= t);

/** One budget's month so far and month-end forecast as of `now`: what the detector alerts on and the weekly report shows. */
export interface BudgetMeasure {
  month: string;
  actual: number;
  actualPct: number;
  forecast: BudgetForecast | undefined;
  forecastPct: number | undefined;
  /** Spend in the scope billed in other currencies this month: named, never converted. */
  otherCurrencies: { currency: string; monthToDate: number }[];
  /** The clouds whose spend counted, in CLOUDS order. */
  clouds: Cloud[];
}

export function measureBudget(snapshot: Pick<Snapshot, 'costs' | 'forecasts'>, b: Budget, config: WatchdogConfig, now: Date): BudgetMeasure {
  const policy = config.detectors['budget-overrun'];
  const clock = monthClock(now);
  const all = scopeLines(snapshot.costs, b, config.ownerTag);
  const lines = all.filter((l) => l.BillingCurrency === b.currency);
  const inMonth = (l: CostLine) => dayOf(l) >= clock.monthStart && dayOf(l) <= clock.today;
  const others = new Map<string, number>();
  for (const l of all) if (l.BillingCurrency !== b.currency && inMonth(l)) others.set(l.BillingCurrency, (others.get(l.BillingCurrency) ?? 0) + l.BilledCost);
  const withSpend = new Set(lines.map((l) => l.cloud));
  const clouds = b.cloud ? [b.cloud] : budgetClouds(b).filter((c) => withSpend.has(c));
  const actual = lines.filter(inMonth).reduce((s, l) => s + l.BilledCost, 0);
  const forecast = clouds.length > 0 ? forecastOf(snapshot, b, lines, clouds, policy, clock) : undefined;
  return {
    month: clock.month,
    actual,
    actualPct: (actual / b.amount) * 100,
    forecast,
    forecastPct: forecast ? (forecast.total / b.amount) * 100 : undefined,
    otherCurrencies: [...others].sort(([a], [c]) => a.localeCompare(c)).map(([currency, monthToDate]) => ({ currency, monthToDate })),
    clouds: CLOUDS.filter((c) => clouds.includes(c)),
  };
}

/**
 * `budget-overrun`: month-to-date billed spend and a month-end forecast against each configured budget. One finding per
 * budget and basis (actual, forecast) at the highest threshold crossed; the month and threshold are in the fingerprint
 * and findings are `alertOnce`, so each threshold alerts once a month. A forecast threshold the actual already crossed
 * is not repeated. Only spend in the budget's currency counts; other currencies in the scope are named, never converted.
 */
export function detectBudgetOverrun(snapshot: Snapshot, config: WatchdogConfig, now: Date): BudgetOverrunFinding[] {
  const policy = config.detectors['budget-overrun'];
  if (!policy.enabled || policy.budgets.length === 0) return [];
  const findings: BudgetOverrunFinding[] = [];
  for (const b of policy.budgets) {
    const m = measureBudget(snapshot, b, config, now);
    const actualHit = highest(policy.actualThresholdsPct, m.actualPct);
    const forecastHit = m.forecastPct !== undefined ? highest(policy.forecastThresholdsPct, m.forecastPct) : undefined;
    const base = { b, ...m, now };
    if (actualHit !== undefined) findings.push(finding({ ...base, basis: 'actual', threshold: actualHit }));
    if (forecastHit !== undefined && (actualHit === undefined || forecastHit > actualHit)) findings.push(finding({ ...base, basis: 'forecast', threshold: forecastHit }));
  }
  return findings;
}

interface FindingInput {
  b: Budget;
  clouds: Cloud[];
  month: string;
  basis: 'actual' | 'forecast';
  threshold: number;
  actual: number;
  actualPct: number;
  forecast: BudgetForecast | undefined;
  forecastPct: number | undefined;
  otherCurrencies: { currency: string; monthToDate: number }[];
  now: Date;
}

function finding(x: FindingInput): BudgetOverrunFinding {
  const { b } = x;
  const m = (amount: number) => formatMoney({ amount, currency: b.currency }, 0);
  const spansClouds = !b.cloud && !b.account;
  const cloud: Cloud = b.cloud ?? x.clouds[0] ?? budgetClouds(b)[0]!;
  const ref: ResourceRef = { cloud, account: b.account ?? '*', region: 'global', kind: 'cost-scope', name: `budget ${b.name}`, id: `budget:${b.name}` };
  const isActual = x.basis === 'actual';
  const f = x.forecast;
  const figure = isActual ? x.actual : f!.total;
  const overrun = Math.max(0, figure - b.amount);
  const scope = describeScope(b);
  const others = x.otherCurrencies.length
    ? `; left out (never converted): ${x.otherCurrencies.map((o) => formatMoney({ amount: o.monthToDate, currency: o.currency }, 0)).join(', ')} billed in other currencies`
    : '';
  const overText = overrun > 0 ? `, ${m(overrun)} over` : '';
  const explanation = isActual
    ? `billed ${m(x.actual)} in ${x.month} so far: ${x.actualPct.toFixed(0)}% of the ${m(b.amount)} budget${overText} (${scope})${others}`
    : `forecast ${m(f!.total)} for ${x.month} (range ${m(f!.low)} .. ${m(f!.high)}): ${x.forecastPct!.toFixed(0)}% of the ${m(b.amount)} budget${overText} (${scope}); ${f!.method}${others}`;
  const over = figure >= b.amount;
  return {
    kind: 'budget-overrun',
    fingerprint: `budget-overrun:${b.name}:${x.month}:${x.basis}-${x.threshold}`,
    ref,
    ...(spansClouds && x.clouds.length > 0 ? { clouds: x.clouds } : {}),
    tags: {},
    ...(b.owner ? { owner: b.owner } : {}),
    title: `Budget ${b.name}: ${isActual ? 'spent' : 'forecast'} ${x.threshold}% of ${m(b.amount)} in ${x.month}`,
    severity: severityOf(x.basis, x.threshold),
    detectedAt: x.now,
    alertOnce: true,
    cost: { monthly: { amount: figure, currency: b.currency }, basis: isActual ? 'billed' : 'estimate', explanation },
    recommendation: {
      action: 'none',
      summary: over
        ? `${isActual ? 'Over budget' : 'Over budget by month end at this rate'}: look at the cost-anomaly and idle findings in this scope, park what is idle, or raise the budget if the spend is planned.`
        : `${x.threshold}% of the budget ${isActual ? 'is spent' : 'is forecast'}: check the biggest spenders in this scope before the month runs out.`,
      reversible: false,
    },
    evidence: {
      budget: b.name, scope, clouds: x.clouds, amount: b.amount, currency: b.currency, month: x.month, basis: x.basis,
      thresholdPct: x.threshold, actualToDate: x.actual, actualPct: x.actualPct,
      ...(f ? { forecast: f } : {}), ...(x.forecastPct !== undefined ? { forecastPct: x.forecastPct } : {}),
      overrun, otherCurrencies: x.otherCurrencies, notes: scopeNotes(b, x.clouds),
    },
  };
}

/** Spent beats forecast, and the threshold's height sets the rest: 100 % spent is high, 100 % forecast medium. */
export function severityOf(basis: 'actual' | 'forecast', threshold: number): Severity {
  if (threshold >= 100) return basis === 'actual' ? 'high' : 'medium';
  if (threshold >= 80) return basis === 'actual' ? 'medium' : 'low';
  return 'low';
}
