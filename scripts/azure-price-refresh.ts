/**
 * Pure part of `npm run prices:azure`: which Retail Prices API queries to send, which item of an answer is the
 * pay-as-you-go Linux rate of a VM size, and the new data/prices/azure-ml.json. No I/O here: the HTTP paging lives in
 * scripts/azure-retail-prices-http.ts so this file is testable with plain arrays.
 *
 * Sources: the Azure Retail Prices overview (learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices:
 * unauthenticated, 2023-01-01-preview, case-sensitive filter values, savingsPlan only in the preview) and real answers
 * quoted in public questions and code (an item with type DevTestConsumption, productName "Virtual Machines Edsv4
 * Series Windows", unitOfMeasure "1 Hour", isPrimaryMeterRegion, armSkuName). `type` is Consumption | Reservation |
 * DevTestConsumption. ⚠️ from third-party code, not Microsoft's page: Spot and Low Priority are not a `type` but part
 * of `skuName`/`meterName` ("NC24ads A100 v4 Spot"), and Linux products have no OS suffix while Windows ones end in
 * "Windows".
 * Reservation items carry the price of the whole 1- or 3-year term although unitOfMeasure is still "1 Hour" ⚠️
 * (third-party notes, not the overview page): reading them as hourly would be off by ~8,760x, hence `type` first.
 */
import type { AzurePriceTable } from '../src/providers/azure/price-table';

/** One element of `Items`. Optional fields are the ones only some meters carry. */
export interface RetailPriceItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
  reservationTerm?: string;
  savingsPlan?: unknown[];
}

/** One response page. `NextPageLink` is null on the last page, and has been seen empty on a full page too. */
export interface RetailPricePage {
  BillingCurrency?: string;
  CustomerEntityId?: string;
  CustomerEntityType?: string;
  Items: RetailPriceItem[];
  NextPageLink: string | null;
  Count?: number;
}

/** Every item matching one `$filter`, all pages. */
export type FetchPages = (filter: string) => Promise<RetailPriceItem[]>;

/** The file: the fields price-table.ts reads, plus `note` and the sizes whose figure was not fetched. */
export type AzurePriceFile = AzurePriceTable & { note?: string; unverified?: Record<string, string[]>; [extra: string]: unknown };

/** ≤ 10 sizes a query: the filter travels in the URL, and one long OR chain is harder to read in a failure message. */
export const SIZES_PER_QUERY = 10;

/**
 * ARM spelling of a lower-case table key: `standard_nc24ads_a100_v4` → `Standard_NC24ads_A100_v4`. Needed because
 * with api-version 2023-01-01-preview filter values are case-sensitive (overview page, "Filter values are
 * case-sensitive"). Rule: family letters upper, count, feature letters lower; GPU segments upper; version lower.
 * ⚠️ derived from the size names in vm-sizes.ts, not from a published grammar; a wrong guess only makes that size
 * "not found" (old value kept, listed), never a wrong price.
 */
export function armSkuName(key: string): string | undefined {
  const [prefix, first, ...rest] = key.toLowerCase().split('_');
  const m = /^([a-z]+)(\d+(?:-\d+)?)([a-z]*)$/.exec(first ?? '');
  if (prefix !== 'standard' || !m) return undefined;
  const tail = rest.map((s) => (/^v\d+$/.test(s) ? s : s.toUpperCase()));
  return ['Standard', `${m[1]!.toUpperCase()}${m[2]}${m[3]}`, ...tail].join('_');
}

const REGION = /^[a-z0-9]+$/;
const SKU = /^Standard_[A-Za-z0-9_-]+$/;

/**
 * `$filter` values, one per batch of ≤ SIZES_PER_QUERY sizes in one region. Parentheses keep the OR inside the AND
 * (OData precedence: and before or) ⚠️ parenthesised OR is standard OData; not shown on the overview page.
 */
export function buildFilters(region: string, armSkuNames: readonly string[], perQuery = SIZES_PER_QUERY): string[] {
  if (!REGION.test(region)) throw new Error(`not an ARM region name: ${JSON.stringify(region)} (e.g. eastus)`);
  const out: string[] = [];
  for (let i = 0; i < armSkuNames.length; i += perQuery) {
    const batch = armSkuNames.slice(i, i + perQuery);
    for (const s of batch) if (!SKU.test(s)) throw new Error(`not an ARM VM size: ${JSON.stringify(s)}`);
    const skus = batch.map((s) => `armSkuName eq '${s}'`).join(' or ');
    out.push(`serviceName eq 'Virtual Machines' and armRegionName eq '${region}' and (${skus})`);
  }
  return out;
}

export type Pick = { ok: true; hourly: number; item: RetailPriceItem } | { ok: false; reason: string };

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const isDiscounted = (i: RetailPriceItem) => /spot|low priority/.test(`${lower(i.skuName)} ${lower(i.meterName)}`);

/**
 * The pay-as-you-go Linux on-demand hourly rate of `size` (any case) among `items`: type Consumption, per hour, no
 * Windows product, no Spot / Low Priority meter, a positive price in `currency`. Several candidates with one price
 * are fine (the preview API also returns non-primary meters ⚠️); different prices prefer the primary meter region,
 * then the lowest tier, then the newest effectiveStartDate; still ambiguous is a reason, not a guess.
 */
