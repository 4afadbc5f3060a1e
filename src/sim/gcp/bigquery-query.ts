import type { SimBillingExport, SimUsageSource } from './gcp-usage';
import { SimGoogleError } from './billing-http';
import { billingExportRows, DAY_MS, type SimExportRow } from './billing-rows';

/**
 * The watchdog's billing query, recognised rather than executed: the simulator checks what BigQuery would reject
 * (legacy SQL, unknown table, undeclared parameters, bytes-billed limit) plus one rule of its own (a filter on
 * `_PARTITIONTIME` is required, so a query that would scan the whole export fails in tests), then answers with the
 * columns the shared brief fixes, grouped and summed over the export rows.
 */

export interface QueryParameter {
  name?: string;
  parameterType?: { type?: string; arrayType?: { type?: string } };
  parameterValue?: { value?: string; arrayValues?: { value?: string }[] };
}

export interface QueryRequestBody {
  query?: string;
  useLegacySql?: boolean;
  parameterMode?: string;
  queryParameters?: QueryParameter[];
  maxResults?: number;
  maximumBytesBilled?: string;
  location?: string;
  timeoutMs?: number;
  dryRun?: boolean;
}

export const RESULT_SCHEMA = {
  fields: [
    { name: 'usage_day', type: 'DATE', mode: 'NULLABLE' },
    { name: 'project_id', type: 'STRING', mode: 'NULLABLE' },
    { name: 'service', type: 'STRING', mode: 'NULLABLE' },
    { name: 'sku', type: 'STRING', mode: 'NULLABLE' },
    { name: 'region', type: 'STRING', mode: 'NULLABLE' },
    { name: 'resource_name', type: 'STRING', mode: 'NULLABLE' },
    { name: 'owner', type: 'STRING', mode: 'NULLABLE' },
    { name: 'cost', type: 'FLOAT', mode: 'NULLABLE' },
    { name: 'credits', type: 'FLOAT', mode: 'NULLABLE' },
    { name: 'currency', type: 'STRING', mode: 'NULLABLE' },
  ],
};

/** ~1.2 KB per export row read (⚠️ plausible figure; real rows with labels and credits are 1-2 KB). */
export const BYTES_PER_ROW = 1229;
const MIB = 1024 * 1024;
/** On-demand queries bill at least 10 MB, rounded up to the next MB (cloud.google.com/bigquery/pricing). */
const MIN_BILLED = 10 * MIB;

export interface QueryResult {
  rows: { f: { v: string | null }[] }[];
  totalBytesProcessed: number;
  totalBytesBilled: number;
}

const invalid = (message: string) => new SimGoogleError(400, 'invalidQuery', message);

/** `[line:column]` of an offset, as BigQuery's parser reports positions (1-based). */
function position(sql: string, offset: number): string {
  const before = sql.slice(0, offset).split('\n');
  return `[${before.length}:${before[before.length - 1]!.length + 1}]`;
}

/** BigQuery accepts RFC 3339 and its canonical `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]| UTC]` TIMESTAMP forms. */
export function parseTimestamp(value: string): number {
  let v = value.trim().replace(/ UTC$/i, 'Z').replace(/^(\d{4}-\d{2}-\d{2})[ T]/, '$1T');
  v = v.replace(/([+-]\d{2})$/, '$1:00');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v += 'Z';
  return Date.parse(v);
}

interface Parsed {
  table: { project: string; dataset: string; table: string };
  startMs: number;
  endMs: number;
  ownerKey: string;
  services?: Set<string>;
}

/** Table named after FROM, as BigQuery would look it up, before any other check. */
export function referencedTable(body: QueryRequestBody): Parsed['table'] {
  const sql = body.query ?? '';
  if (!sql.trim()) throw new SimGoogleError(400, 'required', 'Required parameter is missing: query');
  const from = /\bFROM\s+`([^`]+)`/i.exec(sql);
  if (body.useLegacySql !== false) {
    // jobs.query defaults to legacy SQL, which cannot parse backtick-quoted table paths.
    throw invalid(`Invalid table name: \`${from?.[1] ?? ''}\` [Try using standard SQL (https://cloud.google.com/bigquery/docs/reference/standard-sql/enabling-standard-sql)]. Set useLegacySql: false.`);
  }
  const parts = from?.[1]?.split('.');
  if (!parts || parts.length !== 3) {
    throw invalid('The simulator answers only the watchdog billing query, which reads FROM `project.dataset.table` (fully qualified, in backticks).');
  }
  return { project: parts[0]!, dataset: parts[1]!, table: parts[2]! };
}

