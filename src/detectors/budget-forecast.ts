import { median, quantile } from 'simple-statistics';
import type { Cloud } from '../domain/cloud';
import type { CostLine, MonthForecast } from '../domain/cost';
import type { BudgetForecast, BudgetForecastPart } from '../domain/finding';
import { formatMoney } from '../domain/money';
import { forecastService, sameAccount, type Budget } from './budget-scope';
import { dayOf } from './spend';
import { addDays } from './spend-baseline';

/** The month being judged, as UTC days (YYYY-MM-DD). */
export interface MonthClock {
  /** YYYY-MM. */
  month: string;
  monthStart: string;
  /** The 1st of next month (exclusive end). */
  monthEnd: string;
  today: string;
}

export function monthClock(now: Date): MonthClock {
  const today = now.toISOString().slice(0, 10);
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  return { month: today.slice(0, 7), monthStart: `${today.slice(0, 7)}-01`, monthEnd: end, today };
}

/** Days from `from` (inclusive) to `to` (exclusive); 0 when `to` is not after `from`. */
function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

function dailySums(lines: readonly CostLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(dayOf(l), (out.get(dayOf(l)) ?? 0) + l.BilledCost);
  return out;
}

/**
 * Days a cloud's billing data may lag behind: AWS Cost Explorer answers every day up to today (a day without a line had
 * no spend); Azure Cost Management refreshes every few hours and can miss yesterday; Google's billing export "can take
 * a day or more" (Cloud Billing docs, frequency of data loads).
 */
const MAX_LAG_DAYS: Readonly<Record<Cloud, number>> = { aws: 0, azure: 1, gcp: 2 };

/**
 * The last complete day a cloud's billing shows: the latest day before today with any billed line of that cloud
 * (any scope), but never earlier than its usual lag allows: a day not billed yet is projected, never counted as zero,
 * while a cloud with no spend at all lately still has its quiet days counted.
 */
export function billedHorizon(costs: readonly CostLine[], cloud: Cloud, today: string): string {
  let last = addDays(today, -1 - MAX_LAG_DAYS[cloud]);
  for (const l of costs) {
    if (l.cloud !== cloud || l.basis !== 'billed') continue;
    const d = dayOf(l);
    if (d < today && d > last) last = d;
  }
  return last;
}

/**
 * Our run rate for one cloud's part: the billed days of the month up to the billing horizon, plus every day after it
 * to the month's end (today included) x the median daily spend of the last `runRateDays` days up to the horizon
 * (days without a line count as 0, from the scope's first billed day on: a stopped resource lowers the rate, a scope
 * that started last week is not diluted by the weeks before it). The median ignores a one-day spike; the range uses
 * the 10th and 90th percentiles of the same days. Fewer than 3 such days: nothing is projected (`actual-only`).
 */
export function runRatePart(x: { cloud: Cloud; lines: readonly CostLine[]; horizon: string; clock: MonthClock; runRateDays: number; currency: string; why: string }): BudgetForecastPart {
  const m = (amount: number, digits = 0) => formatMoney({ amount, currency: x.currency }, digits);
  const daily = dailySums(x.lines);
  const first = [...daily.keys()].sort()[0];
  const recent: number[] = [];
  for (let i = 0; i < x.runRateDays; i++) {
    const d = addDays(x.horizon, -i);
    if (first === undefined || d < first) break;
    recent.push(daily.get(d) ?? 0);
  }
  let actual = 0;
  for (const [d, v] of daily) if (d >= x.clock.monthStart && d <= x.horizon) actual += v;
  const firstProjected = x.horizon < x.clock.monthStart ? x.clock.monthStart : addDays(x.horizon, 1);
  const left = daysBetween(firstProjected, x.clock.monthEnd);
  if (recent.length < 3) {
    const toDate = [...daily].filter(([d]) => d >= x.clock.monthStart && d <= x.clock.today).reduce((s, [, v]) => s + v, 0);
    return { cloud: x.cloud, method: 'actual-only', actual: toDate, projected: 0, low: toDate, high: toDate, how: `${x.cloud}: ${m(toDate)} billed; fewer than 3 days of history, not projected (${x.why})` };
  }
  const rate = median(recent);
  const billedDays = daysBetween(x.clock.monthStart, firstProjected);
  return {
    cloud: x.cloud,
    method: 'run-rate',
    actual,
    projected: rate * left,
    low: actual + quantile(recent, 0.1) * left,
    high: actual + quantile(recent, 0.9) * left,
    dailyRate: rate,
    how:
      `${x.cloud}: run rate (${x.why}): ${billedDays} billed day(s) ${m(actual)} + ${left} day(s) left x ${m(rate, 2)}/day ` +
      `(median of the last ${recent.length} billed days; range from their 10th-90th percentiles)`,
  };
}

