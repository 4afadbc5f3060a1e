import { CostManagementClient, type QueryDefinition } from '@azure/arm-costmanagement';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { armClientOptions } from '../../src/providers/azure/arm-options';
import { SIM_TENANT_ID } from '../../src/sim/azure/azure-state';
import { demoFleet, type Fleet } from '../../src/sim/index';
import { AZURE_START, DEMO_RG, DEMO_SUBSCRIPTION, demoEndpointId, startAzureSim, type AzureSim } from './azure-sim';

/**
 * The simulated Cost Management against the REAL @azure/arm-costmanagement client, built the way the reader builds
 * it (armClientOptions + a bearer credential; the redirecting http client sends management.azure.com to the sim).
 */

const SCOPE = `subscriptions/${DEMO_SUBSCRIPTION}`;
const H = 'x-ms-ratelimit-microsoft.costmanagement';

let world: AzureSim | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function fleetWith(billing: Record<string, unknown>): Fleet {
  const demo = demoFleet();
  return { ...demo, azure: { ...demo.azure!, billing: { ...demo.azure!.billing, ...billing } } } as Fleet;
}

async function start(fleet: Fleet | 'demo' = 'demo') {
  world = await startAzureSim(fleet, { now: AZURE_START });
  const client = new CostManagementClient(world.credential, armClientOptions(world.config.clouds.azure));
  return { world, client };
}

const lastWeek = (dataset: QueryDefinition['dataset']): QueryDefinition => ({
  type: 'ActualCost',
  timeframe: 'Custom',
  timePeriod: { from: new Date('2026-11-11T00:00:00Z'), to: new Date('2026-11-18T00:00:00Z') },
  dataset,
});

/**
 * Follows Cost Management's nextLink: the SDK has no pager for query.usage, so re-POST the same body to the link
 * through the client's own pipeline (bearer policy + the redirecting http client) with ServiceClient.sendRequest.
 */
async function nextPage(client: CostManagementClient, nextLink: string, body: unknown) {
  const res = await client.sendRequest(
    createPipelineRequest({ url: nextLink, method: 'POST', body: JSON.stringify(body), headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }) }),
  );
  if (res.status !== 200) throw new Error(`nextLink answered ${res.status}: ${res.bodyAsText}`);
  const parsed = JSON.parse(res.bodyAsText ?? '{}') as { properties: { nextLink: string | null; rows: unknown[][] } };
  return parsed.properties;
}

/** The wire body query.usage sends for a definition (Dates as ISO strings). */
const wire = (q: QueryDefinition) => JSON.parse(JSON.stringify(q)) as unknown;

