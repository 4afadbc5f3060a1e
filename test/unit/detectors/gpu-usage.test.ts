import { describe, expect, it } from 'vitest';
import { gpuUsage, hourlyTraffic } from '../../../src/detectors/gpu-usage';
import type { MetricName, UtilizationSeries } from '../../../src/domain/utilization';
import { HOUR, NOW, ref } from '../../support/builders';

const since = NOW.getTime() - 72 * HOUR;

function s(metric: MetricName, values: (number | undefined)[], periodSeconds = 3600, start = since): UtilizationSeries {
  const points = values.flatMap((v, i) => (v === undefined ? [] : [{ t: new Date(start + i * periodSeconds * 1000), v }]));
  return { ref: ref('e'), variant: 'AllTraffic', metric, periodSeconds, window: { start: new Date(start), end: new Date(start + values.length * periodSeconds * 1000) }, points, coverage: 0 };
}

describe('gpuUsage', () => {
  it('takes the p95 and mean of the hourly means and the highest memory hour', () => {
    const util = s('gpu-util-pct', Array.from({ length: 72 }, (_, i) => (i < 67 ? 5 : 80)));
    const memory = s('gpu-memory-util-pct', Array.from({ length: 72 }, (_, i) => (i === 10 ? 44 : 20)));
    const u = gpuUsage([util, memory], since, NOW.getTime())!;
    // 5 busy hours of 72 (6.9 %): the p95 (interpolated between ranks) lands on them; with 4 it falls between.
    expect(u.p95GpuUtilPct).toBe(80);
    expect(u.meanGpuUtilPct).toBeCloseTo((67 * 5 + 5 * 80) / 72);
    const four = s('gpu-util-pct', Array.from({ length: 72 }, (_, i) => (i < 68 ? 5 : 80)));
    expect(gpuUsage([four], since, NOW.getTime())!.p95GpuUtilPct).toBeCloseTo(5 + 0.45 * 75);
    expect(u.coverage).toBe(1);
    expect(u.peakGpuMemoryPct).toBe(44);
  });

  it('counts coverage over the whole window up to the series\' end, so a short detail-window series covers little', () => {
    const gappy = s('gpu-util-pct', Array.from({ length: 72 }, (_, i) => (i % 2 ? 5 : undefined)));
    expect(gpuUsage([gappy], since, NOW.getTime())!.coverage).toBeCloseTo(0.5);
    const sixHours = s('gpu-util-pct', Array(72).fill(5), 300, NOW.getTime() - 6 * HOUR);
    expect(gpuUsage([sixHours], since, NOW.getTime())!.coverage).toBeCloseTo(6 / 72);
  });

  it('is undefined without a GPU datapoint, and leaves memory out when it was not measured', () => {
    expect(gpuUsage([s('gpu-util-pct', [])], since, NOW.getTime())).toBeUndefined();
    expect(gpuUsage([s('gpu-util-pct', [3, 4])], since, NOW.getTime())!.peakGpuMemoryPct).toBeUndefined();
  });
});

describe('hourlyTraffic', () => {
  it('buckets 5-minute invocation points into hours: an hour is quiet when all its points are 0', () => {
    const points = Array.from({ length: 36 }, (_, i) => (i < 12 ? 2 : i < 24 ? 0 : undefined));
    const t = hourlyTraffic([s('invocations', points, 300)], since, NOW.getTime());
    expect(t).toEqual({ invocations: 24, hoursSeen: 2, quietHours: 1 });
  });

  it('ignores other metrics and points outside the window', () => {
    const before = s('invocations', [5, 5], 3600, since - 2 * HOUR);
    expect(hourlyTraffic([before, s('gpu-util-pct', [1])], since, NOW.getTime())).toEqual({ invocations: 0, hoursSeen: 0, quietHours: 0 });
  });
});
