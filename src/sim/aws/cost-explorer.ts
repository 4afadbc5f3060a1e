import type { GetCostAndUsageRequest, GetCostAndUsageResponse, Group, MetricValue, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { DAY_MS, dailyCostItems, type CostItem } from '../cost-model';
import type { FleetState } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type AwsJsonService, type FaultErrorKind, type Wire } from '../protocol/aws-json';
import { hashString } from '../prng';
import { compileFilter, groupKeyOf, validation } from './ce-query';
import { getAnomalies } from './cost-anomalies';
import { getCostForecast } from './cost-forecast';
import { commonFaultError } from './fault-errors';
import { paginate, queryFingerprint } from './paging';

const METRICS = ['AmortizedCost', 'BlendedCost', 'NetAmortizedCost', 'NetUnblendedCost', 'NormalizedUsageAmount', 'UnblendedCost', 'UsageQuantity'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(s: string | undefined, field: string): number {
  const ms = s && DATE.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw validation(`${field} "${s ?? ''}" is not a date in the form YYYY-MM-DD.`);
  return ms;
}
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Amounts are strings with up to 10 decimals, like "40.3527508453" in the AWS CLI examples.
const amount = (x: number) => String(Math.round(x * 1e10) / 1e10);

interface Bucket {
  startMs: number;
  endMs: number;
}

function buckets(startMs: number, endMs: number, granularity: string): Bucket[] {
  const out: Bucket[] = [];
  if (granularity === 'DAILY') {
    for (let d = startMs; d < endMs; d += DAY_MS) out.push({ startMs: d, endMs: d + DAY_MS });
    return out;
  }
  for (let s = startMs; s < endMs; ) {
    const d = new Date(s);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    out.push({ startMs: s, endMs: Math.min(nextMonth, endMs) });
    s = Math.min(nextMonth, endMs);
  }
  return out;
}

const itemCache = new WeakMap<FleetState, { key: string; byDay: Map<number, CostItem[]> }>();

/** Cost items by day, cached per (fleet version, clock, range): paging through one query computes them once. */
function itemsByDay(state: FleetState, fromMs: number, toMs: number, nowMs: number): Map<number, CostItem[]> {
  const key = `${state.version}|${nowMs}|${fromMs}|${toMs}`;
  const hit = itemCache.get(state);
  if (hit?.key === key) return hit.byDay;
  const byDay = new Map<number, CostItem[]>();
  for (const i of dailyCostItems(state, fromMs, toMs, nowMs)) {
    const list = byDay.get(i.dayMs);
    if (list) list.push(i);
    else byDay.set(i.dayMs, [i]);
  }
  itemCache.set(state, { key, byDay });
  return byDay;
}

function metricValues(metrics: readonly string[], cost: number, usage: number, unit: string): Record<string, MetricValue> {
  return Object.fromEntries(
    metrics.map((m) => [m, m === 'UsageQuantity' || m === 'NormalizedUsageAmount' ? { Amount: amount(usage), Unit: unit } : { Amount: amount(cost), Unit: 'USD' }]),
  );
}

/**
 * GetCostAndUsage over the fleet's accrued costs. TimePeriod End is exclusive; the last two days are Estimated;
 * with GroupBy, `Total` is `{}` and groups page by `costExplorerPageSize` rows (a day can continue on the next page).
 */
export function getCostAndUsage(input: Wire<GetCostAndUsageRequest>, ctx: AwsCallContext): GetCostAndUsageResponse {
  const startMs = parseDay(input.TimePeriod?.Start, 'TimePeriod.Start');
  const endMs = parseDay(input.TimePeriod?.End, 'TimePeriod.End');
  if (startMs >= endMs) throw validation('Start date (and hour) should be before end date (and hour)');
  const granularity = input.Granularity ?? '';
  if (granularity === 'HOURLY') throw new AwsServiceError('DataUnavailableException', 'Hourly granularity is not enabled for this account.');
  if (granularity !== 'DAILY' && granularity !== 'MONTHLY') throw validation(`Granularity must be DAILY or MONTHLY, got "${granularity}".`);
  const metrics = input.Metrics ?? [];
  if (metrics.length === 0) throw validation('Metrics is required and must not be empty.');
  for (const m of metrics) if (!METRICS.includes(m)) throw validation(`Metrics: "${m}" is not a valid metric. Valid metrics are ${METRICS.join(', ')}.`);
  const groupBy = input.GroupBy ?? [];
  if (groupBy.length > 2) throw validation('You can only group by up to two dimensions, tags or cost categories.');
  const keyFns = groupBy.map((g) => groupKeyOf(g, ctx.state.account));
  const filter = compileFilter(input.Filter, ctx.state.account);

  const byDay = itemsByDay(ctx.state, startMs, endMs, ctx.nowMs);
  const estimatedFromMs = Math.floor(ctx.nowMs / DAY_MS) * DAY_MS - DAY_MS;
  type Row = { bucket: number; group?: Group; total?: Record<string, MetricValue> };
  const rows: Row[] = [];
  const all = buckets(startMs, endMs, granularity);
  all.forEach((b, bi) => {
    const groups = new Map<string, { keys: string[]; cost: number; usage: number; units: Set<string> }>();
    let cost = 0;
    let usage = 0;
    const units = new Set<string>();
    for (let d = b.startMs; d < b.endMs; d += DAY_MS) {
      for (const i of byDay.get(d) ?? []) {
        if (!filter(i)) continue;
        cost += i.costUsd;
        usage += i.usageQuantity;
        units.add(i.usageUnit);
        if (!keyFns.length) continue;
        const keys = keyFns.map((f) => f(i));
        const k = keys.join('\u0000');
        const g = groups.get(k) ?? { keys, cost: 0, usage: 0, units: new Set<string>() };
        g.cost += i.costUsd;
        g.usage += i.usageQuantity;
        g.units.add(i.usageUnit);
        groups.set(k, g);
      }
    }
    const unitOf = (u: Set<string>) => (u.size === 1 ? [...u][0]! : 'N/A');
    if (!keyFns.length) {
      rows.push({ bucket: bi, total: metricValues(metrics, cost, usage, unitOf(units)) });
      return;
    }
    const sorted = [...groups.values()].sort((x, y) => (x.keys.join('\u0000') < y.keys.join('\u0000') ? -1 : 1));
    if (sorted.length === 0) rows.push({ bucket: bi });
    for (const g of sorted) rows.push({ bucket: bi, group: { Keys: g.keys, Metrics: metricValues(metrics, g.cost, g.usage, unitOf(g.units)) } });
  });

  const fingerprint = hashString(queryFingerprint(input as Record<string, unknown>, ['NextPageToken'])).toString(36);
  const page = paginate(rows, input.NextPageToken, ctx.state.options.costExplorerPageSize, fingerprint, () =>
    new AwsServiceError('InvalidNextTokenException', 'The pagination token is invalid.'),
  );
  const results: ResultByTime[] = [];
  for (const r of page.items) {
    const b = all[r.bucket]!;
    let last = results[results.length - 1];
    if (!last || last.TimePeriod?.Start !== isoDay(b.startMs)) {
      last = { TimePeriod: { Start: isoDay(b.startMs), End: isoDay(b.endMs) }, Total: r.total ?? {}, Groups: [], Estimated: b.endMs > estimatedFromMs };
      results.push(last);
    }
    if (r.group) last.Groups!.push(r.group);
  }
  return {
    ...(groupBy.length ? { GroupDefinitions: groupBy.map((g) => ({ Type: g.Type, Key: g.Key })) } : {}),
    ResultsByTime: results,
    DimensionValueAttributes: [],
    ...(page.nextToken ? { NextPageToken: page.nextToken } : {}),
  };
}

/**
 * Cost Explorer: awsJson1_1, `X-Amz-Target: AWSInsightsIndexService.<Operation>`; throttles with LimitExceededException.
 * GetAnomalies (Cost Anomaly Detection) and GetCostForecast are served by the same endpoint and target prefix.
 */
export const costExplorerService: AwsJsonService = {
  service: 'CostExplorer',
  targetPrefix: 'AWSInsightsIndexService',
  jsonVersion: '1.1',
  queryCompatible: false,
  iamPrefix: 'ce',
  operations: { GetCostAndUsage: getCostAndUsage, GetAnomalies: getAnomalies, GetCostForecast: getCostForecast },
  faultError: (kind: FaultErrorKind, operation: string, account: string) =>
    kind === 'throttle'
      ? new AwsServiceError('LimitExceededException', 'You made too many calls in a short period of time. Try again later.')
      : commonFaultError(kind, 'ce', operation, account),
};
