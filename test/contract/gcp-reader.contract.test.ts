import { afterEach, describe, expect, it } from 'vitest';
import { buildGcpReader, googleAccess } from '../../src/app/gcp-deps';
import { simGoogleAuth, simulatorConfig } from '../../src/cli/world';
import { configSchema } from '../../src/config/schema';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { demoFleet, loadFleet, startSimulator, type Fleet, type Simulator } from '../../src/sim';
import { runReaderContract, type ContractOperation, type ExpectedInventory, type ReaderWorld, type WorldSpec } from './reader-contract';

/** A fixed clock start so every run sees the same simulated traffic. */
const START = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

const OPERATIONS: Record<ContractOperation, string> = {
  'list-endpoints': 'Vertex.ListEndpoints',
  'list-notebooks': 'Notebooks.ListInstances',
  'metric-query': 'Monitoring.ListTimeSeries',
  'cost-query': 'BigQuery.Query',
};

/** Accelerators per machine, written out here (not read from machine-types.ts) so the contract checks the catalog. */
const GPUS: Record<string, number> = { 'a2-highgpu-1g': 1, 'a2-highgpu-2g': 2, 'g2-standard-8': 1, 'n1-standard-8': 1, 'n1-standard-4': 0 };

function expectedFrom(fleet: Fleet): ExpectedInventory {
  const g = fleet.gcp!;
  const gpus = (t: string, attached: number) => {
    if (!(t in GPUS)) throw new Error(`add ${t} to the contract's GPUS table`);
    return attached || GPUS[t]!;
  };
  return {
    endpoints: g.endpoints.map((e) => ({
      name: e.displayName,
      region: e.location ?? g.defaultLocation,
      servingMode: 'real-time' as const,
      instanceType: e.deployedModels[0]!.machineType,
      acceleratorCount: gpus(e.deployedModels[0]!.machineType, e.deployedModels[0]!.acceleratorCount),
    })),
    notebooks: g.workbenchInstances.map((n) => ({ name: n.id, instanceType: n.machineType })),
    trainingJobs: g.customJobs.filter((j) => ['JOB_STATE_RUNNING', 'JOB_STATE_QUEUED', 'JOB_STATE_PENDING'].includes(j.state)).map((j) => ({ name: j.displayName, instanceType: j.machineType, instanceCount: j.replicaCount })),
  };
}

const PROJECT = { projects: [{ id: 'contract-proj', number: '123456789012' }] };

function gcpFleet(endpoints: unknown[]): Fleet {
  return loadFleet({
    gcp: {
      ...PROJECT,
      endpoints,
      billingExport: { project: 'contract-proj', dataset: 'billing', table: 'gcp_billing_export_resource_v1_0A0A0A_0B0B0B_0C0C0C', billingAccountId: '0A0A0A-0B0B0B-0C0C0C' },
    },
  });
}

function fleetFor(spec: WorldSpec): Fleet {
  const model = (machineType: string, acceleratorType: string, acceleratorCount: number, traffic: unknown) => ({ displayName: 'm', model: '1', machineType, acceleratorType, acceleratorCount, traffic });
  switch (spec.kind) {
    case 'demo':
      return demoFleet();
    case 'many-endpoints':
      return gcpFleet(
        Array.from({ length: spec.endpoints }, (_, i) => ({
          displayName: `ranker-${String(i).padStart(4, '0')}`,
          deployedModels: [model('g2-standard-8', 'NVIDIA_L4', 1, { type: 'steady', invocationsPerMinute: 30, gpuUtilPct: 50 })],
        })),
      );
    case 'gpu-load':
      return gcpFleet([
        {
          displayName: 'two-gpu-endpoint',
          deployedModels: [
            {
              ...model('a2-highgpu-2g', 'NVIDIA_TESLA_A100', 2, { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: spec.perGpuUtilPct }),
              ...(spec.perGpuMemoryPct !== undefined ? { gpuMemoryUtilPct: spec.perGpuMemoryPct } : {}),
            },
          ],
        },
      ]);
    case 'metric-gaps':
      return gcpFleet([
        {
          displayName: 'patchy-metrics',
          deployedModels: [{ ...model('g2-standard-8', 'NVIDIA_L4', 1, { type: 'steady', invocationsPerMinute: 60, gpuUtilPct: 30 }), telemetryGapPct: spec.dropPct }],
        },
      ]);
  }
}

