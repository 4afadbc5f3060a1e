import { describe, expect, it } from 'vitest';
import { summarizeWatchdogCost, totalIn } from '../../../src/usage/summarize-watchdog-cost';
import type { UsageRecord } from '../../../src/usage/usage-record';

const period = { start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-10T00:00:00Z') };

const rec = (iso: string, extra: Partial<UsageRecord> = {}): UsageRecord => ({
  functionName: 'scan',
  runId: iso,
  startedAt: new Date(iso),
  durationMs: 2048,
  memoryMb: 1024,
  architecture: 'arm64',
  onLambda: true,
  calls: [],
  ...extra,
});

describe('summarizeWatchdogCost', () => {
  it('an empty period: zero USD, no runs, and a note that the cost is unknown rather than zero', () => {
    const s = summarizeWatchdogCost([], period);
    expect(s).toMatchObject({ operations: [], lambda: [], total: [{ amount: 0, currency: 'USD' }], basis: 'list-price', coverage: { runs: 0 } });
    expect(s.coverage.firstRunAt).toBeUndefined();
    expect(s.notes.join(' ')).toMatch(/unknown, not zero/);
    expect(s.period).toEqual(period);
  });

  it('sums calls per cloud and operation across runs and clouds, pricing each, free ones at $0', () => {
    const s = summarizeWatchdogCost(
      [
        rec('2026-03-03T01:00:00Z', {
          calls: [
            { cloud: 'aws', operation: 'CostExplorer.GetCostAndUsage', calls: 3 },
            { cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 2, units: 700 },
            { cloud: 'aws', operation: 'SageMaker.DescribeEndpoint', calls: 40 },
            { cloud: 'gcp', operation: 'BigQuery.Query', calls: 1, units: 2 ** 40 / 100 },
            { cloud: 'azure', operation: 'Monitor.Metrics_List', calls: 500 },
          ],
        }),
        rec('2026-03-04T01:00:00Z', {
          calls: [
            { cloud: 'aws', operation: 'CostExplorer.GetCostAndUsage', calls: 1 },
            { cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 1, units: 300 },
            { cloud: 'azure', operation: 'CostManagement.Query_Usage', calls: 2 },
            { cloud: 'gcp', operation: 'Vertex.ListEndpoints', calls: 4 },
          ],
        }),
      ],
      period,
    );
    const op = (name: string) => s.operations.find((o) => o.operation === name)!;
    expect(op('CostExplorer.GetCostAndUsage')).toMatchObject({ cloud: 'aws', calls: 4, cost: { amount: 0.04, currency: 'USD' } });
    expect(op('CloudWatch.GetMetricData').calls).toBe(3);
    expect(op('CloudWatch.GetMetricData').cost.amount).toBeCloseTo(0.01, 10); // 1,000 metrics
    expect(op('CloudWatch.GetMetricData').priceBasis).toMatch(/1,000 metrics requested/);
    expect(op('SageMaker.DescribeEndpoint')).toMatchObject({ calls: 40, cost: { amount: 0 } });
    expect(op('BigQuery.Query').cost.amount).toBeCloseTo(0.0625, 10);
    expect(op('Monitor.Metrics_List').cost.amount).toBeCloseTo(0.005, 10);
    expect(op('CostManagement.Query_Usage')).toMatchObject({ cloud: 'azure', calls: 2, cost: { amount: 0 } });
    expect(op('Vertex.ListEndpoints')).toMatchObject({ cloud: 'gcp', calls: 4, cost: { amount: 0 } });
    // clouds in their usual order, the costliest operation first within one
    expect(s.operations.map((o) => o.cloud)).toEqual(['aws', 'aws', 'aws', 'gcp', 'gcp', 'azure', 'azure']);
    expect(s.operations[0]!.operation).toBe('CostExplorer.GetCostAndUsage');
    const lambda = 2 * (0.2 / 1e6 + 2.048 * 0.0000133334);
    expect(totalIn(s).amount).toBeCloseTo(0.04 + 0.01 + 0.0625 + 0.005 + lambda, 10);
    expect(s.total).toHaveLength(1);
    expect(s.coverage).toEqual({ runs: 2, firstRunAt: new Date('2026-03-03T01:00:00Z'), lastRunAt: new Date('2026-03-04T01:00:00Z') });
    expect(s.notes.join(' ')).toMatch(/not verified.*CloudWatch\.GetMetricData/);
    expect(s.notes.join(' ')).toMatch(/free tiers .* are not subtracted/);
  });

  it('costs Lambda per function by architecture; a run without memory costs its request only, and says so', () => {
    const s = summarizeWatchdogCost(
      [
        rec('2026-03-03T01:00:00Z', { functionName: 'scan', durationMs: 10_000, memoryMb: 1024, architecture: 'x86_64' }),
        rec('2026-03-03T02:00:00Z', { functionName: 'scan', durationMs: 10_000, memoryMb: 1024, architecture: 'arm64' }),
        rec('2026-03-03T03:00:00Z', { functionName: 'remediate', durationMs: 60_000, memoryMb: undefined, architecture: undefined }),
        rec('2026-03-03T04:00:00Z', { functionName: 'cli', onLambda: false, memoryMb: undefined, architecture: undefined, calls: [{ cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 }] }),
      ],
      period,
    );
    const scan = s.lambda.find((l) => l.functionName === 'scan')!;
    expect(scan.invocations).toBe(2);
    expect(scan.gbSeconds).toBeCloseTo(20, 10);
    expect(scan.cost.amount).toBeCloseTo(10 * 0.0000166667 + 10 * 0.0000133334 + 2 * 0.0000002, 12);
    const remediate = s.lambda.find((l) => l.functionName === 'remediate')!;
    expect(remediate).toMatchObject({ invocations: 1, gbSeconds: 0, cost: { currency: 'USD' } });
    expect(remediate.cost.amount).toBeCloseTo(0.0000002, 15);
    expect(s.lambda.find((l) => l.functionName === 'cli')).toBeUndefined();
    expect(s.operations).toEqual([expect.objectContaining({ operation: 'SageMaker.ListEndpoints', calls: 1 })]);
    const notes = s.notes.join(' ');
    expect(notes).toMatch(/1 remediate invocation recorded no memory size/);
    expect(notes).toMatch(/1 CLI run included/);
    expect(notes).toMatch(/Park and restore calls .* not counted/);
  });

  it('estimates metrics and bytes for records that did not measure them, and says so', () => {
    const s = summarizeWatchdogCost(
      [
        rec('2026-03-05T00:00:00Z', {
          calls: [
            { cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 2 },
            { cloud: 'gcp', operation: 'BigQuery.Query', calls: 3 },
          ],
        }),
      ],
      period,
    );
    const gmd = s.operations.find((o) => o.operation === 'CloudWatch.GetMetricData')!;
    expect(gmd.cost.amount).toBeCloseTo(0.01, 10); // 2 x 500 metrics
    expect(gmd.priceBasis).toMatch(/2 of 2 calls: metrics requested were not recorded/);
    const bq = s.operations.find((o) => o.operation === 'BigQuery.Query')!;
    expect(bq.cost.amount).toBeCloseTo((3 * 10 * 2 ** 20 * 6.25) / 2 ** 40, 12);
    expect(s.notes.join(' ')).toMatch(/10 MB minimum per query/);
  });

  it('leaves out records outside the period and unknown operations are shown at $0 with a warning', () => {
    const s = summarizeWatchdogCost(
      [rec('2026-03-02T23:00:00Z', { calls: [{ cloud: 'aws', operation: 'CostExplorer.GetCostAndUsage', calls: 9 }] }), rec('2026-03-06T00:00:00Z', { calls: [{ cloud: 'azure', operation: 'Azure.GET /x', calls: 2 }] })],
      period,
    );
    expect(s.coverage.runs).toBe(1);
    expect(s.operations).toEqual([{ cloud: 'azure', operation: 'Azure.GET /x', calls: 2, cost: { amount: 0, currency: 'USD' }, priceBasis: expect.stringMatching(/^⚠️ no published per-request price known/) }]);
  });
});
