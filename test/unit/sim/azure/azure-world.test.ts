import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { azureUsageSource } from '../../../../src/sim/azure/azure-usage-records';
import { AZURE_WORLD_ROUTES } from '../../../../src/sim/azure/azure-routes';
import { buildFleetState } from '../../../../src/sim/fleet-state';
import { demoFleet, FleetSchema, startSimulator, type Fleet, type Simulator } from '../../../../src/sim/index';
import { armCall, MIN, V, WS } from './azure-call';

const NOW = new Date('2026-11-18T15:00:00Z');
const T0 = NOW.getTime();
const HOUR = 3_600_000;
let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function start(fleet: Fleet = demoFleet(), opts: { stateFile?: string; now?: Date } = {}) {
  const sim = await startSimulator({ fleet, now: opts.now ?? NOW, ...(opts.stateFile ? { stateFile: opts.stateFile } : {}) });
  sims.push(sim);
  return { sim, call: armCall(sim) };
}
const EP = `${WS}/onlineEndpoints`;
const metrics = (resource: string, q: Record<string, string>) => `${resource}/providers/Microsoft.Insights/metrics?${new URLSearchParams({ 'api-version': '2018-01-01', ...q })}`;
const span = (a: number, b: number) => `${new Date(a).toISOString()}/${new Date(b).toISOString()}`;

/** Applies an ARM write to a state directly (the state-file replay path), at a virtual time. */
function write(state: ReturnType<typeof buildFleetState>, operation: string, atMs: number, method: string, path: string, body: Record<string, unknown> = {}) {
  const [p, search = ''] = path.split('?');
  const ok = AZURE_WORLD_ROUTES.some((r) => r.replay?.({ operation, region: 'eastus', atMs, input: { method, path: p, search: `?${search}`, body } }, state));
  expect(ok).toBe(true);
}

describe('timelines and usage', () => {
  it('stops billing a deleted deployment when the deletion completes and resumes ~8 min after it is recreated', () => {
    const state = buildFleetState(demoFleet(), T0);
    const ep = state.azure!.endpoints.get(`${EP}/fraud-scorer`.toLowerCase())!;
    const spec = ep.deployments.get('blue')!.specs[0]!.status;
    write(state, 'MachineLearning.OnlineEndpoints_CreateOrUpdate', T0, 'PUT', `${EP}/fraud-scorer?${V}`, { location: 'eastus', properties: { authMode: 'Key', traffic: { blue: 0 } } });
    write(state, 'MachineLearning.OnlineDeployments_Delete', T0 + MIN, 'DELETE', `${EP}/fraud-scorer/deployments/blue?${V}`);
    write(state, 'MachineLearning.OnlineDeployments_CreateOrUpdate', T0 + HOUR, 'PUT', `${EP}/fraud-scorer/deployments/blue?${V}`, { location: 'eastus', sku: spec.sku, properties: spec.properties });
    const rows = azureUsageSource(state)(T0, T0 + 2 * HOUR, T0 + 2 * HOUR).filter((r) => r.resourceId.endsWith('/fraud-scorer'));
    expect(rows.map((r) => [r.fromMs - T0, r.toMs - T0, r.quantity])).toEqual([
      [0, 3 * MIN, 3 / 60],
      [HOUR + 8 * MIN, 2 * HOUR, 52 / 60],
    ]);
    // The recreated deployment keeps the endpoint (and its scoring URI).
    expect(ep.scoringUri).toBe('https://fraud-scorer.eastus.inference.ml.azure.com/score');
  });

  it('stops billing a compute instance once stopped and bills again from a start', () => {
    const state = buildFleetState(demoFleet(), T0);
    write(state, 'MachineLearning.Compute_Stop', T0, 'POST', `${WS}/computes/ci-gpu-research/stop?${V}`);
    write(state, 'MachineLearning.Compute_Start', T0 + HOUR, 'POST', `${WS}/computes/ci-gpu-research/start?${V}`);
    const rows = azureUsageSource(state)(T0, T0 + 2 * HOUR, T0 + 2 * HOUR).filter((r) => r.resourceId.endsWith('/ci-gpu-research'));
    expect(rows.map((r) => [r.fromMs - T0, r.toMs - T0])).toEqual([
      [0, MIN],
      [HOUR, 2 * HOUR],
    ]);
  });

  it('moves a deployment through Creating to Succeeded, with capacity only once it serves', async () => {
    const { sim, call } = await start();
    const put = await call(`${EP}/support-chat/deployments/canary?${V}`, { method: 'PUT', body: { location: 'eastus', sku: { name: 'Default', capacity: 1 }, properties: { endpointComputeType: 'Managed', instanceType: 'Standard_NC4as_T4_v3', model: 'azureml:support-llm:5' } } });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    sim.clock.advance(8 * MIN - 1);
    expect((await call(`${EP}/support-chat/deployments/canary?${V}`)).body.properties.provisioningState).toBe('Creating');
    sim.clock.advance(1);
    expect((await call(`${EP}/support-chat/deployments/canary?${V}`)).body.properties.provisioningState).toBe('Succeeded');
    sim.clock.advance(2 * MIN);
    const now = sim.clock.now().getTime();
    const cap = await call(metrics(`${EP}/support-chat/deployments/canary`, { metricnames: 'DeploymentCapacity,GpuUtilizationPercentage', timespan: span(T0, now), interval: 'PT1M', aggregation: 'Maximum' }));
    const capacity = cap.body.value[0].timeseries[0].data.map((p: { maximum?: number }) => p.maximum);
    expect(capacity).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    // Utilisation only while an instance serves.
    expect(cap.body.value[1].timeseries[0].data.map((p: { maximum?: number }) => p.maximum !== undefined)).toEqual([false, false, false, false, false, false, false, false, true, true]);
  });
});

