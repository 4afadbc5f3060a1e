import type { GcpMachineSpec } from './ports';

/**
 * Pure matching of Cloud Billing Catalog SKUs to the parts of a machine (cores, RAM, GPUs).
 *
 * SKU descriptions checked against public sources (⚠️ third-party listings, not Google's own reference; the catalog
 * has no machine-type SKUs, only per-part ones):
 * - Vertex AI prediction: "Vertex AI: Online/Batch Prediction N1 Predefined Instance Core running in …",
 *   "… A2 Instance Core running in Americas" / "… A2 Instance Ram running in Americas" (A2 without "Predefined"),
 *   "… A3 Predefined Instance Core running in Iowa", "… Nvidia H100 80gb GPU running in Iowa",
 *   "… Nvidia A100 80gb GPU running in Iowa" (note the lower-case "gb": matching is case-insensitive).
 * - Vertex AI also lists "Vertex AI: Online/Batch Prediction management fee on A3 Instance Core in Iowa": those apply
 *   to Spot / reservation / DWS nodes only and must not be added to on-demand prices.
 * - Training: "Vertex AI: Training/Pipelines on N1 Predefined Instance Core running in …" (+ separate management-fee
 *   SKUs, excluded the same way). ⚠️ Training GPU SKU wording is assumed to follow the prediction one.
 * - Compute Engine (Workbench): "N1 Predefined Instance Core running in Americas", "E2 Instance Core running in
 *   Americas", "Nvidia Tesla T4 GPU running in Americas"; Spot ("Spot Preemptible N1 …") and commitment
 *   ("Commitment v1: …") SKUs start differently and are excluded by anchoring at the start.
 * Region words ("Americas", "Iowa") are not matched: `serviceRegions` is.
 */

export interface CatalogMoney {
  currencyCode?: string | null;
  /** int64: a string over REST/proto3 JSON, possibly a number or Long-like in gax objects. */
  units?: string | number | { toString(): string } | null;
  nanos?: number | null;
}

export interface CatalogSku {
  name?: string | null;
  skuId?: string | null;
  description?: string | null;
  category?: { resourceFamily?: string | null; resourceGroup?: string | null; usageType?: string | null } | null;
  serviceRegions?: string[] | null;
  pricingInfo?:
    | {
        effectiveTime?: { seconds?: unknown } | string | null;
        pricingExpression?: {
          usageUnit?: string | null;
          tieredRates?: { startUsageAmount?: number | null; unitPrice?: CatalogMoney | null }[] | null;
        } | null;
      }[]
    | null;
}

export type SkuPart = 'core' | 'ram' | 'gpu';

/** Description prefix of each usage's SKUs (empty for Compute Engine). */
const PREFIX: Record<GcpMachineSpec['usage'], string> = {
  prediction: 'vertex ai: online/batch prediction ',
  training: 'vertex ai: training/pipelines on ',
  workbench: '',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** AcceleratorType enum -> the words of its SKU: NVIDIA_TESLA_T4 -> "tesla t4", NVIDIA_A100_80GB -> "a100 80gb". */
export const gpuWords = (acceleratorType: string): string => acceleratorType.replace(/^NVIDIA_/, '').replace(/_/g, ' ').toLowerCase();

/** The regular expression a part's SKU description must match (case-insensitive, anchored at the start). */
export function skuPattern(usage: GcpMachineSpec['usage'], part: SkuPart, key: string): RegExp {
  const prefix = escape(PREFIX[usage]);
  if (part === 'gpu') return new RegExp(`^${prefix}nvidia ${escape(gpuWords(key))} gpu running in `, 'i');
  // "N1 Predefined Instance Core", "A2 Instance Core"; never "N1 Custom Instance Core" (custom machine types).
  return new RegExp(`^${prefix}${escape(key.toLowerCase())}( predefined)? instance ${part === 'core' ? 'core' : 'ram'} running in `, 'i');
}

/** Unit price of the steady-state tier (the last one: a free first tier must not price the whole machine at 0). */
export function unitPrice(sku: CatalogSku): { amount: number; currency: string; usageUnit?: string; effective?: string } | undefined {
  const info = sku.pricingInfo?.[0];
  const tier = info?.pricingExpression?.tieredRates?.at(-1);
  const money = tier?.unitPrice;
  if (!money) return undefined;
  const units = Number(String(money.units ?? 0));
  const amount = units + (money.nanos ?? 0) / 1e9;
  if (!Number.isFinite(amount)) return undefined;
  return {
    amount,
    currency: money.currencyCode || 'USD',
    ...(info?.pricingExpression?.usageUnit ? { usageUnit: info.pricingExpression.usageUnit } : {}),
    ...(effectiveDate(info?.effectiveTime) ? { effective: effectiveDate(info?.effectiveTime) } : {}),
  };
}

/** effectiveTime: an RFC 3339 string over REST, a {seconds} Timestamp object from gax. */
function effectiveDate(t: unknown): string | undefined {
  if (typeof t === 'string') return t.slice(0, 10);
  const seconds = Number(String((t as { seconds?: unknown } | undefined)?.seconds ?? ''));
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString().slice(0, 10) : undefined;
}

const EXPECTED_UNIT: Record<SkuPart, string> = { core: 'h', ram: 'GiBy.h', gpu: 'h' };

/**
 * The on-demand SKU for one part in one region. When several match (a regional SKU and a multi-region one), the
 * one with the fewest serviceRegions (the most specific) wins.
 */
export function findSku(skus: readonly CatalogSku[], usage: GcpMachineSpec['usage'], part: SkuPart, key: string, region: string): CatalogSku | undefined {
  const pattern = skuPattern(usage, part, key);
  return skus
    .filter((s) => pattern.test(s.description ?? ''))
    .filter((s) => !s.category?.usageType || s.category.usageType === 'OnDemand')
    .filter((s) => (s.serviceRegions ?? []).includes(region))
    .filter((s) => {
      const unit = unitPrice(s)?.usageUnit;
      return unit === undefined || unit === EXPECTED_UNIT[part];
    })
    .sort((a, b) => (a.serviceRegions?.length ?? 0) - (b.serviceRegions?.length ?? 0))[0];
}

/**
 * Regions where the catalog sells every part: the intersection over parts of the regions of their matching
 * on-demand SKUs. Used as "where the same machine and accelerator are offered" (capacity-risk fallback regions):
 * the catalog is Google's own list, not a guess. Region-less words ("Americas") are not regions and drop out.
 */
export function offeredRegions(skus: readonly CatalogSku[], usage: GcpMachineSpec['usage'], parts: readonly [SkuPart, string][]): string[] {
  let regions: Set<string> | undefined;
  for (const [part, key] of parts) {
    const pattern = skuPattern(usage, part, key);
    const here = new Set(
      skus
        .filter((s) => pattern.test(s.description ?? '') && (!s.category?.usageType || s.category.usageType === 'OnDemand'))
        .flatMap((s) => s.serviceRegions ?? [])
        .filter((r) => /^[a-z]+-[a-z]+\d+$/.test(r)),
    );
    regions = regions ? new Set([...regions].filter((r) => here.has(r))) : here;
  }
  return [...(regions ?? [])].sort();
}

/** Is this SKU one the matcher could ever use? Keeps the cached SKU list small (Vertex AI has thousands). */
export function isMachinePartSku(sku: CatalogSku): boolean {
  const d = (sku.description ?? '').toLowerCase();
  return / instance (core|ram) running in | gpu running in /.test(d);
}
