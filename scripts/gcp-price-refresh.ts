import type { CatalogClient } from '../src/providers/gcp/catalog-client';
import { CATALOG_CALL } from '../src/providers/gcp/catalog-client';
import { findSku, isMachinePartSku, unitPrice, type CatalogSku, type SkuPart } from '../src/providers/gcp/catalog-sku-match';
import type { GcpPriceTable } from '../src/providers/gcp/price-table';
import type { GcpMachineSpec } from '../src/providers/gcp/ports';

type Usage = GcpMachineSpec['usage'];
const SERVICE_OF: Record<Usage, string> = { prediction: 'Vertex AI', training: 'Vertex AI', workbench: 'Compute Engine' };
const PARTS: SkuPart[] = ['core', 'ram', 'gpu'];

/** Every SKU a price could come from, per catalog service display name. */
export async function fetchMachineSkus(client: CatalogClient): Promise<Map<string, CatalogSku[]>> {
  const names = new Map<string, string>();
  for await (const s of client.listServicesAsync({ pageSize: 5000 }, CATALOG_CALL)) if (s.displayName && s.name) names.set(s.displayName, s.name);
  const out = new Map<string, CatalogSku[]>();
  for (const display of new Set(Object.values(SERVICE_OF))) {
    const parent = names.get(display);
    if (!parent) throw new Error(`the Cloud Billing Catalog lists no service named "${display}"`);
    const skus: CatalogSku[] = [];
    for await (const s of client.listSkusAsync({ parent, currencyCode: 'USD', pageSize: 5000 }, CATALOG_CALL)) if (isMachinePartSku(s)) skus.push(s);
    out.set(display, skus);
  }
  return out;
}

/**
 * A new static table: every rate the current table knows (same regions, usages, families and GPUs), re-read from the
 * catalog. Rates the catalog does not list keep their old value and provenance; refreshed ones cite the catalog.
 */
export function refreshTable(old: GcpPriceTable, skus: ReadonlyMap<string, CatalogSku[]>, today: string): { table: GcpPriceTable; refreshed: number; kept: string[] } {
  const table = JSON.parse(JSON.stringify(old)) as GcpPriceTable & { provenance: Record<string, Record<string, Record<string, Record<string, string>>>> };
  table.provenance ??= {};
  let refreshed = 0;
  const kept: string[] = [];
  for (const [region, usages] of Object.entries(table.regions)) {
    for (const [usage, rates] of Object.entries(usages) as [Usage, Record<SkuPart, Record<string, number>>][]) {
      for (const part of PARTS) {
        for (const key of Object.keys(rates[part] ?? {})) {
          const price = unitPrice(findSku(skus.get(SERVICE_OF[usage]) ?? [], usage, part, key, region) ?? {});
          if (!price || price.currency !== table.currency) {
            kept.push(`${region} ${usage} ${part} ${key}`);
            continue;
          }
          rates[part][key] = price.amount;
          const prov = (((table.provenance[region] ??= {})[usage] ??= {})[part] ??= {});
          prov[key] = `catalog-${today}`;
          refreshed++;
        }
      }
    }
  }
  table.sources = { ...table.sources, [`catalog-${today}`]: { asOf: today, verified: true, what: 'Cloud Billing Catalog API (services.skus.list), on-demand SKUs, read by npm run prices:gcp' } };
  table.asOf = today;
  return { table, refreshed, kept };
}
