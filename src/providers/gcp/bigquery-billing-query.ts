import type { TimeWindow } from '../../domain/utilization';

/**
 * The one SQL question ml-watchdog asks the Cloud Billing export, and the jobs.query request that carries it.
 * Pure: no I/O, so the exact wire shape is unit-tested and shared with the simulator's recogniser (which matches
 * the query by its `FROM \`p.d.t\`` and answers the columns below, in this order).
 */

const DAY_MS = 86_400_000;

export interface BillingTableRef {
  project: string;
  dataset: string;
  table: string;
}

/** `p.d.t`, as BigQuery standard SQL spells a fully qualified table (and as status messages show it). */
export const tableText = (t: BillingTableRef): string => `${t.project}.${t.dataset}.${t.table}`;

/**
 * The detailed (resource-level) export is `gcp_billing_export_resource_v1_<ACCOUNT>`; only it has the
 * `resource.name` column (Cloud Billing docs, "Detailed usage cost data"). The standard table would fail the query.
 */
export const isDetailedTable = (table: string): boolean => /^gcp_billing_export_resource_v1_/i.test(table);

/** Result columns, in order: the simulator and rowsToCostLines rely on these names. */
export const BILLING_COLUMNS = ['usage_day', 'project_id', 'service', 'sku', 'region', 'resource_name', 'owner', 'cost', 'credits', 'currency'] as const;
export type BillingColumn = (typeof BILLING_COLUMNS)[number];

/**
 * The window as whole UTC days (daily cost lines, and hourly runs then ask the very same question and hit the
 * cache). End is exclusive and never later than tomorrow.
 */
export function billingPeriod(window: TimeWindow, now: Date): { start: Date; end: Date } {
  const tomorrow = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const end = Math.min(Math.ceil(window.end.getTime() / DAY_MS) * DAY_MS, tomorrow);
  const start = Math.min(Math.floor(window.start.getTime() / DAY_MS) * DAY_MS, end - DAY_MS);
  return { start: new Date(start), end: new Date(end) };
}

/**
 * Daily cost per project, service, SKU, region, resource and owner label, with credits (always <= 0) summed apart
 * so that net = cost + credits.
 * - `_PARTITIONTIME` is the export tables' partition column (ingestion-time partitioned by export day); filtering on
 *   it is what limits the bytes scanned. Rows for a usage hour can be exported a day or more later, so the
 *   partition filter is widened by a day on each side and `usage_start_time` does the exact cut.
 * - labels is an ARRAY<STRUCT<key, value>>: the owner is looked up with a scalar subquery, never UNNESTed in FROM
 *   (that would multiply cost by the number of labels).
 * - credits is an ARRAY too, summed per row inside the row (same reason).
 */
export function billingQuerySql(t: BillingTableRef): string {
  const resource = isDetailedTable(t.table) ? 'resource.name' : 'CAST(NULL AS STRING)';
  return [
    'WITH usage_rows AS (',
    '  SELECT',
    '    DATE(usage_start_time) AS usage_day,',
    '    project.id AS project_id,',
    '    service.description AS service,',
    '    sku.description AS sku,',
    '    location.region AS region,',
    `    ${resource} AS resource_name,`,
    '    (SELECT l.value FROM UNNEST(labels) AS l WHERE l.key = @owner_key LIMIT 1) AS owner,',
    '    cost,',
    '    IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0) AS credits,',
    '    currency',
    `  FROM \`${tableText(t)}\``,
    '  WHERE _PARTITIONTIME >= TIMESTAMP_SUB(@start_time, INTERVAL 1 DAY)',
    '    AND _PARTITIONTIME < TIMESTAMP_ADD(@end_time, INTERVAL 1 DAY)',
    '    AND usage_start_time >= @start_time',
    '    AND usage_start_time < @end_time',
    ')',
    'SELECT usage_day, project_id, service, sku, region, resource_name, owner, SUM(cost) AS cost, SUM(credits) AS credits, currency',
    'FROM usage_rows',
    'GROUP BY usage_day, project_id, service, sku, region, resource_name, owner, currency',
    'ORDER BY usage_day, project_id, service, sku',
  ].join('\n');
}

export interface QueryParameter {
  name: string;
  parameterType: { type: 'TIMESTAMP' | 'STRING' };
  parameterValue: { value: string };
}

/** Body of `POST /bigquery/v2/projects/{p}/queries` (QueryRequest). */
export interface BillingQueryRequest {
  query: string;
  useLegacySql: false;
  parameterMode: 'NAMED';
  queryParameters: QueryParameter[];
  timeoutMs: number;
  maxResults: number;
  /** int64 as a string; BigQuery refuses (bytesBilledLimitExceeded) instead of running a costlier query. */
  maximumBytesBilled: string;
  location?: string;
  labels: Record<string, string>;
}

/** BigQuery TIMESTAMP literal: `YYYY-MM-DD HH:MM:SS+00:00`. */
const timestampValue = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;

export function billingQueryRequest(opts: {
  table: BillingTableRef;
  period: { start: Date; end: Date };
  ownerTag: string;
  maxBytesBilled: number;
  location?: string;
  /** How long jobs.query waits server-side before answering jobComplete:false. */
  timeoutMs?: number;
  maxResults?: number;
}): BillingQueryRequest {
  return {
    query: billingQuerySql(opts.table),
    useLegacySql: false,
    parameterMode: 'NAMED',
    queryParameters: [
      { name: 'start_time', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: timestampValue(opts.period.start) } },
      { name: 'end_time', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: timestampValue(opts.period.end) } },
      { name: 'owner_key', parameterType: { type: 'STRING' }, parameterValue: { value: opts.ownerTag } },
    ],
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxResults: opts.maxResults ?? 10_000,
    maximumBytesBilled: String(opts.maxBytesBilled),
    ...(opts.location ? { location: opts.location } : {}),
    // Job labels show up in INFORMATION_SCHEMA.JOBS and the billing export, so the watchdog's own queries are findable.
    labels: { app: 'ml-watchdog' },
  };
}
