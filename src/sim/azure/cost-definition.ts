import { badRequest } from './cost-error';
import { costTimeframe, type DayRange, type Granularity } from './cost-timeframe';

export { badRequest, CostQueryError } from './cost-error';

/**
 * Validation of Cost Management Query / Forecast bodies (QueryDefinition, ForecastDefinition) into a normalized
 * query, failing the way Azure does: 400 {"error":{"code":"BadRequest","message":"Invalid query definition: ..."}}.
 * Message texts follow answers quoted in public issues (Azure/azure-rest-api-specs#12158 for groupings); the
 * time-period ones are ⚠️ unverified wording.
 */

export type CostType = 'ActualCost' | 'AmortizedCost' | 'Usage';
export type { Granularity } from './cost-timeframe';
/** Aggregatable columns; the *USD variants equal the billing-currency ones (the simulator bills in one currency). */
export const AGGREGATABLE = ['Cost', 'PreTaxCost', 'CostUSD', 'PreTaxCostUSD', 'UsageQuantity'] as const;
export type AggregateName = (typeof AGGREGATABLE)[number];
export const DIMENSIONS = [
  'ResourceId',
  'ResourceGroupName',
  'ResourceGroup',
  'ResourceType',
  'ResourceLocation',
  'ServiceName',
  'MeterCategory',
  'Meter',
  'SubscriptionId',
  'ChargeType',
  'PricingModel',
] as const;
export type DimensionName = (typeof DIMENSIONS)[number];

export interface Grouping {
  type: 'Dimension' | 'TagKey';
  name: string;
}

export type CostFilter =
  | { and: CostFilter[] }
  | { or: CostFilter[] }
  | { not: CostFilter }
  | { dimensions: { name: DimensionName; values: string[] } }
  | { tags: { name: string; values: string[] } };

