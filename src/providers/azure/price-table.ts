import type { InstancePrice } from '../../domain/resources';
import table from '../../../data/prices/azure-ml.json';
import { vmSizeKey } from './vm-sizes';

/** data/prices/azure-ml.json: hourly pay-as-you-go Linux VM list prices per region, keyed by lower-case VM size. */
export interface AzurePriceTable {
  source: string;
  asOf: string;
  verified?: boolean;
  /** Sizes per region whose figure the last `npm run prices:azure` did not fetch (kept from before). */
  unverified?: Record<string, string[]>;
  currency: string;
  regions: Record<string, Record<string, number>>;
}

export const AZURE_PRICE_TABLE = table as AzurePriceTable;
const FALLBACK_REGION = 'eastus';

/** `East US` (display name) and `eastus` (ARM location) are the same region. */
export function armLocation(region: string): string {
  return region.toLowerCase().replace(/\s+/g, '');
}

/**
 * Hourly list price of one VM size. Azure Machine Learning bills managed online deployments, compute instances and
 * job nodes at the underlying VM's rate ⚠️ (Azure ML pricing page: "no additional charge" for the ML service on top
 * of compute), so one VM table prices all three. A region without a table falls back to eastus and the returned
 * `region` (and source) says so, like the AWS and Google tables. Undefined when the size is not in the table.
 */
export function azureListPrice(vmSize: string, region: string, prices: AzurePriceTable = AZURE_PRICE_TABLE): InstancePrice | undefined {
  const wanted = armLocation(region);
  const key = vmSizeKey(vmSize);
  for (const r of wanted === FALLBACK_REGION ? [wanted] : [wanted, FALLBACK_REGION]) {
    const perHour = prices.regions[r]?.[key];
    if (perHour === undefined) continue;
    const base = prices.source.split(';')[0]!;
    // With a per-size list only the listed sizes are unverified; without one, `verified: false` covers them all.
    const unverified = prices.verified === false && (prices.unverified === undefined || (prices.unverified[r] ?? []).includes(key));
    return {
      hourly: { amount: perHour, currency: prices.currency },
      region: r,
      source: `${base}, static table data/prices/azure-ml.json${unverified ? ' (unverified figures)' : ''}${r === wanted ? '' : ` (no prices for ${wanted}; eastus shown)`}`,
      asOf: prices.asOf,
    };
  }
  return undefined;
}

/** Regions whose table lists a price for the VM size (where it is offered, as far as the dated table knows). */
export function azurePricedRegions(vmSize: string, prices: AzurePriceTable = AZURE_PRICE_TABLE): string[] {
  const key = vmSizeKey(vmSize);
  return Object.keys(prices.regions).filter((r) => prices.regions[r]?.[key] !== undefined);
}
