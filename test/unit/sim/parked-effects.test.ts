import { GetMetricDataCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import { GetCostAndUsageCommand, type Expression } from '@aws-sdk/client-cost-explorer';
import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  StopNotebookInstanceCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  UpdateInferenceComponentRuntimeConfigCommand,
} from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { HOUR_MS, NOW, simClients } from './sim-clients';

let sim: Simulator;
let c: ReturnType<typeof simClients>;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;

beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  c = simClients(sim);
});
afterEach(() => sim.close());

const variant = (endpoint: string): Dimension[] => [
  { Name: 'EndpointName', Value: endpoint },
  { Name: 'VariantName', Value: 'AllTraffic' },
];

/** Datapoints of one metric over [fromMs, toMs), 5-minute periods. */
async function series(namespace: string, metric: string, dimensions: Dimension[], fromMs: number, toMs: number, stat = 'Sum') {
  const r = await c.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(fromMs),
      EndTime: new Date(toMs),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: dimensions }, Period: 300, Stat: stat } }],
    }),
  );
  const m = r.MetricDataResults![0]!;
  return { times: m.Timestamps!.map((t) => t.getTime()), values: m.Values! };
}

/** UnblendedCost per day (YYYY-MM-DD -> USD) for the filter. */
async function dailyCost(start: string, end: string, filter: Expression): Promise<Record<string, number>> {
  const r = await c.costExplorer.send(new GetCostAndUsageCommand({ TimePeriod: { Start: start, End: end }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: filter }));
  return Object.fromEntries((r.ResultsByTime ?? []).map((x) => [x.TimePeriod!.Start!, Number(x.Total!.UnblendedCost!.Amount)]));
}

