import { createHash } from 'node:crypto';
import type { WatchdogConfig } from '../../config/schema';
import type { CostLine } from '../../domain/cost';
import type { ProviderStatus } from '../../domain/status';
import { atLeastDays } from '../cost-window';
import type { TimeWindow } from '../../domain/utilization';
import { InMemoryCostCache, isFresh, stableStringify, type CostCache } from '../aws/cost-cache';
import { billingPeriod, billingQueryRequest, tableText, type BillingQueryRequest, type BillingTableRef } from './bigquery-billing-query';
import { bigQueryBilledBytes, formatBytes, rowsToCostLines, type BigQueryField, type BigQueryRow, type BillingAnswer } from './billing-export-rows';
import { GoogleApiError, googleAdvice } from './google-errors';
import type { GoogleHttp } from './google-http';
import type { GcpCostSource } from './ports';

export type GcpConfig = WatchdogConfig['clouds']['gcp'];

/**
 * The export starts filling once enabled and Google says data can take up to a day or more to appear
 * (Cloud Billing docs, "Frequency of data loads"): a table younger than this has incomplete days.
 */
export const EXPORT_SETTLING_MS = 48 * 3_600_000;
/** getQueryResults waits server-side up to its timeoutMs each time; this many waits is the most a run spends. */
const MAX_POLLS = 30;

export interface BigQueryCostSourceOptions {
  http: GoogleHttp;
  config: Pick<GcpConfig, 'projects' | 'billingExport'>;
  /** Label key naming the owning team (config ownerTag); its value becomes `Tags[ownerTag]`. */
  ownerTag: string;
  now: () => Date;
  /** Where answers are kept between runs (the state store when deployed); in memory by default. */
  cache?: CostCache;
}

export interface BigQueryCostSource extends GcpCostSource {
  /** Bytes BigQuery processed for this source's queries so far (cache hits add 0): reported per audit. */
  bytesProcessed(): number;
}

/** What is cached: the finished answer plus the table's creation time, so a cache hit needs no request at all. */
interface CachedAnswer extends BillingAnswer {
  tableCreatedMs?: number;
}

interface TableResource {
  creationTime?: string;
  location?: string;
}

interface QueryResponse {
  jobComplete?: boolean;
  jobReference?: { projectId?: string; jobId?: string; location?: string };
  schema?: { fields?: BigQueryField[] };
  rows?: BigQueryRow[];
  pageToken?: string;
  totalBytesProcessed?: string;
}

const isCachedAnswer = (v: unknown): v is CachedAnswer =>
  typeof v === 'object' && v !== null && Array.isArray((v as CachedAnswer).rows) && Array.isArray((v as CachedAnswer).fields);

/**
 * Billed Google Cloud cost from the Cloud Billing export to BigQuery (the only API that returns spend: the Cloud
 * Billing and Budgets APIs return none). One query per run at most, cached for billingExport.cacheHours because
 * every query is billed by bytes scanned. Never throws: every failure is the returned status.
 */
