import { afterEach, describe, expect, it } from 'vitest';
import { demoFleet, type FleetInput } from '../../src/sim/index';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { createAzureReader, type AzureReader } from '../../src/providers/azure/azure-reader';
import { AZURE_START, DEMO_SUBSCRIPTION, startAzureSim, type AzureSim } from './azure-sim';
import { runReaderContract, type ContractOperation, type ExpectedInventory, type ReaderWorld, type WorldSpec } from './reader-contract';

const HOUR = 3_600_000;

const OPERATIONS: Record<ContractOperation, string> = {
  'list-endpoints': 'MachineLearning.OnlineEndpoints_List',
  'list-notebooks': 'MachineLearning.Compute_List',
  'metric-query': 'Monitor.Metrics_List',
  'cost-query': 'CostManagement.Query_Usage',
};

/** GPUs per VM size, written out here (not read from vm-sizes.ts) so the contract checks the table. */
const GPUS: Record<string, number> = { Standard_NC24ads_A100_v4: 1, Standard_NC48ads_A100_v4: 2, Standard_NC6s_v3: 1, Standard_DS11_v2: 0, Standard_DS3_v2: 0 };

function gpus(size: string): number {
  if (!(size in GPUS)) throw new Error(`add ${size} to the contract's GPUS table`);
  return GPUS[size]!;
}

function expectedFrom(sim: AzureSim): ExpectedInventory {
  const a = sim.fleet.azure!;
  const location = (ws: string) => a.workspaces.find((w) => w.name === ws)?.location ?? a.defaultLocation;
  return {
    endpoints: a.endpoints.map((e) => ({
      name: e.name,
      region: location(e.workspace),
      servingMode: 'real-time' as const,
      instanceType: e.deployments[0]!.instanceType,
      acceleratorCount: gpus(e.deployments[0]!.instanceType),
    })),
    notebooks: a.computeInstances.map((c) => ({ name: c.name, instanceType: c.vmSize })),
    trainingJobs: a.jobs.filter((j) => ['Running', 'Finalizing', 'NotStarted', 'Queued', 'Starting', 'Provisioning', 'Preparing'].includes(j.status)).map((j) => ({ name: j.name, instanceType: j.instanceType!, instanceCount: j.instanceCount })),
  };
}

const SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';

function azureFleet(endpoints: unknown[]): FleetInput {
  return {
    azure: {
      subscriptions: [{ id: SUBSCRIPTION }],
      workspaces: [{ name: 'mlw-contract', resourceGroup: 'rg-contract', location: 'eastus' }],
      endpoints,
    },
  } as FleetInput;
}

const deployment = (instanceType: string, traffic: unknown, extra: Record<string, unknown> = {}) => ({ name: 'blue', instanceType, instanceCount: 1, model: 'azureml:contract-model:1', trafficPct: 100, traffic, ...extra });

function fleetFor(spec: WorldSpec): FleetInput | 'demo' {
  switch (spec.kind) {
    case 'demo':
      return 'demo';
    case 'many-endpoints':
      return azureFleet(
        Array.from({ length: spec.endpoints }, (_, i) => ({
          name: `ranker-${String(i).padStart(4, '0')}`,
          workspace: 'mlw-contract',
          deployments: [deployment('Standard_NC24ads_A100_v4', { type: 'steady', invocationsPerMinute: 30, gpuUtilPct: 50 })],
        })),
      );
    case 'gpu-load':
      return azureFleet([{ name: 'two-gpu-endpoint', workspace: 'mlw-contract', deployments: [deployment('Standard_NC48ads_A100_v4', { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: spec.perGpuUtilPct }, spec.perGpuMemoryPct !== undefined ? { gpuMemoryUtilPct: spec.perGpuMemoryPct } : {})] }]);
    case 'metric-gaps':
      return azureFleet([
        { name: 'patchy-metrics', workspace: 'mlw-contract', deployments: [deployment('Standard_NC24ads_A100_v4', { type: 'steady', invocationsPerMinute: 60, gpuUtilPct: 30 }, { telemetryGapPct: spec.dropPct })] },
      ]);
  }
}

async function azureWorld(fleet: FleetInput | 'demo'): Promise<ReaderWorld & { az: AzureSim; reader: AzureReader }> {
  const az = await startAzureSim(fleet, { now: AZURE_START });
  const reader = createAzureReader({
    config: az.config,
    credential: az.credential,
    now: () => az.sim.clock.now(),
    costCache: new InMemoryCostCache(),
    // Cost Management 429s wait on the simulator's clock, not the test's.
    sleep: async (ms) => az.sim.clock.advance(ms),
  });
  return {
    az,
    reader,
    now: () => az.sim.clock.now(),
    advance: (ms) => az.sim.clock.advance(ms),
    calls: (op) => az.sim.calls()[OPERATIONS[op]] ?? 0,
    fault: (op, kind, times) => az.sim.faults.inject({ operation: OPERATIONS[op], kind, ...(times ? { times } : {}) }),
    close: () => az.close(),
  };
}