describe('a parked (deleted) classic endpoint', () => {
  const name = 'nlp-llama3-70b-eval';
  const hostFilter: Expression = {
    And: [{ Dimensions: { Key: 'USAGE_TYPE', Values: ['USE1-Host:ml.g5.12xlarge'] } }, { Tags: { Key: 'project', Values: ['llm-eval'] } }],
  };

  it('stops emitting instance and request metrics and stops accruing cost from the delete on; a restore brings both back', async () => {
    const price = sagemakerListPrice('ml.g5.12xlarge', 'us-east-1', 'hosting')!.hourly.amount;
    await c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: name }));
    sim.clock.advance(2 * DAY_MS);
    const parkedMs = NOW.getTime();

    const gpu = await series('/aws/sagemaker/Endpoints', 'GPUUtilization', variant(name), parkedMs - HOUR_MS, parkedMs + 3 * HOUR_MS, 'Average');
    expect(gpu.times.length).toBe(12); // the hour before the delete only
    expect(gpu.times.every((t) => t < parkedMs)).toBe(true);
    const inv = await series('AWS/SageMaker', 'Invocations', variant(name), parkedMs - HOUR_MS, parkedMs + 3 * HOUR_MS);
    expect(inv.times.every((t) => t < parkedMs)).toBe(true);
    expect(inv.times.length).toBe(12);

    const cost = await dailyCost('2026-11-17', '2026-11-20', hostFilter);
    expect(cost['2026-11-17']).toBeCloseTo(24 * price, 6);
    expect(cost['2026-11-18']).toBeCloseTo(15 * price, 6); // parked at 15:00 UTC
    expect(cost['2026-11-19']).toBe(0);

    // Restore two days later: Creating for 6 minutes, then metrics and cost resume.
    const restoreMs = sim.clock.now().getTime();
    const tags = [{ Key: 'owner', Value: 'team-nlp' }, { Key: 'project', Value: 'llm-eval' }];
    await c.sagemaker.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config`, Tags: tags }));
    sim.clock.advance(HOUR_MS);
    const gpuBack = await series('/aws/sagemaker/Endpoints', 'GPUUtilization', variant(name), restoreMs, restoreMs + HOUR_MS, 'Average');
    expect(gpuBack.times[0]).toBe(restoreMs + 5 * MINUTE_MS); // the 5-minute period containing the InService moment
    expect(gpuBack.times).toHaveLength(11);
    const invBack = await series('AWS/SageMaker', 'Invocations', variant(name), restoreMs, restoreMs + HOUR_MS);
    expect(invBack.values.every((v) => v === 0)).toBe(true); // abandoned: no demand, but published again
    expect(invBack.times).toHaveLength(11);
    const costBack = await dailyCost('2026-11-20', '2026-11-21', hostFilter);
    expect(costBack['2026-11-20']).toBeCloseTo((54 / 60) * price, 6);
  });
});

describe('a parked inference-component endpoint with demand', () => {
  it('fails its demand as NoCapacityInvocationFailures instead of serving Invocations, with no instance metrics', async () => {
    const fleet = loadFleet({
      endpoints: [
        {
          name: 'ic-ep',
          servingMode: 'inference-components',
          createdAt: '-10d',
          variants: [
            {
              instanceType: 'ml.g5.12xlarge',
              managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
              inferenceComponents: [{ name: 'chat', copyCount: 1 }],
            },
          ],
          traffic: { type: 'steady', invocationsPerMinute: 30, gpuUtilPct: 40 },
        },
      ],
    });
    const own = await startSimulator({ fleet, now: NOW });
    const oc = simClients(own);
    try {
      await oc.sagemaker.send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'chat', DesiredRuntimeConfig: { CopyCount: 0 } }));
      own.clock.advance(HOUR_MS);
      const at = NOW.getTime();
      const query = async (metric: string, namespace = 'AWS/SageMaker', dims: Dimension[] = [{ Name: 'InferenceComponentName', Value: 'chat' }]) => {
        const r = await oc.cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(at - HOUR_MS),
            EndTime: new Date(at + HOUR_MS),
            ScanBy: 'TimestampAscending',
            MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: dims }, Period: 3600, Stat: 'Sum' } }],
          }),
        );
        return r.MetricDataResults![0]!.Values!;
      };
      const [invBefore, invAfter] = await query('Invocations');
      const [failBefore, failAfter] = await query('NoCapacityInvocationFailures');
      expect(invBefore).toBeGreaterThan(1500); // 30 a minute
      expect(failBefore).toBe(0);
      expect(invAfter).toBe(0);
      expect(failAfter).toBeGreaterThan(1500);
      // The variant-level Invocations do not count the failed requests either.
      expect((await query('Invocations', 'AWS/SageMaker', variant('ic-ep')))[1]).toBe(0);
      const gpu = await query('GPUUtilization', '/aws/sagemaker/Endpoints', variant('ic-ep'));
      expect(gpu).toHaveLength(1); // the hour before parking only
      // NoCapacityInvocationFailures exists per inference component only.
      expect(await query('NoCapacityInvocationFailures', 'AWS/SageMaker', variant('ic-ep'))).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('other parked resources stop accruing', () => {
  it('an async endpoint at 0 instances and a stopped notebook cost nothing the next day', async () => {
    await c.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'doc-ocr-async', DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 0 }] }));
    await c.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'ds-priya-llm-exploration' }));
    sim.clock.advance(2 * DAY_MS);
    const asyncCost = await dailyCost('2026-11-17', '2026-11-20', { Tags: { Key: 'owner', Values: ['team-docs'] } });
    expect(asyncCost['2026-11-17']).toBeGreaterThan(0);
    expect(asyncCost['2026-11-18']).toBeCloseTo(asyncCost['2026-11-17']! * (15 / 24), 6);
    expect(asyncCost['2026-11-19']).toBe(0);
    const nbCost = await dailyCost('2026-11-17', '2026-11-20', { Dimensions: { Key: 'USAGE_TYPE', Values: ['USE1-Notebk:ml.g5.xlarge'] } });
    expect(nbCost['2026-11-18']).toBeCloseTo(nbCost['2026-11-17']! * (15 / 24), 6);
    expect(nbCost['2026-11-19']).toBe(0);
    const gpu = await series('/aws/sagemaker/Endpoints', 'GPUUtilization', variant('doc-ocr-async'), NOW.getTime(), NOW.getTime() + HOUR_MS, 'Average');
    expect(gpu.values).toEqual([]);
  });
});
