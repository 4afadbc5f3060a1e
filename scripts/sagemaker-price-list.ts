/**
 * SageMaker list prices from the AWS Price List Query API, turned into data/prices/aws-sagemaker.json.
 * Parsing and table building are pure (tested against test/fixtures/aws/pricing/GetProducts.sagemaker-hosting.json);
 * `fetchSageMakerPriceList` is the only I/O and takes its client. The file shape is in price-table-file.ts and
 * scripts/refresh-aws-prices.ts is the CLI.
 *
 * Wire facts this code relies on (sources in docs/pricing.md):
 * - GetProducts `PriceList` items are JSON documents in strings (mediaType application/json). SDK v3's schema serde
 *   hands each one back as a LazyJsonString, a `String` object, so `typeof item === 'string'` is false: normalise
 *   with `String(item)` (@smithy/core serde lazy-json.js).
 * - SageMaker instance SKUs: `product.productFamily` "ML Instance"; attributes `component` ("Hosting", "Training",
 *   "Notebook", and others we ignore such as "Cluster" for HyperPod, "Studio-Notebook", "BatchTransform",
 *   "AsyncInf", "Processing"), `instanceName` ("ml.g5.xlarge"), `usagetype` ("USE1-Host:ml.g5.xlarge"),
 *   `regionCode`, `locationType` ("AWS Region"; Outposts rows exist and must not overwrite regional prices).
 * - On-demand: `terms.OnDemand[<sku>.JRTCKXETXF].priceDimensions[<rateCode>]` with `unit` "Hrs" and
 *   `pricePerUnit.USD` as a decimal string ("1.4080000000").
 * - Traps: a training-plan upfront fee row (usagetype `USE1-TrainingPlanUpfrontFee:ml.p4d.24xlarge`) has no
 *   component and unit "Quantity", and at $13.57 it is lower than the $25.251 hourly rate; HyperPod "Cluster" rows
 *   price the same instance differently ($25.910). Both would silently under- or over-state cost if picked.
 */
import { paginateGetProducts, type Filter, type PricingClient } from '@aws-sdk/client-pricing';
import type { SageMakerComponent } from '../src/providers/aws/price-table';
import { DAY, INSTANCE_TYPE, type PriceTableFile } from './price-table-file';

export const PRICE_LIST_SOURCE_KEY = 'aws-price-list-api';
const COMPONENTS: readonly SageMakerComponent[] = ['hosting', 'notebook', 'training'];
/** Price List `component` attribute -> our component. Compared case-insensitively: casing varies across SKUs. */
const COMPONENT_BY_ATTRIBUTE = new Map<string, SageMakerComponent>([
  ['hosting', 'hosting'],
  ['notebook', 'notebook'],
  ['training', 'training'],
]);
/** The exact `component` values we ask GetProducts for (TERM_MATCH), one request stream per component. */
export const PRICE_LIST_COMPONENT_VALUES: Record<SageMakerComponent, string> = {
  hosting: 'Hosting',
  notebook: 'Notebook',
  training: 'Training',
};

/** One on-demand hourly rate read from one Price List item. */
export interface PriceListEntry {
  regionCode: string;
  component: SageMakerComponent;
  instanceType: string;
  usdPerHour: number;
  usageType: string;
  sku: string;
  /** Item `publicationDate` (ISO), when present. */
  publishedAt?: string;
}

export type PriceListErrorCode = 'PRICE_LIST_ITEM_NOT_JSON' | 'PRICE_LIST_ITEM_MALFORMED' | 'PRICE_LIST_EMPTY';

