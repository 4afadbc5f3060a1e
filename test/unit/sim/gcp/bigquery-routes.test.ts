import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleApiError } from '../../../../src/providers/gcp/google-errors';
import { GoogleHttp } from '../../../../src/providers/gcp/google-http';
import { bigQueryRoute } from '../../../../src/sim/gcp/bigquery-routes';
import { billingExportRows } from '../../../../src/sim/gcp/billing-rows';
import type { SimBillingExport } from '../../../../src/sim/gcp/gcp-usage';
import { findMachineSku } from '../../../../src/sim/gcp/sku-table';
import { DAY_MS, ENDPOINT_L4, ENDPOINT_T4, EXPORT, NOTEBOOK, NOW, startSim, usageSource, type TestSim } from './billing-sim-server';

const STANDARD: SimBillingExport = { ...EXPORT, table: 'gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C' };
let exportNow: SimBillingExport | undefined = EXPORT;
let sim: TestSim;
let pollingSim: TestSim;

beforeAll(async () => {
  sim = await startSim([bigQueryRoute({ billingExport: () => exportNow, usage: () => usageSource })]);
  pollingSim = await startSim([bigQueryRoute({ billingExport: () => EXPORT, usage: () => usageSource, incompletePolls: 2 })]);
});
afterAll(async () => {
  await sim.close();
  await pollingSim.close();
});
beforeEach(() => {
  exportNow = EXPORT;
  sim.faults.clear();
  sim.counts.clear();
});

/** The watchdog's billing query as the shared brief describes it. */
function billingSql(table: string, opts: { resourceColumn?: string; partitionFilter?: boolean; serviceFilter?: boolean } = {}): string {
  const where = [
    ...(opts.partitionFilter === false ? [] : ['_PARTITIONTIME >= TIMESTAMP_SUB(@start_time, INTERVAL 1 DAY)', '_PARTITIONTIME < TIMESTAMP_ADD(@end_time, INTERVAL 1 DAY)']),
    'usage_start_time >= @start_time',
    'usage_start_time < @end_time',
    ...(opts.serviceFilter ? ["service.description IN ('Vertex AI', 'Compute Engine')"] : []),
  ];
  return `SELECT
  FORMAT_DATE('%Y-%m-%d', DATE(usage_start_time)) AS usage_day,
  project.id AS project_id,
  service.description AS service,
  sku.description AS sku,
  location.region AS region,
  ${opts.resourceColumn ?? 'resource.name'} AS resource_name,
  (SELECT l.value FROM UNNEST(labels) l WHERE l.key = @owner_key) AS owner,
  SUM(cost) AS cost,
  SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) c), 0)) AS credits,
  currency
FROM \`${table}\`
WHERE ${where.join('\n  AND ')}
GROUP BY usage_day, project_id, service, sku, region, resource_name, owner, currency`;
}

const TABLE = `${EXPORT.project}.${EXPORT.dataset}.${EXPORT.table}`;

function request(overrides: Record<string, unknown> = {}, params: Record<string, [string, string]> = {}): Record<string, unknown> {
  const all = {
    start_time: ['TIMESTAMP', new Date(NOW.getTime() - 3 * DAY_MS).toISOString()] as [string, string],
    end_time: ['TIMESTAMP', NOW.toISOString()] as [string, string],
    owner_key: ['STRING', 'owner'] as [string, string],
    ...params,
  };
  return {
    query: billingSql(TABLE, { serviceFilter: true }),
    useLegacySql: false,
    parameterMode: 'NAMED',
    queryParameters: Object.entries(all).map(([name, [type, value]]) => ({ name, parameterType: { type }, parameterValue: { value } })),
    timeoutMs: 10_000,
    maximumBytesBilled: String(1024 ** 3),
    location: 'US',
    labels: { app: 'ml-watchdog' },
    ...overrides,
  };
}

interface QueryPage {
  kind: string;
  schema?: { fields: { name: string; type: string; mode: string }[] };
  jobReference: { projectId: string; jobId: string; location: string };
  totalRows?: string;
  rows?: { f: { v: string | null }[] }[];
  pageToken?: string;
  totalBytesProcessed?: string;
  totalBytesBilled?: string;
  jobComplete: boolean;
  cacheHit?: boolean;
}
interface BqError {
  error: { code: number; message: string; status: string; errors: { reason: string; message: string }[] };
}