describe('failure scenarios', () => {
  it('shows a Failed deployment without instances, usage or utilisation', async () => {
    const f = demoFleet();
    const extra = FleetSchema.parse({
      azure: {
        ...f.azure!,
        endpoints: [
          {
            name: 'broken-ep',
            workspace: 'mlw-prod',
            deployments: [
              { name: 'good', instanceType: 'Standard_NC4as_T4_v3', model: 'azureml:m:1', trafficPct: 100 },
              { name: 'bad', instanceType: 'Standard_NC4as_T4_v3', model: 'azureml:m:2', trafficPct: 0, provisioningState: 'Failed' },
            ],
          },
        ],
      },
    });
    f.azure = { ...f.azure!, endpoints: [...f.azure!.endpoints, ...extra.azure!.endpoints] };
    const { call } = await start(f);
    expect((await call(`${EP}/broken-ep/deployments/bad?${V}`)).body.properties.provisioningState).toBe('Failed');
    const gpu = await call(metrics(`${EP}/broken-ep/deployments/bad`, { metricnames: 'GpuUtilizationPercentage,DeploymentCapacity', timespan: span(T0 - HOUR, T0), interval: 'PT1H', aggregation: 'Maximum' }));
    expect(gpu.body.value[0].timeseries[0].data[0].maximum).toBeUndefined();
    expect(gpu.body.value[1].timeseries[0].data[0].maximum).toBe(0);
    const state = buildFleetState(f, T0);
    const rows = azureUsageSource(state)(T0 - HOUR, T0, T0).filter((r) => r.resourceId.endsWith('/broken-ep'));
    expect(rows.map((r) => r.quantity)).toEqual([1]);
  });
});