const demo = await startAzureSim('demo');
const expectedDemo = expectedFrom(demo);
await demo.close();

runReaderContract({
  cloud: 'azure',
  expectedDemo,
  world: (spec) => azureWorld(fleetFor(spec)),
  limits: { listPageSize: 100, metricQueriesPerCall: 1, metricsPerGpuEndpoint: 5, costCacheHours: 12 },
  cannot: {
    'metric-batching':
      'Azure Monitor metrics.list reads one resource per call (no cross-resource batch in @azure/arm-monitor 7.0.0); it batches metric names and splits by dimension instead: 3 calls per single-deployment endpoint for its 4 series whatever the fleet size (asserted below)',
  },
});

describe('Azure reader against the simulator: Azure-specific behaviour', () => {
  let world: (ReaderWorld & { az: AzureSim; reader: AzureReader }) | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('reads 5 series per single-deployment GPU endpoint with 3 Monitor calls (traffic, latency, GPU+memory+capacity)', async () => {
    world = await azureWorld(fleetFor({ kind: 'many-endpoints', endpoints: 5 }));
    const inv = await world.reader.inventory({});
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(world.now().getTime() - 6 * HOUR), end: world.now() } });
    expect(series).toHaveLength(5 * 5);
    expect(world.calls('metric-query')).toBe(5 * 3);
  });

  it('sees the abandoned demo endpoint as zero invocations with full coverage, the busy one as busy', async () => {
    world = await azureWorld('demo');
    const inv = await world.reader.inventory({});
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(world.now().getTime() - 24 * HOUR), end: world.now() } });
    const idle = series.find((s) => s.ref.name === 'fraud-scorer' && s.metric === 'invocations')!;
    expect(idle.coverage).toBeGreaterThan(0.9);
    expect(idle.points.every((p) => p.v === 0)).toBe(true);
    const busy = series.find((s) => s.ref.name === 'support-chat' && s.metric === 'invocations')!;
    expect(busy.points.some((p) => p.v > 0)).toBe(true);
  });

  it('bills the demo endpoints per ARM id (Cost Management answers lower case; the reader matches its inventory)', async () => {
    world = await azureWorld('demo');
    // Read together, as the collector does (costs while inventory loads): rows still find their resources.
    const [inv, lines] = await Promise.all([world.reader.inventory({}), world.reader.costs({ start: new Date(world.now().getTime() - 7 * 24 * HOUR), end: world.now() })]);
    const fraud = inv.endpoints.find((e) => e.ref.name === 'fraud-scorer')!;
    expect(fraud.variants[0]!.instance.listPrice?.hourly.amount).toBeGreaterThan(0);
    expect(fraud.tags).toMatchObject({ owner: 'risk-team' });
    const billed = lines.filter((l) => l.ResourceId === fraud.ref.id);
    expect(billed.length).toBeGreaterThan(0);
    expect(billed.every((l) => l.ref?.name === 'fraud-scorer' && l.basis === 'billed')).toBe(true);
    expect(lines.some((l) => l.Tags?.owner === 'risk-team')).toBe(true);
  });

  it('pages Cost Management answers by re-POSTing to nextLink (the simulator cuts pages of 5 rows)', async () => {
    const fleet = demoFleet();
    world = await azureWorld({ ...fleet, azure: { ...fleet.azure!, billing: { ...fleet.azure!.billing!, pageSize: 5 } } } as never);
    const lines = await world.reader.costs({ start: new Date(world.now().getTime() - 7 * 24 * HOUR), end: world.now() });
    const paid = world.az.sim.calls()['CostManagement.Query_Usage']!;
    expect(paid).toBeGreaterThan(3);
    // Every page's rows arrive: about 5 rows per call, none lost between pages (the last page of each of the three
    // queries may be short; the demo has no commitment, so that query answers one empty page).
    expect(lines.length).toBeGreaterThan((paid - 3) * 5);
    expect(lines.length).toBeLessThanOrEqual(paid * 5);
    expect(world.reader.status().find((s) => s.component === 'costs')).toMatchObject({ state: 'ok', calls: { 'CostManagement.Query_Usage': paid } });
  });

  it('reads the month-end forecast of the demo subscription, for every service and for Azure Machine Learning alone', async () => {
    world = await azureWorld('demo');
    const now = world.now();
    const month = { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: now };
    const [all, ml, ...rest] = await world.reader.forecast(month, [{}, { account: DEMO_SUBSCRIPTION, service: 'Azure Machine Learning' }, { account: DEMO_SUBSCRIPTION.toUpperCase() }]);
    expect(rest).toEqual([]); // the third scope is the first one again (subscription ids compare case-insensitively)
    expect(all).toMatchObject({ cloud: 'azure', currency: 'USD', SubAccountIds: [DEMO_SUBSCRIPTION], basis: 'estimate' });
    expect(all!.ServiceName).toBeUndefined();
    expect(ml).toMatchObject({ ServiceName: 'Azure Machine Learning', SubAccountIds: [DEMO_SUBSCRIPTION] });
    expect(all!.actualToDate).toBeGreaterThan(0);
    expect(all!.forecastRemaining).toBeGreaterThan(ml!.forecastRemaining);
    expect(ml!.forecastRemaining).toBeGreaterThan(0);
    // Forecast rows start after the last complete day Cost Management shows (its data latency), never after tomorrow.
    expect(all!.forecastFrom.getTime()).toBeLessThanOrEqual(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    expect(world.az.sim.calls()['CostManagement.Forecast_Usage']).toBe(2);
    expect(world.reader.status().find((s) => s.component === 'forecast')).toMatchObject({ state: 'ok' });
  });

  it('reports a denied forecast as a status and leaves that scope out', async () => {
    world = await azureWorld('demo');
    world.az.sim.faults.inject({ operation: 'CostManagement.Forecast_Usage', kind: 'access-denied' });
    const now = world.now();
    const f = await world.reader.forecast({ start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: now }, [{}]);
    expect(f).toEqual([]);
    expect(world.reader.status().find((s) => s.component === 'forecast')).toMatchObject({ state: 'auth-failed' });
  });

  it('reports expired credentials as auth-failed', async () => {
    world = await azureWorld('demo');
    world.az.sim.faults.inject({ operation: '*', kind: 'expired-token' });
    const inv = await world.reader.inventory({});
    expect(inv.endpoints).toEqual([]);
    const failed = world.reader.status().filter((s) => s.component.startsWith('inventory'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => s.state === 'auth-failed' && s.code === 'ExpiredAuthenticationToken')).toBe(true);
  });

  it('counts the calls of one audit of the demo fleet (10-day traffic lookback, 6-hour detail window)', async () => {
    world = await azureWorld('demo');
    const now = world.now();
    const inv = await world.reader.inventory({});
    await world.reader.utilization(inv.endpoints, { window: { start: new Date(now.getTime() - 240 * HOUR), end: now }, detailWindow: { start: new Date(now.getTime() - 6 * HOUR), end: now } });
    await world.reader.costs({ start: new Date(now.getTime() - 14 * 24 * HOUR), end: now });
    await world.reader.forecast({ start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: now }, [{}]);
    // 2 endpoints x (traffic long + 5xx detail + latency detail) + 3 deployments x (capacity long + GPU detail) = 12
    // Monitor calls (support-chat's Failed deployment "next" is asked too); its error: 1 Activity Log call.
    // Cost Management: by resource + by owner tag + commitments (lock-in) + forecast = 4 (one scope, no paging at the
    // demo's size).
    expect(world.reader.calls()).toEqual({
      'CostManagement.Forecast_Usage': 1,
      'CostManagement.Query_Usage': 3,
      'MachineLearning.Compute_List': 1,
      'MachineLearning.Jobs_List': 1,
      'MachineLearning.OnlineDeployments_List': 2,
      'MachineLearning.OnlineEndpoints_List': 1,
      'MachineLearning.Workspaces_ListBySubscription': 1,
      'Monitor.ActivityLogs_List': 1,
      'Monitor.Metrics_List': 12,
    });
    expect(world.reader.status().every((s) => s.state === 'ok')).toBe(true);
  });
});

