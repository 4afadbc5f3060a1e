import type { InstancePrice } from '../../domain/resources';
import table from '../../../data/prices/aws-sagemaker.json';

export type SageMakerComponent = 'hosting' | 'notebook' | 'training';

interface PriceTable {
  source: string;
  asOf: string;
  currency: string;
  regions: Record<string, Partial<Record<SageMakerComponent, Record<string, number>>>>;
  /** Source ids per region/component/type (one id or several that agree). */
  provenance?: Record<string, Partial<Record<SageMakerComponent, Record<string, string | string[]>>>>;
  sources?: Record<string, { asOf?: string | null }>;
}

/** The newest dated source behind one entry, so an estimate never shows a newer date than its figure has. */
function entryAsOf(prices: PriceTable, region: string, component: SageMakerComponent, instanceType: string): string {
  const ids = prices.provenance?.[region]?.[component]?.[instanceType];
  const dates = (Array.isArray(ids) ? ids : ids ? [ids] : [])
    .map((id) => prices.sources?.[id]?.asOf)
    .filter((d): d is string => typeof d === 'string')
    .sort();
  return dates.at(-1) ?? (ids ? 'undated' : prices.asOf);
}

const PRICES = table as PriceTable;
const FALLBACK_REGION = 'us-east-1';

/**
 * On-demand list price for one SageMaker instance-hour. Cost Explorer cannot attribute SageMaker cost to an
 * endpoint (GetCostAndUsage has no RESOURCE_ID group-by; GetCostAndUsageWithResources is EC2-only), so
 * per-endpoint figures are instance-hours x this price, labelled `list-price`. When the region has no table the
 * us-east-1 price is returned with `region: 'us-east-1'` so the explanation says so.
 */
export function sagemakerListPrice(
  instanceType: string,
  region: string,
  component: SageMakerComponent = 'hosting',
  prices: PriceTable = PRICES,
): InstancePrice | undefined {
  for (const r of region === FALLBACK_REGION ? [region] : [region, FALLBACK_REGION]) {
    // A notebook or training type without its own price falls back to the hosting price, and says so.
    for (const c of component === 'hosting' ? (['hosting'] as const) : ([component, 'hosting'] as const)) {
      const perHour = prices.regions[r]?.[c]?.[instanceType];
      if (perHour === undefined) continue;
      const base = prices.source.split(';')[0]!;
      return {
        hourly: { amount: perHour, currency: prices.currency },
        region: r,
        source: c === component ? base : `${base} (hosting price; no ${component} price known)`,
        asOf: entryAsOf(prices, r, c, instanceType),
      };
    }
  }
  return undefined;
}

/** Regions whose table lists a price for the type (where it is offered, as far as the dated table knows). */
export function sagemakerPricedRegions(instanceType: string, component: SageMakerComponent = 'hosting', prices: PriceTable = PRICES): string[] {
  return Object.keys(prices.regions).filter((r) => prices.regions[r]?.[component]?.[instanceType] !== undefined);
}