describe('Azure Monitor answers', () => {
  function fleetWith(deployment: Record<string, unknown>): Fleet {
    const f = demoFleet();
    const extra = FleetSchema.parse({ azure: { ...f.azure!, endpoints: [{ name: 'flaky-api', workspace: 'mlw-prod', deployments: [{ name: 'main', instanceType: 'Standard_NC4as_T4_v3', model: 'azureml:flaky:1', ...deployment }] }] } });
    f.azure = { ...f.azure!, endpoints: [...f.azure!.endpoints, ...extra.azure!.endpoints] };
    return f;
  }

  it('splits by status code class and filters 5xx', async () => {
    const { call } = await start(fleetWith({ traffic: { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: 40 }, errorRatePct: 10 }));
    const q = { metricnames: 'RequestsPerMinute', timespan: span(T0 - HOUR, T0), interval: 'PT1H', aggregation: 'Total' };
    const split = await call(metrics(`${EP}/flaky-api`, { ...q, $filter: "deployment eq '*' and statusCodeClass eq '*'" }));
    const series = split.body.value[0].timeseries.map((s: { metadatavalues: Array<{ name: { value: string }; value: string }>; data: Array<{ total: number }> }) => [
      Object.fromEntries(s.metadatavalues.map((m) => [m.name.value, m.value])),
      s.data[0]!.total,
    ]);
    expect(series).toEqual([
      [{ deployment: 'main', statuscodeclass: '2xx' }, 5400],
      [{ deployment: 'main', statuscodeclass: '5xx' }, 600],
    ]);
    const only5xx = await call(metrics(`${EP}/flaky-api`, { ...q, $filter: "statusCodeClass eq '5xx'" }));
    expect(only5xx.body.value[0].timeseries).toHaveLength(1);
    expect(only5xx.body.value[0].timeseries[0].data[0].total).toBe(600);
    const bad = await call(metrics(`${EP}/flaky-api`, { ...q, $filter: "deployment ne 'x'" }));
    expect(bad.status).toBe(400);
    const badDim = await call(metrics(`${EP}/flaky-api`, { ...q, metricnames: 'RequestLatency', $filter: "statusCodeClass eq '*'" }));
    expect(badDim.body.error.message).toContain('does not support requested dimension combination');
  });

  it('leaves aggregation values out where telemetry has a gap, keeping every timestamp', async () => {
    const { call } = await start(fleetWith({ traffic: { type: 'steady', invocationsPerMinute: 10, gpuUtilPct: 40 }, telemetryGapPct: 50 }));
    const r = await call(metrics(`${EP}/flaky-api`, { metricnames: 'RequestsPerMinute', timespan: span(T0 - 6 * HOUR, T0), interval: 'PT5M', aggregation: 'Total' }));
    const data = r.body.value[0].timeseries[0].data as Array<{ timeStamp: string; total?: number }>;
    expect(data).toHaveLength(72);
    const missing = data.filter((p) => p.total === undefined).length;
    expect(missing).toBeGreaterThan(15);
    expect(missing).toBeLessThan(57);
    expect(data.every((p) => typeof p.timeStamp === 'string')).toBe(true);
  });

  it('counts demand no deployment takes as 404s, and emits nothing once no deployment is live and demand is gone', async () => {
    const { sim, call } = await start();
    const ep = (await call(`${EP}/support-chat?${V}`)).body;
    await call(`${EP}/support-chat?${V}`, { method: 'PUT', body: { ...ep, properties: { ...ep.properties, traffic: { green: 0 } } } });
    sim.clock.advance(HOUR);
    const now = sim.clock.now().getTime();
    const r = await call(metrics(`${EP}/support-chat`, { metricnames: 'RequestsPerMinute', timespan: span(now - 30 * MIN, now), interval: 'PT30M', aggregation: 'Total', $filter: "statusCode eq '*'" }));
    const byCode = Object.fromEntries(r.body.value[0].timeseries.map((s: { metadatavalues: Array<{ value: string }>; data: Array<{ total: number }> }) => [s.metadatavalues[0]!.value, s.data[0]!.total]));
    expect(byCode).toEqual({ '200': 0, '404': 2700 });

    // fraud-scorer: traffic 0, blue deleted; its demand ended days ago, so nothing is recorded at all.
    const f = (await call(`${EP}/fraud-scorer?${V}`)).body;
    await call(`${EP}/fraud-scorer?${V}`, { method: 'PUT', body: { ...f, properties: { ...f.properties, traffic: { blue: 0 } } } });
    sim.clock.advance(MIN);
    await call(`${EP}/fraud-scorer/deployments/blue?${V}`, { method: 'DELETE' });
    sim.clock.advance(HOUR);
    const later = sim.clock.now().getTime();
    const gone = await call(metrics(`${EP}/fraud-scorer`, { metricnames: 'RequestsPerMinute', timespan: span(later - 30 * MIN, later), interval: 'PT30M', aggregation: 'Total,Count' }));
    const data = gone.body.value[0].timeseries[0].data as Array<Record<string, unknown>>;
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((p) => Object.keys(p).join() === 'timeStamp')).toBe(true);
  });
});

describe('persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'azure-sim-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays Azure writes in a later process: the deletion happened, operation URLs still answer', async () => {
    const file = join(dir, 'state.json');
    const a = await start(demoFleet(), { stateFile: file });
    const ep = (await a.call(`${EP}/fraud-scorer?${V}`)).body;
    await a.call(`${EP}/fraud-scorer?${V}`, { method: 'PUT', body: { ...ep, properties: { ...ep.properties, traffic: { blue: 0 } } } });
    a.sim.clock.advance(MIN);
    const del = await a.call(`${EP}/fraud-scorer/deployments/blue?${V}`, { method: 'DELETE' });
    const status = del.headers.get('azure-asyncoperation')!;
    await a.call(`${WS}/computes/ci-gpu-research/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`, { method: 'PATCH', body: { operation: 'Merge', properties: { tags: { parked: 'yes' } } } });
    await a.sim.close();
    sims = [];

    const b = await start(demoFleet(), { stateFile: file, now: new Date(T0 + HOUR) });
    expect((await b.call(`${EP}/fraud-scorer/deployments/blue?${V}`)).status).toBe(404);
    expect((await b.call(`${EP}/fraud-scorer?${V}`)).body.properties.traffic).toEqual({});
    expect((await b.call(status)).body.status).toBe('Succeeded');
    expect((await b.call(`${WS}/computes/ci-gpu-research?${V}`)).body.tags).toEqual({ owner: 'research', parked: 'yes' });
  });
});
