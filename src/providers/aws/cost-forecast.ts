import {
  GetCostForecastCommand,
  type CostExplorerClient,
  type Expression,
  type GetCostForecastCommandInput,
  type GetCostForecastResponse,
} from '@aws-sdk/client-cost-explorer';
import type { MonthForecast } from '../../domain/cost';
import type { TimeWindow } from '../../domain/utilization';
import type { ForecastScope } from '../types';
import type { AwsCallLog } from './call-log';
import { costCacheKey, isFresh, type CostCache } from './cost-cache';
import { classifyAwsError } from './errors';
import { FailureLog } from './provider-status';

const DAY_MS = 86_400_000;
/** GetCostForecast's metric for the cost lines' UnblendedCost (the forecast API spells its metrics UNBLENDED_COST). */
export const FORECAST_METRIC = 'UNBLENDED_COST';
/** The prediction interval asked for (the API accepts 51-99; 80 is what the Cost Explorer console shows). */
export const PREDICTION_INTERVAL_LEVEL = 80;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * One GetCostForecast request per scope: the rest of the month from today, MONTHLY. Cost Explorer rejects a Start
 * before the current date (API reference: "The start date must be equal to or later than the current date"), so the
 * month's past days come from the cost lines, never from here. End is exclusive: the 1st of next month. Whole days
 * keep the request identical all day, so the cache answers hourly runs.
 */
export function costForecastInput(scope: ForecastScope, month: TimeWindow, now: Date): GetCostForecastCommandInput | undefined {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const s = month.start;
  const monthEnd = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
  if (today >= monthEnd) return undefined;
  const dims: Expression[] = [
    ...(scope.service ? [{ Dimensions: { Key: 'SERVICE' as const, Values: [scope.service] } }] : []),
    ...(scope.account ? [{ Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [scope.account] } }] : []),
  ];
  // A filter Expression has exactly one root: two conditions go under And.
  const filter: Expression | undefined = dims.length > 1 ? { And: dims } : dims[0];
  return {
    TimePeriod: { Start: isoDay(today), End: isoDay(monthEnd) },
    Metric: FORECAST_METRIC,
    Granularity: 'MONTHLY',
    PredictionIntervalLevel: PREDICTION_INTERVAL_LEVEL,
    ...(filter ? { Filter: filter } : {}),
  };
}

const describeScope = (scope: ForecastScope): string =>
  [scope.service ? `SERVICE ${scope.service}` : 'every service', scope.account ? `account ${scope.account}` : 'every account'].join(', ');

function num(v: string | undefined): number | undefined {
  const n = v !== undefined && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Pure mapping of a GetCostForecast answer: `Total.Amount` (a decimal string, USD) is the forecast from Start to End;
 * the interval is the sum of each period's PredictionIntervalLower/UpperBound (one period for a MONTHLY request
 * within a month), left out when a bound is missing. Undefined when the answer has no usable total.
 */
export function toMonthForecast(answer: GetCostForecastResponse, input: GetCostForecastCommandInput, scope: ForecastScope, month: TimeWindow): MonthForecast | undefined {
  const total = num(answer.Total?.Amount);
  if (total === undefined) return undefined;
  const periods = answer.ForecastResultsByTime ?? [];
  const lows = periods.map((p) => num(p.PredictionIntervalLowerBound)).filter((x): x is number => x !== undefined);
  const highs = periods.map((p) => num(p.PredictionIntervalUpperBound)).filter((x): x is number => x !== undefined);
  const hasInterval = periods.length > 0 && lows.length === periods.length && highs.length === periods.length;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const s = month.start;
  const what = describeScope(scope);
  return {
    cloud: 'aws',
    SubAccountIds: scope.account ? [scope.account] : ['*'],
    ...(scope.service ? { ServiceName: scope.service } : {}),
    month: { start: new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 1)), end: new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1)) },
    forecastFrom: new Date(`${input.TimePeriod!.Start}T00:00:00Z`),
    forecastRemaining: total,
    ...(hasInterval
      ? { interval: { low: sum(lows), high: sum(highs), levelPct: input.PredictionIntervalLevel ?? PREDICTION_INTERVAL_LEVEL } }
      : {}),
    currency: answer.Total?.Unit || 'USD',
    basis: 'estimate',
    source: `AWS Cost Explorer GetCostForecast ${FORECAST_METRIC}, ${input.TimePeriod!.Start} to month end, ${what}`,
  };
}

function isForecastAnswer(v: unknown): v is GetCostForecastResponse {
  return typeof v === 'object' && v !== null && typeof (v as GetCostForecastResponse).Total === 'object';
}

export interface ReadForecastsOptions {
  ce: CostExplorerClient;
  cache: CostCache;
  cacheHours: number;
  log: AwsCallLog;
  month: TimeWindow;
  scopes: readonly ForecastScope[];
  now: Date;
}

export interface ForecastsRead {
  forecasts: MonthForecast[];
  failures: FailureLog;
  cacheHits: number;
}

/**
 * Asks GetCostForecast once per distinct scope and caches each answer like the cost queries ($0.01 a request).
 * A failure (no ce:GetCostForecast, DataUnavailableException for too little history, throttling) lands in the
 * FailureLog and that scope is left out: the budget falls back to the run rate.
 */
export async function readForecasts(opts: ReadForecastsOptions): Promise<ForecastsRead> {
  const failures = new FailureLog();
  const forecasts: MonthForecast[] = [];
  let cacheHits = 0;
  const seen = new Set<string>();
  for (const scope of opts.scopes) {
    const input = costForecastInput(scope, opts.month, opts.now);
    if (!input) continue;
    const key = `forecast:${costCacheKey(input)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let answer: GetCostForecastResponse | undefined;
    try {
      const hit = await opts.cache.get(key);
      if (hit && isFresh(hit.storedAt, opts.now, opts.cacheHours) && isForecastAnswer(hit.value)) answer = hit.value;
    } catch (err) {
      failures.note(`Cost cache could not be read (${err instanceof Error ? err.message : String(err)}); GetCostForecast was asked again.`);
    }
    if (answer) cacheHits++;
    else {
      try {
        const r = await opts.log.send('CostExplorer.GetCostForecast', () => opts.ce.send(new GetCostForecastCommand(input)));
        answer = { Total: r.Total, ForecastResultsByTime: r.ForecastResultsByTime };
      } catch (err) {
        const e = classifyAwsError(err, 'CostExplorer.GetCostForecast');
        // Too little history to forecast (a new account, a service not used yet) is a fact about the data, not a
        // failure: the budget uses the run rate and the status says why, without marking the run degraded.
        if (e.code === 'DataUnavailableException') {
          failures.note(`No Cost Explorer forecast for ${describeScope(scope)}: too little cost history (DataUnavailableException); budgets over it use the run rate.`);
        } else failures.add(scope.account ? `forecast of ${scope.account}` : 'forecast', e);
        continue;
      }
      try {
        await opts.cache.put(key, answer, opts.now);
      } catch (err) {
        failures.note(`Cost cache could not be written (${err instanceof Error ? err.message : String(err)}); the next run pays for GetCostForecast again.`);
      }
    }
    const f = toMonthForecast(answer, input, scope, opts.month);
    if (f) forecasts.push(f);
    else failures.note(`GetCostForecast answered without a Total for ${scope.service ?? 'every service'}: left out.`);
  }
  return { forecasts, failures, cacheHits };
}