export interface CostQuery {
  type: CostType;
  range: DayRange;
  granularity: Granularity;
  /** Output columns in request order: alias is not shown by Azure, the column is named after `name`. */
  aggregation: Array<{ alias: string; name: AggregateName }>;
  grouping: Grouping[];
  filter?: CostFilter;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ci = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' ? list.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined;

/** Reads a QueryDefinition (or the shared part of a ForecastDefinition) at virtual time `nowMs`. */
export function parseCostQuery(body: unknown, nowMs: number, opts: { forecast?: boolean; resourceIdAllowed: boolean }): CostQuery {
  if (!isObj(body)) throw badRequest('The request body must be a JSON object.');
  const type = ci(['ActualCost', 'AmortizedCost', 'Usage'] as const, body.type);
  if (!type) throw badRequest(`Invalid query type: '${String(body.type)}'; valid values: 'Usage','ActualCost','AmortizedCost'`);
  const dataset = body.dataset;
  if (!isObj(dataset)) throw badRequest('The dataset field is required.');
  const granularity = parseGranularity(dataset.granularity, opts.forecast === true);
  // A forecast may span a whole month ahead day by day; the 31-day Daily cap is the Query API's ⚠️.
  const range = costTimeframe(body.timeframe, body.timePeriod, nowMs, opts.forecast ? 'Monthly' : granularity);
  if (opts.forecast && isObj(dataset) && dataset.grouping !== undefined) throw badRequest('Invalid forecast definition: grouping is not supported.');
  const aggregation = parseAggregation(dataset.aggregation, opts.forecast === true);
  const grouping = parseGrouping(dataset.grouping, opts.resourceIdAllowed);
  const filter = dataset.filter === undefined || dataset.filter === null ? undefined : parseFilter(dataset.filter);
  return { type, range, granularity, aggregation, grouping, ...(filter ? { filter } : {}) };
}

function parseGranularity(v: unknown, forecast: boolean): Granularity {
  if (v === undefined || v === null) return forecast ? 'Daily' : 'None';
  const g = ci(['Daily', 'Monthly', 'None'] as const, v);
  if (!g) throw badRequest(`Invalid dataset granularity: '${String(v)}'; valid values: 'Daily','Monthly','None'`);
  // The simulator forecasts day by day only (what the watchdog asks for) ⚠️ Azure also accepts Monthly.
  if (forecast && g !== 'Daily') throw badRequest(`Invalid dataset granularity: '${g}' for forecast; valid values: 'Daily'`);
  return g;
}

function parseAggregation(v: unknown, forecast: boolean): CostQuery['aggregation'] {
  if (v === undefined || v === null) {
    if (forecast) throw badRequest('The aggregation field is required for forecast.');
    return [{ alias: 'totalCost', name: 'Cost' }];
  }
  if (!isObj(v)) throw badRequest('Invalid dataset aggregation: expected an object of alias -> {name, function}.');
  const entries = Object.entries(v);
  if (entries.length === 0) throw badRequest('Invalid dataset aggregation: at least one aggregation is required.');
  if (entries.length > 2) throw badRequest(`Invalid dataset aggregation: ${entries.length} aggregations; at most 2 are allowed.`);
  return entries.map(([alias, a]) => {
    if (!isObj(a)) throw badRequest(`Invalid dataset aggregation '${alias}'.`);
    const name = ci(AGGREGATABLE, a.name);
    if (!name) throw badRequest(`Invalid dataset aggregation column: '${String(a.name)}'; valid values: ${AGGREGATABLE.map((x) => `'${x}'`).join(',')}`);
    if (typeof a.function !== 'string' || a.function.toLowerCase() !== 'sum') throw badRequest(`Invalid aggregation function: '${String(a.function)}'; valid values: 'Sum'`);
    return { alias, name };
  });
}

function parseGrouping(v: unknown, resourceIdAllowed: boolean): Grouping[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest('Invalid dataset grouping: expected an array.');
  if (v.length > 2) throw badRequest(`Invalid dataset grouping: ${v.length} groupings; at most 2 are allowed.`);
  const out = v.map((g): Grouping => {
    if (!isObj(g)) throw badRequest('Invalid dataset grouping.');
    const type = ci(['Dimension', 'TagKey'] as const, g.type);
    if (!type) throw badRequest(`Invalid dataset grouping type: '${String(g.type)}'; valid values: 'Dimension','TagKey'`);
    if (typeof g.name !== 'string' || !g.name) throw badRequest('Invalid dataset grouping: a name is required.');
    if (type === 'TagKey') return { type, name: g.name };
    const dim = ci(DIMENSIONS, g.name);
    if (!dim) throw badRequest(`Invalid dataset grouping: '${g.name}'; valid values: ${DIMENSIONS.map((d) => `'${d}'`).join(',')}`);
    if (dim === 'ResourceId' && !resourceIdAllowed) throw badRequest("Invalid dataset grouping: 'ResourceId' is only supported at subscription and resource group scopes.");
    return { type, name: dim };
  });
  const keys = out.map((g) => `${g.type}/${g.name.toLowerCase()}`);
  if (new Set(keys).size !== keys.length) throw badRequest('Invalid dataset grouping: duplicate grouping.');
  return out;
}

export function parseFilter(v: unknown): CostFilter {
  if (!isObj(v)) throw badRequest('Invalid dataset filter.');
  const keys = ['and', 'or', 'not', 'dimensions', 'tags'].filter((k) => v[k] !== undefined && v[k] !== null);
  if (keys.length !== 1) throw badRequest(`Invalid dataset filter: exactly one of 'and','or','not','dimensions','tags' is required, got ${keys.length}.`);
  const key = keys[0]!;
  const val = v[key];
  if (key === 'and' || key === 'or') {
    if (!Array.isArray(val) || val.length < 2) throw badRequest(`Invalid dataset filter: '${key}' needs at least 2 expressions.`);
    const list = val.map(parseFilter);
    return key === 'and' ? { and: list } : { or: list };
  }
  if (key === 'not') return { not: parseFilter(val) };
  if (!isObj(val) || typeof val.name !== 'string' || !Array.isArray(val.values) || val.values.some((x) => typeof x !== 'string')) {
    throw badRequest(`Invalid dataset filter: '${key}' needs {name, operator, values[]}.`);
  }
  if (typeof val.operator !== 'string' || val.operator.toLowerCase() !== 'in') throw badRequest(`Invalid filter operator: '${String(val.operator)}'; valid values: 'In'`);
  const values = val.values as string[];
  if (key === 'tags') return { tags: { name: val.name, values } };
  const dim = ci(DIMENSIONS, val.name);
  if (!dim) throw badRequest(`Invalid dataset filter; dimension '${val.name}' is not supported; valid values: ${DIMENSIONS.map((d) => `'${d}'`).join(',')}`);
  return { dimensions: { name: dim, values } };
}
