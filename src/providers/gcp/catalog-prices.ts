import type { InstancePrice } from '../../domain/resources';
import type { ProviderState, ProviderStatus } from '../../domain/status';
import { InMemoryCostCache, isFresh, type CostCache } from '../aws/cost-cache';
import type { GcpConfig } from './billing-export';
import { CATALOG_CALL as CALL, type CatalogClient } from './catalog-client';
import { GoogleApiError } from './google-errors';
import { findSku, isMachinePartSku, offeredRegions, unitPrice, type CatalogSku, type SkuPart } from './catalog-sku-match';
import type { GcpMachineSpec, GcpPriceSource } from './ports';
import { billedParts, GCP_PRICE_TABLE, regionOf, staticGcpPrice, type GcpPriceTable, type MachineFacts } from './price-table';
import { RPC_CODES } from './rpc-codes';

/** Catalog display names (ListServices `displayName`); service ids are looked up, never hard-coded. */
const SERVICE_OF: Record<GcpMachineSpec['usage'], 'Vertex AI' | 'Compute Engine'> = {
  prediction: 'Vertex AI',
  training: 'Vertex AI',
  workbench: 'Compute Engine',
};
const USAGE_WORDS: Record<GcpMachineSpec['usage'], string> = {
  prediction: 'Vertex AI prediction SKUs',
  training: 'Vertex AI training SKUs',
  workbench: 'Compute Engine SKUs',
};

export interface CatalogPriceSourceOptions {
  config: Pick<GcpConfig, 'catalog' | 'endpointUrl'>;
  /**
   * The catalog client, made on first use: `restCatalogClient` (GoogleHttp, what the functions use) or
   * `gaxCatalogClient` (the CloudCatalogClient of @google-cloud/billing; same REST calls, 1.5 MB more bundle).
   */
  client: () => Promise<CatalogClient>;
  now: () => Date;
  /** vCPU, memory and implied accelerators of a machine type (the shared machine-type catalog). */
  machine: MachineFacts;
  /** Used when the catalog is disabled, fails or lacks a part; default data/prices/gcp-vertex.json. */
  fallbackTable?: GcpPriceTable;
  /** Keeps the SKU lists between runs for catalog.cacheHours (the state store when deployed); in memory by default. */
  cache?: CostCache;
}

interface CatalogFailure {
  state: Exclude<ProviderState, 'ok' | 'disabled'>;
  code: string;
  message: string;
  /** ErrorInfo.reason, e.g. SERVICE_DISABLED. */
  reason?: string;
}

/** gaxios puts the raw JSON error body in the message: keep Google's own sentence and ErrorInfo reason. */
function parseErrorBody(message: string): { message?: string; reason?: string } {
  try {
    const body = JSON.parse(message) as { error?: { message?: string; details?: { reason?: string }[] } };
    return { message: body.error?.message, reason: body.error?.details?.find((d) => d.reason)?.reason };
  } catch {
    return {};
  }
}

/** HTTP status -> canonical word, for failures gaxios raised before gax could decode the body. */
const HTTP_CODES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * gax errors come in two shapes (toolchain notes: "code: 7 vs HTTP 403: classify both"): a decoded GoogleError with
 * a gRPC `code` number, or, over REST, the auth client's gaxios error raised on the HTTP status (`status` 403,
 * `code` "403") before gax reads the body.
 */
export function classifyCatalogError(err: unknown): CatalogFailure {
  if (err instanceof GoogleApiError) return { state: err.state, code: err.code, message: err.message, ...(err.reason ? { reason: err.reason } : {}) };
  const e = (err ?? {}) as { code?: unknown; status?: unknown; message?: unknown; response?: { status?: unknown } };
  const httpStatus = [e.response?.status, e.status, e.code].map((v) => Number(v)).find((n) => n >= 400 && n < 600);
  const code =
    typeof e.code === 'number' && RPC_CODES[e.code]
      ? RPC_CODES[e.code]!
      : httpStatus !== undefined
        ? (HTTP_CODES[httpStatus] ?? String(httpStatus))
        : typeof e.code === 'string' && e.code
          ? e.code
          : 'UNKNOWN';
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const body = parseErrorBody(raw);
  const message = body.message ?? raw;
  const state = /PERMISSION_DENIED|UNAUTHENTICATED/.test(code) || /could not load the default credentials/i.test(message) ? 'auth-failed' : code === 'RESOURCE_EXHAUSTED' ? 'throttled' : 'error';
  return { state, code, message, ...(body.reason ? { reason: body.reason } : {}) };
}

