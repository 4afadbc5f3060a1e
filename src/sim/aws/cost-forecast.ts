import type { ForecastResult, GetCostForecastRequest, GetCostForecastResponse } from '@aws-sdk/client-cost-explorer';
import { mean, probit, sampleStandardDeviation } from 'simple-statistics';
import { DAY_MS, dailyCostItems } from '../cost-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { compileFilter, validation } from './ce-query';

/** Metrics GetCostForecast accepts (API reference); the usage metrics belong to GetUsageForecast. */
const COST_METRICS = ['AMORTIZED_COST', 'BLENDED_COST', 'NET_AMORTIZED_COST', 'NET_UNBLENDED_COST', 'UNBLENDED_COST'];
const USAGE_METRICS = ['USAGE_QUANTITY', 'NORMALIZED_USAGE_AMOUNT'];
/** Complete days of history the simulator's forecast is made from. AWS's model is not public ⚠️: a mean is our stand-in. */
export const FORECAST_HISTORY_DAYS = 14;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Amounts are decimal strings, like GetCostAndUsage's.
const amount = (x: number) => String(Math.round(x * 1e10) / 1e10);

function parseDay(s: string | undefined, field: string): number {
  const ms = s && DATE.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw validation(`${field} "${s ?? ''}" is not a date in the form YYYY-MM-DD.`);
  return ms;
}

/** Validates a GetCostForecast request against the API reference's rules; returns the period and granularity. */
function checkRequest(input: Wire<GetCostForecastRequest>, todayMs: number): { startMs: number; endMs: number; granularity: 'DAILY' | 'MONTHLY'; level?: number } {
  const startMs = parseDay(input.TimePeriod?.Start, 'TimePeriod.Start');
  const endMs = parseDay(input.TimePeriod?.End, 'TimePeriod.End');
  // "The start date must be equal to or later than the current date to avoid a validation error." ⚠️ exact message unverified.
  if (startMs < todayMs) throw validation(`Start date must be equal to or later than the current date (${isoDay(todayMs)}).`);
  if (endMs <= startMs) throw validation('Start date (and hour) should be before end date (and hour)');
  const metric = input.Metric ?? '';
  if (USAGE_METRICS.includes(metric)) throw validation(`Metric ${metric} is not supported by GetCostForecast: use GetUsageForecast.`);
  if (!COST_METRICS.includes(metric)) throw validation(`Metric "${metric}" is not valid. Valid metrics are ${COST_METRICS.join(', ')}.`);
  const granularity = input.Granularity ?? '';
  if (granularity !== 'DAILY' && granularity !== 'MONTHLY') throw validation(`GetCostForecast supports only DAILY and MONTHLY granularity, got "${granularity}".`);
  // "You can get 3 months of DAILY forecasts or 12 months of MONTHLY forecasts."
  const t = new Date(todayMs);
  const limit = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + (granularity === 'DAILY' ? 3 : 12), t.getUTCDate() + 1);
  if (endMs > limit) throw validation(`A ${granularity} forecast can reach at most ${granularity === 'DAILY' ? '3' : '12'} months ahead.`);
  const level = input.PredictionIntervalLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 51 || level > 99)) throw validation('PredictionIntervalLevel must be an integer from 51 to 99.');
  return { startMs, endMs, granularity, ...(level !== undefined ? { level } : {}) };
}

/** Forecast periods: one per day, or one per calendar month (cut at the request's Start and End). */
function periods(startMs: number, endMs: number, granularity: 'DAILY' | 'MONTHLY'): Array<{ startMs: number; endMs: number }> {
  const out: Array<{ startMs: number; endMs: number }> = [];
  for (let s = startMs; s < endMs; ) {
    const d = new Date(s);
    const next = granularity === 'DAILY' ? s + DAY_MS : Math.min(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), endMs);
    out.push({ startMs: s, endMs: Math.min(next, endMs) });
    s = next;
  }
  return out;
}

/**
 * GetCostForecast over the fleet's cost model, a simple projection so tests can predict it: the daily rate is the mean
 * cost (after the Filter) of the last 14 complete days, counted from the first of them with any cost (a scope that
 * started a week ago is not diluted by the days before it); each period is rate x its days. With
 * PredictionIntervalLevel, each period gets mean +- z x (sample standard deviation of those days) x sqrt(days), z the
 * normal quantile of the level, the lower bound never below 0. No cost in those 14 days: DataUnavailableException,
 * like Cost Explorer without enough history ⚠️ (its exact threshold is not documented). `Total` sums the periods, in USD.
 */
export function getCostForecast(input: Wire<GetCostForecastRequest>, ctx: AwsCallContext): GetCostForecastResponse {
  const todayMs = Math.floor(ctx.nowMs / DAY_MS) * DAY_MS;
  const req = checkRequest(input, todayMs);
  const filter = compileFilter(input.Filter, ctx.state.account);
  const historyStart = todayMs - FORECAST_HISTORY_DAYS * DAY_MS;
  const daily = new Map<number, number>();
  for (const i of dailyCostItems(ctx.state, historyStart, todayMs, ctx.nowMs)) {
    if (i.costUsd > 0 && filter(i)) daily.set(i.dayMs, (daily.get(i.dayMs) ?? 0) + i.costUsd);
  }
  if (daily.size === 0) throw new AwsServiceError('DataUnavailableException', 'Insufficient amount of historical data to generate forecast.');
  const first = Math.min(...daily.keys());
  const days: number[] = [];
  for (let d = first; d < todayMs; d += DAY_MS) days.push(daily.get(d) ?? 0);
  const rate = mean(days);
  const sd = days.length > 1 ? sampleStandardDeviation(days) : 0;
  const z = req.level !== undefined ? probit(0.5 + req.level / 200) : undefined;

  let total = 0;
  const results: ForecastResult[] = periods(req.startMs, req.endMs, req.granularity).map((p) => {
    const n = (p.endMs - p.startMs) / DAY_MS;
    const m = rate * n;
    total += m;
    const half = z !== undefined ? z * sd * Math.sqrt(n) : undefined;
    return {
      TimePeriod: { Start: isoDay(p.startMs), End: isoDay(p.endMs) },
      MeanValue: amount(m),
      ...(half !== undefined ? { PredictionIntervalLowerBound: amount(Math.max(0, m - half)), PredictionIntervalUpperBound: amount(m + half) } : {}),
    };
  });
  return { Total: { Amount: amount(total), Unit: 'USD' }, ForecastResultsByTime: results };
}