/** Validates the request against the export it names and pulls out what the answer depends on. */
export function parseBillingQuery(body: QueryRequestBody, exp: SimBillingExport): Parsed {
  const sql = body.query!;
  const table = referencedTable(body);
  const params = new Map<string, QueryParameter>();
  for (const p of body.queryParameters ?? []) if (p.name) params.set(p.name, p);
  if ((body.queryParameters?.length ?? 0) > 0 && body.parameterMode !== 'NAMED') {
    throw invalid('Positional parameters are not supported by this query; set parameterMode to "NAMED".');
  }
  for (const m of sql.matchAll(/@(\w+)/g)) {
    if (!params.has(m[1]!)) throw invalid(`Query parameter '${m[1]}' not found at ${position(sql, m.index)}`);
  }
  const value = (name: string, type: string): string => {
    const p = params.get(name);
    if (!p) throw invalid(`Query parameter '${name}' is missing: the watchdog billing query needs @start_time, @end_time (TIMESTAMP) and @owner_key (STRING).`);
    if (p.parameterType?.type !== type) throw invalid(`Query parameter '${name}' must be ${type}, got ${p.parameterType?.type ?? 'no type'}.`);
    const v = p.parameterValue?.value;
    if (v === undefined) throw invalid(`Query parameter '${name}' has no value.`);
    return v;
  };
  const startMs = parseTimestamp(value('start_time', 'TIMESTAMP'));
  const endMs = parseTimestamp(value('end_time', 'TIMESTAMP'));
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw invalid('Invalid TIMESTAMP value in @start_time or @end_time.');
  const ownerKey = value('owner_key', 'STRING');

  const where = sql.slice(sql.search(/\bWHERE\b/i) >= 0 ? sql.search(/\bWHERE\b/i) : sql.length);
  if (!/\b_PARTITIONTIME\b/i.test(where)) {
    throw invalid(
      `Cannot query over table '${table.project}.${table.dataset}.${table.table}' without a filter over column(s) '_PARTITION_LOAD_TIME', '_PARTITIONDATE', '_PARTITIONTIME' that can be used for partition elimination`,
    );
  }
  const detailed = exp.table.startsWith('gcp_billing_export_resource_v1_');
  const res = /\bresource\.name\b/i.exec(sql);
  if (!detailed && res) throw invalid(`Unrecognized name: resource at ${position(sql, res.index)}`);

  return { table, startMs, endMs, ownerKey, services: serviceFilter(sql, params) };
}

/** `service.description = 'X'`, `IN ('X', 'Y')` or `IN UNNEST(@param)`; no filter means every service. */
function serviceFilter(sql: string, params: Map<string, QueryParameter>): Set<string> | undefined {
  const eq = /service\.description\s*=\s*'([^']*)'/i.exec(sql);
  if (eq) return new Set([eq[1]!]);
  const list = /service\.description\s+IN\s*\(([^)]*)\)/i.exec(sql);
  if (list) return new Set([...list[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!));
  const un = /service\.description\s+IN\s+UNNEST\s*\(\s*@(\w+)\s*\)/i.exec(sql);
  if (un) return new Set((params.get(un[1]!)?.parameterValue?.arrayValues ?? []).map((v) => v.value ?? ''));
  return undefined;
}

/**
 * The partitions the query scans: the watchdog widens [start, end) by a day each side because export rows land
 * late (the brief's query contract). ⚠️ The simulator assumes exactly that window instead of evaluating the SQL.
 */
export function scannedPartitions(q: Pick<Parsed, 'startMs' | 'endMs'>): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(q.startMs / DAY_MS) * DAY_MS - DAY_MS, toMs: Math.ceil(q.endMs / DAY_MS) * DAY_MS + DAY_MS };
}

const num = (x: number) => {
  const r = Math.round(x * 1e9) / 1e9;
  return String(r === 0 ? 0 : r);
};
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Runs the recognised query: bytes from the scanned partitions, rows grouped like the watchdog's GROUP BY. */
export function runBillingQuery(
  body: QueryRequestBody,
  exp: SimBillingExport,
  source: SimUsageSource,
  nowMs: number,
): QueryResult {
  const q = parseBillingQuery(body, exp);
  const { fromMs, toMs } = scannedPartitions(q);
  const scanned = billingExportRows(source, exp, fromMs, toMs, nowMs);
  const totalBytesProcessed = scanned.length * BYTES_PER_ROW;
  const totalBytesBilled = Math.max(MIN_BILLED, Math.ceil(totalBytesProcessed / MIB) * MIB);
  const limit = body.maximumBytesBilled === undefined ? undefined : Number(body.maximumBytesBilled);
  if (limit !== undefined && Number.isFinite(limit) && limit > 0 && totalBytesBilled > limit) {
    throw new SimGoogleError(400, 'bytesBilledLimitExceeded', `Query exceeded limit for bytes billed: ${limit}. ${totalBytesBilled} or higher required.`);
  }
  const detailed = exp.table.startsWith('gcp_billing_export_resource_v1_');
  const groups = new Map<string, { key: (string | null)[]; cost: number; credits: number }>();
  for (const r of scanned) {
    if (r.usageStartMs < q.startMs || r.usageStartMs >= q.endMs) continue;
    if (q.services && !q.services.has(r.service)) continue;
    const key = [day(r.usageStartMs), r.projectId, r.service, r.sku, r.region ?? null, detailed ? (r.resourceName ?? null) : null, r.labels[q.ownerKey] ?? null];
    const k = JSON.stringify(key);
    const g = groups.get(k) ?? { key, cost: 0, credits: 0 };
    g.cost += r.cost;
    g.credits += r.credits;
    groups.set(k, g);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  return {
    rows: ordered.map((g) => ({ f: [...g.key.map((v) => ({ v })), { v: num(g.cost) }, { v: num(g.credits) }, { v: 'USD' }] })),
    totalBytesProcessed,
    totalBytesBilled,
  };
}

export type { SimExportRow };
