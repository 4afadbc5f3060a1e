import { describe, expect, it } from 'vitest';
import { alignWindow, callsFor, MAX_QUERIES_PER_CALL, periodFor, planQueries, toSeries } from '../../../../src/providers/aws/metric-plan';
import { endpoint, variant } from '../../../support/builders';

const H = 3_600_000;

const now = new Date('2025-11-04T12:00:00Z');
const win = (hours: number, endAgoHours = 0) => ({
  start: new Date(now.getTime() - (hours + endAgoHours) * H),
  end: new Date(now.getTime() - endAgoHours * H),
});

describe('periodFor', () => {
  it('uses 5 minutes up to three days and an hour beyond', () => {
    expect(periodFor(win(6), now)).toBe(300);
    expect(periodFor(win(72), now)).toBe(300);
    expect(periodFor(win(73), now)).toBe(3600);
    expect(periodFor(win(14 * 24), now)).toBe(3600);
  });

  it('uses an hour for windows starting beyond the 63 days of 5-minute retention', () => {
    expect(periodFor(win(6, 64 * 24), now)).toBe(3600);
    expect(periodFor(win(6, 20 * 24), now)).toBe(300);
  });
});

describe('alignWindow', () => {
  it('snaps both ends down to whole periods', () => {
    const w = alignWindow({ start: new Date('2025-11-04T07:07:30Z'), end: new Date('2025-11-04T10:07:00Z') }, 300);
    expect(w).toEqual({ start: new Date('2025-11-04T07:05:00Z'), end: new Date('2025-11-04T10:05:00Z') });
  });

  it('never returns an empty window', () => {
    const w = alignWindow({ start: new Date('2025-11-04T07:01:00Z'), end: new Date('2025-11-04T07:02:00Z') }, 300);
    expect(w.end.getTime() - w.start.getTime()).toBe(300_000);
  });
});

describe('planQueries', () => {
  it('asks five metrics per GPU variant with lower-case unique ids', () => {
    const plan = planQueries([endpoint('a'), endpoint('b')], 300);
    expect(plan).toHaveLength(10);
    expect(new Set(plan.map((q) => q.id)).size).toBe(10);
    for (const q of plan) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    const gpu = plan.find((q) => q.metric === 'gpu-util-pct')!;
    expect(gpu.divisor).toBe(4);
    expect(gpu.query.MetricStat).toEqual({
      Metric: {
        Namespace: '/aws/sagemaker/Endpoints',
        MetricName: 'GPUUtilization',
        Dimensions: [
          { Name: 'EndpointName', Value: 'a' },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
      },
      Period: 300,
      Stat: 'Average',
    });
    const inv = plan.find((q) => q.metric === 'invocations')!;
    expect(inv.query.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations' }, Stat: 'Sum' });
    expect(plan.find((q) => q.metric === 'latency-ms')!.divisor).toBe(1000);
    // GPUMemoryUtilization is 0..100 x GPUs like GPUUtilization: divided by the 4 GPUs of ml.g5.12xlarge.
    const memory = plan.find((q) => q.metric === 'gpu-memory-util-pct')!;
    expect(memory.divisor).toBe(4);
    expect(memory.query.MetricStat).toMatchObject({ Metric: { Namespace: '/aws/sagemaker/Endpoints', MetricName: 'GPUMemoryUtilization' }, Stat: 'Average' });
  });

  it('skips GPU utilisation for CPU and serverless variants', () => {
    const cpu = endpoint('cpu', { variants: [variant('ml.m5.xlarge')] });
    const sls = endpoint('sls', {
      servingMode: 'serverless',
      variants: [variant('ml.g5.xlarge', 0, { serverless: { memoryMiB: 2048, maxConcurrency: 5 } })],
    });
    const plan = planQueries([cpu, sls], 300);
    expect(plan.filter((q) => q.metric.startsWith('gpu'))).toHaveLength(0);
    expect(plan).toHaveLength(6);
  });
});

describe('batching math', () => {
  it('needs 80 calls for 10,000 GPU endpoints x 4 metrics', () => {
    expect(MAX_QUERIES_PER_CALL).toBe(500);
    expect(callsFor(10_000 * 4)).toBe(80);
    expect(callsFor(500)).toBe(1);
    expect(callsFor(501)).toBe(2);
  });
});

describe('toSeries', () => {
  const [inv, , lat, gpu] = planQueries([endpoint('a')], 300);
  const window = { start: new Date('2025-11-04T10:00:00Z'), end: new Date('2025-11-04T11:00:00Z') };
  const t = (m: number) => new Date(`2025-11-04T10:${String(m).padStart(2, '0')}:00Z`).getTime();

  it('divides GPU utilisation by the GPUs per instance', () => {
    const s = toSeries(gpu!, new Map([[t(0), 200], [t(5), 40]]), window, 300);
    expect(s.metric).toBe('gpu-util-pct');
    expect(s.points.map((p) => p.v)).toEqual([50, 10]);
  });

  it('converts model latency from microseconds to milliseconds', () => {
    expect(toSeries(lat!, new Map([[t(0), 45_250]]), window, 300).points[0]!.v).toBeCloseTo(45.25);
  });

  it('reports coverage below 1 when datapoints are missing, never filling zeros', () => {
    const s = toSeries(inv!, new Map([[t(10), 3], [t(0), 0], [t(5), 1]]), window, 300);
    expect(s.points.map((p) => p.t.getTime())).toEqual([t(0), t(5), t(10)]);
    expect(s.coverage).toBeCloseTo(3 / 12);
    expect(toSeries(inv!, new Map(), window, 300).coverage).toBe(0);
  });

  it('drops datapoints outside the window', () => {
    const s = toSeries(inv!, new Map([[t(0) - 300_000, 9], [window.end.getTime(), 9], [t(0), 1]]), window, 300);
    expect(s.points).toHaveLength(1);
  });
});

