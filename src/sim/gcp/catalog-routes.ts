import type { SimHttpContext, SimHttpRoute } from '../server';
import { decodePageToken, encodePageToken, googleError, googleFault, hasBearer, jsonResponse, unauthenticated } from './billing-http';
import { SIM_SERVICES, SKU_EFFECTIVE_TIME, skusOfService, type SimSku } from './sku-table';

/**
 * Cloud Billing Catalog v1 (host cloudbilling.googleapis.com): `GET /v1/services` and
 * `GET /v1/services/{serviceId}/skus`, as google.cloud.billing.v1.CloudCatalog's HTTP rules map them
 * (cloud_catalog.proto). gax's REST fallback adds `$alt=json;enum-encoding=int` to every call; unknown query
 * parameters are ignored like Google's front end ignores system parameters.
 */

const DOMAIN = 'cloudbilling.googleapis.com';
/** ListServices/ListSkus: "Requested page size. Defaults to 5000." (cloud_catalog.proto). */
const MAX_PAGE = 5000;

/** Proto3 JSON of a Sku: int64 `units` as a string, doubles and int32 `nanos` as numbers. */
export function skuJson(s: SimSku): Record<string, unknown> {
  const units = Math.floor(s.unitPriceUsd);
  const nanos = Math.round((s.unitPriceUsd - units) * 1e9);
  const base = BASE_UNITS[s.usageUnit];
  return {
    name: `services/${s.service.serviceId}/skus/${s.skuId}`,
    skuId: s.skuId,
    description: s.description,
    category: { serviceDisplayName: s.service.displayName, resourceFamily: s.resourceFamily, resourceGroup: s.resourceGroup, usageType: 'OnDemand' },
    serviceRegions: s.serviceRegions,
    pricingInfo: [
      {
        effectiveTime: SKU_EFFECTIVE_TIME,
        summary: '',
        pricingExpression: {
          usageUnit: s.usageUnit,
          usageUnitDescription: s.usageUnitDescription,
          baseUnit: base.unit,
          baseUnitDescription: base.description,
          baseUnitConversionFactor: base.factor,
          displayQuantity: 1,
          tieredRates: [{ startUsageAmount: 0, unitPrice: { currencyCode: 'USD', units: String(units), nanos } }],
        },
        currencyConversionRate: 1,
      },
    ],
    serviceProviderName: 'Google',
  };
}

const BASE_UNITS: Record<SimSku['usageUnit'], { unit: string; description: string; factor: number }> = {
  h: { unit: 's', description: 'second', factor: 3600 },
  'GiBy.h': { unit: 'By.s', description: 'byte second', factor: 2 ** 30 * 3600 },
  'GiBy.mo': { unit: 'By.s', description: 'byte second', factor: 2 ** 30 * 2_592_000 },
  TiBy: { unit: 'By', description: 'byte', factor: 2 ** 40 },
};

class BadRequest extends Error {}

function page<T>(items: readonly T[], url: URL, scope: string): { items: T[]; nextPageToken?: string } {
  const raw = url.searchParams.get('pageSize');
  const size = raw === null || raw === '' ? MAX_PAGE : Number(raw);
  if (!Number.isInteger(size) || size < 0) throw new BadRequest(`Invalid value at 'page_size' (TYPE_INT32), "${raw}"`);
  const limit = size === 0 ? MAX_PAGE : Math.min(size, MAX_PAGE);
  const offset = decodePageToken(url.searchParams.get('pageToken'), scope);
  if (offset === undefined) throw new BadRequest('The page token is not valid for this request.');
  const slice = items.slice(offset, offset + limit);
  return { items: slice, ...(offset + limit < items.length ? { nextPageToken: encodePageToken(scope, offset + limit) } : {}) };
}

function listServices(ctx: SimHttpContext) {
  const { items, nextPageToken } = page(SIM_SERVICES, ctx.url, 'services');
  return jsonResponse({
    services: items.map((s) => ({ name: `services/${s.serviceId}`, serviceId: s.serviceId, displayName: s.displayName, businessEntityName: 'businessEntities/GCP' })),
    ...(nextPageToken ? { nextPageToken } : {}),
  });
}

function listSkus(ctx: SimHttpContext, serviceId: string) {
  const currency = ctx.url.searchParams.get('currencyCode');
  // The proto says an unset currency means USD; the simulator prices in USD only.
  if (currency && currency !== 'USD') throw new BadRequest(`Currency code "${currency}" is not supported by the simulator: request currencyCode=USD.`);
  if (!SIM_SERVICES.some((s) => s.serviceId === serviceId)) {
    return googleError(404, `Service services/${serviceId} was not found.`); // ⚠️ exact wording unverified
  }
  const { items, nextPageToken } = page(skusOfService(serviceId), ctx.url, `skus/${serviceId}`);
  return jsonResponse({ skus: items.map(skuJson), ...(nextPageToken ? { nextPageToken } : {}) });
}

/** The simulated Cloud Billing Catalog. Operations `Catalog.ListServices`, `Catalog.ListSkus`. */
export function catalogRoute(): SimHttpRoute {
  const guarded = (fn: (ctx: SimHttpContext) => ReturnType<typeof jsonResponse>) => (ctx: SimHttpContext) => {
    if (!hasBearer(ctx)) return unauthenticated('google', DOMAIN);
    try {
      return fn(ctx);
    } catch (err) {
      if (err instanceof BadRequest) return googleError(400, err.message);
      throw err;
    }
  };
  return {
    match(method, url) {
      if (method !== 'GET') return undefined;
      if (url.pathname === '/v1/services') return { operation: 'Catalog.ListServices', handle: guarded(listServices) };
      const m = /^\/v1\/services\/([^/]+)\/skus$/.exec(url.pathname);
      if (m) {
        const serviceId = decodeURIComponent(m[1]!);
        return { operation: 'Catalog.ListSkus', handle: guarded((ctx) => listSkus(ctx, serviceId)) };
      }
      return undefined;
    },
    fault(kind) {
      // The Catalog needs no IAM permission; what denies it in practice is the API being disabled in the project.
      return googleFault(kind, {
        dialect: 'google',
        domain: DOMAIN,
        permission: 'cloudbilling.services.list',
        denial: {
          message: 'Cloud Billing API has not been used in this project before or it is disabled. Enable it by visiting the API library, then retry.',
          info: { reason: 'SERVICE_DISABLED', domain: 'googleapis.com', metadata: { service: DOMAIN } },
        },
      });
    },
  };
}
