import type { EncodedResponse } from '../protocol/aws-json';
import type { SimHttpContext, SimHttpRoute } from '../server';
import { bigQueryError, decodePageToken, encodePageToken, googleFault, hasBearer, jsonResponse, SimGoogleError, unauthenticated } from './billing-http';
import { billingExportRows } from './billing-rows';
import { BYTES_PER_ROW, RESULT_SCHEMA, referencedTable, runBillingQuery, type QueryRequestBody, type QueryResult } from './bigquery-query';
import type { SimBillingExport, SimUsageSource } from './gcp-usage';

/**
 * BigQuery v2 (host bigquery.googleapis.com) as far as the billing reader uses it: tables.get on the export,
 * jobs.query with the watchdog's billing query, and jobs.getQueryResults to page through (or wait for) the answer.
 * Jobs live in memory for the life of the route.
 */

export interface BigQueryRouteDeps {
  /** The fleet's export, or undefined when billing export is not enabled (every table is then absent). */
  billingExport: (ctx: SimHttpContext) => SimBillingExport | undefined;
  usage: (ctx: SimHttpContext) => SimUsageSource;
  /**
   * How many jobs.getQueryResults polls of a new job answer `jobComplete: false` before its rows are ready
   * (default 0; when > 0 the jobs.query answer is incomplete too), so a reader's polling can be exercised.
   */
  incompletePolls?: number;
}

const DOMAIN = 'bigquery.googleapis.com';
const MAX_JOBS = 500;

interface Job {
  projectId: string;
  jobId: string;
  location: string;
  result: QueryResult;
  pollsLeft: number;
}

const PERMISSION: Record<string, string> = {
  'BigQuery.GetTable': 'bigquery.tables.get',
  'BigQuery.Query': 'bigquery.jobs.create',
  'BigQuery.GetQueryResults': 'bigquery.jobs.get',
};

/** The export when (project, dataset, table) names it, else the NOT_FOUND BigQuery answers for any other table. */
function exportTable(exp: SimBillingExport | undefined, project: string, dataset: string, table: string): SimBillingExport {
  if (exp && exp.project === project && exp.dataset === dataset && exp.table === table) return exp;
  throw new SimGoogleError(404, 'notFound', `Not found: Table ${project}:${dataset}.${table} was not found in location ${exp?.location ?? 'US'}`);
}

function getTable(ctx: SimHttpContext, deps: BigQueryRouteDeps, project: string, dataset: string, table: string): EncodedResponse {
  const exp = exportTable(deps.billingExport(ctx), project, dataset, table);
  const rows = billingExportRows(deps.usage(ctx), exp, exp.createdMs, ctx.nowMs, ctx.nowMs);
  let lastModified = exp.createdMs;
  for (const r of rows) lastModified = Math.max(lastModified, Math.min(r.usageEndMs, ctx.nowMs));
  return jsonResponse({
    kind: 'bigquery#table',
    etag: Buffer.from(`${lastModified}`).toString('base64'),
    id: `${project}:${dataset}.${table}`,
    selfLink: `https://bigquery.googleapis.com/bigquery/v2/projects/${project}/datasets/${dataset}/tables/${table}`,
    tableReference: { projectId: project, datasetId: dataset, tableId: table },
    // Ingestion-time partitioned by day: queries filter on the _PARTITIONTIME pseudo-column.
    timePartitioning: { type: 'DAY' },
    numBytes: String(rows.length * BYTES_PER_ROW),
    numRows: String(rows.length),
    creationTime: String(exp.createdMs),
    lastModifiedTime: String(lastModified),
    type: 'TABLE',
    location: exp.location,
  });
}

function parseBody(ctx: SimHttpContext): QueryRequestBody {
  try {
    const body: unknown = ctx.body ? JSON.parse(ctx.body) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body as QueryRequestBody;
  } catch {
    throw new SimGoogleError(400, 'parseError', 'Invalid JSON payload received. The request body must be a QueryRequest object.');
  }
}

