import { describe, expect, it } from 'vitest';
import { refKey } from '../../../src/domain/cloud';
import type { UtilizationSeries } from '../../../src/domain/utilization';
import { gpuClass, TYPICAL_RESTORE_SECONDS, weeklyComparison } from '../../../src/report/weekly-comparison';
import { lastFullWeek } from '../../../src/report/weekly-period';
import { billedLine, endpoint, ref, variant } from '../../support/builders';

const WEEK = lastFullWeek(new Date('2026-11-23T08:00:00Z'));
const HOUR = 3_600_000;

function weekSeries(r: ReturnType<typeof ref>, metric: UtilizationSeries['metric'], value: (i: number) => number): UtilizationSeries {
  const points = Array.from({ length: 168 }, (_, i) => ({ t: new Date(WEEK.start.getTime() + i * HOUR), v: value(i) }));
  return { ref: r, metric, periodSeconds: 3600, window: { start: WEEK.start, end: WEEK.end }, points, coverage: 1 };
}

const gcpRef = ref('vertex-a100', { cloud: 'gcp', account: 'acme-ml', region: 'us-central1', id: 'projects/acme-ml/locations/us-central1/endpoints/1' });
const gcpA100 = endpoint('vertex-a100', {
  ref: gcpRef,
  variants: [{ name: 'dm-1', instance: { instanceType: 'a2-highgpu-1g', acceleratorKind: 'nvidia-gpu', acceleratorModel: 'NVIDIA A100 40GB', acceleratorCount: 1 }, currentInstanceCount: 1, desiredInstanceCount: 1 }],
});
const azRef = ref('azure-a100', { cloud: 'azure', account: 'sub', region: 'eastus', id: '/subscriptions/sub/onlineEndpoints/azure-a100' });
const azA100 = endpoint('azure-a100', {
  ref: azRef,
  variants: [
    {
      name: 'blue',
      instance: { instanceType: 'Standard_NC24ads_A100_v4', acceleratorKind: 'nvidia-gpu', acceleratorModel: 'NVIDIA A100 80GB', acceleratorCount: 1, listPrice: { hourly: { amount: 3.5, currency: 'USD' }, region: 'eastus', source: 'test', asOf: '2026-11-01' } },
      currentInstanceCount: 1,
      desiredInstanceCount: 1,
    },
  ],
});

describe('cross-cloud comparison', () => {
  it('groups by GPU class, ignoring the memory size, and leaves out what has no counterpart', () => {
    expect(gpuClass(gcpA100)).toEqual({ group: 'NVIDIA A100' });
    expect(gpuClass(azA100)).toEqual({ group: 'NVIDIA A100' });
    expect(gpuClass(endpoint('inf', { variants: [variant('ml.inf2.xlarge')] }))).toEqual({ excluded: expect.stringMatching(/aws-inferentia/) });
    expect(gpuClass(endpoint('cpu', { variants: [variant('ml.m5.xlarge')] }))).toEqual({ excluded: 'CPU only' });
    expect(gpuClass(endpoint('sls', { servingMode: 'serverless', variants: [] }))).toEqual({ excluded: 'serverless, no GPU' });
  });

  it('cost per 1,000 predictions, p95 latency and restore time side by side', () => {
    // Google bills the endpoint by resource: 7 x $60. Azure has no billed line: list price x 168 h.
    const costs = Array.from({ length: 7 }, (_, i) => billedLine(gcpRef, `2026-11-${16 + i}`, 60));
    const traffic = [
      weekSeries(gcpRef, 'invocations', () => 1000),
      weekSeries(gcpRef, 'latency-ms', (i) => (i < 150 ? 100 : 400)),
      weekSeries(azRef, 'invocations', () => 500),
      weekSeries(azRef, 'latency-ms', () => 80),
    ];
    const c = weeklyComparison([gcpA100, azA100], traffic, costs, [{ refKey: refKey(gcpRef), seconds: 540 }], WEEK);
    expect(c.crossCloudGroups).toEqual(['NVIDIA A100']);
    const [az, gcp] = c.rows;
    expect(gcp).toMatchObject({ cloud: 'gcp', cost: { amount: 420, currency: 'USD' }, costBasis: 'billed', predictions: 168_000, restoreSeconds: 540, restoreBasis: 'measured' });
    expect(gcp!.costPer1k!.amount).toBeCloseTo(2.5);
    expect(gcp!.p95LatencyMs).toBeCloseTo(400);
    expect(az).toMatchObject({ cloud: 'azure', costBasis: 'list-price', predictions: 84_000, p95LatencyMs: 80, restoreSeconds: TYPICAL_RESTORE_SECONDS.azure, restoreBasis: 'estimate' });
    expect(az!.cost!.amount).toBeCloseTo(3.5 * 168);
    expect(az!.costPer1k!.amount).toBeCloseTo((3.5 * 168 * 1000) / 84_000);
  });

  it('says when there is no traffic or no price instead of dividing by nothing', () => {
    const noPrice = endpoint('vertex-a100', { ref: gcpRef, variants: gcpA100.variants });
    const c = weeklyComparison([noPrice], [weekSeries(gcpRef, 'invocations', () => 0)], [], [], WEEK);
    expect(c.rows[0]).toMatchObject({ predictions: 0, costBasis: 'estimate' });
    expect(c.rows[0]!.cost).toBeUndefined();
    expect(c.rows[0]!.costPer1k).toBeUndefined();
    expect(c.rows[0]!.p95LatencyMs).toBeUndefined();
    expect(c.crossCloudGroups).toEqual([]);
  });

  it('an empty fleet compares nothing', () => {
    expect(weeklyComparison([], [], [], [], WEEK)).toEqual({ rows: [], crossCloudGroups: [], excluded: [] });
  });
});
