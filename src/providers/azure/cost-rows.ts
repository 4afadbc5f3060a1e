import type { ResourceRef } from '../../domain/cloud';
import type { CostLine, MonthForecast } from '../../domain/cost';
import type { CostAnswer } from './cost-query';

/**
 * Pure mapping of Cost Management answers. Rows are POSITIONAL arrays described by `columns`, and the column set
 * depends on the query (and the api-version: ActualCost answers `Cost`, older Usage answers `PreTaxCost` even when
 * the aggregation asked for `Cost`, see BillingAccountForecast.json), so every value is read through its column NAME.
 */

export const COST_SOURCE = 'Azure Cost Management Query, ActualCost, daily by ResourceId';
const COST_COLUMNS = ['Cost', 'PreTaxCost', 'CostUSD', 'PreTaxCostUSD', 'totalCost'];

/** Column name (case-insensitive) -> index. */
export function columnIndex(answer: CostAnswer): (name: string) => number | undefined {
  const idx = new Map(answer.columns.map((c, i) => [c.name.toLowerCase(), i]));
  return (name) => idx.get(name.toLowerCase());
}

/** `UsageDate` comes back as the NUMBER 20240115 (yyyymmdd); a string form or an ISO date is accepted too. */
export function usageDate(v: unknown): Date | undefined {
  const s = typeof v === 'number' ? String(Math.trunc(v)) : typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export interface RowMapping {
  subscription: string;
  source: string;
  /** Set for the owner-tag query: lines then carry Tags ({} for the untagged remainder), like the AWS reader's. */
  tagKey?: string;
  /** Known resources, to attach `ref` (and the ARM-cased id) to their rows. */
  refs?: readonly ResourceRef[];
  /** The commitment query (PricingModel grouping): lines of the `commitment` breakdown, typed by their PricingModel. */
  commitment?: boolean;
}

/**
 * Finds the resource a (lower-cased) ResourceId bills: the longest known ARM id that is a case-insensitive prefix
 * on a path boundary, so a deployment's row (.../onlineendpoints/ep/deployments/blue) lands on its endpoint.
 * Managed online deployments are billed on their ENDPOINT's id ⚠️ (brief; not verified against a real bill).
 * Built once per answer: a lookup walks the row id's own path prefixes, so matching stays linear in the rows
 * however many resources the fleet has (a scan of every ref per row is rows x resources).
 */
export function refMatcher(refs: readonly ResourceRef[]): (resourceId: string) => ResourceRef | undefined {
  const byId = new Map<string, ResourceRef>();
  for (const r of refs) if (r.id) byId.set(r.id.toLowerCase(), r);
  return (resourceId) => {
    let id = resourceId.toLowerCase();
    for (;;) {
      const hit = byId.get(id);
      if (hit) return hit;
      const cut = id.lastIndexOf('/');
      if (cut <= 0) return undefined;
      id = id.slice(0, cut);
    }
  };
}

export function matchRef(resourceId: string, refs: readonly ResourceRef[]): ResourceRef | undefined {
  return refMatcher(refs)(resourceId);
}

/** One CostLine per row; rows without a date or an amount are skipped (never read as 0). */
export function toCostLines(answer: CostAnswer, m: RowMapping): CostLine[] {
  const col = columnIndex(answer);
  const costAt = COST_COLUMNS.map(col).find((i) => i !== undefined);
  const dateAt = col('UsageDate');
  if (costAt === undefined || dateAt === undefined) return [];
  const currencyAt = col('Currency') ?? col('BillingCurrency');
  const resourceAt = col('ResourceId');
  const serviceAt = col('ServiceName');
  const locationAt = col('ResourceLocation');
  const tagValueAt = col('TagValue');
  const pricingAt = col('PricingModel');
  const match = m.refs ? refMatcher(m.refs) : undefined;
  const lines: CostLine[] = [];
  for (const row of answer.rows) {
    const start = usageDate(row[dateAt]);
    const cost = num(row[costAt]);
    if (!start || cost === undefined) continue;
    const rawId = resourceAt !== undefined ? str(row[resourceAt]) : undefined;
    const ref = rawId && match ? match(rawId) : undefined;
    // Cost Management answers ids lower-cased; a matched resource gets its ARM-cased id so equality with ref.id holds.
    const resourceId = ref && ref.id.toLowerCase() === rawId!.toLowerCase() ? ref.id : rawId?.toLowerCase();
    const tagValue = tagValueAt !== undefined ? str(row[tagValueAt]) : undefined;
    const region = locationAt !== undefined ? str(row[locationAt]) : undefined;
    const pricing = pricingAt !== undefined ? str(row[pricingAt]) : undefined;
    if (m.commitment && (!pricing || pricing === 'OnDemand' || pricing === 'Spot')) continue;
    lines.push({
      cloud: 'azure',
      ChargePeriodStart: start,
      ChargePeriodEnd: new Date(start.getTime() + 86_400_000),
      BilledCost: cost,
      EffectiveCost: cost,
      BillingCurrency: (currencyAt !== undefined ? str(row[currencyAt]) : undefined) ?? 'USD',
      ServiceName: (serviceAt !== undefined ? str(row[serviceAt]) : undefined) ?? 'unknown',
      SubAccountId: m.subscription,
      ...(region ? { RegionId: region } : {}),
      ...(resourceId ? { ResourceId: resourceId } : {}),
      ...(m.tagKey ? { Tags: tagValue ? { [m.tagKey]: tagValue } : {} } : {}),
      basis: 'billed',
      breakdown: m.commitment ? 'commitment' : m.tagKey ? 'owner' : 'total',
      source: m.source,
      ...(ref ? { ref } : {}),
      ...(m.commitment ? { CommitmentDiscountType: pricing } : {}),
    });
  }
  return lines;
}

/**
 * Sums a forecast answer: rows with CostStatus `Actual` are billed so far, `Forecast` rows the rest of the month.
 * Undefined when the answer carries no cost column or mixes currencies.
 */
export function toMonthForecast(answer: CostAnswer, subscription: string, month: { start: Date; end: Date }, source: string, service?: string): MonthForecast | undefined {
  const col = columnIndex(answer);
  const costAt = COST_COLUMNS.map(col).find((i) => i !== undefined);
  if (costAt === undefined) return undefined;
  const statusAt = col('CostStatus');
  const currencyAt = col('Currency');
  const dateAt = col('UsageDate');
  let actual = 0;
  let forecast = 0;
  let firstForecastMs: number | undefined;
  const currencies = new Set<string>();
  for (const row of answer.rows) {
    const cost = num(row[costAt]);
    if (cost === undefined) continue;
    if (currencyAt !== undefined && str(row[currencyAt])) currencies.add(str(row[currencyAt])!);
    const status = statusAt !== undefined ? str(row[statusAt])?.toLowerCase() : undefined;
    if (status === 'forecast') {
      forecast += cost;
      const day = dateAt !== undefined ? usageDate(row[dateAt])?.getTime() : undefined;
      if (day !== undefined && (firstForecastMs === undefined || day < firstForecastMs)) firstForecastMs = day;
    } else actual += cost;
  }
  if (currencies.size > 1) return undefined;
  return {
    cloud: 'azure',
    SubAccountIds: [subscription],
    ...(service ? { ServiceName: service } : {}),
    month,
    // No Forecast row: the whole month is actual (or the scope has no history to forecast from).
    forecastFrom: new Date(firstForecastMs ?? month.end.getTime()),
    forecastRemaining: forecast,
    actualToDate: actual,
    currency: [...currencies][0] ?? 'USD',
    basis: forecast > 0 ? 'estimate' : 'billed',
    source,
  };
}
