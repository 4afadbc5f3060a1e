import { CostExplorerServiceException, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let ce: ReturnType<typeof simClients>['costExplorer'];

beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  ce = simClients(sim).costExplorer;
});
afterAll(() => sim.close());

/** Hand-rolled NextPageToken loop: GetCostAndUsage has no SDK paginator. */
async function allPages(input: GetCostAndUsageCommandInput): Promise<{ results: ResultByTime[]; pages: number }> {
  const results: ResultByTime[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const r = await ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
    results.push(...(r.ResultsByTime ?? []));
    token = r.NextPageToken;
    pages++;
  } while (token);
  return { results, pages };
}

const twoWeeks = { Start: '2026-11-04', End: '2026-11-18' };

describe('Cost Explorer GetCostAndUsage', () => {
  it('groups by SERVICE and owner tag over 14 days, paging at least once, amounts as strings', async () => {
    const { results, pages } = await allPages({
      TimePeriod: twoWeeks,
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'UsageQuantity'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'owner' }],
    });
    expect(pages).toBeGreaterThan(1);
    const days = new Set(results.map((r) => r.TimePeriod?.Start));
    expect(days.size).toBe(14);
    const groups = results.flatMap((r) => r.Groups ?? []);
    expect(results.every((r) => JSON.stringify(r.Total) === '{}')).toBe(true);
    expect(groups.every((g) => typeof g.Metrics?.UnblendedCost?.Amount === 'string' && g.Metrics.UnblendedCost.Unit === 'USD')).toBe(true);
    const keys = new Set(groups.map((g) => g.Keys!.join('|')));
    expect(keys).toContain('Amazon SageMaker|owner$team-nlp');
    expect(keys).toContain('AmazonCloudWatch|owner$');
    expect(new Set(groups.map((g) => g.Keys![0]))).toEqual(new Set(['Amazon SageMaker', 'Amazon Simple Storage Service', 'AmazonCloudWatch', 'Amazon Elastic Compute Cloud - Compute', 'Savings Plans for AWS Machine Learning']));
  });

  it('accrues an endpoint at instance-hours x list price under a USE1-Host usage type', async () => {
    const r = await ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-11-15', End: '2026-11-16' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost', 'UsageQuantity'],
        Filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker'] } }, { Tags: { Key: 'owner', Values: ['team-search'] } }] },
        GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
      }),
    );
    const host = r.ResultsByTime?.[0]?.Groups?.find((g) => g.Keys?.[0] === 'USE1-Host:ml.g5.xlarge');
    const hourly = sagemakerListPrice('ml.g5.xlarge', 'us-east-1')!.hourly.amount;
    expect(Number(host?.Metrics?.UsageQuantity?.Amount)).toBe(48); // 2 instances x 24 h
    expect(host?.Metrics?.UsageQuantity?.Unit).toBe('Hrs');
    expect(Number(host?.Metrics?.UnblendedCost?.Amount)).toBeCloseTo(48 * hourly, 6);
    // The Studio app of the same owner is a separate usage type.
    expect(r.ResultsByTime?.[0]?.Groups?.map((g) => g.Keys?.[0])).toContain('USE1-Studio:ml.g5.2xlarge');
  });

  it('returns a Total when ungrouped, marks the last days Estimated, and accrues today only up to the clock', async () => {
    const r = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-14', End: '2026-11-19' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }));
    expect(r.ResultsByTime!.map((d) => d.Estimated)).toEqual([false, false, false, true, true]);
    expect(r.ResultsByTime!.every((d) => (d.Groups ?? []).length === 0 && Number(d.Total?.UnblendedCost?.Amount) > 0)).toBe(true);
    expect(r.NextPageToken).toBeUndefined();

    const one = loadFleet({ endpoints: [{ name: 'e', servingMode: 'real-time', createdAt: '-30d', variants: [{ instanceType: 'ml.g5.xlarge' }] }] });
    const s = await startSimulator({ fleet: one, now: NOW });
    try {
      const d = await simClients(s).costExplorer.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-17', End: '2026-11-20' }, Granularity: 'DAILY', Metrics: ['UsageQuantity'] }));
      // Yesterday ran 24 hours, today 15 so far (the clock says 15:00 UTC), tomorrow nothing yet.
      expect(d.ResultsByTime!.map((x) => x.Total?.UsageQuantity?.Amount)).toEqual(['24', '15', '0']);
    } finally {
      await s.close();
    }
  });

  it('aggregates MONTHLY periods clipped to the requested range', async () => {
    const r = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-10-15', End: '2026-11-18' }, Granularity: 'MONTHLY', Metrics: ['AmortizedCost'] }));
    expect(r.ResultsByTime?.map((x) => x.TimePeriod)).toEqual([
      { Start: '2026-10-15', End: '2026-11-01' },
      { Start: '2026-11-01', End: '2026-11-18' },
    ]);
    expect(Number(r.ResultsByTime?.[1]?.Total?.AmortizedCost?.Amount)).toBeGreaterThan(1000);
  });

  it('validates like the service and throws typed errors', async () => {
    const base = { TimePeriod: twoWeeks, Granularity: 'DAILY' as const, Metrics: ['UnblendedCost'] };
    await expect(
      ce.send(new GetCostAndUsageCommand({ ...base, GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: 'a' }, { Type: 'TAG', Key: 'b' }] })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(ce.send(new GetCostAndUsageCommand({ ...base, TimePeriod: { Start: '2026-11-18', End: '2026-11-18' } }))).rejects.toMatchObject({
      message: expect.stringContaining('should be before end date'),
    });
    await expect(ce.send(new GetCostAndUsageCommand({ ...base, GroupBy: [{ Type: 'DIMENSION', Key: 'RESOURCE_ID' }] }))).rejects.toMatchObject({
      message: expect.stringContaining('Group Definition dimension is invalid'),
    });
    const badToken = await ce.send(new GetCostAndUsageCommand({ ...base, NextPageToken: 'nope' })).catch((e: unknown) => e);
    expect(badToken).toBeInstanceOf(CostExplorerServiceException);
    expect(badToken).toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it('bills notebooks only while they run and training jobs per instance', async () => {
    const fleet = loadFleet({
      notebooks: [{ name: 'nb', instanceType: 'ml.g5.xlarge', status: 'Stopped', createdAt: '2026-11-16T00:00:00Z', lastActivity: '2026-11-16T06:00:00Z' }],
      trainingJobs: [{ name: 'tj', instanceType: 'ml.g5.xlarge', instanceCount: 3, status: 'Completed', startedAt: '2026-11-16T10:00:00Z', endedAt: '2026-11-16T12:00:00Z' }],
    });
    const s = await startSimulator({ fleet, now: NOW });
    try {
      const r = await simClients(s).costExplorer.send(
        new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-16', End: '2026-11-17' }, Granularity: 'DAILY', Metrics: ['UsageQuantity'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] }),
      );
      expect(r.ResultsByTime?.[0]?.Groups?.map((g) => [g.Keys?.[0], g.Metrics?.UsageQuantity?.Amount])).toEqual([
        ['USE1-Notebk:ml.g5.xlarge', '6'],
        ['USE1-Train:ml.g5.xlarge', '6'],
      ]);
    } finally {
      await s.close();
    }
  });
});
