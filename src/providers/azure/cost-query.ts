import type { CostManagementClient, ForecastDefinition, QueryDefinition } from '@azure/arm-costmanagement';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { createHash } from 'node:crypto';
import { isFresh, stableStringify, type CostCache } from '../aws/cost-cache';

/**
 * Cost Management Query / Forecast with the two things the SDK does not do: follow `nextLink` (query.usage returns
 * it but does not page) and wait out a 429 by the LONGEST of Cost Management's retry-after headers, bounded.
 * Answers are cached (CostCache): a scope allows about 4 queries a minute and the data refreshes every ~4 h.
 */

/** All pages of one answer, as cached. Rows stay positional; `columns` names them. */
export interface CostAnswer {
  columns: { name: string; type?: string }[];
  rows: unknown[][];
}

export interface CostQueryOptions {
  client: CostManagementClient;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  cache?: CostCache;
  cacheHours: number;
  maxRetries: number;
  maxWaitSeconds: number;
  apiVersion?: string;
}

/** A 429 we did not (or could no longer) wait out. */
export class CostThrottledError extends Error {
  readonly statusCode = 429;
  readonly code = 'TooManyRequests';
  constructor(message: string, readonly waitSeconds?: number) {
    super(message);
    this.name = 'CostThrottledError';
  }
}

const RETRY_HEADERS = [
  'retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after',
];

/** Seconds to wait after a 429: the max over every retry-after header (seconds, or an HTTP date for Retry-After). */
export function retryAfterSeconds(get: (name: string) => string | undefined | null, now: Date): number | undefined {
  let max: number | undefined;
  for (const h of RETRY_HEADERS) {
    const v = get(h)?.trim();
    if (!v) continue;
    let s = Number(v);
    if (!Number.isFinite(s)) {
      const t = Date.parse(v);
      s = Number.isFinite(t) ? Math.max(0, (t - now.getTime()) / 1000) : NaN;
    }
    if (Number.isFinite(s) && (max === undefined || s > max)) max = s;
  }
  return max;
}

interface HttpLikeError {
  statusCode?: number;
  response?: { headers: { get(name: string): string | undefined } };
}

/** REST body of a definition (Dates as ISO strings), re-POSTed to every nextLink. */
export function wireBody(def: QueryDefinition | ForecastDefinition): unknown {
  return JSON.parse(JSON.stringify(def));
}

export function costAnswerKey(scope: string, kind: 'query' | 'forecast', def: QueryDefinition | ForecastDefinition): string {
  return `azure-cm:${kind}:${createHash('sha256').update(stableStringify({ scope, def: wireBody(def) })).digest('hex')}`;
}

async function withThrottle<T>(o: CostQueryOptions, what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const e = err as HttpLikeError;
      if (e.statusCode !== 429) throw err;
      const wait = retryAfterSeconds((n) => e.response?.headers.get(n), o.now()) ?? 60;
      if (attempt >= o.maxRetries) throw new CostThrottledError(`${what}: still throttled after ${o.maxRetries} retries (Azure asked to wait ${wait}s more)`, wait);
      if (wait > o.maxWaitSeconds) throw new CostThrottledError(`${what}: Azure asked to wait ${wait}s, longer than costManagement.maxWaitSeconds (${o.maxWaitSeconds}s)`, wait);
      await o.sleep(wait * 1000);
    }
  }
}

interface RawPage {
  properties?: { columns?: { name: string; type?: string }[]; rows?: unknown[][]; nextLink?: string | null };
}

/** POSTs the same body to a nextLink through the client's own pipeline (bearer token, redirect, call counter). */
async function nextPage(o: CostQueryOptions, url: string, body: unknown): Promise<{ columns?: CostAnswer['columns']; rows?: unknown[][]; nextLink?: string }> {
  const u = new URL(url);
  if (!u.searchParams.has('api-version')) u.searchParams.set('api-version', o.apiVersion ?? '2022-10-01');
  const response = await o.client.sendRequest(
    createPipelineRequest({ url: u.toString(), method: 'POST', body: JSON.stringify(body), headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', accept: 'application/json' }) }),
  );
  if (response.status === 204) return {};
  if (response.status >= 400) {
    let code = `HTTP ${response.status}`;
    let message = response.bodyAsText ?? '';
    try {
      const parsed = JSON.parse(message) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
    } catch {
      /* not JSON: keep the text */
    }
    throw Object.assign(new Error(message || code), { statusCode: response.status, code, response });
  }
  const page = (response.bodyAsText ? JSON.parse(response.bodyAsText) : {}) as RawPage & { columns?: CostAnswer['columns']; rows?: unknown[][]; nextLink?: string };
  // The REST answer nests under `properties` (the SDK flattens it); accept both.
  const p = page.properties ?? page;
  return { ...(p.columns ? { columns: p.columns } : {}), ...(p.rows ? { rows: p.rows } : {}), ...(p.nextLink ? { nextLink: p.nextLink } : {}) };
}

/** Runs a query or forecast with every page, 429 waits and the cache. `fromCache` says whether Azure was asked. */
export async function runCostQuery(
  o: CostQueryOptions,
  scope: string,
  kind: 'query' | 'forecast',
  def: QueryDefinition | ForecastDefinition,
): Promise<{ answer: CostAnswer; fromCache: boolean; pages: number }> {
  const key = costAnswerKey(scope, kind, def);
  const cached = await o.cache?.get(key).catch(() => undefined);
  if (cached && isFresh(cached.storedAt, o.now(), o.cacheHours)) return { answer: cached.value as CostAnswer, fromCache: true, pages: 0 };
  const what = `Cost Management ${kind} on ${scope}`;
  const first = await withThrottle(o, what, () =>
    kind === 'query' ? o.client.query.usage(scope, def as QueryDefinition) : o.client.forecast.usage(scope, def as ForecastDefinition),
  );
  // 204 No Content: the SDK resolves with no columns/rows, meaning no cost in the period.
  const answer: CostAnswer = { columns: (first.columns ?? []).map((c) => ({ name: c.name ?? '', ...(c.type ? { type: c.type } : {}) })), rows: [...(first.rows ?? [])] };
  let next = first.nextLink ?? undefined;
  let pages = 1;
  const body = wireBody(def);
  const seen = new Set<string>();
  while (next) {
    if (seen.has(next)) break; // a service repeating its link would otherwise loop forever
    seen.add(next);
    const url = next;
    const page = await withThrottle(o, what, () => nextPage(o, url, body));
    if (answer.columns.length === 0 && page.columns) answer.columns = page.columns;
    answer.rows.push(...(page.rows ?? []));
    next = page.nextLink;
    pages++;
  }
  await o.cache?.put(key, answer, o.now()).catch(() => undefined);
  return { answer, fromCache: false, pages };
}
