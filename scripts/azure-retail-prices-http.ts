/**
 * HTTP side of `npm run prices:azure`: every page of one Retail Prices API query, with the global `fetch`.
 *
 * The API is unauthenticated (overview page: "an unauthenticated experience"), so there is no credential here.
 * Paging: follow `NextPageLink` while it is set. It has been reported EMPTY on a full page (Microsoft Q&A 1188465,
 * 2023-03-10: "check the returned item count. If it's 100, then increment the skip counter"), so a page of at least
 * MIN_FULL_PAGE items without a link is followed by a `$skip` probe; the probe coming back short or empty ends it.
 * ⚠️ page size: 100 in that report and in NextPageLink examples (`$skip=100`); current docs may say 1,000 (not
 * confirmed here). Probing from 100 covers both, at the cost of at most one extra request per query.
 */
import type { FetchPages, RetailPriceItem, RetailPricePage } from './azure-price-refresh';

export const DEFAULT_ENDPOINT = 'https://prices.azure.com';
export const API_VERSION = '2023-01-01-preview';
export const MIN_FULL_PAGE = 100;
const MAX_PAGES = 200;

export interface HttpOptions {
  /** Scheme and host (a test server, a proxy); NextPageLink is rewritten to it. Default https://prices.azure.com. */
  endpoint?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export function firstPageUrl(endpoint: string, filter: string): string {
  return `${endpoint.replace(/\/+$/, '')}/api/retail/prices?api-version=${API_VERSION}&$filter=${encodeURIComponent(filter)}`;
}

/** NextPageLink names prices.azure.com (`:443` included); with an override, only its path and query are kept. */
export function rewriteLink(link: string, endpoint: string | undefined): string {
  if (!endpoint) return link;
  const u = new URL(link);
  return `${endpoint.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

/** fetch's own "fetch failed" says nothing; the cause's code (ENOTFOUND, ECONNREFUSED, ...) does. */
function explain(err: unknown, url: string, timeoutMs: number): Error {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const host = new URL(url).host;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new Error(`no answer from ${host} within ${timeoutMs} ms (${url})`);
  const code = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return new Error(`cannot reach ${host} (${code}): is this machine offline or behind a proxy? The Retail Prices API needs outbound HTTPS.`);
}

async function getPage(url: string, timeoutMs: number, fetchImpl: typeof fetch): Promise<RetailPricePage> {
  let res: Response;
  try {
    res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    throw explain(err, url, timeoutMs);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`Retail Prices API answered HTTP ${res.status} for ${url}: ${text.slice(0, 300)}`);
  let page: RetailPricePage;
  try {
    page = JSON.parse(text) as RetailPricePage;
  } catch {
    // A captive portal or proxy answers 200 with HTML; say so rather than a bare SyntaxError.
    throw new Error(`Retail Prices API answer is not JSON for ${url}: ${text.slice(0, 120)}`);
  }
  if (!Array.isArray(page?.Items)) throw new Error(`Retail Prices API answer without an Items array for ${url}`);
  return page;
}

/** Same meter and price kind: used to notice a server that ignores `$skip` and answers the same page again. */
const itemKey = (i: RetailPriceItem) => [i.meterId, i.skuId, i.type, i.reservationTerm ?? '', i.tierMinimumUnits, i.armRegionName].join('|');

/** Every item of one `$filter`, all pages. */
export async function fetchAllItems(filter: string, opts: HttpOptions = {}): Promise<RetailPriceItem[]> {
  const endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const first = firstPageUrl(endpoint, filter);
  const seen = new Map<string, RetailPriceItem>();
  let url: string | undefined = first;
  let received = 0;
  for (let n = 0; url && n < MAX_PAGES; n++) {
    const page = await getPage(url, timeoutMs, fetchImpl);
    const before = seen.size;
    for (const i of page.Items) seen.set(itemKey(i), i);
    received += page.Items.length;
    if (page.Items.length > 0 && seen.size === before) break; // the same items again: paging does not advance
    if (page.NextPageLink) url = rewriteLink(page.NextPageLink, opts.endpoint);
    else if (page.Items.length >= MIN_FULL_PAGE) url = `${first}&$skip=${received}`;
    else url = undefined;
    if (n === MAX_PAGES - 1 && url) throw new Error(`more than ${MAX_PAGES} pages for ${filter}; narrow the query`);
  }
  return [...seen.values()];
}

export function httpFetchPages(opts: HttpOptions = {}): FetchPages {
  return (filter) => fetchAllItems(filter, opts);
}