describe('Azure reader in a sovereign cloud', () => {
  it('sends every ARM call to clouds.azure.armEndpoint (only that host is redirected to the simulator)', async () => {
    const az = await startAzureSim('demo', { config: { clouds: { azure: { armEndpoint: 'https://management.usgovcloudapi.net' } } } });
    try {
      const reader = createAzureReader({ config: az.config, credential: az.credential, now: () => az.sim.clock.now() });
      const inv = await reader.inventory({});
      expect(inv.endpoints.map((e) => e.ref.name).sort()).toEqual(['fraud-scorer', 'support-chat']);
      const end = az.sim.clock.now();
      await reader.utilization(inv.endpoints, { window: { start: new Date(end.getTime() - 6 * HOUR), end } });
      await reader.costs({ start: new Date(end.getTime() - 3 * 86_400_000), end });
      expect(reader.status().filter((s) => s.state !== 'ok')).toEqual([]);
    } finally {
      await az.close();
    }
  });
});

describe('Azure reader without a usable credential', () => {
  it('reports auth-failed with the credentials fix, for every component, when no token can be had', async () => {
    const { CredentialUnavailableError } = await import('@azure/identity');
    const az = await startAzureSim('demo');
    try {
      const credential = { getToken: async () => Promise.reject(new CredentialUnavailableError('EnvironmentCredential is unavailable.')) };
      const reader = createAzureReader({ config: az.config, credential, now: () => az.sim.clock.now() });
      const inv = await reader.inventory({});
      expect(inv.endpoints).toEqual([]);
      const end = az.sim.clock.now();
      await reader.costs({ start: new Date(end.getTime() - 86_400_000), end });
      const failed = reader.status().filter((s) => s.component !== 'prices');
      expect(failed.map((s) => s.state)).toEqual(failed.map(() => 'auth-failed'));
      for (const s of failed) expect(s.message).toContain('clouds.azure.credentials');
      expect(Object.values(az.sim.calls()).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await az.close();
    }
  });
});