/** Keeps only what pricing needs, as plain JSON (gax hands out protobuf objects; the cache serialises). */
function plainSku(s: CatalogSku): CatalogSku {
  const price = unitPrice(s);
  return {
    ...(s.skuId ? { skuId: s.skuId } : {}),
    description: s.description ?? '',
    ...(s.category?.usageType ? { category: { usageType: s.category.usageType } } : {}),
    serviceRegions: [...(s.serviceRegions ?? [])],
    pricingInfo: price
      ? [
          {
            ...(price.effective ? { effectiveTime: `${price.effective}T00:00:00Z` } : {}),
            pricingExpression: {
              ...(price.usageUnit ? { usageUnit: price.usageUnit } : {}),
              tieredRates: [{ startUsageAmount: 0, unitPrice: { currencyCode: price.currency, units: String(Math.trunc(price.amount)), nanos: Math.round((price.amount % 1) * 1e9) } }],
            },
          },
        ]
      : [],
  };
}

/**
 * List prices from the Cloud Billing Catalog through the real CloudCatalogClient over REST (`fallback: true`: gax
 * then sends `GET /v1/services` and `GET /v1/{parent=services/*}/skus` with the auth client's fetch, no gRPC),
 * imported only when a price is first asked for, so bundles that never price Google machines never load gax.
 * A machine's hourly price = vCPUs x core SKU + GiB x RAM SKU + GPUs x GPU SKU of its family in its region (the
 * catalog has no machine-type SKUs). When the catalog is disabled, fails, or lacks a part, the dated static table
 * answers and the source text says so.
 */
