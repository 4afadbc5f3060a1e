import { describe, expect, it } from 'vitest';
import { InMemoryCostCache } from '../../../../src/providers/aws/cost-cache';
import { createAzureReader } from '../../../../src/providers/azure/azure-reader';
import { costDays } from '../../../../src/providers/azure/cost-management';
import { retryAfterSeconds } from '../../../../src/providers/azure/cost-query';
import { matchRef, toCostLines, toMonthForecast, usageDate } from '../../../../src/providers/azure/cost-rows';
import { SUB, azureConfig, example, fakeAzureHttp, tokenCredential, type Canned, type SeenRequest } from './fake-azure-http';

const NOW = new Date('2026-12-04T12:00:00Z');
const WINDOW = { start: new Date('2026-11-27T12:00:00Z'), end: NOW };
const EP = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1/onlineEndpoints/llm-chat`;

function body(columns: string[], rows: unknown[][], nextLink?: string) {
  return { id: 'x', name: 'q', type: 'Microsoft.CostManagement/query', properties: { columns: columns.map((name) => ({ name, type: 'String' })), rows, nextLink: nextLink ?? null } };
}

describe('Cost Management rows', () => {
  it('maps Microsoft\'s example answer by column name (PreTaxCost, UsageDate as a number)', () => {
    const b = example('cost-management/SubscriptionQuery.json') as { properties: { columns: { name: string }[]; rows: unknown[][] } };
    const lines = toCostLines({ columns: b.properties.columns, rows: b.properties.rows }, { subscription: SUB, source: 's' });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ cloud: 'azure', BilledCost: 2.10333307059661, BillingCurrency: 'USD', basis: 'billed', SubAccountId: SUB });
    expect(lines[0]!.ChargePeriodStart.toISOString()).toBe('2018-03-31T00:00:00.000Z');
    expect(lines[0]!.ChargePeriodEnd.toISOString()).toBe('2018-04-01T00:00:00.000Z');
  });

  it('reads columns by name whatever their order, lower-cases ResourceId and attaches the endpoint a deployment row bills', () => {
    const ref = { cloud: 'azure' as const, account: SUB, region: 'eastus', kind: 'endpoint' as const, name: 'llm-chat', id: EP };
    const answer = {
      columns: [{ name: 'UsageDate' }, { name: 'ServiceName' }, { name: 'Currency' }, { name: 'ResourceId' }, { name: 'Cost' }],
      rows: [
        [20261201, 'Azure Machine Learning', 'EUR', EP.toLowerCase(), 88.15],
        [20261201, 'Azure Machine Learning', 'EUR', `${EP.toLowerCase()}/deployments/blue`, 1.5],
        [20261202, 'Storage', 'EUR', '/subscriptions/x/resourcegroups/rg/providers/microsoft.storage/storageaccounts/s', '0.25'],
        [20261203, 'Storage', 'EUR', 'y', null],
      ],
    };
    const lines = toCostLines(answer, { subscription: SUB, source: 'src', refs: [ref] });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ BilledCost: 88.15, BillingCurrency: 'EUR', ServiceName: 'Azure Machine Learning', ResourceId: EP, ref });
    expect(lines[1]).toMatchObject({ ResourceId: `${EP.toLowerCase()}/deployments/blue`, ref });
    expect(lines[2]).toMatchObject({ BilledCost: 0.25, ServiceName: 'Storage' });
    expect(lines[2]!.ref).toBeUndefined();
    expect(matchRef(`${EP.toLowerCase()}-other`, [ref])).toBeUndefined();
  });

  it('gives owner-tag lines Tags ({} for the untagged remainder)', () => {
    const answer = { columns: [{ name: 'Cost' }, { name: 'UsageDate' }, { name: 'TagKey' }, { name: 'TagValue' }, { name: 'ServiceName' }, { name: 'Currency' }], rows: [[5, 20261201, 'owner', 'team-nlp', 'Azure Machine Learning', 'USD'], [2, 20261201, '', '', 'Storage', 'USD']] };
    const lines = toCostLines(answer, { subscription: SUB, source: 's', tagKey: 'owner' });
    expect(lines.map((l) => l.Tags)).toEqual([{ owner: 'team-nlp' }, {}]);
  });

  it('parses UsageDate numbers and strings', () => {
    expect(usageDate(20240115)?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
    expect(usageDate('2024-01-15T00:00:00')?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
    expect(usageDate('soon')).toBeUndefined();
  });

  it('sums a forecast: Actual rows so far, Forecast rows to the end of the month', () => {
    const b = example('cost-management/BillingAccountForecast.json') as { properties: { columns: { name: string }[]; rows: unknown[][] } };
    const f = toMonthForecast({ columns: b.properties.columns, rows: [...b.properties.rows, [10, 20180301, 'Actual', 'USD']] }, SUB, { start: new Date('2018-03-01'), end: new Date('2018-04-01') }, 'src')!;
    expect(f.actualToDate).toBe(10);
    expect(f.forecastRemaining).toBeCloseTo(2.10333307059661 + 218.68795741935486 + 0.14384913581657052 + 0.009865586851323632);
    expect(f.basis).toBe('estimate');
    expect(f.ServiceName).toBeUndefined();
  });

  it('takes the longest of Cost Management\'s retry-after headers', () => {
    const h: Record<string, string> = { 'retry-after': '5', 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '20', 'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': '7' };
    expect(retryAfterSeconds((n) => h[n], NOW)).toBe(20);
    expect(retryAfterSeconds((n) => (n === 'retry-after' ? new Date(NOW.getTime() + 30_000).toUTCString() : undefined), NOW)).toBe(30);
    expect(retryAfterSeconds(() => undefined, NOW)).toBeUndefined();
  });

  it('asks whole UTC days of the window, at least lookbackDays and at most 31 (one Daily query)', () => {
    expect(costDays(WINDOW, 3)).toEqual({ from: new Date('2026-11-27T00:00:00Z'), to: new Date('2026-12-04T23:59:59Z') });
    expect(costDays(WINDOW, 14)).toEqual({ from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-12-04T23:59:59Z') });
    expect(costDays({ start: new Date('2026-10-01T00:00:00Z'), end: NOW }, 3)).toEqual({ from: new Date('2026-11-04T00:00:00Z'), to: new Date('2026-12-04T23:59:59Z') });
  });
});

const COLS = ['Cost', 'ResourceId', 'ServiceName', 'UsageDate', 'Currency'];

function costReader(route: (req: SeenRequest) => Canned | undefined, azure: Record<string, unknown> = {}) {
  const http = fakeAzureHttp(route);
  const slept: number[] = [];
  let now = NOW;
  const cache = new InMemoryCostCache();
  const reader = createAzureReader({
    config: azureConfig(azure),
    credential: tokenCredential,
    now: () => now,
    sleep: async (ms) => void slept.push(ms),
    costCache: cache,
    httpClient: http,
  });
  return { reader, http, slept, advance: (h: number) => (now = new Date(now.getTime() + h * 3_600_000)) };
}

const isQuery = (r: SeenRequest) => r.method === 'POST' && r.url.pathname.toLowerCase().endsWith('/providers/microsoft.costmanagement/query');
const isOwner = (r: SeenRequest) => (r.body as { dataset?: { grouping?: { type: string }[] } })?.dataset?.grouping?.[0]?.type === 'TagKey';
/** The lock-in detector's commitment query (AmortizedCost by PricingModel). */
const isCommitment = (r: SeenRequest) => (r.body as { type?: string })?.type === 'AmortizedCost';

describe('Azure reader costs (real SDK, canned Cost Management JSON)', () => {
  it('follows nextLink by re-POSTing the same body through the authenticated pipeline, then caches', async () => {
    const next = `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.CostManagement/query?api-version=2022-10-01&$skiptoken=AQAAAA%3D%3D`;
    const { reader, http, advance } = costReader((r) => {
      if (!isQuery(r)) return undefined;
      if (isOwner(r) || isCommitment(r)) return { status: 204 };
      if (!r.url.searchParams.get('$skiptoken')) return { status: 200, body: body(COLS, [[10, EP.toLowerCase(), 'Azure Machine Learning', 20261201, 'USD']], next) };
      return { status: 200, body: body(COLS, [[12, EP.toLowerCase(), 'Azure Machine Learning', 20261202, 'USD']]) };
    });
    const lines = await reader.costs(WINDOW);
    expect(lines.map((l) => l.BilledCost)).toEqual([10, 12]);
    expect(lines[0]!.source).toBe('Azure Cost Management Query, ActualCost, daily by ResourceId');
    const queries = http.seen.filter(isQuery);
    expect(queries).toHaveLength(4);
    expect(queries[0]!.url.pathname).toBe(`/subscriptions/${SUB}/providers/Microsoft.CostManagement/query`);
    expect(queries[1]!.body).toEqual(queries[0]!.body);
    expect(queries[1]!.authorization).toBe('Bearer unit-token');
    expect(queries[0]!.body).toMatchObject({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: '2026-11-21T00:00:00.000Z', to: '2026-12-04T23:59:59.000Z' },
      dataset: { granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }, { type: 'Dimension', name: 'ServiceName' }] },
    });
    expect(reader.status().find((s) => s.component === 'costs')).toMatchObject({ state: 'ok', calls: { 'CostManagement.Query_Usage': 4 } });
    expect(queries.find(isCommitment)!.body).toMatchObject({
      type: 'AmortizedCost',
      dataset: { grouping: [{ type: 'Dimension', name: 'PricingModel' }, { type: 'Dimension', name: 'ServiceName' }], filter: { dimensions: { name: 'PricingModel', operator: 'In', values: ['Reservation', 'SavingsPlan'] } } },
    });

    advance(6);
    expect(await reader.costs(WINDOW)).toHaveLength(2);
    expect(http.seen.filter(isQuery)).toHaveLength(4);
    expect(reader.status().find((s) => s.component === 'costs')!.message).toMatch(/0 Cost Management queries asked, 3 answered from the cache/);
    advance(12);
    await reader.costs(WINDOW);
    expect(http.seen.filter(isQuery)).toHaveLength(8);
  });

  it('waits the longest retry-after header through the injected sleep (never the pipeline\'s own retry)', async () => {
    let throttles = 1;
    const { reader, http, slept } = costReader((r) => {
      if (!isQuery(r)) return undefined;
      if (throttles-- > 0) {
        return { status: 429, body: { error: { code: '429', message: 'Too many requests. Please retry.' } }, headers: { 'retry-after': '5', 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '20', 'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after': '11' } };
      }
      return { status: 200, body: body(COLS, [[1, EP.toLowerCase(), 'Azure Machine Learning', 20261201, 'USD']]) };
    });
    const lines = await reader.costs(WINDOW);
    expect(slept).toEqual([20_000]);
    expect(lines.length).toBeGreaterThan(0);
    expect(http.seen.filter(isQuery)).toHaveLength(4);
    expect(reader.status().find((s) => s.component === 'costs')!.state).toBe('ok');
  });

  it('gives up as throttled when Azure asks for longer than maxWaitSeconds, or after maxRetries', async () => {
    const long = costReader((r) => (isQuery(r) ? { status: 429, body: { error: { code: '429', message: 'slow down' } }, headers: { 'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': '600' } } : undefined), { costManagement: { maxWaitSeconds: 60 } });
    expect(await long.reader.costs(WINDOW)).toEqual([]);
    expect(long.slept).toEqual([]);
    const s = long.reader.status().find((x) => x.component === 'costs')!;
    expect(s).toMatchObject({ state: 'throttled' });
    expect(s.message).toMatch(/600s, longer than costManagement.maxWaitSeconds/);

    const again = costReader((r) => (isQuery(r) ? { status: 429, body: { error: { code: '429', message: 'slow down' } }, headers: { 'retry-after': '1' } } : undefined), { costManagement: { maxRetries: 2 } });
    expect(await again.reader.costs(WINDOW)).toEqual([]);
    expect(again.slept).toEqual([1000, 1000]);
    expect(again.http.seen.filter(isQuery)).toHaveLength(3);
    expect(again.reader.status().find((x) => x.component === 'costs')!.state).toBe('throttled');
  });

  it('reads 204 No Content as no cost, not as a failure', async () => {
    const { reader } = costReader((r) => (isQuery(r) ? { status: 204 } : undefined));
    expect(await reader.costs(WINDOW)).toEqual([]);
    expect(reader.status().find((s) => s.component === 'costs')!.state).toBe('ok');
  });

  it('reports a denied scope as auth-failed naming the role', async () => {
    const { reader } = costReader((r) =>
      isQuery(r)
        ? { status: 401, body: { error: { code: 'RBACAccessDenied', message: 'The client does not have authorization to perform action \'Microsoft.CostManagement/query/action\'.' } } }
        : undefined,
    );
    expect(await reader.costs(WINDOW)).toEqual([]);
    const s = reader.status().find((x) => x.component === 'costs')!;
    expect(s).toMatchObject({ state: 'auth-failed', code: 'RBACAccessDenied' });
  });

  it('reads the month forecast', async () => {
    const { reader, http } = costReader((r) => {
      if (r.method === 'POST' && r.url.pathname.toLowerCase().endsWith('/forecast')) {
        return { status: 200, body: body(['Cost', 'UsageDate', 'CostStatus', 'Currency'], [[100, 20261201, 'Actual', 'USD'], [50, 20261205, 'Forecast', 'USD']]) };
      }
      return undefined;
    });
    const [f, ml] = await reader.forecast({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') }, [{}, { service: 'Azure Machine Learning' }]);
    expect(f).toMatchObject({ cloud: 'azure', actualToDate: 100, forecastRemaining: 50, currency: 'USD', basis: 'estimate', SubAccountIds: [SUB] });
    expect(f!.forecastFrom.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(ml).toMatchObject({ ServiceName: 'Azure Machine Learning' });
    expect(http.seen[0]!.body).toMatchObject({ type: 'ActualCost', timeframe: 'Custom', includeActualCost: true, includeFreshPartialCost: false, timePeriod: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-31T23:59:59.000Z' } });
    expect((http.seen[0]!.body as { dataset: { filter?: unknown } }).dataset.filter).toBeUndefined();
    expect((http.seen[1]!.body as { dataset: { filter?: unknown } }).dataset.filter).toEqual({ dimensions: { name: 'ServiceName', operator: 'In', values: ['Azure Machine Learning'] } });
    expect(reader.calls()).toEqual({ 'CostManagement.Forecast_Usage': 2 });
  });
});
