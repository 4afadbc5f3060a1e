import type { ForecastDefinition, QueryDefinition } from '@azure/arm-costmanagement';
import type { ResourceRef } from '../../domain/cloud';
import type { CostLine, MonthForecast } from '../../domain/cost';
import type { TimeWindow } from '../../domain/utilization';
import { atLeastDays } from '../cost-window';
import { runCostQuery, type CostQueryOptions } from './cost-query';
import { COST_SOURCE, toCostLines, toMonthForecast } from './cost-rows';

const DAY_MS = 86_400_000;
/** Cost Management allows at most 31 days per Daily query. */
const MAX_DAILY_DAYS = 31;

export function scopeOf(subscription: string): string {
  // JS SDK scope strings take no leading slash (the path template is `/{scope}/providers/...`).
  return `subscriptions/${subscription}`;
}

/**
 * The days to ask for: whole UTC days of the window, at least `lookbackDays` and at most 31 (one Daily query's
 * limit) ending with the window's last day. The collected window is what the cost detectors need (the cost-anomaly
 * baseline: 29 days by default), so it wins over a shorter lookbackDays. `to` is the last day's 23:59:59 (Cost
 * Management's time period is inclusive). Whole days make every run of one day ask the same question, so the cache
 * answers it.
 */
export function costDays(window: TimeWindow, lookbackDays: number): { from: Date; to: Date } {
  const wanted = atLeastDays(window, lookbackDays);
  const lastDay = Math.floor((wanted.end.getTime() - 1) / DAY_MS) * DAY_MS;
  const firstWanted = Math.floor(wanted.start.getTime() / DAY_MS) * DAY_MS;
  const from = Math.max(firstWanted, lastDay - (MAX_DAILY_DAYS - 1) * DAY_MS);
  return { from: new Date(from), to: new Date(lastDay + DAY_MS - 1000) };
}

/** ActualCost, daily, summed, grouped by `first` and ServiceName (a query allows at most two groupings). */
function dailyCostQuery(period: { from: Date; to: Date }, first: { type: 'Dimension' | 'TagKey'; name: string }): QueryDefinition {
  return {
    type: 'ActualCost',
    timeframe: 'Custom',
    timePeriod: period,
    dataset: {
      granularity: 'Daily',
      aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
      grouping: [first, { type: 'Dimension', name: 'ServiceName' }],
    },
  };
}

export function resourceQuery(period: { from: Date; to: Date }): QueryDefinition {
  return dailyCostQuery(period, { type: 'Dimension', name: 'ResourceId' });
}

export function ownerQuery(period: { from: Date; to: Date }, ownerTag: string): QueryDefinition {
  return dailyCostQuery(period, { type: 'TagKey', name: ownerTag });
}

/**
 * Commitments billed to the subscription: AmortizedCost (the purchase spread over the days it covers) of the
 * Reservation and SavingsPlan pricing models, by PricingModel and ServiceName. ActualCost would show a 1-3 year
 * reservation bought upfront once, on its purchase day, and never again; amortised, every covered day shows it.
 * One query per subscription, cached like the others; asked only when the lock-in detector is enabled.
 */
export function commitmentQuery(period: { from: Date; to: Date }): QueryDefinition {
  return {
    type: 'AmortizedCost',
    timeframe: 'Custom',
    timePeriod: period,
    dataset: {
      granularity: 'Daily',
      aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
      grouping: [
        { type: 'Dimension', name: 'PricingModel' },
        { type: 'Dimension', name: 'ServiceName' },
      ],
      filter: { dimensions: { name: 'PricingModel', operator: 'In', values: ['Reservation', 'SavingsPlan'] } },
    },
  };
}

/**
 * Month-to-end forecast: the calendar month (UTC) containing `month.start`, actual cost included, optionally limited to
 * one ServiceName (a budget of the ML platform only: `dataset.filter`, the same filter shape as Query).
 */
export function forecastQuery(month: TimeWindow, service?: string): { def: ForecastDefinition; period: { start: Date; end: Date } } {
  const s = month.start;
  const start = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 1));
  const end = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1));
  return {
    def: {
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: start, to: new Date(end.getTime() - 1000) },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        ...(service ? { filter: { dimensions: { name: 'ServiceName', operator: 'In', values: [service] } } } : {}),
      },
      includeActualCost: true,
      includeFreshPartialCost: false,
    },
    period: { start, end },
  };
}

/**
 * Billed lines of one subscription: by resource (ResourceId, ServiceName) and by owner tag (TagKey, ServiceName).
 * `refs` resolves once the inventory read alongside is done (the collector reads costs while inventory loads).
 */
export async function subscriptionCosts(
  o: CostQueryOptions,
  subscription: string,
  window: TimeWindow,
  opts: { lookbackDays: number; ownerTag: string; refs: () => Promise<readonly ResourceRef[]>; commitments?: boolean },
): Promise<{ lines: CostLine[]; queried: number; cached: number }> {
  const period = costDays(window, opts.lookbackDays);
  const scope = scopeOf(subscription);
  const byResource = await runCostQuery(o, scope, 'query', resourceQuery(period));
  const byOwner = await runCostQuery(o, scope, 'query', ownerQuery(period, opts.ownerTag));
  const byCommitment = opts.commitments ? await runCostQuery(o, scope, 'query', commitmentQuery(period)) : undefined;
  const answers = [byResource, byOwner, ...(byCommitment ? [byCommitment] : [])];
  const refs = await opts.refs();
  return {
    lines: [
      ...toCostLines(byResource.answer, { subscription, source: COST_SOURCE, refs }),
      ...toCostLines(byOwner.answer, { subscription, source: `Azure Cost Management Query, ActualCost, daily by tag ${opts.ownerTag} and ServiceName`, tagKey: opts.ownerTag }),
      ...(byCommitment
        ? toCostLines(byCommitment.answer, { subscription, source: 'Azure Cost Management Query, AmortizedCost of Reservation and SavingsPlan, daily by PricingModel and ServiceName', commitment: true })
        : []),
    ],
    queried: answers.filter((a) => !a.fromCache).length,
    cached: answers.filter((a) => a.fromCache).length,
  };
}

export async function subscriptionForecast(o: CostQueryOptions, subscription: string, month: TimeWindow, service?: string): Promise<MonthForecast | undefined> {
  const { def, period } = forecastQuery(month, service);
  const r = await runCostQuery(o, scopeOf(subscription), 'forecast', def);
  const source = `Azure Cost Management Forecast, ActualCost, daily, actual cost included${service ? `, ServiceName ${service}` : ''}`;
  return toMonthForecast(r.answer, subscription, period, source, service);
}