const auth = { authorization: 'Bearer sim-token', 'content-type': 'application/json' };
async function post(s: TestSim, body: unknown, project = 'ml-prod'): Promise<{ status: number; json: QueryPage & BqError }> {
  const res = await fetch(`${s.url}/bigquery/v2/projects/${project}/queries`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as QueryPage & BqError };
}
async function get(s: TestSim, path: string, headers: Record<string, string> = auth): Promise<{ status: number; json: QueryPage & BqError & Record<string, unknown> }> {
  const res = await fetch(`${s.url}${path}`, { headers });
  return { status: res.status, json: (await res.json()) as QueryPage & BqError & Record<string, unknown> };
}

type Row = Record<string, string | null>;
function named(page: QueryPage): Row[] {
  const names = page.schema!.fields.map((f) => f.name);
  return (page.rows ?? []).map((r) => Object.fromEntries(r.f.map((c, i) => [names[i]!, c.v])));
}

describe('simulated BigQuery tables.get on the billing export', () => {
  it('describes the export table, created when the export was enabled', async () => {
    const { status, json } = await get(sim, `/bigquery/v2/projects/${EXPORT.project}/datasets/${EXPORT.dataset}/tables/${EXPORT.table}?$alt=json`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      kind: 'bigquery#table',
      id: `billing-admin:billing.${EXPORT.table}`,
      tableReference: { projectId: 'billing-admin', datasetId: 'billing', tableId: EXPORT.table },
      creationTime: String(EXPORT.createdMs),
      timePartitioning: { type: 'DAY' },
      location: 'US',
      type: 'TABLE',
    });
    expect(Number(json.numRows)).toBeGreaterThan(0);
    expect(json.numBytes).toBe(String(Number(json.numRows) * 1229));
    expect(Number(json.lastModifiedTime)).toBeLessThanOrEqual(NOW.getTime());
    expect(sim.counts.get('BigQuery.GetTable')).toBe(1);
  });

  it('answers 404 in BigQuery format for any other table, and for every table when no export is enabled', async () => {
    const other = await get(sim, `/bigquery/v2/projects/billing-admin/datasets/billing/tables/gcp_billing_export_v1_OTHER`);
    expect(other.status).toBe(404);
    expect(other.json.error).toMatchObject({
      code: 404,
      status: 'NOT_FOUND',
      message: 'Not found: Table billing-admin:billing.gcp_billing_export_v1_OTHER was not found in location US',
      errors: [{ reason: 'notFound' }],
    });
    exportNow = undefined;
    expect((await get(sim, `/bigquery/v2/projects/${EXPORT.project}/datasets/${EXPORT.dataset}/tables/${EXPORT.table}`)).status).toBe(404);
  });

  it('answers 401 without a Bearer token', async () => {
    const r = await get(sim, `/bigquery/v2/projects/${EXPORT.project}/datasets/${EXPORT.dataset}/tables/${EXPORT.table}`, {});
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'required' }] });
  });
});

