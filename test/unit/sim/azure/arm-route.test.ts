import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Fleet, type Simulator } from '../../../../src/sim/index';
import { armCall, MIN, V, WS } from './azure-call';

const NOW = new Date('2026-11-18T15:00:00Z');
let sim: Simulator;
let call: ReturnType<typeof armCall>;

async function start(fleet: Fleet = demoFleet()) {
  sim = await startSimulator({ fleet, now: NOW });
  call = armCall(sim);
}
afterEach(() => sim.close());

describe('ARM conventions', () => {
  beforeEach(() => start());

  it('refuses calls without a Bearer token or api-version', async () => {
    const r = await call(`${WS}/onlineEndpoints?${V}`, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('AuthenticationFailed');
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
    const v = await call(`${WS}/onlineEndpoints`);
    expect(v).toMatchObject({ status: 400, body: { error: { code: 'MissingApiVersionParameter' } } });
    expect((await call(`${WS}/onlineEndpoints?api-version=2099-01-01`)).body.error.code).toBe('InvalidApiVersionParameter');
  });

  it('answers with request ids, 404s in ARM shape, case-insensitive paths', async () => {
    const ok = await call(`${WS.toLowerCase()}/onlineendpoints/FRAUD-SCORER?${V}`);
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('fraud-scorer');
    expect(ok.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(`/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/workspaces?${V}`)).body.error.code).toBe('SubscriptionNotFound');
    expect((await call(`${WS.replace('rg-ml-prod', 'rg-nope')}/onlineEndpoints?${V}`)).body.error.code).toBe('ResourceGroupNotFound');
    const missing = await call(`${WS}/onlineEndpoints/nope?${V}`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('injects faults per operation in ARM format', async () => {
    sim.faults.inject({ operation: 'MachineLearning.OnlineEndpoints_List', kind: 'access-denied', times: 1 });
    sim.faults.inject({ operation: 'MachineLearning.Compute_List', kind: 'throttle', times: 1 });
    sim.faults.inject({ operation: 'Monitor.*', kind: 'expired-token', times: 1 });
    sim.faults.inject({ operation: 'MachineLearning.Jobs_List', kind: 'server-error', times: 1 });
    const denied = await call(`${WS}/onlineEndpoints?${V}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AuthorizationFailed');
    expect(denied.body.error.message).toContain("perform action 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read' over scope '/subscriptions/");
    const throttled = await call(`${WS}/computes?${V}`);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect(throttled.headers.get('retry-after')).toBe('5');
    expect((await call(`${WS}/onlineEndpoints/fraud-scorer/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=RequestsPerMinute`)).body.error.code).toBe('ExpiredAuthenticationToken');
    expect((await call(`${WS}/jobs?${V}`)).status).toBe(500);
    expect((await call(`${WS}/jobs?${V}`)).status).toBe(200);
  });
});

describe('ARM lists page with nextLink', () => {
  it('honours listPageSize and hands nextLinks on the ARM origin', async () => {
    const fleet = demoFleet();
    fleet.azure = { ...fleet.azure!, listPageSize: 1 };
    await start(fleet);
    const names: string[] = [];
    let next: string | undefined = `${WS}/computes?${V}`;
    const links: string[] = [];
    while (next) {
      const page: { body: { value: Array<{ name: string }>; nextLink?: string } } = await call(next);
      names.push(...page.body.value.map((c) => c.name));
      next = page.body.nextLink;
      if (next) links.push(next);
    }
    expect(names.sort()).toEqual(['ci-cpu-dev', 'ci-gpu-finetune', 'ci-gpu-research', 'gpu-cluster']);
    expect(links).toHaveLength(3);
    expect(links[0]).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\/.+\/computes\?api-version=2022-10-01&%24skipToken=1$/);
    expect((await call(`${WS}/computes?${V}&$skipToken=x`)).body.error.code).toBe('InvalidSkipToken');
  });
});

describe('long-running operations', () => {
  beforeEach(() => start());

  it('refuses to delete a deployment that still takes traffic', async () => {
    const r = await call(`${WS}/onlineEndpoints/fraud-scorer/deployments/blue?${V}`, { method: 'DELETE' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadArgument');
    expect(r.body.error.message).toContain('routes 100% of its traffic');
    expect((await call(`${WS}/onlineEndpoints/fraud-scorer/deployments/blue?${V}`)).body.properties.provisioningState).toBe('Succeeded');
  });

  it('reports InProgress then Succeeded on Azure-AsyncOperation, 202 then 200 on Location', async () => {
    const ep = (await call(`${WS}/onlineEndpoints/fraud-scorer?${V}`)).body;
    const put = await call(`${WS}/onlineEndpoints/fraud-scorer?${V}`, { method: 'PUT', body: { ...ep, properties: { ...ep.properties, traffic: { blue: 0 } } } });
    expect(put.status).toBe(200);
    expect(put.body.properties.provisioningState).toBe('Updating');
    const status = put.headers.get('azure-asyncoperation')!;
    expect(status).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\/3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e\/providers\/Microsoft\.MachineLearningServices\/locations\/eastus\/mfeOperationsStatus\/[0-9a-f-]{36}\?api-version=2022-10-01$/);
    expect((await call(status)).body).toMatchObject({ status: 'InProgress' });
    sim.clock.advance(30_000);
    expect((await call(status)).body).toMatchObject({ status: 'Succeeded', endTime: '2026-11-18T15:00:30.0000000Z' });

    const del = await call(`${WS}/onlineEndpoints/fraud-scorer/deployments/blue?${V}`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    const location = del.headers.get('location')!;
    expect(location).toContain('/mfeOperationResults/');
    expect((await call(location)).status).toBe(202);
    sim.clock.advance(2 * MIN);
    expect((await call(location)).status).toBe(200);
    expect((await call(del.headers.get('azure-asyncoperation')!)).body.status).toBe('Succeeded');
    expect((await call(`${WS}/onlineEndpoints/fraud-scorer/deployments/blue?${V}`)).status).toBe(404);
    // Deleting what is gone is a 204.
    expect((await call(`${WS}/onlineEndpoints/fraud-scorer/deployments/blue?${V}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('validates deployment and traffic writes', async () => {
    const put = (body: unknown) => call(`${WS}/onlineEndpoints/fraud-scorer/deployments/red?${V}`, { method: 'PUT', body });
    expect((await put({ sku: { capacity: 0 }, properties: { instanceType: 'Standard_DS3_v2' } })).body.error.message).toContain('cannot scale to zero');
    expect((await put({ properties: {} })).body.error.message).toContain('instanceType is required');
    const ep = (await call(`${WS}/onlineEndpoints/fraud-scorer?${V}`)).body;
    const bad = await call(`${WS}/onlineEndpoints/fraud-scorer?${V}`, { method: 'PUT', body: { ...ep, properties: { ...ep.properties, traffic: { blue: 50, red: 50 } } } });
    expect(bad.body.error.message).toContain("Deployment 'red' does not exist");
    const sum = await call(`${WS}/onlineEndpoints/fraud-scorer?${V}`, { method: 'PUT', body: { ...ep, properties: { ...ep.properties, traffic: { blue: 60 } } } });
    expect(sum.body.error.message).toContain('add up to 100 or 0');
  });

  it('scales a deployment with PATCH sku.capacity', async () => {
    const d = `${WS}/onlineEndpoints/support-chat/deployments/green?${V}`;
    const patch = await call(d, { method: 'PATCH', body: { sku: { capacity: 3 }, tags: { scaled: 'yes' } } });
    expect(patch.status).toBe(202);
    expect((await call(d)).body).toMatchObject({ sku: { capacity: 3 }, tags: { scaled: 'yes' }, properties: { provisioningState: 'Scaling' } });
    sim.clock.advance(5 * MIN);
    expect((await call(d)).body.properties.provisioningState).toBe('Succeeded');
    expect((await call(`${WS}/onlineEndpoints/support-chat/deployments/green?${V}`, { method: 'PATCH', body: { sku: { capacity: 0 } } })).status).toBe(400);
  });
});

describe('tags at scope', () => {
  beforeEach(() => start());

  it('merges, replaces and deletes tags of a compute instance', async () => {
    const scope = `${WS}/computes/ci-gpu-research/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`;
    const merged = await call(scope, { method: 'PATCH', body: { operation: 'Merge', properties: { tags: { 'ml-watchdog:parked': 'tok-1' } } } });
    expect(merged.body).toMatchObject({ name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: { owner: 'research', 'ml-watchdog:parked': 'tok-1' } } });
    expect((await call(`${WS}/computes/ci-gpu-research?${V}`)).body.tags).toEqual({ owner: 'research', 'ml-watchdog:parked': 'tok-1' });
    await call(scope, { method: 'PATCH', body: { operation: 'Delete', properties: { tags: { 'ml-watchdog:parked': 'tok-1' } } } });
    expect((await call(scope)).body.properties.tags).toEqual({ owner: 'research' });
    await call(scope, { method: 'PATCH', body: { operation: 'Replace', properties: { tags: { a: 'b' } } } });
    expect((await call(`${WS}/computes/ci-gpu-research?${V}`)).body.tags).toEqual({ a: 'b' });
    expect((await call(scope, { method: 'PATCH', body: { operation: 'Upsert', properties: { tags: {} } } })).body.error.code).toBe('InvalidTagOperation');
    expect((await call(`${WS}/computes/nope/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`, { method: 'PATCH', body: { operation: 'Merge', properties: { tags: {} } } })).status).toBe(404);
    expect(sim.calls()['Resources.Tags_UpdateAtScope']).toBe(5);
  });
});

