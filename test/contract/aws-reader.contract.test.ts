import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { demoFleet, loadFleet, startSimulator, type Fleet, type Simulator } from '../../src/sim';
import { runReaderContract, type ContractOperation, type ExpectedInventory, type ReaderWorld, type WorldSpec } from './reader-contract';

/** A fixed clock start so every run sees the same simulated traffic. */
const START = new Date('2026-11-20T12:00:00Z');
const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };

const OPERATIONS: Record<ContractOperation, string> = {
  'list-endpoints': 'SageMaker.ListEndpoints',
  'list-notebooks': 'SageMaker.ListNotebookInstances',
  'metric-query': 'CloudWatch.GetMetricData',
  'cost-query': 'CostExplorer.GetCostAndUsage',
};

/**
 * Accelerators per instance type, written out here on purpose (not read from instance-types.ts) so the contract
 * checks the reader's catalog instead of repeating it.
 */
const GPUS: Record<string, number> = {
  'ml.g5.xlarge': 1,
  'ml.g5.2xlarge': 1,
  'ml.g5.12xlarge': 4,
  'ml.g4dn.xlarge': 1,
  'ml.g4dn.2xlarge': 1,
  'ml.inf2.xlarge': 1,
  'ml.m5.xlarge': 0,
  'ml.t3.medium': 0,
};

/** What the reader must find in the demo fleet: billable resources only (running notebooks, billed apps, running jobs). */
function expectedFrom(fleet: Fleet): ExpectedInventory {
  const gpus = (t: string) => {
    if (!(t in GPUS)) throw new Error(`add ${t} to the contract's GPUS table`);
    return GPUS[t]!;
  };
  return {
    endpoints: fleet.endpoints.map((e) => {
      const type = e.variants[0]!.instanceType ?? 'serverless';
      return { name: e.name, region: e.region ?? fleet.defaultRegion, servingMode: e.servingMode, instanceType: type, acceleratorCount: type === 'serverless' ? 0 : gpus(type) };
    }),
    notebooks: [
      ...fleet.notebooks.filter((n) => n.status === 'InService').map((n) => ({ name: n.name, instanceType: n.instanceType })),
      ...fleet.studioApps.filter((a) => a.status === 'InService' && a.instanceType).map((a) => ({ name: a.appName, instanceType: a.instanceType! })),
    ],
    trainingJobs: fleet.trainingJobs.filter((j) => j.status === 'InProgress').map((j) => ({ name: j.name, instanceType: j.instanceType, instanceCount: j.instanceCount })),
  };
}

function fleetFor(spec: WorldSpec): Fleet {
  switch (spec.kind) {
    case 'demo':
      return demoFleet();
    case 'many-endpoints':
      return loadFleet({
        endpoints: Array.from({ length: spec.endpoints }, (_, i) => ({
          name: `ranker-${String(i).padStart(4, '0')}`,
          servingMode: 'real-time',
          variants: [{ instanceType: 'ml.g5.xlarge' }],
          traffic: { type: 'steady', invocationsPerMinute: 30, gpuUtilPct: 50 },
        })),
      });
    case 'gpu-load':
      return loadFleet({
        endpoints: [
          {
            name: 'four-gpu-endpoint',
            servingMode: 'real-time',
            variants: [{ instanceType: 'ml.g5.12xlarge' }],
            traffic: { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: spec.perGpuUtilPct },
            ...(spec.perGpuMemoryPct !== undefined ? { gpuMemoryUtilPct: spec.perGpuMemoryPct } : {}),
          },
        ],
      });
    case 'metric-gaps':
      return loadFleet({
        endpoints: [
          {
            name: 'patchy-metrics',
            servingMode: 'real-time',
            variants: [{ instanceType: 'ml.g5.xlarge' }],
            traffic: { type: 'steady', invocationsPerMinute: 60, gpuUtilPct: 30 },
            metricsGaps: { dropPct: spec.dropPct },
          },
        ],
      });
  }
}