async function gcpWorld(fleet: Fleet): Promise<ReaderWorld & { sim: Simulator }> {
  const sim = await startSimulator({ fleet, now: START });
  const config = simulatorConfig(configSchema.parse({ clouds: { aws: { enabled: false } } }), sim, fleet);
  const reader = buildGcpReader({
    config: { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws, enabled: false } } },
    access: googleAccess(config, simGoogleAuth()),
    now: () => sim.clock.now(),
    costCache: new InMemoryCostCache(),
  });
  return {
    sim,
    reader,
    now: () => sim.clock.now(),
    advance: (ms) => sim.clock.advance(ms),
    calls: (op) => sim.calls()[OPERATIONS[op]] ?? 0,
    fault: (op, kind, times) => sim.faults.inject({ operation: OPERATIONS[op], kind, ...(times ? { times } : {}) }),
    close: () => sim.close(),
  };
}

runReaderContract({
  cloud: 'gcp',
  expectedDemo: expectedFrom(demoFleet()),
  world: (spec) => gcpWorld(fleetFor(spec)),
  limits: { listPageSize: 100, metricQueriesPerCall: 1, metricsPerGpuEndpoint: 5, costCacheHours: 6 },
  cannot: {
    'metric-batching':
      'Cloud Monitoring has no per-call query limit to batch against: one timeSeries.list per metric and location covers every endpoint (asserted below)',
  },
});