/**
 * The part of a budget one cloud's own forecasts cover, or undefined when they do not cover exactly its scope: the
 * same service filter, currency and month; the budget's account, or every account (AWS without a LINKED_ACCOUNT
 * filter, or Azure's per-subscription forecasts summed only when every subscription with spend in the scope has
 * one). Days before a forecast's first day come from the cost lines.
 */
export function cloudForecastPart(x: { cloud: Cloud; b: Budget; lines: readonly CostLine[]; forecasts: readonly MonthForecast[]; clock: MonthClock }): BudgetForecastPart | undefined {
  const service = forecastService(x.b, x.cloud);
  const tomorrow = addDays(x.clock.today, 1);
  const fits = x.forecasts.filter(
    (f) =>
      f.cloud === x.cloud &&
      f.ServiceName === service &&
      f.currency === x.b.currency &&
      f.month.start.toISOString().slice(0, 7) === x.clock.month &&
      f.forecastFrom.toISOString().slice(0, 10) <= tomorrow,
  );
  const perAccount = new Map<string, MonthForecast>();
  for (const f of fits) if (f.SubAccountIds.length === 1 && f.SubAccountIds[0] !== '*') perAccount.set(f.SubAccountIds[0]!.toLowerCase(), f);
  let chosen: MonthForecast[];
  if (x.b.account) {
    const f = perAccount.get(x.b.account.toLowerCase());
    if (!f) return undefined;
    chosen = [f];
  } else {
    const all = fits.find((f) => f.SubAccountIds.length === 1 && f.SubAccountIds[0] === '*');
    if (all) chosen = [all];
    else {
      const needed = new Set(x.lines.map((l) => (l.SubAccountId ?? '').toLowerCase()));
      if (perAccount.size === 0 || [...needed].some((a) => !perAccount.has(a))) return undefined;
      chosen = [...perAccount.values()];
    }
  }
  let actual = 0;
  let projected = 0;
  let lowExtra = 0;
  let highExtra = 0;
  const withInterval = chosen.every((f) => f.interval);
  for (const f of chosen) {
    const from = f.forecastFrom.toISOString().slice(0, 10);
    const star = f.SubAccountIds[0] === '*';
    for (const l of x.lines) {
      const d = dayOf(l);
      if (d >= x.clock.monthStart && d < from && (star || sameAccount(l.SubAccountId, f.SubAccountIds[0]!))) actual += l.BilledCost;
    }
    projected += f.forecastRemaining;
    lowExtra += f.interval?.low ?? f.forecastRemaining;
    highExtra += f.interval?.high ?? f.forecastRemaining;
  }
  const m = (amount: number) => formatMoney({ amount, currency: x.b.currency }, 0);
  const name = x.cloud === 'aws' ? 'AWS Cost Explorer forecast (GetCostForecast)' : 'Azure Cost Management forecast';
  const over = chosen.length > 1 ? `, summed over ${chosen.length} subscriptions` : '';
  const from = chosen.map((f) => f.forecastFrom.toISOString().slice(0, 10)).sort()[0]!;
  const interval = withInterval ? `${chosen[0]!.interval!.levelPct}% prediction interval ${m(actual + lowExtra)} .. ${m(actual + highExtra)}` : 'no interval given';
  return {
    cloud: x.cloud,
    method: 'cloud',
    actual,
    projected,
    low: actual + lowExtra,
    high: actual + highExtra,
    how: `${x.cloud}: ${name}${over}: ${m(actual)} billed before ${from} + ${m(projected)} forecast to the month's end (${interval})`,
  };
}

/** The parts summed; undefined when no part projects anything (all too young to forecast). */
export function combineParts(parts: readonly BudgetForecastPart[]): BudgetForecast | undefined {
  if (!parts.some((p) => p.method !== 'actual-only')) return undefined;
  const sum = (f: (p: BudgetForecastPart) => number) => parts.reduce((s, p) => s + f(p), 0);
  return {
    total: sum((p) => p.actual + p.projected),
    low: sum((p) => p.low),
    high: sum((p) => p.high),
    parts: [...parts],
    method: parts.map((p) => p.how).join('; '),
  };
}