export function createCatalogPriceSource(opts: CatalogPriceSourceOptions): GcpPriceSource {
  const table = opts.fallbackTable ?? GCP_PRICE_TABLE;
  const cache = opts.cache ?? new InMemoryCostCache();
  const skuLists = new Map<string, Promise<CatalogSku[]>>();
  const calls: Record<string, number> = {};
  const notPriced = new Set<string>();
  let clientPromise: Promise<CatalogClient> | undefined;
  let failure: CatalogFailure | undefined;
  let used = false;
  let services: Promise<Map<string, string>> | undefined;

  const count = (op: string): void => {
    calls[op] = (calls[op] ?? 0) + 1;
  };

  async function serviceNames(): Promise<Map<string, string>> {
    const c = await (clientPromise ??= opts.client());
    count('Catalog.ListServices');
    const byName = new Map<string, string>();
    for await (const s of c.listServicesAsync({ pageSize: 5000 }, CALL)) {
      if (s.displayName && s.name) byName.set(s.displayName, s.name);
    }
    return byName;
  }

  async function loadSkus(displayName: string): Promise<CatalogSku[]> {
    const key = `gcp-catalog:v1:${displayName}`;
    try {
      const hit = await cache.get(key);
      if (hit && isFresh(hit.storedAt, opts.now(), opts.config.catalog.cacheHours) && Array.isArray(hit.value)) return hit.value as CatalogSku[];
    } catch {
      // A broken cache only costs a catalog read.
    }
    const name = (await (services ??= serviceNames())).get(displayName);
    if (!name) throw Object.assign(new Error(`the Cloud Billing Catalog lists no service named "${displayName}"`), { code: 'NOT_FOUND' });
    const c = await (clientPromise ??= opts.client());
    count('Catalog.ListSkus');
    const skus: CatalogSku[] = [];
    for await (const s of c.listSkusAsync({ parent: name, currencyCode: 'USD', pageSize: 5000 }, CALL)) {
      if (isMachinePartSku(s)) skus.push(plainSku(s));
    }
    await cache.put(key, skus, opts.now()).catch(() => undefined);
    return skus;
  }

  const skusOf = (displayName: string): Promise<CatalogSku[]> => {
    let p = skuLists.get(displayName);
    if (!p) {
      p = loadSkus(displayName);
      skuLists.set(displayName, p);
    }
    return p;
  };

  async function fromCatalog(spec: GcpMachineSpec, parts: ReturnType<typeof billedParts>): Promise<InstancePrice | undefined> {
    const skus = await skusOf(SERVICE_OF[spec.usage]);
    const region = regionOf(spec.location);
    const wanted: [SkuPart, string, number][] = [
      ['core', parts.family, parts.vcpus],
      ['ram', parts.family, parts.memoryGiB],
      ...(parts.gpuType ? [['gpu', parts.gpuType, parts.gpus] as [SkuPart, string, number]] : []),
    ];
    let amount = 0;
    let currency = 'USD';
    const dates: string[] = [];
    for (const [part, key, quantity] of wanted) {
      const price = unitPrice(findSku(skus, spec.usage, part, key, region) ?? {});
      if (!price) return undefined;
      amount += quantity * price.amount;
      currency = price.currency;
      if (price.effective) dates.push(price.effective);
    }
    const offeredIn = offeredRegions(skus, spec.usage, wanted.map(([part, key]) => [part, key] as [SkuPart, string]));
    return {
      hourly: { amount: Math.round(amount * 1e6) / 1e6, currency },
      region,
      ...(offeredIn.length ? { offeredIn } : {}),
      source: `Cloud Billing Catalog, ${USAGE_WORDS[spec.usage]}, ${region}`,
      asOf: dates.sort().at(-1) ?? opts.now().toISOString().slice(0, 10),
    };
  }

  async function hourly(spec: GcpMachineSpec): Promise<InstancePrice | undefined> {
    used = true;
    const shape = opts.machine(spec.machineType);
    if (!shape) {
      notPriced.add(`${spec.machineType} (unknown machine type)`);
      return undefined;
    }
    const parts = billedParts(spec, shape);
    if (opts.config.catalog.enabled && !failure) {
      try {
        const price = await fromCatalog(spec, parts);
        if (price) return price;
        notPriced.add(`${spec.machineType}${parts.gpuType ? `+${parts.gpus}x${parts.gpuType}` : ''} in ${regionOf(spec.location)}`);
      } catch (err) {
        failure ??= classifyCatalogError(err);
      }
    }
    return staticGcpPrice(spec, shape, table);
  }

  function status(): ProviderStatus[] {
    if (!used) return [];
    const base = { cloud: 'gcp' as const, component: 'prices', calls: { ...calls } };
    const fallback = `list prices come from the static table data/prices/gcp-vertex.json (as of ${table.asOf})`;
    if (!opts.config.catalog.enabled) return [{ ...base, state: 'disabled', message: `clouds.gcp.catalog.enabled is false: ${fallback}` }];
    if (failure) {
      const fix =
        failure.reason === 'SERVICE_DISABLED'
          ? 'enable the Cloud Billing API (gcloud services enable cloudbilling.googleapis.com) in the credentials\' project, or set clouds.gcp.catalog.enabled: false'
          : failure.state === 'auth-failed'
            ? 'check the Google credentials (the catalog needs no IAM role, only an authenticated caller)'
            : 'if it repeats, set clouds.gcp.catalog.enabled: false';
      return [{ ...base, state: failure.state, code: failure.code, message: `Cloud Billing Catalog failed (${failure.message}): ${fallback}; ${fix}` }];
    }
    const gaps = notPriced.size ? `; no catalog SKUs for ${[...notPriced].sort().join(', ')} (static table used where it knows them)` : '';
    return [{ ...base, state: 'ok', message: `Cloud Billing Catalog list prices${gaps}` }];
  }

  return { hourly, status };
}