function pageOf(job: Job, maxResults: number | undefined, pageToken: string | null, kind: string): EncodedResponse {
  const jobReference = { projectId: job.projectId, jobId: job.jobId, location: job.location };
  if (job.pollsLeft > 0) return jsonResponse({ kind, jobReference, jobComplete: false });
  const offset = decodePageToken(pageToken, job.jobId);
  if (offset === undefined) throw new SimGoogleError(400, 'invalid', 'Invalid page token.');
  const all = job.result.rows;
  const end = maxResults && maxResults > 0 ? Math.min(all.length, offset + maxResults) : all.length;
  const rows = all.slice(offset, end);
  return jsonResponse({
    kind,
    schema: RESULT_SCHEMA,
    jobReference,
    totalRows: String(all.length),
    // BigQuery leaves `rows` out of a page with no rows.
    ...(rows.length ? { rows } : {}),
    ...(end < all.length ? { pageToken: encodePageToken(job.jobId, end) } : {}),
    totalBytesProcessed: String(job.result.totalBytesProcessed),
    ...(kind === 'bigquery#queryResponse' ? { totalBytesBilled: String(job.result.totalBytesBilled) } : {}),
    jobComplete: true,
    cacheHit: false,
  });
}

/**
 * The simulated BigQuery. Operations `BigQuery.GetTable`, `BigQuery.Query`, `BigQuery.GetQueryResults`.
 * Inputs are injected so the route knows nothing of the fleet: the integrator passes the world's export and usage.
 */
export function bigQueryRoute(deps: BigQueryRouteDeps): SimHttpRoute {
  const jobs = new Map<string, Job>();
  let seq = 0;

  function query(ctx: SimHttpContext, projectId: string): EncodedResponse {
    const body = parseBody(ctx);
    const table = referencedTable(body);
    const exp = exportTable(deps.billingExport(ctx), table.project, table.dataset, table.table);
    if (body.location && body.location.toUpperCase() !== exp.location.toUpperCase()) {
      throw new SimGoogleError(404, 'notFound', `Not found: Dataset ${exp.project}:${exp.dataset} was not found in location ${body.location}`);
    }
    const result = runBillingQuery(body, exp, deps.usage(ctx), ctx.nowMs);
    const jobId = `job_sim${(++seq).toString(36).padStart(6, '0')}`;
    const job: Job = { projectId, jobId, location: exp.location, result, pollsLeft: deps.incompletePolls ?? 0 };
    jobs.set(jobId, job);
    if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
    return pageOf(job, body.maxResults, null, 'bigquery#queryResponse');
  }

  function getQueryResults(ctx: SimHttpContext, projectId: string, jobId: string): EncodedResponse {
    const job = jobs.get(jobId);
    const location = ctx.url.searchParams.get('location');
    if (!job || job.projectId !== projectId || (location && location.toUpperCase() !== job.location.toUpperCase())) {
      throw new SimGoogleError(404, 'notFound', `Not found: Job ${projectId}:${location ?? job?.location ?? 'US'}.${jobId}`);
    }
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      return jsonResponse({ kind: 'bigquery#getQueryResultsResponse', jobReference: { projectId, jobId, location: job.location }, jobComplete: false });
    }
    const raw = ctx.url.searchParams.get('maxResults');
    const startIndex = ctx.url.searchParams.get('startIndex');
    const token = startIndex && !ctx.url.searchParams.get('pageToken') ? encodePageToken(jobId, Number(startIndex)) : ctx.url.searchParams.get('pageToken');
    return pageOf(job, raw ? Number(raw) : undefined, token, 'bigquery#getQueryResultsResponse');
  }

  const guarded = (fn: (ctx: SimHttpContext) => EncodedResponse) => (ctx: SimHttpContext) => {
    if (!hasBearer(ctx)) return unauthenticated('bigquery', DOMAIN);
    try {
      return fn(ctx);
    } catch (err) {
      if (err instanceof SimGoogleError) return bigQueryError(err.httpStatus, err.reason, err.message);
      throw err;
    }
  };

  return {
    match(method, url) {
      const p = url.pathname;
      let m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(p);
      if (m && method === 'GET') {
        const [project, dataset, table] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
        return { operation: 'BigQuery.GetTable', handle: guarded((ctx) => getTable(ctx, deps, project, dataset, table)) };
      }
      m = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(p);
      if (m && method === 'POST') {
        const project = decodeURIComponent(m[1]!);
        return { operation: 'BigQuery.Query', handle: guarded((ctx) => query(ctx, project)) };
      }
      m = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(p);
      if (m && method === 'GET') {
        const [project, jobId] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
        return { operation: 'BigQuery.GetQueryResults', handle: guarded((ctx) => getQueryResults(ctx, project, jobId)) };
      }
      return undefined;
    },
    fault(kind, operation) {
      return googleFault(kind, { dialect: 'bigquery', domain: DOMAIN, permission: PERMISSION[operation] ?? 'bigquery.jobs.create' });
    },
  };
}
