import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryCostCache } from '../../../../src/providers/aws/cost-cache';
import { billingPeriod, billingQueryRequest, BILLING_COLUMNS } from '../../../../src/providers/gcp/bigquery-billing-query';
import { createBigQueryCostSource, type GcpConfig } from '../../../../src/providers/gcp/billing-export';
import { bigQueryBilledBytes, formatBytes } from '../../../../src/providers/gcp/billing-export-rows';
import { GoogleHttp } from '../../../../src/providers/gcp/google-http';

/**
 * A small BigQuery v2 fake in the REST wire shapes (tables.get, jobs.query, jobs.getQueryResults; every value a
 * string, `rows: [{f: [{v}]}]`, errors as `{error: {code, message, errors: [{reason}], status}}`).
 */

const NOW = new Date('2026-10-15T09:30:00Z');
const DETAILED = 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9';
const STANDARD = 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';
const ENDPOINT = 'projects/123456789012/locations/us-central1/endpoints/1234567890';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: any;
  auth?: string;
}

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
/** Per-test behaviour. */
let tables: Record<string, { creationTime: string } | undefined>;
let queryMode: 'slow-and-paged' | 'bytes-limit' | 'denied' | 'fast';

const fields = BILLING_COLUMNS.map((name) => ({
  name,
  type: name === 'usage_day' ? 'DATE' : name === 'cost' || name === 'credits' ? 'FLOAT' : 'STRING',
  mode: 'NULLABLE',
}));
const row = (...v: (string | null)[]) => ({ f: v.map((x) => ({ v: x })) });