describe('simulated BigQuery jobs.query with the watchdog billing query', () => {
  it('answers the fixed columns, grouped per day, resource and SKU, priced from the SKU table', async () => {
    const { status, json } = await post(sim, request());
    expect(status).toBe(200);
    expect(json.kind).toBe('bigquery#queryResponse');
    expect(json.jobComplete).toBe(true);
    expect(json.cacheHit).toBe(false);
    expect(json.jobReference).toEqual({ projectId: 'ml-prod', jobId: expect.stringMatching(/^job_/), location: 'US' });
    expect(json.schema!.fields).toEqual([
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
    ]);
    const rows = named(json);
    expect(json.totalRows).toBe(String(rows.length));

    // The europe-west4 T4 endpoint, one replica all day on 2026-11-16: 24 h at the Vertex AI T4 price there.
    const t4 = findMachineSku('prediction', 'gpu', 'NVIDIA_TESLA_T4', 'europe-west4')!;
    const t4Row = rows.find((r) => r.usage_day === '2026-11-16' && r.resource_name === ENDPOINT_T4 && r.sku === t4.description)!;
    expect(t4Row).toEqual({
      usage_day: '2026-11-16', project_id: 'ml-prod', service: 'Vertex AI', sku: 'Vertex AI: Online/Batch Prediction Nvidia Tesla T4 GPU running in Netherlands',
      region: 'europe-west4', resource_name: ENDPOINT_T4, owner: 'bob', cost: expect.any(String), credits: '0', currency: 'USD',
    });
    expect(Number(t4Row.cost)).toBeCloseTo(24 * t4.unitPriceUsd, 9);

    // Today (2026-11-18) accrues only up to now, 15:00: the L4 endpoint has 2 replicas x 15 h.
    const l4 = findMachineSku('prediction', 'gpu', 'NVIDIA_L4', 'us-central1')!;
    const today = rows.find((r) => r.usage_day === '2026-11-18' && r.resource_name === ENDPOINT_L4 && r.sku === l4.description)!;
    expect(Number(today.cost)).toBeCloseTo(30 * l4.unitPriceUsd, 9);
    expect(today.owner).toBe('alice');

    // Workbench bills as Compute Engine with a sustained-use credit on N1 core and RAM, none on the GPU.
    const core = rows.find((r) => r.usage_day === '2026-11-17' && r.resource_name === NOTEBOOK && r.sku === 'N1 Predefined Instance Core running in Americas')!;
    expect(core.service).toBe('Compute Engine');
    expect(Number(core.credits)).toBeCloseTo(-0.2 * Number(core.cost), 9);
    const gpu = rows.find((r) => r.usage_day === '2026-11-17' && r.resource_name === NOTEBOOK && r.sku === 'Nvidia Tesla T4 GPU running in Americas')!;
    expect(gpu.credits).toBe('0');

    // The training job has no owner label: NULL, not an empty string.
    const training = rows.filter((r) => r.project_id === 'ml-research');
    expect(training.length).toBe(3);
    expect(training.every((r) => r.owner === null && r.usage_day === '2026-11-16' && r.region === 'us-east1')).toBe(true);

    expect(rows.every((r) => r.usage_day! >= '2026-11-15' && r.usage_day! <= '2026-11-18')).toBe(true);
    expect(new Set(rows.map((r) => r.service))).toEqual(new Set(['Vertex AI', 'Compute Engine']));
  });

  it('includes other services when the query does not filter on service, with NULL region and owner', async () => {
    const rows = named((await post(sim, request({ query: billingSql(TABLE) }))).json);
    expect(new Set(rows.map((r) => r.service))).toEqual(new Set(['Vertex AI', 'Compute Engine', 'Cloud Storage', 'BigQuery']));
    const gcs = rows.filter((r) => r.service === 'Cloud Storage');
    expect(gcs.length).toBeGreaterThan(0);
    expect(gcs.every((r) => r.region === null && r.owner === null && Number(r.cost) > 0)).toBe(true);
  });

  it('has no rows before the day the export was enabled nor after now', async () => {
    const { json } = await post(sim, request({}, {
      start_time: ['TIMESTAMP', '2026-11-01 00:00:00+00'],
      end_time: ['TIMESTAMP', '2026-11-25 00:00:00 UTC'],
    }));
    const days = [...new Set(named(json).map((r) => r.usage_day!))].sort();
    expect(days[0]).toBe('2026-11-08'); // export enabled 2026-11-08 10:00 UTC
    expect(days[days.length - 1]).toBe('2026-11-18');
  });

  it('answers NULL resource_name from a standard table and refuses resource.name there', async () => {
    exportNow = STANDARD;
    const std = `${STANDARD.project}.${STANDARD.dataset}.${STANDARD.table}`;
    const ok = await post(sim, request({ query: billingSql(std, { resourceColumn: 'CAST(NULL AS STRING)' }) }));
    expect(ok.status).toBe(200);
    const rows = named(ok.json);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.resource_name === null)).toBe(true);
    const bad = await post(sim, request({ query: billingSql(std) }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^Unrecognized name: resource at \[\d+:\d+\]$/);
  });

  it('reports deterministic bytes: rows in the scanned partitions x 1229, at least 10 MB billed', async () => {
    const a = (await post(sim, request())).json;
    const b = (await post(sim, request())).json;
    expect(a.totalBytesProcessed).toBe(b.totalBytesProcessed);
    const startMs = NOW.getTime() - 3 * DAY_MS;
    const scanned = billingExportRows(usageSource, EXPORT, Math.floor(startMs / DAY_MS) * DAY_MS - DAY_MS, Math.ceil(NOW.getTime() / DAY_MS) * DAY_MS + DAY_MS, NOW.getTime());
    expect(a.totalBytesProcessed).toBe(String(scanned.length * 1229));
    expect(a.totalBytesBilled).toBe(String(10 * 1024 * 1024));
    const wider = (await post(sim, request({}, { start_time: ['TIMESTAMP', new Date(NOW.getTime() - 8 * DAY_MS).toISOString()] }))).json;
    expect(Number(wider.totalBytesProcessed)).toBeGreaterThan(Number(a.totalBytesProcessed));
  });

  it('pages with maxResults and jobs.getQueryResults, and the pages add up to the whole answer', async () => {
    const whole = named((await post(sim, request())).json);
    const first = (await post(sim, request({ maxResults: 7 }))).json;
    expect(first.rows).toHaveLength(7);
    expect(first.totalRows).toBe(String(whole.length));
    const collected = named(first);
    let token = first.pageToken;
    const { jobId, location } = first.jobReference;
    while (token) {
      const page = await get(sim, `/bigquery/v2/projects/ml-prod/queries/${jobId}?location=${location}&maxResults=7&pageToken=${encodeURIComponent(token)}&timeoutMs=10000`);
      expect(page.status).toBe(200);
      expect(page.json.kind).toBe('bigquery#getQueryResultsResponse');
      expect(page.json.totalRows).toBe(String(whole.length));
      collected.push(...named(page.json));
      token = page.json.pageToken;
    }
    expect(collected).toEqual(whole);
    expect(sim.counts.get('BigQuery.GetQueryResults')).toBe(Math.ceil(whole.length / 7) - 1);
    expect((await get(sim, `/bigquery/v2/projects/ml-prod/queries/job_unknown?location=US`)).json.error).toMatchObject({
      code: 404, status: 'NOT_FOUND', message: 'Not found: Job ml-prod:US.job_unknown',
    });
    expect((await get(sim, `/bigquery/v2/projects/ml-prod/queries/${jobId}?location=EU`)).status).toBe(404);
  });

  it('answers jobComplete false while the job runs, then the rows', async () => {
    const first = (await post(pollingSim, request())).json;
    expect(first).toMatchObject({ kind: 'bigquery#queryResponse', jobComplete: false });
    expect(first.rows).toBeUndefined();
    expect(first.schema).toBeUndefined();
    const path = `/bigquery/v2/projects/ml-prod/queries/${first.jobReference.jobId}?location=US`;
    expect((await get(pollingSim, path)).json.jobComplete).toBe(false);
    expect((await get(pollingSim, path)).json.jobComplete).toBe(false);
    const done = (await get(pollingSim, path)).json;
    expect(done.jobComplete).toBe(true);
    expect(Number(done.totalRows)).toBeGreaterThan(0);
  });
});