describe('GCP reader against the simulator: Google-specific behaviour', () => {
  let world: (ReaderWorld & { sim: Simulator }) | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('reads the utilisation of 207 endpoints with one Monitoring call per metric', async () => {
    world = await gcpWorld(fleetFor({ kind: 'many-endpoints', endpoints: 207 }));
    const inv = await world.reader.inventory({});
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(world.now().getTime() - 6 * HOUR), end: world.now() } });
    expect(series).toHaveLength(207 * 5);
    // invocations, replicas (zero fill), duty cycle, accelerator memory, errors, latency.
    expect(world.sim.calls()['Monitoring.ListTimeSeries']).toBe(6);
  });

  it('sees the idle demo endpoint as zero invocations with full coverage, not as missing data', async () => {
    world = await gcpWorld(demoFleet());
    const inv = await world.reader.inventory({});
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(START.getTime() - 24 * HOUR), end: START } });
    const idle = series.find((s) => s.ref.name === 'vision-defect-detector' && s.metric === 'invocations')!;
    expect(idle.coverage).toBeGreaterThan(0.9);
    expect(idle.points.every((p) => p.v === 0)).toBe(true);
    const busy = series.find((s) => s.ref.name === 'recs-ranker-prod' && s.metric === 'invocations')!;
    expect(busy.points.some((p) => p.v > 0)).toBe(true);
    const gpu = series.find((s) => s.ref.name === 'vision-defect-detector' && s.metric === 'gpu-util-pct')!;
    expect(gpu.points.every((p) => p.v >= 0 && p.v <= 100)).toBe(true);
  });

  it('prices the demo from the Cloud Billing Catalog and bills per endpoint from the detailed export', async () => {
    world = await gcpWorld(demoFleet());
    const inv = await world.reader.inventory({});
    const a2 = inv.endpoints.find((e) => e.ref.name === 'vision-defect-detector')!;
    expect(a2.variants[0]!.instance).toMatchObject({ acceleratorKind: 'nvidia-gpu', acceleratorModel: 'NVIDIA A100 40GB', acceleratorCount: 1 });
    expect(a2.variants[0]!.instance.listPrice?.source).toMatch(/Cloud Billing Catalog/);
    expect(a2.tags).toMatchObject({ owner: 'team-vision' });
    const lines = await world.reader.costs({ start: new Date(START.getTime() - 7 * 24 * HOUR), end: START });
    expect(lines.some((l) => l.ResourceId === a2.ref.id && l.BilledCost > 0)).toBe(true);
    expect(world.reader.status().find((s) => s.component === 'costs')?.message).toMatch(/processed/);
  });

  it("reports each run's own calls: a second run in the same (warm) reader has no catalog or BigQuery calls left over", async () => {
    world = await gcpWorld(demoFleet());
    const window = { start: new Date(START.getTime() - 7 * 24 * HOUR), end: START };
    await world.reader.inventory({});
    await world.reader.costs(window);
    const status = (component: string) => world!.reader.status().find((s) => s.component === component)!;
    expect(status('prices').calls).toMatchObject({ 'Catalog.ListServices': 1 });
    expect(status('costs').calls).toMatchObject({ 'BigQuery.Query': 1 });
    expect(status('costs').units).toEqual({ 'BigQuery.Query': expect.any(Number) });
    // An hour later: the SKUs are cached in the price source, the bill in the cost cache (6 h).
    world.advance(HOUR);
    await world.reader.inventory({});
    await world.reader.costs({ ...window, end: world.now() });
    expect(status('prices').calls).toEqual({});
    expect(status('costs').calls).toEqual({});
  });

  it('counts server errors (5xx responses) per deployed model', async () => {
    world = await gcpWorld(
      gcpFleet([
        {
          displayName: 'flaky',
          deployedModels: [{ displayName: 'm', model: '1', machineType: 'n1-standard-4', errorRatePct: 20, traffic: { type: 'steady', invocationsPerMinute: 50, gpuUtilPct: 0 } }],
        },
      ]),
    );
    const inv = await world.reader.inventory({});
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(START.getTime() - 2 * HOUR), end: START } });
    const errors = series.find((s) => s.metric === 'errors-5xx')!;
    const calls = series.find((s) => s.metric === 'invocations')!;
    const sum = (xs: { v: number }[]) => xs.reduce((a, p) => a + p.v, 0);
    expect(sum(errors.points) / sum(calls.points)).toBeGreaterThan(0.1);
    expect(sum(errors.points) / sum(calls.points)).toBeLessThan(0.3);
  });

  it('reports a missing billing export as missing-data while inventory stays ok', async () => {
    const fleet = demoFleet();
    world = await gcpWorld({ ...fleet, gcp: { ...fleet.gcp!, billingExport: undefined } } as Fleet);
    const config = simulatorConfig(configSchema.parse({}), world.sim, fleet);
    // The config still names the demo's table, which this world does not have.
    const reader = buildGcpReader({ config, access: googleAccess(config, simGoogleAuth()), now: () => world!.now() });
    expect(await reader.costs({ start: new Date(START.getTime() - 7 * 24 * HOUR), end: START })).toEqual([]);
    expect(reader.status().find((s) => s.component === 'costs')).toMatchObject({ state: 'missing-data' });
    await reader.inventory({});
    expect(reader.status().find((s) => s.component === 'inventory:us-central1')?.state).toBe('ok');
  });

  it('reports expired credentials as auth-failed and stops calling', async () => {
    world = await gcpWorld(demoFleet());
    world.sim.faults.inject({ operation: '*', kind: 'expired-token' });
    const inv = await world.reader.inventory({});
    expect(inv.endpoints).toEqual([]);
    const failed = world.reader.status().filter((s) => s.component.startsWith('inventory'));
    expect(failed.every((s) => s.state === 'auth-failed')).toBe(true);
  });
});
