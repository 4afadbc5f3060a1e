import type { AzureUsageRecord } from './azure-usage';
import type { AggregateName, CostFilter, CostQuery, DimensionName, Grouping } from './cost-definition';
import { DAY_MS } from './cost-timeframe';

/**
 * The Query engine: filters, groups and sums usage records the way Cost Management's Query API answers
 * (QueryResult.properties.columns/rows). Column order as the service returns it: the aggregations (Number, named
 * after the aggregated column, not the alias), then UsageDate (Number yyyymmdd) for Daily or BillingMonth
 * (Datetime string) for Monthly, then the grouping columns (String; a TagKey grouping is two columns, TagKey and
 * TagValue), then Currency. Reservations and savings plans are billed day by day (fleet extra costs with a
 * PricingModel), so ActualCost, AmortizedCost and Usage give the same amounts ⚠️ (a real ActualCost shows the
 * purchase instead), and the *USD columns equal the billing currency ones.
 */

export interface CostColumn {
  name: string;
  type: 'Number' | 'String' | 'Datetime';
}
export interface CostTable {
  columns: CostColumn[];
  rows: Array<Array<string | number>>;
}

/** A dimension's value for a record, as Cost Management answers it. */
export function dimensionValue(r: AzureUsageRecord, dim: DimensionName): string {
  switch (dim) {
    case 'ResourceId':
      // Cost Management answers ARM ids in lower case (see azure-usage.ts).
      return r.resourceId.toLowerCase();
    case 'ResourceGroupName':
    case 'ResourceGroup':
      return r.resourceGroup;
    case 'ResourceType':
      return r.resourceType.toLowerCase(); // ⚠️ lower case as seen in exports; unverified for Query
    case 'ResourceLocation':
      return r.location;
    case 'ServiceName':
      return r.serviceName;
    case 'MeterCategory':
      return r.meterCategory;
    case 'Meter':
      return r.meter;
    case 'SubscriptionId':
      return r.subscriptionId;
    case 'ChargeType':
      return 'Usage';
    case 'PricingModel':
      return r.pricingModel ?? 'OnDemand';
  }
}

/** A record's tag value by key; Azure tag names are case-insensitive. */
export function tagValue(r: AzureUsageRecord, key: string): string | undefined {
  if (key in r.tags) return r.tags[key];
  const k = Object.keys(r.tags).find((t) => t.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : r.tags[k];
}

/** Filter values match case-insensitively (ARM ids, resource group names and locations are case-insensitive). */
export function matchesFilter(r: AzureUsageRecord, f: CostFilter): boolean {
  if ('and' in f) return f.and.every((x) => matchesFilter(r, x));
  if ('or' in f) return f.or.some((x) => matchesFilter(r, x));
  if ('not' in f) return !matchesFilter(r, f.not);
  const [actual, values] = 'dimensions' in f ? [dimensionValue(r, f.dimensions.name), f.dimensions.values] : [tagValue(r, f.tags.name), f.tags.values];
  if (actual === undefined) return false;
  const a = actual.toLowerCase();
  return values.some((v) => v.toLowerCase() === a);
}

export function aggregateOf(r: AzureUsageRecord, name: AggregateName): number {
  return name === 'UsageQuantity' ? r.quantity : r.cost;
}

/** yyyymmdd as a number, the way UsageDate comes back. */
export function usageDate(dayMs: number): number {
  const d = new Date(dayMs);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** BillingMonth cell: first day of the month, "2026-11-01T00:00:00" ⚠️ exact string format unverified. */
export function billingMonth(dayMs: number): string {
  const d = new Date(dayMs);
  return `${new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 19)}`;
}

function groupCells(r: AzureUsageRecord, g: Grouping): string[] {
  if (g.type === 'Dimension') return [dimensionValue(r, g.name as DimensionName)];
  const v = tagValue(r, g.name);
  // Untagged charges still show up, with an empty TagKey and TagValue ⚠️ (Microsoft said in
  // Azure/azure-sdk-for-java#24285 that "null values" can come back; the simulator answers "").
  return v === undefined ? ['', ''] : [g.name, v];
}

/** Records within the query's days (a record lies inside one UTC day). */
export function inRange(records: readonly AzureUsageRecord[], q: Pick<CostQuery, 'range'>): AzureUsageRecord[] {
  const end = q.range.toDayMs + DAY_MS;
  return records.filter((r) => r.fromMs >= q.range.fromDayMs && r.fromMs < end);
}

/** Answers the query over records already restricted to the request's scope. */
export function runCostQuery(records: readonly AzureUsageRecord[], q: CostQuery, currency: string): CostTable {
  const columns: CostColumn[] = q.aggregation.map((a) => ({ name: a.name, type: 'Number' as const }));
  if (q.granularity === 'Daily') columns.push({ name: 'UsageDate', type: 'Number' });
  if (q.granularity === 'Monthly') columns.push({ name: 'BillingMonth', type: 'Datetime' });
  for (const g of q.grouping) {
    if (g.type === 'Dimension') columns.push({ name: g.name, type: 'String' });
    else columns.push({ name: 'TagKey', type: 'String' }, { name: 'TagValue', type: 'String' });
  }
  columns.push({ name: 'Currency', type: 'String' });

  const groups = new Map<string, { sort: Array<string | number>; key: Array<string | number>; sums: number[] }>();
  for (const r of inRange(records, q)) {
    if (q.filter && !matchesFilter(r, q.filter)) continue;
    const day = Math.floor(r.fromMs / DAY_MS) * DAY_MS;
    const time: Array<string | number> = q.granularity === 'Daily' ? [usageDate(day)] : q.granularity === 'Monthly' ? [billingMonth(day)] : [];
    const key = [...time, ...q.grouping.flatMap((g) => groupCells(r, g))];
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { sort: key, key, sums: q.aggregation.map(() => 0) }));
    q.aggregation.forEach((a, i) => (g.sums[i]! += aggregateOf(r, a.name)));
  }
  // Deterministic order: by date, then grouping values (Azure documents no order).
  const sorted = [...groups.values()].sort((a, b) => compareKeys(a.sort, b.sort));
  return { columns, rows: sorted.map((g) => [...g.sums, ...g.key, currency]) };
}

export function compareKeys(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