describe('simulated Cost Management with @azure/arm-costmanagement', () => {
  it('query.usage: daily cost per ResourceId + ServiceName, endpoint ids lower-cased, Azure column order', async () => {
    const { world, client } = await start();
    const r = await client.query.usage(
      SCOPE,
      lastWeek({ granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }, { type: 'Dimension', name: 'ServiceName' }] }),
    );
    expect(r.columns?.map((c) => [c.name, c.type])).toEqual([
      ['Cost', 'Number'],
      ['UsageDate', 'Number'],
      ['ResourceId', 'String'],
      ['ServiceName', 'String'],
      ['Currency', 'String'],
    ]);
    expect(r.nextLink ?? null).toBeNull();
    const chat = r.rows!.filter((row) => row[2] === demoEndpointId('support-chat').toLowerCase());
    expect(chat.length).toBeGreaterThanOrEqual(7);
    expect(chat.every((row) => row[3] === 'Azure Machine Learning' && row[4] === 'USD' && typeof row[1] === 'number')).toBe(true);
    expect(r.rows!.every((row) => row[2] === String(row[2]).toLowerCase())).toBe(true);
    expect(world.sim.calls()['CostManagement.Query_Usage']).toBe(1);
  });

  it('query.usage: a TagKey grouping gives TagKey + TagValue columns; untagged charges have empty ones', async () => {
    const { client } = await start(
      fleetWith({
        extraCosts: [
          { serviceName: 'Storage', meterCategory: 'Storage', meter: 'Hot LRS Data Stored', resourceId: `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${DEMO_RG}/providers/Microsoft.Storage/storageAccounts/mlwprodblobs`, dailyCost: 4 },
        ],
      }),
    );
    const r = await client.query.usage(SCOPE, lastWeek({ granularity: 'None', aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } }, grouping: [{ type: 'TagKey', name: 'owner' }] }));
    expect(r.columns?.map((c) => c.name)).toEqual(['PreTaxCost', 'TagKey', 'TagValue', 'Currency']);
    const byValue = new Map(r.rows!.map((row) => [`${row[1]}=${row[2]}`, row[0] as number]));
    // The untagged storage account: 7 full days plus the 18th up to 07:00 (8 h data latency at 15:00).
    expect(byValue.get('=')).toBeCloseTo(4 * 7 + (4 * 7) / 24, 6);
    expect(byValue.get('owner=cx-team')).toBeGreaterThan(0);
  });

  it('pages: nextLink on management.azure.com, re-POSTed through the client pipeline, adds up to the total', async () => {
    const { client } = await start(fleetWith({ pageSize: 3 }));
    const q = lastWeek({ granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }] });
    const first = await client.query.usage(SCOPE, q);
    expect(first.rows).toHaveLength(3);
    expect(first.nextLink).toMatch(new RegExp(`^https://management\\.azure\\.com/${SCOPE}/providers/Microsoft\\.CostManagement/query\\?api-version=2022-10-01&\\$skiptoken=`));
    const rows = [...first.rows!];
    let link: string | null | undefined = first.nextLink;
    let pages = 1;
    while (link) {
      const page = await nextPage(client, link, wire(q));
      rows.push(...page.rows);
      link = page.nextLink;
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    const total = await client.query.usage(SCOPE, lastWeek({ granularity: 'None', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } } }));
    const sum = rows.reduce((s, row) => s + (row[0] as number), 0);
    expect(sum).toBeCloseTo(total.rows![0]![0] as number, 6);
    expect(new Set(rows.map((row) => `${row[1]}|${row[2]}`)).size).toBe(rows.length);
  });

  it('forecast.usage: Actual then Forecast rows per day with CostStatus', async () => {
    const { client } = await start();
    const r = await client.forecast.usage(SCOPE, {
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: new Date('2026-11-15T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') },
      dataset: { granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } } },
      includeActualCost: true,
      includeFreshPartialCost: false,
    });
    expect(r.columns?.map((c) => c.name)).toEqual(['Cost', 'UsageDate', 'CostStatus', 'Currency']);
    const status = new Map(r.rows!.map((row) => [`${row[1]}/${row[2]}`, row[0] as number]));
    expect(status.has('20261117/Actual')).toBe(true);
    expect(status.has('20261118/Forecast')).toBe(true);
    expect(status.has('20261130/Forecast')).toBe(true);
    expect(status.has('20261118/Actual')).toBe(false);
  });

  it('throttles per scope per virtual minute with 429 and the x-ms-ratelimit retry-after headers; the throttle fault too', async () => {
    const { world, client } = await start(fleetWith({ scopeRequestsPerMinute: 2 }));
    const q = lastWeek({ granularity: 'None', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } } });
    await client.query.usage(SCOPE, q);
    await client.query.usage(SCOPE, q);
    const err = await client.query.usage(SCOPE, q).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    const rest = err as RestError;
    expect(rest.statusCode).toBe(429);
    expect(rest.code).toBe('429');
    const h = rest.response!.headers;
    const waits = ['qpu', 'entity', 'tenant'].map((k) => Number(h.get(`${H}-${k}-retry-after`)));
    expect(waits.every((w) => w > 0)).toBe(true);
    expect(Math.max(...waits)).toBe(60); // to the next virtual minute: 15:00:00 -> 15:01
    expect(new Set(waits).size).toBe(3);
    expect(h.get(`${H}-qpu-remaining`)).toBeDefined();
    // Another scope is not throttled; the same one is again after a virtual minute.
    await client.query.usage(`${SCOPE}/resourceGroups/${DEMO_RG}`, q);
    world.sim.clock.advance(60_000);
    await client.query.usage(SCOPE, q);

    world.sim.faults.inject({ operation: 'CostManagement.Forecast_Usage', kind: 'throttle', times: 1 });
    const fault = (await client.forecast
      .usage(SCOPE, { type: 'ActualCost', timeframe: 'Custom', timePeriod: { from: new Date('2026-11-18'), to: new Date('2026-11-30') }, dataset: { granularity: 'Daily', aggregation: { c: { name: 'Cost', function: 'Sum' } } } })
      .catch((e: unknown) => e)) as RestError;
    expect(fault.statusCode).toBe(429);
    expect(Number(fault.response!.headers.get(`${H}-entity-retry-after`))).toBeGreaterThan(0);
  });

  it('answers 204 for a period without usage, 400 BadRequest for a too long daily query, 403 for a foreign subscription', async () => {
    const { client } = await start();
    // The SDK resolves a 204 to an object without columns/rows; onResponse shows the status.
    let status = 0;
    const empty = await client.query.usage(
      SCOPE,
      {
        type: 'ActualCost',
        timeframe: 'Custom',
        timePeriod: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-31T00:00:00Z') },
        dataset: { granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } } },
      },
      { onResponse: (r) => (status = r.status) },
    );
    expect(status).toBe(204);
    expect(empty.rows).toBeUndefined();
    expect(empty.columns).toBeUndefined();
    const tooLong = (await client.query
      .usage(SCOPE, { type: 'ActualCost', timeframe: 'Custom', timePeriod: { from: new Date('2026-10-01'), to: new Date('2026-11-18') }, dataset: { granularity: 'Daily' } })
      .catch((e: unknown) => e)) as RestError;
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.code).toBe('BadRequest');
    expect(tooLong.message).toMatch(/31 days for daily granularity/);
    const denied = (await client.query.usage('subscriptions/00000000-0000-0000-0000-00000000dead', lastWeek({ granularity: 'Daily' })).catch((e: unknown) => e)) as RestError;
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('RBACAccessDenied');
  });

  it('answers resource-group and management-group scopes; ResourceId grouping only below a management group', async () => {
    const { world, client } = await start();
    const byId = lastWeek({ granularity: 'None', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }] });
    const rg = await client.query.usage(`${SCOPE}/resourceGroups/${DEMO_RG}`, byId);
    expect(rg.rows!.map((r) => r[1])).toContain(demoEndpointId('fraud-scorer').toLowerCase());
    // The tenant root management group (id = tenant id) covers the fleet's subscriptions; ResourceId is refused there.
    const root = `providers/Microsoft.Management/managementGroups/${SIM_TENANT_ID}`;
    const bySub = await client.query.usage(root, lastWeek({ granularity: 'None', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'SubscriptionId' }] }));
    expect(bySub.rows!.map((r) => r[1])).toEqual([DEMO_SUBSCRIPTION]);
    const noIds = (await client.query.usage(root, byId).catch((e: unknown) => e)) as RestError;
    expect([noIds.statusCode, noIds.code]).toEqual([400, 'BadRequest']);
    const other = (await client.query.usage('providers/Microsoft.Management/managementGroups/other-mg', byId).catch((e: unknown) => e)) as RestError;
    expect([other.statusCode, other.code]).toEqual([403, 'RBACAccessDenied']);

    world.sim.faults.inject({ operation: 'CostManagement.Query_Usage', kind: 'access-denied', times: 1 });
    const denied = (await client.query.usage(SCOPE, byId).catch((e: unknown) => e)) as RestError;
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
    expect(denied.message).toContain('Microsoft.CostManagement/query/action');
  });
});
