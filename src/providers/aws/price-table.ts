import type { InstancePrice } from '../../domain/resources';
import table from '../../../data/prices/aws-sagemaker.json';

export type SageMakerComponent = 'hosting' | 'notebook' | 'training';

interface PriceTable {
  source: string;
  asOf: string;
  currency: string;
  regions: Record<string, Partial<Record<SageMakerComponent, Record<string, number>>>>;
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
    const perHour = prices.regions[r]?.[component]?.[instanceType] ?? prices.regions[r]?.hosting?.[instanceType];
    if (perHour !== undefined) {
      return {
        hourly: { amount: perHour, currency: prices.currency },
        region: r,
        source: prices.source.split(';')[0]!,
        asOf: prices.asOf,
      };
    }
  }
  return undefined;
}