describe('simulated BigQuery refuses what the real one (or a careless query) would', () => {
  const expectInvalid = (r: { status: number; json: BqError }, reason: string, message: RegExp) => {
    expect(r.status).toBe(400);
    expect(r.json.error.status).toBe('INVALID_ARGUMENT');
    expect(r.json.error.errors[0]!.reason).toBe(reason);
    expect(r.json.error.message).toMatch(message);
  };

  it('names a missing query parameter', async () => {
    const body = request();
    body.queryParameters = (body.queryParameters as { name: string }[]).filter((p) => p.name !== 'owner_key');
    expectInvalid(await post(sim, body), 'invalidQuery', /^Query parameter 'owner_key' not found at \[\d+:\d+\]$/);
    const body2 = request({ query: billingSql(TABLE).replace('l.key = @owner_key', "l.key = 'owner'") });
    body2.queryParameters = (body2.queryParameters as { name: string }[]).filter((p) => p.name !== 'owner_key');
    expectInvalid(await post(sim, body2), 'invalidQuery', /owner_key/);
  });

  it('refuses a query without a _PARTITIONTIME filter (it would scan the whole export)', async () => {
    expectInvalid(await post(sim, request({ query: billingSql(TABLE, { partitionFilter: false }) })), 'invalidQuery', /without a filter over column\(s\) .*'_PARTITIONTIME'/);
  });

  it('refuses legacy SQL (the REST default when useLegacySql is absent)', async () => {
    const body = request();
    delete body.useLegacySql;
    expectInvalid(await post(sim, body), 'invalidQuery', /^Invalid table name: `billing-admin\.billing\.gcp_billing_export_resource_v1_/);
  });

  it('answers 404 for a query over a table that does not exist', async () => {
    const r = await post(sim, request({ query: billingSql('billing-admin.billing.gcp_billing_export_resource_v1_OTHER') }));
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ status: 'NOT_FOUND', errors: [{ reason: 'notFound' }] });
    expect(r.json.error.message).toBe('Not found: Table billing-admin:billing.gcp_billing_export_resource_v1_OTHER was not found in location US');
  });

  it('respects maximumBytesBilled', async () => {
    const r = await post(sim, request({ maximumBytesBilled: '1000' }));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', errors: [{ reason: 'bytesBilledLimitExceeded' }] });
    expect(r.json.error.message).toBe(`Query exceeded limit for bytes billed: 1000. ${10 * 1024 * 1024} or higher required.`);
  });

  it('answers 401 without a Bearer token and injected faults in BigQuery format', async () => {
    const res = await fetch(`${sim.url}/bigquery/v2/projects/ml-prod/queries`, { method: 'POST', body: JSON.stringify(request()) });
    expect(res.status).toBe(401);
    sim.faults.inject({ operation: 'BigQuery.Query', kind: 'access-denied', times: 1 });
    const denied = await post(sim, request());
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ status: 'PERMISSION_DENIED', errors: [{ reason: 'accessDenied' }] });
    expect(denied.json.error.message).toContain('bigquery.jobs.create');
    sim.faults.inject({ operation: 'BigQuery.Query', kind: 'throttle', times: 1 });
    const throttled = await post(sim, request());
    expect(throttled.status).toBe(429);
    expect(throttled.json.error).toMatchObject({ status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] });
  });
});

describe('simulated BigQuery through the watchdog GoogleHttp channel', () => {
  function http(): GoogleHttp {
    const oauth = new OAuth2Client();
    oauth.setCredentials({ access_token: 't', expiry_date: Date.now() + 3600e3 });
    return new GoogleHttp({ auth: oauth, baseUrl: sim.url });
  }

  it('runs the query and classifies a missing table as NOT_FOUND', async () => {
    const page = await http().request<QueryPage>({ operation: 'BigQuery.Query', method: 'POST', path: '/bigquery/v2/projects/ml-prod/queries', body: request() });
    expect(page.jobComplete).toBe(true);
    expect(Number(page.totalRows)).toBeGreaterThan(0);
    const err = await http()
      .request({ operation: 'BigQuery.GetTable', path: '/bigquery/v2/projects/billing-admin/datasets/billing/tables/nope' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', reason: 'notFound', httpStatus: 404 });
  });

  it('is retried by GoogleHttp through a transient 503', async () => {
    sim.faults.inject({ operation: 'BigQuery.GetTable', kind: 'server-error', times: 1 });
    const t = await http().request<{ creationTime: string }>({
      operation: 'BigQuery.GetTable',
      path: `/bigquery/v2/projects/${EXPORT.project}/datasets/${EXPORT.dataset}/tables/${EXPORT.table}`,
    });
    expect(t.creationTime).toBe(String(EXPORT.createdMs));
    expect(sim.counts.get('BigQuery.GetTable')).toBe(2);
  });
});