export class PriceListError extends Error {
  readonly code: PriceListErrorCode;
  constructor(code: PriceListErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PriceListError';
    this.code = code;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads every on-demand hourly Hosting/Notebook/Training rate from GetProducts `PriceList` items. Items for other
 * product families, components, non-region locations, or with no positive hourly USD rate are skipped; an item that
 * is not JSON or has no `product.attributes` throws, because that means the wire format changed and a silently
 * empty table would replace a good one.
 */
export function parsePriceListItems(items: readonly string[]): PriceListEntry[] {
  const entries: PriceListEntry[] = [];
  items.forEach((item, index) => {
    let doc: unknown;
    try {
      doc = JSON.parse(item);
    } catch (cause) {
      throw new PriceListError('PRICE_LIST_ITEM_NOT_JSON', `PriceList item ${index} is not JSON`, { cause });
    }
    const product = isObject(doc) ? doc.product : undefined;
    const attrs = isObject(product) ? product.attributes : undefined;
    if (!isObject(doc) || !isObject(product) || !isObject(attrs)) {
      throw new PriceListError('PRICE_LIST_ITEM_MALFORMED', `PriceList item ${index} has no product.attributes`);
    }
    if (product.productFamily !== 'ML Instance') return;
    const locationType = str(attrs.locationType);
    if (locationType !== undefined && locationType !== 'AWS Region') return;
    const component = COMPONENT_BY_ATTRIBUTE.get(str(attrs.component)?.toLowerCase() ?? '');
    if (!component) return;
    const instanceType = instanceTypeOf(attrs);
    const regionCode = str(attrs.regionCode);
    if (!instanceType || !regionCode) return;
    for (const usdPerHour of hourlyUsdRates(doc.terms)) {
      entries.push({
        regionCode,
        component,
        instanceType,
        usdPerHour,
        usageType: str(attrs.usagetype) ?? '',
        sku: str(product.sku) ?? '',
        ...(str(doc.publicationDate) ? { publishedAt: str(doc.publicationDate)! } : {}),
      });
    }
  });
  return entries;
}

/** `instanceName` when it is an ml.* type, else the part of `usagetype` after the last ':' ("USE1-Host:ml.g5.xlarge"). */
function instanceTypeOf(attrs: Json): string | undefined {
  const name = str(attrs.instanceName);
  if (name && INSTANCE_TYPE.test(name)) return name;
  const fromUsage = str(attrs.usagetype)?.split(':').pop();
  return fromUsage && INSTANCE_TYPE.test(fromUsage) ? fromUsage : undefined;
}

/** Distinct positive USD rates of every on-demand price dimension billed in "Hrs". Zero rows are free-tier/Debugger. */
function hourlyUsdRates(terms: unknown): number[] {
  const onDemand = isObject(terms) ? terms.OnDemand : undefined;
  if (!isObject(onDemand)) return [];
  const rates = new Set<number>();
  for (const term of Object.values(onDemand)) {
    const dims = isObject(term) ? term.priceDimensions : undefined;
    if (!isObject(dims)) continue;
    for (const dim of Object.values(dims)) {
      if (!isObject(dim) || str(dim.unit)?.toLowerCase() !== 'hrs' || !isObject(dim.pricePerUnit)) continue;
      const usd = Number(dim.pricePerUnit.USD);
      if (Number.isFinite(usd) && usd > 0) rates.add(usd);
    }
  }
  return [...rates];
}

export interface BuildOptions {
  /** When the prices were read; `asOf` falls back to this when no item carries a publicationDate. */
  now: Date;
  /** Accelerated types that must be priced for us-east-1 hosting or be listed in `unsourced` with a reason. */
  acceleratedTypes: readonly string[];
}

const FALLBACK_REGION = 'us-east-1';

/**
 * Builds the table file from parsed entries. A (region, component, type) with more than one distinct rate is left
 * out and recorded in `unsourced` for us-east-1 hosting: two prices for one thing means we cannot tell which applies,
 * and a guess would be shown to users as fact.
 */
export function buildPriceTable(entries: readonly PriceListEntry[], opts: BuildOptions): PriceTableFile {
  if (entries.length === 0) {
    throw new PriceListError('PRICE_LIST_EMPTY', 'GetProducts returned no on-demand SageMaker instance rates');
  }
  const rates = new Map<string, Set<number>>();
  let newest = '';
  for (const e of entries) {
    const key = `${e.regionCode}\u0000${e.component}\u0000${e.instanceType}`;
    (rates.get(key) ?? rates.set(key, new Set()).get(key)!).add(e.usdPerHour);
    const published = e.publishedAt?.slice(0, 10) ?? '';
    if (DAY.test(published) && published > newest) newest = published;
  }
  const retrievedOn = opts.now.toISOString().slice(0, 10);
  const asOf = newest || retrievedOn;

  const regions: PriceTableFile['regions'] = {};
  const provenance: PriceTableFile['provenance'] = {};
  const conflicts = new Map<string, number[]>();
  const sortedKeys = [...rates.keys()].sort(compareKeys);
  for (const key of sortedKeys) {
    const [region, component, type] = key.split('\u0000') as [string, SageMakerComponent, string];
    const values = [...rates.get(key)!].sort((a, b) => a - b);
    if (values.length > 1) {
      conflicts.set(key, values);
      continue;
    }
    ((regions[region] ??= {})[component] ??= {})[type] = values[0]!;
    ((provenance[region] ??= {})[component] ??= {})[type] = PRICE_LIST_SOURCE_KEY;
  }

  const hosting = regions[FALLBACK_REGION]?.hosting ?? {};
  const missing: Record<string, string> = {};
  for (const type of [...opts.acceleratedTypes].sort(compareTypes)) {
    if (hosting[type] !== undefined) continue;
    const clash = conflicts.get(`${FALLBACK_REGION}\u0000hosting\u0000${type}`);
    missing[type] = clash
      ? `GetProducts returned ${clash.length} different on-demand Hosting rates (${clash.map((v) => `$${v}/h`).join(', ')}); left out rather than guessed.`
      : `GetProducts returned no on-demand Hosting rate for ${FALLBACK_REGION} on ${retrievedOn}.`;
  }

  return {
    source: `AWS SageMaker AI on-demand list price; AWS Price List Query API GetProducts (ServiceCode AmazonSageMaker, productFamily ML Instance), retrieved ${retrievedOn}; refresh with \`npm run prices:aws\``,
    asOf,
    currency: 'USD',
    regions,
    sources: {
      [PRICE_LIST_SOURCE_KEY]: {
        title: 'AWS Price List Query API GetProducts, ServiceCode AmazonSageMaker, filters regionCode + productFamily "ML Instance" + component',
        url: 'https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html',
        asOf,
        note: `Retrieved ${retrievedOn} by scripts/refresh-aws-prices.ts.`,
      },
    },
    provenance,
    unsourced: Object.keys(missing).length > 0 ? { [FALLBACK_REGION]: { hosting: missing } } : {},
    notes: [
      'Prices are USD per instance-hour, on-demand, before Savings Plans, credits or private pricing; per-endpoint estimates built from them are labelled list-price, never billed.',
      'Only the Hosting, Notebook and Training components are read; HyperPod (Cluster), Studio, Processing, batch transform and training-plan fees are other products.',
      'A type in `unsourced` has no list price on purpose: the code then reports "no list price" instead of guessing. Regions or types missing from `regions` fall back to the us-east-1 figure, labelled us-east-1.',
    ],
  };
}

/** Region, then component, then instance type in family/size order ("ml.g5.2xlarge" before "ml.g5.12xlarge"). */
function compareKeys(a: string, b: string): number {
  const [ra, ca, ta] = a.split('\u0000') as [string, string, string];
  const [rb, cb, tb] = b.split('\u0000') as [string, string, string];
  return ra.localeCompare(rb) || COMPONENTS.indexOf(ca as SageMakerComponent) - COMPONENTS.indexOf(cb as SageMakerComponent) || compareTypes(ta, tb);
}

function compareTypes(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Every GetProducts item for one region and component, following NextToken. The Pricing endpoint lives in
 * us-east-1 (also ap-south-1, eu-central-1); build the client there whatever region is being priced.
 */
export async function fetchSageMakerPriceList(
  client: PricingClient,
  regionCode: string,
  component: SageMakerComponent,
): Promise<string[]> {
  const Filters: Filter[] = [
    { Type: 'TERM_MATCH', Field: 'regionCode', Value: regionCode },
    { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
    { Type: 'TERM_MATCH', Field: 'component', Value: PRICE_LIST_COMPONENT_VALUES[component] },
  ];
  const items: string[] = [];
  const pages = paginateGetProducts(
    { client, pageSize: 100 },
    { ServiceCode: 'AmazonSageMaker', FormatVersion: 'aws_v1', Filters },
  );
  for await (const page of pages) {
    const list: unknown = page.PriceList ?? [];
    if (!Array.isArray(list)) {
      throw new PriceListError('PRICE_LIST_ITEM_MALFORMED', 'GetProducts PriceList is not an array');
    }
    for (const item of list) items.push(String(item));
  }
  return items;
}