export function pickLinuxOnDemand(items: readonly RetailPriceItem[], size: string, currency = 'USD'): Pick {
  const mine = items.filter((i) => lower(i.armSkuName) === lower(size));
  if (mine.length === 0) return { ok: false, reason: 'no item with this armSkuName (not offered in the region, or the name is spelled differently)' };
  let c = mine.filter(
    (i) => i.type === 'Consumption' && i.unitOfMeasure === '1 Hour' && !lower(i.productName).includes('windows') && !isDiscounted(i),
  );
  if (c.length === 0) return { ok: false, reason: `${mine.length} item(s), none Linux pay-as-you-go per hour (types: ${[...new Set(mine.map((i) => i.type))].join(', ')})` };
  c = c.filter((i) => i.currencyCode === currency && Number.isFinite(i.retailPrice) && i.retailPrice > 0);
  if (c.length === 0) return { ok: false, reason: `no positive ${currency} price on the Linux pay-as-you-go item` };
  const narrow = (keep: (i: RetailPriceItem) => boolean) => {
    const k = c.filter(keep);
    if (k.length > 0) c = k;
  };
  const distinct = () => new Set(c.map((i) => i.retailPrice)).size;
  if (distinct() > 1) narrow((i) => i.isPrimaryMeterRegion);
  if (distinct() > 1) narrow((i) => i.tierMinimumUnits === Math.min(...c.map((x) => x.tierMinimumUnits)));
  if (distinct() > 1) narrow((i) => i.effectiveStartDate === c.map((x) => x.effectiveStartDate).sort().at(-1));
  if (distinct() > 1) return { ok: false, reason: `ambiguous: ${c.map((i) => `${i.productName} / ${i.meterName} ${i.retailPrice}`).join('; ')}` };
  return { ok: true, hourly: c[0]!.retailPrice, item: c[0]! };
}

export interface SizeChange {
  region: string;
  size: string;
  old?: number;
  new: number;
}
export interface RefreshSummary {
  changed: SizeChange[];
  unchanged: { region: string; size: string; hourly: number }[];
  notFound: { region: string; size: string; kept?: number; reason: string }[];
}

/** Was this figure of the old file fetched (not written from memory)? */
function wasVerified(old: AzurePriceFile, region: string, size: string): boolean {
  if (old.verified !== false) return true;
  return old.unverified ? !(old.unverified[region] ?? []).includes(size) : false;
}

/**
 * The new table. Regions: `opts.regions` or every region of the old table; sizes: every size any region knows, so a
 * new region gets the full list. Not-found sizes keep their old value (or stay absent) and are listed, and listed
 * under `unverified`, since today's refresh did not confirm them. Regions not refreshed are left as they were.
 * Extra keys of the file are kept. The input is not changed.
 */
export async function refreshAzureTable(
  old: AzurePriceFile,
  fetchPages: FetchPages,
  opts: { today?: string; regions?: readonly string[]; perQuery?: number } = {},
): Promise<{ table: AzurePriceFile; summary: RefreshSummary }> {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const table = structuredClone(old);
  const regions = opts.regions ?? Object.keys(old.regions);
  const sizes = [...new Set(Object.values(old.regions).flatMap((r) => Object.keys(r)))].sort();
  const summary: RefreshSummary = { changed: [], unchanged: [], notFound: [] };
  const fetched = new Set<string>();
  for (const region of regions) {
    const rates = (table.regions[region] ??= {});
    const named = sizes.map((size) => ({ size, arm: armSkuName(size) }));
    for (const n of named.filter((x) => !x.arm)) summary.notFound.push({ region, size: n.size, kept: rates[n.size], reason: 'no ARM spelling for this key' });
    const arms = named.filter((x) => x.arm).map((x) => x.arm!);
    const items: RetailPriceItem[] = [];
    for (const filter of buildFilters(region, arms, opts.perQuery)) items.push(...(await fetchPages(filter)));
    for (const { size, arm } of named) {
      if (!arm) continue;
      const p = pickLinuxOnDemand(items.filter((i) => i.armRegionName === region), arm, table.currency);
      const before = rates[size];
      if (!p.ok) {
        summary.notFound.push({ region, size, ...(before === undefined ? {} : { kept: before }), reason: p.reason });
        continue;
      }
      fetched.add(`${region} ${size}`);
      rates[size] = p.hourly;
      if (before === p.hourly) summary.unchanged.push({ region, size, hourly: p.hourly });
      else summary.changed.push({ region, size, ...(before === undefined ? {} : { old: before }), new: p.hourly });
    }
    if (Object.keys(rates).length === 0) delete table.regions[region];
  }
  const unverified: Record<string, string[]> = {};
  for (const [region, rates] of Object.entries(table.regions)) {
    const refreshedHere = regions.includes(region);
    const list = Object.keys(rates).filter((s) => (refreshedHere ? !fetched.has(`${region} ${s}`) : !wasVerified(old, region, s)));
    if (list.length) unverified[region] = list.sort();
  }
  const anyUnverified = Object.keys(unverified).length > 0;
  if (fetched.size > 0) {
    table.asOf = today;
    table.note =
      `Fetched ${today} by npm run prices:azure from the Azure Retail Prices API (type Consumption, 1 Hour, Linux product, ` +
      `not Spot / Low Priority; retailPrice).${anyUnverified ? ' Sizes under `unverified` were not confirmed by that refresh and keep their earlier figure ⚠️.' : ''}`;
  }
  table.verified = !anyUnverified;
  if (anyUnverified) table.unverified = unverified;
  else delete table.unverified;
  return { table, summary };
}
