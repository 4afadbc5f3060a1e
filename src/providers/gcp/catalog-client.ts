import type { CatalogSku } from './catalog-sku-match';
import type { GoogleHttp } from './google-http';

/**
 * Async iterators page by themselves; saying autoPaginate false explicitly avoids gax's AutopaginateTrueWarning.
 * 30 s per page instead of gax's 60 s default, so a hung catalog becomes a status well inside the Lambda timeout.
 */
export interface CatalogCallOptions {
  autoPaginate: false;
  timeout: number;
}
export const CATALOG_CALL: CatalogCallOptions = { autoPaginate: false, timeout: 30_000 };

/** The part of the Cloud Billing Catalog API pricing uses: CloudCatalogClient's shape, so either client fits. */
export interface CatalogClient {
  listServicesAsync(request: { pageSize?: number }, options?: CatalogCallOptions): AsyncIterable<{ name?: string | null; displayName?: string | null }>;
  listSkusAsync(request: { parent: string; currencyCode?: string; pageSize?: number }, options?: CatalogCallOptions): AsyncIterable<CatalogSku>;
}

async function* pages<I>(http: GoogleHttp, operation: `Catalog.${string}`, path: string, query: Record<string, string | number>, pick: (page: Record<string, unknown>) => I[] | undefined): AsyncIterable<I> {
  let pageToken: string | undefined;
  do {
    const page = await http.request<Record<string, unknown> & { nextPageToken?: string }>({ operation, path, query: { ...query, ...(pageToken ? { pageToken } : {}) } });
    yield* pick(page) ?? [];
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
}

/**
 * The catalog over plain REST through GoogleHttp: the same `GET /v1/services` and `GET /v1/services/{id}/skus` that
 * CloudCatalogClient sends with `fallback: true`, without gax, gRPC and protobufjs (about 1.5 MB of every function
 * bundle, measured with bench/; docs/decisions.md). The JSON is the proto3 JSON CloudCatalogClient decodes.
 */
export function restCatalogClient(http: GoogleHttp): CatalogClient {
  return {
    listServicesAsync: (req) => pages(http, 'Catalog.ListServices', '/v1/services', { ...(req.pageSize ? { pageSize: req.pageSize } : {}) }, (p) => p.services as { name?: string; displayName?: string }[] | undefined),
    listSkusAsync: (req) =>
      pages(
        http,
        'Catalog.ListSkus',
        `/v1/${req.parent}/skus`,
        { ...(req.currencyCode ? { currencyCode: req.currencyCode } : {}), ...(req.pageSize ? { pageSize: req.pageSize } : {}) },
        (p) => p.skus as CatalogSku[] | undefined,
      ),
  };
}