export function createBigQueryCostSource(opts: BigQueryCostSourceOptions): BigQueryCostSource {
  const cache = opts.cache ?? new InMemoryCostCache();
  let bytes = 0;
  const bigQueryCalls = (): Record<string, number> =>
    Object.fromEntries(Object.entries(opts.http.calls()).filter(([op]) => op.startsWith('BigQuery.')));

  async function costs(window: TimeWindow): Promise<{ lines: CostLine[]; status: ProviderStatus }> {
    // The channel outlives one run (a warm Lambda container), so the status reports this call's requests only.
    const before = bigQueryCalls();
    let billedBytes: number | undefined;
    const status = (s: StatusBody): ProviderStatus => {
      const calls = Object.fromEntries(
        Object.entries(bigQueryCalls())
          .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      );
      // Bytes billed, for ml-watchdog's own cost: 0 when the query failed (BigQuery does not bill errors).
      const units = calls['BigQuery.Query'] ? { 'BigQuery.Query': billedBytes ?? 0 } : undefined;
      return { cloud: 'gcp', component: 'costs', ...s, calls, ...(units ? { units } : {}) };
    };
    const be = opts.config.billingExport;
    if (!be.enabled) return { lines: [], status: status({ state: 'disabled', message: 'clouds.gcp.billingExport.enabled is false: costs come from list prices' }) };
    const project = be.project ?? opts.config.projects[0];
    if (!project || !be.dataset || !be.table) {
      return {
        lines: [],
        status: status({
          state: 'missing-data',
          code: 'BILLING_EXPORT_NOT_CONFIGURED',
          message: 'set clouds.gcp.billingExport.project, dataset and table (the Cloud Billing export to BigQuery), or billingExport.enabled: false',
        }),
      };
    }
    const table: BillingTableRef = { project, dataset: be.dataset, table: be.table };
    const now = opts.now();
    const request = billingQueryRequest({
      table,
      // At least lookbackDays, and the whole collected window when the cost detectors need more history.
      period: billingPeriod(atLeastDays(window, be.lookbackDays), now),
      ownerTag: opts.ownerTag,
      maxBytesBilled: be.maxBytesBilled,
      ...(be.location ? { location: be.location } : {}),
    });
    const source = `Cloud Billing export to BigQuery (${tableText(table)}), daily cost net of credits`;
    const key = `gcp-bq:${createHash('sha256').update(stableStringify({ table, request })).digest('hex')}`;
    const notes: string[] = [];

    let answer: CachedAnswer | undefined;
    try {
      const hit = await cache.get(key);
      if (hit && isFresh(hit.storedAt, now, be.cacheHours) && isCachedAnswer(hit.value)) answer = hit.value;
    } catch (err) {
      notes.push(`the cost cache could not be read (${err instanceof Error ? err.message : String(err)}), so BigQuery was asked again`);
    }
    const fromCache = answer !== undefined;

    if (!answer) {
      let tableCreatedMs: number | undefined;
      try {
        const meta = await opts.http.request<TableResource>({
          operation: 'BigQuery.GetTable',
          path: `/bigquery/v2/projects/${enc(table.project)}/datasets/${enc(table.dataset)}/tables/${enc(table.table)}`,
        });
        const created = Number(meta.creationTime);
        tableCreatedMs = Number.isFinite(created) && created > 0 ? created : undefined;
      } catch (err) {
        if (err instanceof GoogleApiError && err.code === 'NOT_FOUND') {
          return {
            lines: [],
            status: status({
              state: 'missing-data',
              code: 'BILLING_EXPORT_NOT_FOUND',
              message:
                `billing export table ${tableText(table)} not found: enable Cloud Billing export to BigQuery (detailed usage cost) ` +
                'for the billing account into that dataset (Billing > Billing export), or correct clouds.gcp.billingExport; ' +
                'the first rows appear within a day or two',
            }),
          };
        }
        return { lines: [], status: status(failure(err, table)) };
      }
      try {
        answer = { ...(await runQuery(opts.http, table.project, request)), ...(tableCreatedMs !== undefined ? { tableCreatedMs } : {}) };
      } catch (err) {
        return { lines: [], status: status(failure(err, table, be.maxBytesBilled)) };
      }
      bytes += answer.bytesProcessed;
      billedBytes = bigQueryBilledBytes(answer.bytesProcessed);
      try {
        await cache.put(key, answer, now);
      } catch (err) {
        notes.push(`the cost cache could not be written (${err instanceof Error ? err.message : String(err)}); the next run pays for the same query again`);
      }
    }

    const lines = rowsToCostLines(answer, { source, ownerTag: opts.ownerTag });
    const processed = fromCache ? `answered from the cache (${be.cacheHours} h), 0 B processed` : `${formatBytes(answer.bytesProcessed)} processed`;
    const summary = `${lines.length} daily cost lines from ${tableText(table)}, ${processed}`;
    const young = answer.tableCreatedMs !== undefined && now.getTime() - answer.tableCreatedMs < EXPORT_SETTLING_MS;
    if (young) {
      const hours = Math.floor((now.getTime() - answer.tableCreatedMs!) / 3_600_000);
      return {
        lines,
        status: status({
          state: 'missing-data',
          code: 'BILLING_EXPORT_TOO_YOUNG',
          message: [`billing export ${tableText(table)} is only ${hours} h old (younger than 48 h): costs are incomplete until it has caught up`, summary, ...notes].join('; '),
        }),
      };
    }
    return { lines, status: status({ state: 'ok', message: [summary, ...notes].join('; ') }) };
  }

  return { costs, bytesProcessed: () => bytes };
}

const enc = encodeURIComponent;

/**
 * jobs.query answers at once when the job finishes within timeoutMs; otherwise `jobComplete: false` and the job is
 * polled with getQueryResults (which itself waits up to its timeoutMs, so no client-side sleep). Both answers
 * page with `pageToken` (BigQuery's name, not AIP-158's nextPageToken).
 */
async function runQuery(http: GoogleHttp, project: string, request: BillingQueryRequest): Promise<BillingAnswer> {
  let page = await http.request<QueryResponse>({ operation: 'BigQuery.Query', method: 'POST', path: `/bigquery/v2/projects/${enc(project)}/queries`, body: request });
  const job = page.jobReference;
  const results = (pageToken?: string): Promise<QueryResponse> => {
    if (!job?.jobId) throw new Error('BigQuery answered without a jobReference; cannot fetch the results');
    return http.request<QueryResponse>({
      operation: 'BigQuery.GetQueryResults',
      path: `/bigquery/v2/projects/${enc(job.projectId ?? project)}/queries/${enc(job.jobId)}`,
      query: { location: job.location ?? request.location, pageToken, timeoutMs: request.timeoutMs, maxResults: request.maxResults },
    });
  };
  for (let polls = 0; page.jobComplete === false; polls++) {
    if (polls >= MAX_POLLS) throw new Error(`BigQuery job ${job?.jobId ?? '?'} did not finish after ${MAX_POLLS} waits`);
    page = await results();
  }
  const fields = page.schema?.fields ?? [];
  const rows = [...(page.rows ?? [])];
  const bytesProcessed = Number(page.totalBytesProcessed ?? 0) || 0;
  while (page.pageToken) {
    page = await results(page.pageToken);
    rows.push(...(page.rows ?? []));
  }
  return { fields, rows, bytesProcessed };
}

type StatusBody = Omit<ProviderStatus, 'cloud' | 'component' | 'calls'>;

function failure(err: unknown, table: BillingTableRef, maxBytesBilled?: number): StatusBody {
  if (err instanceof GoogleApiError) {
    if (err.reason === 'bytesBilledLimitExceeded') {
      return {
        state: 'error',
        code: 'BYTES_BILLED_LIMIT_EXCEEDED',
        message:
          `BigQuery refused the billing query on ${tableText(table)} (${err.message}): it would scan more than ` +
          `clouds.gcp.billingExport.maxBytesBilled (${maxBytesBilled ?? '?'} bytes). Raise that limit or lower billingExport.lookbackDays; ` +
          'if the table is not partitioned by day, point billingExport.table at the export table itself',
      };
    }
    return { state: err.state, code: err.code, message: `${err.message}. ${googleAdvice(err)}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { state: 'error', code: 'BILLING_QUERY_FAILED', message: `billing query on ${tableText(table)} failed: ${message}` };
}