async function awsWorld(fleet: Fleet, configInput: Record<string, unknown> = {}): Promise<ReaderWorld & { sim: Simulator }> {
  const sim = await startSimulator({ fleet, now: START });
  // Only the regions the fleet uses, so call counts are those of the region under test.
  const regions = [...new Set([fleet.defaultRegion, ...fleet.endpoints.map((e) => e.region ?? fleet.defaultRegion)])];
  const config = configSchema.parse({ clouds: { aws: { regions, endpointUrl: sim.url, ...configInput } } });
  const reader = createAwsReader({
    config,
    clientsFor: (region) => createAwsClients({ region, endpointUrl: sim.url, credentials, maxAttempts: 3 }),
    costExplorer: createCostExplorerClient({ endpointUrl: sim.url, credentials, maxAttempts: 3 }),
    costCache: new InMemoryCostCache(),
    now: () => sim.clock.now(),
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
  cloud: 'aws',
  expectedDemo: expectedFrom(demoFleet()),
  world: (spec) => awsWorld(fleetFor(spec)),
  limits: { listPageSize: 100, metricQueriesPerCall: 500, metricsPerGpuEndpoint: 5, costCacheHours: 6 },
});

describe('AWS reader against the simulator: AWS-specific behaviour', () => {
  let world: (ReaderWorld & { sim: Simulator }) | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('falls back to sagemaker:ListTags when tag:GetResources is denied, and keeps the tags', async () => {
    world = await awsWorld(demoFleet());
    world.sim.faults.inject({ operation: 'Tagging.GetResources', kind: 'access-denied' });
    const inv = await world.reader.inventory({});
    const llama = inv.endpoints.find((e) => e.ref.name === 'nlp-llama3-70b-eval')!;
    expect(llama.tags).toMatchObject({ owner: 'team-nlp', project: 'llm-eval' });
    expect(world.sim.calls()['SageMaker.ListTags']).toBeGreaterThan(0);
    const east = world.reader.status().find((s) => s.component === 'inventory:us-east-1')!;
    expect(east.state).toBe('ok');
    expect(east.message).toMatch(/tag:GetResources/);
  });

  it('reports expired credentials as auth-failed everywhere and stops calling', async () => {
    world = await awsWorld(demoFleet());
    world.sim.faults.inject({ operation: '*', kind: 'expired-token' });
    const inv = await world.reader.inventory({});
    expect(inv.endpoints).toEqual([]);
    const statuses = world.reader.status();
    expect(statuses.map((s) => [s.component, s.state])).toEqual([
      ['inventory:us-east-1', 'auth-failed'],
      ['inventory:us-west-2', 'auth-failed'],
    ]);
    expect(statuses[0]!.message).toMatch(/expired/i);
    // Per region: the first call of each parallel part fails (endpoints, notebooks, apps, running jobs, the
    // training history, tags), then the call log stops sending.
    expect(Object.values(world.sim.calls()).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * 6);
  });

  it('retries server errors on GetMetricData and reads the real utilisation of the demo', async () => {
    world = await awsWorld(demoFleet());
    const inv = await world.reader.inventory({});
    world.sim.faults.inject({ operation: 'CloudWatch.GetMetricData', kind: 'server-error', times: 1 });
    const series = await world.reader.utilization(inv.endpoints, { window: { start: new Date(START.getTime() - 24 * 3_600_000), end: START } });
    const abandoned = series.filter((s) => s.ref.name === 'nlp-llama3-70b-eval' && s.metric === 'invocations')[0]!;
    expect(abandoned.coverage).toBeGreaterThan(0.9);
    expect(abandoned.points.every((p) => p.v === 0)).toBe(true);
    const ranker = series.find((s) => s.ref.name === 'search-ranker-prod' && s.metric === 'invocations')!;
    expect(ranker.points.every((p) => p.v > 0)).toBe(true);
    expect(series.some((s) => s.ref.name === 'fraud-score-serverless' && s.metric === 'gpu-util-pct')).toBe(false);
    expect(world.reader.status().filter((s) => s.component.startsWith('utilization')).every((s) => s.state === 'ok')).toBe(true);
  });

  it('finds inference components with their copy counts', async () => {
    world = await awsWorld(demoFleet());
    const inv = await world.reader.inventory({});
    const shared = inv.endpoints.find((e) => e.ref.name === 'genai-shared-inference')!;
    expect(shared.variants[0]!.inferenceComponentStates).toEqual([
      { name: 'llama3-8b-chat', providerStatus: 'InService', currentCopyCount: 2, desiredCopyCount: 2, acceleratorsPerCopy: 1 },
      { name: 'mistral-7b-instruct', providerStatus: 'InService', currentCopyCount: 1, desiredCopyCount: 1, acceleratorsPerCopy: 1 },
    ]);
    expect(shared.variants[0]!.scaling).toEqual({ minInstances: 1, maxInstances: 2 });
  });

  it('keeps Cost Explorer calls to one per query for a day of hourly runs within the cache window', async () => {
    world = await awsWorld(demoFleet(), { costExplorer: { cacheHours: 6 } });
    for (let hour = 0; hour < 6; hour++) {
      await world.reader.costs({ start: new Date(world.now().getTime() - 14 * 24 * 3_600_000), end: world.now() });
      world.advance(3_600_000);
    }
    // Two queries (by service; SageMaker by owner), each possibly several pages, paid once.
    const perRun = world.sim.calls()['CostExplorer.GetCostAndUsage']!;
    expect(perRun).toBeGreaterThanOrEqual(2);
    world.sim.resetCalls();
    await world.reader.costs({ start: new Date(world.now().getTime() - 14 * 24 * 3_600_000), end: world.now() });
    expect(world.sim.calls()['CostExplorer.GetCostAndUsage']).toBe(perRun);
  });
});