const PAGE_1 = [
  // Two SKUs (core and GPU) of the same endpoint and day: summed into one line.
  row('2026-10-13', 'ml-prod', 'Vertex AI', 'Vertex AI: Online/Batch Prediction G2 Instance Core running in Americas', 'us-central1', ENDPOINT, 'team-a', '2.5', '0', 'USD'),
  row('2026-10-13', 'ml-prod', 'Vertex AI', 'Vertex AI: Online/Batch Prediction Nvidia L4 GPU running in Americas', 'us-central1', ENDPOINT, 'team-a', '16', '-3.5', 'USD'),
];
const PAGE_2 = [
  row('2026-10-14', 'ml-prod', 'Compute Engine', 'N1 Predefined Instance Core running in Americas', 'us-central1', null, null, '1.25', '-0.25', 'USD'),
];

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=UTF-8');
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<any> {
  let raw = '';
  for await (const c of req) raw += String(c);
  return raw ? JSON.parse(raw) : undefined;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, body, auth: req.headers.authorization });
    const table = url.pathname.match(/^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/);
    if (table) {
      const t = tables[decodeURIComponent(table[3]!)];
      if (!t) {
        const message = `Not found: Table ${table[1]}:${table[2]}.${table[3]} was not found in location US`;
        return json(res, 404, { error: { code: 404, message, errors: [{ message, domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' } });
      }
      return json(res, 200, { kind: 'bigquery#table', id: `${table[1]}:${table[2]}.${table[3]}`, creationTime: t.creationTime, location: 'US', timePartitioning: { type: 'DAY' } });
    }
    const jobRef = { projectId: 'billing-proj', jobId: 'job_abc123', location: 'US' };
    if (req.method === 'POST' && url.pathname === '/bigquery/v2/projects/billing-proj/queries') {
      if (queryMode === 'bytes-limit') {
        const message = 'Query exceeded limit for bytes billed: 10485760. 20971520 or higher required.';
        return json(res, 400, { error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'bytesBilledLimitExceeded' }], status: 'INVALID_ARGUMENT' } });
      }
      if (queryMode === 'denied') {
        const message = 'Access Denied: Project billing-proj: User does not have bigquery.jobs.create permission in project billing-proj.';
        return json(res, 403, { error: { code: 403, message, errors: [{ message, domain: 'global', reason: 'accessDenied' }], status: 'PERMISSION_DENIED' } });
      }
      if (queryMode === 'fast') {
        return json(res, 200, { kind: 'bigquery#queryResponse', schema: { fields }, jobReference: jobRef, totalRows: '1', rows: PAGE_2, totalBytesProcessed: '2048', jobComplete: true, cacheHit: false });
      }
      return json(res, 200, { kind: 'bigquery#queryResponse', jobReference: jobRef, jobComplete: false });
    }
    if (req.method === 'GET' && url.pathname === '/bigquery/v2/projects/billing-proj/queries/job_abc123') {
      if (url.searchParams.get('pageToken') === 'page-2') {
        return json(res, 200, { kind: 'bigquery#getQueryResultsResponse', schema: { fields }, jobReference: jobRef, totalRows: '3', rows: PAGE_2, totalBytesProcessed: '1234567', jobComplete: true });
      }
      return json(res, 200, {
        kind: 'bigquery#getQueryResultsResponse',
        schema: { fields },
        jobReference: jobRef,
        totalRows: '3',
        rows: PAGE_1,
        pageToken: 'page-2',
        totalBytesProcessed: '1234567',
        jobComplete: true,
        cacheHit: false,
      });
    }
    json(res, 404, { error: { code: 404, message: `no route ${req.method} ${url.pathname}`, status: 'NOT_FOUND' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  tables = {
    [DETAILED]: { creationTime: String(Date.parse('2025-01-01T00:00:00Z')) },
    [STANDARD]: { creationTime: String(Date.parse('2025-01-01T00:00:00Z')) },
  };
  queryMode = 'slow-and-paged';
});

function http(): GoogleHttp {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 't', expiry_date: Date.now() + 3600e3 });
  return new GoogleHttp({ auth, baseUrl });
}

function config(table = DETAILED, overrides: Partial<GcpConfig['billingExport']> = {}): Pick<GcpConfig, 'projects' | 'billingExport'> {
  return {
    projects: ['ml-prod'],
    billingExport: {
      enabled: true,
      project: 'billing-proj',
      dataset: 'billing_export',
      table,
      location: 'US',
      lookbackDays: 14,
      maxBytesBilled: 10_737_418_240,
      cacheHours: 6,
      ...overrides,
    },
  };
}

const WINDOW = { start: new Date('2026-10-01T09:30:00Z'), end: NOW };

describe('createBigQueryCostSource', () => {
  it('checks the table, polls an unfinished job, follows pageToken and nets credits into EffectiveCost', async () => {
    const source = createBigQueryCostSource({ http: http(), config: config(), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);

    expect(seen.map((s) => `${s.method} ${s.path}${s.query.get('pageToken') ? `?pageToken=${s.query.get('pageToken')}` : ''}`)).toEqual([
      `GET /bigquery/v2/projects/billing-proj/datasets/billing_export/tables/${DETAILED}`,
      'POST /bigquery/v2/projects/billing-proj/queries',
      'GET /bigquery/v2/projects/billing-proj/queries/job_abc123',
      'GET /bigquery/v2/projects/billing-proj/queries/job_abc123?pageToken=page-2',
    ]);
    expect(seen.every((s) => s.auth === 'Bearer t')).toBe(true);
    expect(seen[2]!.query.get('location')).toBe('US');

    const body = seen[1]!.body;
    expect(body).toMatchObject({ useLegacySql: false, parameterMode: 'NAMED', maximumBytesBilled: '10737418240', location: 'US', labels: { app: 'ml-watchdog' } });
    expect(body.queryParameters).toEqual([
      { name: 'start_time', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2026-10-01 00:00:00+00:00' } },
      { name: 'end_time', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2026-10-16 00:00:00+00:00' } },
      { name: 'owner_key', parameterType: { type: 'STRING' }, parameterValue: { value: 'owner' } },
    ]);
    expect(body.query).toContain(`FROM \`billing-proj.billing_export.${DETAILED}\``);
    expect(body.query).toContain('resource.name AS resource_name');
    expect(body.query).toContain('_PARTITIONTIME >= TIMESTAMP_SUB(@start_time, INTERVAL 1 DAY)');
    expect(body.query).toContain('_PARTITIONTIME < TIMESTAMP_ADD(@end_time, INTERVAL 1 DAY)');

    expect(lines).toEqual([
      {
        cloud: 'gcp',
        ChargePeriodStart: new Date('2026-10-13T00:00:00Z'),
        ChargePeriodEnd: new Date('2026-10-14T00:00:00Z'),
        BilledCost: 18.5,
        EffectiveCost: 15,
        BillingCurrency: 'USD',
        ServiceName: 'Vertex AI',
        SubAccountId: 'ml-prod',
        RegionId: 'us-central1',
        ResourceId: ENDPOINT,
        Tags: { owner: 'team-a' },
        basis: 'billed',
        breakdown: 'total',
        source: `Cloud Billing export to BigQuery (billing-proj.billing_export.${DETAILED}), daily cost net of credits`,
      },
      expect.objectContaining({ ServiceName: 'Compute Engine', BilledCost: 1.25, EffectiveCost: 1, Tags: {}, ChargePeriodStart: new Date('2026-10-14T00:00:00Z') }),
    ]);
    expect(lines[1]).not.toHaveProperty('ResourceId');

    expect(status).toMatchObject({ cloud: 'gcp', component: 'costs', state: 'ok' });
    expect(status.message).toContain('1.2 MB processed');
    expect(status.calls).toEqual({ 'BigQuery.GetQueryResults': 2, 'BigQuery.GetTable': 1, 'BigQuery.Query': 1 });
    // 1.2 MB processed is billed as the 10 MB minimum (ml-watchdog's own cost)
    expect(status.units).toEqual({ 'BigQuery.Query': 10 * 2 ** 20 });
    expect(source.bytesProcessed()).toBe(1_234_567);
  });

  it('reuses a fresh answer from the cache without any request, and asks again once it is stale', async () => {
    const cache = new InMemoryCostCache();
    let now = NOW;
    const source = createBigQueryCostSource({ http: http(), config: config(), ownerTag: 'owner', now: () => now, cache });
    const first = await source.costs(WINDOW);
    const requests = seen.length;
    now = new Date(NOW.getTime() + 3_600_000);
    const second = await source.costs({ ...WINDOW, end: now });
    expect(seen.length).toBe(requests);
    expect(second.lines).toEqual(first.lines);
    expect(second.status.message).toContain('answered from the cache');
    // The source outlives a run (warm Lambda): each status counts its own call's requests, none for a cache hit.
    expect(first.status.calls).toMatchObject({ 'BigQuery.Query': 1 });
    expect(second.status.calls).toEqual({});
    expect(second.status.units).toBeUndefined();
    expect(source.bytesProcessed()).toBe(1_234_567);

    now = new Date(NOW.getTime() + 7 * 3_600_000);
    await source.costs({ ...WINDOW, end: now });
    expect(seen.length).toBeGreaterThan(requests);
    expect(source.bytesProcessed()).toBe(2 * 1_234_567);
  });

  it('selects CAST(NULL AS STRING) for resource_name from the standard table, and leaves ResourceId out', async () => {
    queryMode = 'fast';
    const source = createBigQueryCostSource({ http: http(), config: config(STANDARD), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);
    const body = seen.find((s) => s.method === 'POST')!.body;
    expect(body.query).toContain('CAST(NULL AS STRING) AS resource_name');
    expect(body.query).not.toContain('resource.name');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toHaveProperty('ResourceId');
    expect(status.state).toBe('ok');
    expect(status.message).toContain('2.0 KB processed');
  });

  it('reports an absent export table as missing-data with the fix, and does not query', async () => {
    tables = {};
    const source = createBigQueryCostSource({ http: http(), config: config(), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);
    expect(lines).toEqual([]);
    expect(status).toMatchObject({ state: 'missing-data', code: 'BILLING_EXPORT_NOT_FOUND' });
    expect(status.message).toContain(`billing export table billing-proj.billing_export.${DETAILED} not found`);
    expect(status.message).toContain('enable Cloud Billing export to BigQuery (detailed usage cost)');
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);
  });

  it('still queries a table younger than 48 h, but says the costs are incomplete', async () => {
    tables[DETAILED] = { creationTime: String(NOW.getTime() - 20 * 3_600_000) };
    const source = createBigQueryCostSource({ http: http(), config: config(), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);
    expect(lines).toHaveLength(2);
    expect(status).toMatchObject({ state: 'missing-data', code: 'BILLING_EXPORT_TOO_YOUNG' });
    expect(status.message).toContain('only 20 h old');
    expect(status.message).toContain('1.2 MB processed');
  });

  it('turns the bytes-billed limit into an error status that says which setting to change', async () => {
    queryMode = 'bytes-limit';
    const source = createBigQueryCostSource({ http: http(), config: config(DETAILED, { maxBytesBilled: 10_485_760 }), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);
    expect(lines).toEqual([]);
    expect(status).toMatchObject({ state: 'error', code: 'BYTES_BILLED_LIMIT_EXCEEDED' });
    expect(status.message).toContain('Query exceeded limit for bytes billed');
    expect(status.message).toContain('clouds.gcp.billingExport.maxBytesBilled (10485760 bytes)');
    expect(source.bytesProcessed()).toBe(0);
  });

  it('reports a permission denial as auth-failed with the advice', async () => {
    queryMode = 'denied';
    const source = createBigQueryCostSource({ http: http(), config: config(), ownerTag: 'owner', now: () => NOW });
    const { status } = await source.costs(WINDOW);
    expect(status).toMatchObject({ state: 'auth-failed', code: 'PERMISSION_DENIED' });
    expect(status.message).toContain('bigquery.jobs.create');
  });

  it('is disabled without a request when billingExport.enabled is false', async () => {
    const source = createBigQueryCostSource({ http: http(), config: config(DETAILED, { enabled: false }), ownerTag: 'owner', now: () => NOW });
    const { lines, status } = await source.costs(WINDOW);
    expect([lines, status.state, seen]).toEqual([[], 'disabled', []]);
  });
});

describe('billing query helpers', () => {
  it('aligns the window to whole UTC days, never past tomorrow', () => {
    expect(billingPeriod({ start: new Date('2026-10-01T09:30:00Z'), end: new Date('2026-12-01T00:00:00Z') }, NOW)).toEqual({
      start: new Date('2026-10-01T00:00:00Z'),
      end: new Date('2026-10-16T00:00:00Z'),
    });
  });

  it('omits location when the dataset location is unset', () => {
    const r = billingQueryRequest({ table: { project: 'p', dataset: 'd', table: STANDARD }, period: billingPeriod(WINDOW, NOW), ownerTag: 'team', maxBytesBilled: 1 });
    expect(r).not.toHaveProperty('location');
    expect(r.maximumBytesBilled).toBe('1');
  });

  it('formats bytes in decimal units', () => {
    expect([formatBytes(0), formatBytes(999), formatBytes(1_234_567), formatBytes(3.4e9)]).toEqual(['0 B', '999 B', '1.2 MB', '3.4 GB']);
  });

  it('bills bytes processed rounded up to the MiB, at least 10 MiB, nothing for a cached 0-byte answer', () => {
    const MIB = 2 ** 20;
    expect([bigQueryBilledBytes(0), bigQueryBilledBytes(1), bigQueryBilledBytes(10 * MIB + 1), bigQueryBilledBytes(3e9)]).toEqual([0, 10 * MIB, 11 * MIB, Math.ceil(3e9 / MIB) * MIB]);
  });
});
