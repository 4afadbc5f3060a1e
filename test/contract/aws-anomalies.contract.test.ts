import { CostExplorerClient, GetAnomaliesCommand, paginateGetAnomalies } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { loadFleet, startSimulator, type FleetInput, type Simulator } from '../../src/sim';

/**
 * AWS Cost Anomaly Detection through the real @aws-sdk/client-cost-explorer against the simulator: GetAnomalies in
 * Cost Explorer's awsJson1_1 wire format, its DateInterval (by AnomalyEndDate) and NextPageToken paging, and the
 * reader's mapping, caching and statuses.
 */
const START = new Date('2026-11-18T10:00:00Z');
const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };

const SPIKE: FleetInput = {
  extraCosts: [
    { service: 'Amazon SageMaker', usageType: 'USE1-Host:ml.m5.xlarge', dailyUsd: 100 },
    { service: 'Amazon SageMaker', usageType: 'USE1-Train:ml.p4d.24xlarge', dailyUsd: 700, from: '-34h' },
    { service: 'AmazonCloudWatch', usageType: 'USE1-DataProcessing-Bytes', dailyUsd: 20 },
  ],
  costAnomalies: [
    { service: 'Amazon SageMaker', start: '-34h' },
    { service: 'AmazonCloudWatch', start: '-12d', end: '-10d', feedback: 'PLANNED_ACTIVITY' },
  ],
};

async function world(fleet: FleetInput, costExplorer: Record<string, unknown> = {}) {
  const sim = await startSimulator({ fleet: loadFleet(fleet), now: START });
  const config = configSchema.parse({ clouds: { aws: { endpointUrl: sim.url, costExplorer } } });
  const reader = createAwsReader({
    config,
    clientsFor: (region) => createAwsClients({ region, endpointUrl: sim.url, credentials, maxAttempts: 1 }),
    costExplorer: createCostExplorerClient({ endpointUrl: sim.url, credentials, maxAttempts: 1 }),
    costCache: new InMemoryCostCache(),
    now: () => sim.clock.now(),
  });
  const window = { start: new Date(START.getTime() - 30 * 86_400_000), end: START };
  return { sim, reader, window };
}

describe('AWS Cost Anomaly Detection (GetAnomalies) against the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reads a running anomaly with its impact figures and usage-type root causes', async () => {
    const w = await world(SPIKE);
    sim = w.sim;
    const found = await w.reader.anomalies!(w.window);
    // The CloudWatch one ended 10 days ago: outside the last week, so not asked for.
    expect(found).toHaveLength(1);
    const a = found[0]!;
    // Started at 00:00 yesterday; AWS judges complete days, so yesterday is its last day so far.
    expect(a).toMatchObject({ cloud: 'aws', startDay: '2026-11-17', endDay: '2026-11-17', dimensionValue: 'Amazon SageMaker', currency: 'USD' });
    expect(a.monitor).toMatch(/^arn:aws:ce::123456789012:anomalymonitor\/[0-9a-f-]{36}$/);
    // Expected: the $100/day of the 14 days before; actual: $100 + $700 of the training usage.
    expect(a.impact).toMatchObject({ totalExpectedSpend: 100, totalActualSpend: 800, totalImpact: 700, maxImpact: 700, totalImpactPct: 700 });
    expect(a.rootCauses).toEqual([
      { service: 'Amazon SageMaker', usageType: 'USE1-Train:ml.p4d.24xlarge', account: '123456789012', accountName: 'simulated-account', region: 'us-east-1', contribution: 700 },
    ]);
    const status = w.reader.status().find((s) => s.component === 'anomalies')!;
    expect(status).toMatchObject({ state: 'ok', calls: { 'CostExplorer.GetAnomalies': 1 } });
    expect(status.message).toMatch(/1 anomaly from AWS Cost Anomaly Detection/);
  });

  it('pages with NextPageToken (the SDK paginator walks them) and filters by DateInterval, feedback and impact', async () => {
    sim = await startSimulator({ fleet: loadFleet(SPIKE), now: START });
    const ce = new CostExplorerClient({ region: 'us-east-1', endpoint: sim.url, credentials });
    const pages = [];
    for await (const page of paginateGetAnomalies({ client: ce, pageSize: 1 }, { DateInterval: { StartDate: '2026-10-01' } })) pages.push(page);
    expect(pages.map((p) => p.Anomalies?.length)).toEqual([1, 1]);
    expect(pages.flatMap((p) => p.Anomalies ?? []).map((a) => a.DimensionValue)).toEqual(['Amazon SageMaker', 'AmazonCloudWatch']);
    const planned = await ce.send(new GetAnomaliesCommand({ DateInterval: { StartDate: '2026-10-01T00:00:00Z', EndDate: '2026-11-18T00:00:00Z' }, Feedback: 'PLANNED_ACTIVITY' }));
    expect(planned.Anomalies?.map((a) => a.Feedback)).toEqual(['PLANNED_ACTIVITY']);
    const big = await ce.send(new GetAnomaliesCommand({ DateInterval: { StartDate: '2026-10-01' }, TotalImpact: { NumericOperator: 'GREATER_THAN', StartValue: 500 } }));
    expect(big.Anomalies?.map((a) => a.DimensionValue)).toEqual(['Amazon SageMaker']);
    await expect(ce.send(new GetAnomaliesCommand({ DateInterval: { StartDate: '18/11/2026' } }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers an account without a monitor with no anomalies: an ok status that says so, not an error', async () => {
    const w = await world({});
    sim = w.sim;
    expect(await w.reader.anomalies!(w.window)).toEqual([]);
    const status = w.reader.status().find((s) => s.component === 'anomalies')!;
    expect(status.state).toBe('ok');
    expect(status.message).toMatch(/no anomaly .* without an anomaly monitor/);
  });

  it('asks once per cache window, and reports a role without ce:GetAnomalies as auth-failed with no anomalies', async () => {
    const w = await world(SPIKE);
    sim = w.sim;
    await w.reader.anomalies!(w.window);
    w.sim.clock.advance(3_600_000);
    await w.reader.anomalies!(w.window);
    expect(w.sim.calls()['CostExplorer.GetAnomalies']).toBe(1);

    const denied = await world(SPIKE);
    await sim.close();
    sim = denied.sim;
    sim.faults.inject({ operation: 'CostExplorer.GetAnomalies', kind: 'access-denied' });
    expect(await denied.reader.anomalies!(denied.window)).toEqual([]);
    const status = denied.reader.status().find((s) => s.component === 'anomalies')!;
    expect(status.state).toBe('auth-failed');
    expect(status.message).toMatch(/ce:GetAnomalies/);
  });

  it('is not read when switched off', async () => {
    const w = await world(SPIKE, { anomalies: false });
    sim = w.sim;
    expect(await w.reader.anomalies!(w.window)).toEqual([]);
    expect(w.sim.calls()['CostExplorer.GetAnomalies']).toBeUndefined();
    expect(w.reader.status().find((s) => s.component === 'anomalies')?.state).toBe('disabled');
  });
});
