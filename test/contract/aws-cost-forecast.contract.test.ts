import { CostExplorerClient, GetCostForecastCommand, type GetCostForecastCommandInput } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { loadFleet, startSimulator, type FleetInput, type Simulator } from '../../src/sim';

/**
 * Cost Explorer GetCostForecast through the real @aws-sdk/client-cost-explorer against the simulator: the request
 * rules (Start not in the past, forecast metrics only, DAILY/MONTHLY, interval level 51-99), the Filter, the answer's
 * Total and prediction interval, and the reader's scopes, cache and statuses.
 */
const START = new Date('2026-11-18T10:00:00Z');
const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };
const MONTH = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };

/** SageMaker $100 a day for ever, plus one $280 training day 5 days ago; CloudWatch $20 a day. */
const FLEET: FleetInput = {
  extraCosts: [
    { service: 'Amazon SageMaker', usageType: 'USE1-Host:ml.m5.xlarge', dailyUsd: 100 },
    { service: 'Amazon SageMaker', usageType: 'USE1-Train:ml.p4d.24xlarge', dailyUsd: 280, from: '-106h', to: '-82h' },
    { service: 'AmazonCloudWatch', usageType: 'USE1-DataProcessing-Bytes', dailyUsd: 20 },
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
  return { sim, reader, ce: new CostExplorerClient({ region: 'us-east-1', endpoint: sim.url, credentials, maxAttempts: 1 }) };
}

const rest: GetCostForecastCommandInput = { TimePeriod: { Start: '2026-11-18', End: '2026-12-01' }, Metric: 'UNBLENDED_COST', Granularity: 'MONTHLY' };

describe('Cost Explorer GetCostForecast against the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('forecasts the rest of the month from the mean of the last 14 complete days, with a prediction interval when asked', async () => {
    const w = await world(FLEET);
    sim = w.sim;
    const sageMaker = { Dimensions: { Key: 'SERVICE' as const, Values: ['Amazon SageMaker'] } };
    const plain = await w.ce.send(new GetCostForecastCommand({ ...rest, Filter: sageMaker }));
    // 14 days of $100 plus one $280 day: $120/day mean, x 13 days (18th to 30th).
    expect(Number(plain.Total?.Amount)).toBeCloseTo(1560, 6);
    expect(plain.Total?.Unit).toBe('USD');
    expect(plain.ForecastResultsByTime).toEqual([{ TimePeriod: { Start: '2026-11-18', End: '2026-12-01' }, MeanValue: plain.Total?.Amount }]);
    const withInterval = await w.ce.send(new GetCostForecastCommand({ ...rest, Filter: sageMaker, PredictionIntervalLevel: 80 }));
    const r = withInterval.ForecastResultsByTime![0]!;
    expect(Number(r.PredictionIntervalLowerBound)).toBeLessThan(1560);
    expect(Number(r.PredictionIntervalUpperBound)).toBeGreaterThan(1560);
    expect(Number(r.PredictionIntervalUpperBound) - 1560).toBeCloseTo(1560 - Number(r.PredictionIntervalLowerBound), 6);
    // Every service: CloudWatch's $20/day too; DAILY gives one result per day.
    const daily = await w.ce.send(new GetCostForecastCommand({ ...rest, Granularity: 'DAILY' }));
    expect(daily.ForecastResultsByTime).toHaveLength(13);
    expect(Number(daily.Total?.Amount)).toBeCloseTo(140 * 13, 6);
    // The account's own LINKED_ACCOUNT matches; another account has no history.
    const mine = { Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: ['123456789012'] } };
    const both = await w.ce.send(new GetCostForecastCommand({ ...rest, Filter: { And: [sageMaker, mine] } }));
    expect(Number(both.Total?.Amount)).toBeCloseTo(1560, 6);
    await expect(w.ce.send(new GetCostForecastCommand({ ...rest, Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['999999999999'] } } }))).rejects.toMatchObject({
      name: 'DataUnavailableException',
    });
  });

  it('rejects what Cost Explorer rejects: a Start in the past, usage metrics, HOURLY, an interval level outside 51-99, two filter roots', async () => {
    const w = await world(FLEET);
    sim = w.sim;
    const bad: GetCostForecastCommandInput[] = [
      { ...rest, TimePeriod: { Start: '2026-11-17', End: '2026-12-01' } },
      { ...rest, TimePeriod: { Start: '2026-11-20', End: '2026-11-20' } },
      { ...rest, Metric: 'USAGE_QUANTITY' },
      { ...rest, Granularity: 'HOURLY' },
      { ...rest, PredictionIntervalLevel: 50 },
      { ...rest, Granularity: 'DAILY', TimePeriod: { Start: '2026-11-18', End: '2027-03-01' } },
      { ...rest, Filter: { Dimensions: { Key: 'SERVICE', Values: ['x'] }, Tags: { Key: 'owner', Values: ['y'] } } },
    ];
    for (const input of bad) await expect(w.ce.send(new GetCostForecastCommand(input)), JSON.stringify(input)).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('reads one forecast per scope through the reader, caches them, and maps the interval', async () => {
    const w = await world(FLEET);
    sim = w.sim;
    const scopes = [{ service: 'Amazon SageMaker' }, {}, { service: 'Amazon SageMaker' }, { account: '123456789012', service: 'Amazon SageMaker' }];
    const found = await w.reader.forecast!(MONTH, scopes);
    expect(found.map((f) => [f.SubAccountIds, f.ServiceName ?? 'all'])).toEqual([
      [['*'], 'Amazon SageMaker'],
      [['*'], 'all'],
      [['123456789012'], 'Amazon SageMaker'],
    ]);
    const [ml] = found;
    expect(ml).toMatchObject({ cloud: 'aws', currency: 'USD', basis: 'estimate', forecastFrom: new Date('2026-11-18T00:00:00Z'), month: MONTH });
    expect(ml!.forecastRemaining).toBeCloseTo(1560, 6);
    expect(ml!.interval!.levelPct).toBe(80);
    expect(ml!.interval!.low).toBeLessThan(1560);
    expect(ml!.interval!.high).toBeGreaterThan(1560);
    expect(ml!.source).toMatch(/GetCostForecast UNBLENDED_COST/);
    expect(w.sim.calls()['CostExplorer.GetCostForecast']).toBe(3);
    w.sim.clock.advance(3_600_000);
    await w.reader.forecast!(MONTH, scopes);
    expect(w.sim.calls()['CostExplorer.GetCostForecast']).toBe(3);
    const status = w.reader.status().find((s) => s.component === 'forecast')!;
    expect(status.state).toBe('ok');
    expect(status.message).toMatch(/3 GetCostForecast answers from the cache/);
  });

  it('turns a denied or unavailable forecast into a status, never a crash, and keeps the scopes that answered', async () => {
    const w = await world(FLEET);
    sim = w.sim;
    const found = await w.reader.forecast!(MONTH, [{ service: 'Amazon Bedrock' }, { service: 'Amazon SageMaker' }]);
    expect(found.map((f) => f.ServiceName)).toEqual(['Amazon SageMaker']);
    // Too little history is a fact about the data, said in the status, not a failure that marks the run degraded.
    const unavailable = w.reader.status().find((s) => s.component === 'forecast')!;
    expect(unavailable.state).toBe('ok');
    expect(unavailable.message).toMatch(/No Cost Explorer forecast for SERVICE Amazon Bedrock, every account: too little cost history \(DataUnavailableException\); budgets over it use the run rate/);

    const denied = await world(FLEET);
    await sim.close();
    sim = denied.sim;
    sim.faults.inject({ operation: 'CostExplorer.GetCostForecast', kind: 'access-denied' });
    expect(await denied.reader.forecast!(MONTH, [{ service: 'Amazon SageMaker' }])).toEqual([]);
    const status = denied.reader.status().find((s) => s.component === 'forecast')!;
    expect(status.state).toBe('auth-failed');
    expect(status.message).toMatch(/ce:GetCostForecast/);
    expect(status.message).toMatch(/run rate/);
  });

  it('is not read when Cost Explorer is switched off', async () => {
    const w = await world(FLEET, { enabled: false });
    sim = w.sim;
    expect(await w.reader.forecast!(MONTH, [{}])).toEqual([]);
    expect(w.sim.calls()['CostExplorer.GetCostForecast']).toBeUndefined();
    expect(w.reader.status().find((s) => s.component === 'forecast')?.state).toBe('disabled');
  });
});
