import type { AzureUsageRecord } from './azure-usage';
import type { CostQuery } from './cost-definition';
import { aggregateOf, matchesFilter, usageDate, type CostColumn, type CostTable } from './cost-query';
import { DAY_MS } from './cost-timeframe';

export interface ForecastOptions {
  includeActualCost: boolean;
  includeFreshPartialCost: boolean;
  /** Data is visible up to here (virtual now minus the Cost Management data latency). */
  visibleMs: number;
}

export const RUN_RATE_DAYS = 7;

/**
 * The Forecast engine. Azure's forecasting model is not documented; the simulator uses a plain run-rate so tests
 * can predict it exactly:
 * - "complete" days are the UTC days that ended before the visible horizon (`visibleMs` = now - data latency);
 * - run-rate = sum of each aggregation over the last 7 complete days (filtered) / 7; days with no usage count as 0;
 * - every day of the period after the last complete day gets a 'Forecast' row with the run-rate;
 * - with includeActualCost, every complete day of the period that has usage gets an 'Actual' row with its sums;
 * - with includeActualCost and includeFreshPartialCost, the current (incomplete) day also gets an 'Actual' row with
 *   what is visible so far, and its 'Forecast' row carries only the rest of the run-rate (never below 0).
 * With no usage in the run-rate window nothing is forecast (no rows), like Azure answering nothing for a scope
 * without history ⚠️.
 * Columns: the aggregations, UsageDate, CostStatus ('Actual' | 'Forecast'), Currency; rows by day, Actual first.
 */
export function runForecast(records: readonly AzureUsageRecord[], q: CostQuery, opts: ForecastOptions, currency: string): CostTable {
  const columns: CostColumn[] = [
    ...q.aggregation.map((a) => ({ name: a.name, type: 'Number' as const })),
    { name: 'UsageDate', type: 'Number' },
    { name: 'CostStatus', type: 'String' },
    { name: 'Currency', type: 'String' },
  ];
  const partialDay = Math.floor(opts.visibleMs / DAY_MS) * DAY_MS;
  const lastComplete = partialDay - DAY_MS;
  const windowStart = lastComplete - (RUN_RATE_DAYS - 1) * DAY_MS;

  const byDay = new Map<number, number[]>();
  let windowHasUsage = false;
  for (const r of records) {
    if (r.fromMs >= opts.visibleMs) continue;
    if (q.filter && !matchesFilter(r, q.filter)) continue;
    const day = Math.floor(r.fromMs / DAY_MS) * DAY_MS;
    let sums = byDay.get(day);
    if (!sums) byDay.set(day, (sums = q.aggregation.map(() => 0)));
    q.aggregation.forEach((a, i) => (sums[i]! += aggregateOf(r, a.name)));
    if (day >= windowStart && day <= lastComplete) windowHasUsage = true;
  }
  const rate = q.aggregation.map((_, i) => {
    let total = 0;
    for (let d = windowStart; d <= lastComplete; d += DAY_MS) total += byDay.get(d)?.[i] ?? 0;
    return total / RUN_RATE_DAYS;
  });

  const rows: CostTable['rows'] = [];
  for (let day = q.range.fromDayMs; day <= q.range.toDayMs; day += DAY_MS) {
    const actual = byDay.get(day);
    const date = usageDate(day);
    if (day <= lastComplete) {
      if (opts.includeActualCost && actual) rows.push([...actual, date, 'Actual', currency]);
      continue;
    }
    const fresh = day === partialDay && opts.includeActualCost && opts.includeFreshPartialCost ? actual : undefined;
    if (fresh) rows.push([...fresh, date, 'Actual', currency]);
    if (windowHasUsage) rows.push([...rate.map((v, i) => Math.max(0, v - (fresh?.[i] ?? 0))), date, 'Forecast', currency]);
  }
  return { columns, rows };
}
