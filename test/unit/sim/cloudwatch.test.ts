import {
  CloudWatchServiceException,
  GetMetricDataCommand,
  InvalidParameterValueException,
  ValidationException,
  paginateGetMetricData,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { HOUR_MS, NOW, simClients } from './sim-clients';

const dims = (endpoint: string) => [
  { Name: 'EndpointName', Value: endpoint },
  { Name: 'VariantName', Value: 'AllTraffic' },
];
const q = (id: string, endpoint: string, metric: string, stat = 'Sum', period = 3600): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: metric.startsWith('GPU') || metric.startsWith('CPU') ? '/aws/sagemaker/Endpoints' : 'AWS/SageMaker', MetricName: metric, Dimensions: dims(endpoint) },
    Period: period,
    Stat: stat,
  },
});

let sim: Simulator;
let cw: ReturnType<typeof simClients>['cloudwatch'];

beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  cw = simClients(sim).cloudwatch;
});
afterAll(() => sim.close());

async function fetch(queries: MetricDataQuery[], hours = 24, client = cw): Promise<Record<string, MetricDataResult>> {
  const r = await client.send(new GetMetricDataCommand({ StartTime: new Date(NOW.getTime() - hours * HOUR_MS), EndTime: NOW, MetricDataQueries: queries, ScanBy: 'TimestampAscending' }));
  return Object.fromEntries((r.MetricDataResults ?? []).map((x) => [x.Id!, x]));
}

describe('CloudWatch GetMetricData (awsJson1_0, query-compatible)', () => {
  it('serves the abandoned endpoint: zero invocations after it was abandoned, GPU near 0 but still reported', async () => {
    const r = await fetch([q('inv', 'nlp-llama3-70b-eval', 'Invocations'), q('gpu', 'nlp-llama3-70b-eval', 'GPUUtilization', 'Average'), q('mem', 'nlp-llama3-70b-eval', 'GPUMemoryUtilization', 'Average')], 72);
    expect(r.inv!.Values).toHaveLength(72);
    expect(r.inv!.Values!.every((v) => v === 0)).toBe(true);
    expect(r.gpu!.Values).toHaveLength(72);
    // ml.g5.12xlarge has 4 GPUs: GPUUtilization is 0..400; idle is about 0.3% per GPU.
    expect(Math.max(...r.gpu!.Values!)).toBeLessThan(4 * 2);
    expect(Math.min(...r.mem!.Values!)).toBeGreaterThan(4 * 70);
    expect(r.inv!.StatusCode).toBe('Complete');
    expect(r.inv!.Timestamps![0]!.getTime() % HOUR_MS).toBe(0);
  });

  it('had traffic before the abandonment, in business hours only', async () => {
    const r = await fetch([q('inv', 'nlp-llama3-70b-eval', 'Invocations')], 24 * 7);
    const byHour = r.inv!.Timestamps!.map((t, i) => [t.getUTCHours(), t.getUTCDay(), r.inv!.Values![i]!] as const);
    const busy = byHour.filter(([, , v]) => v > 0);
    expect(busy.length).toBeGreaterThan(10);
    // tzOffsetHours 1, 9..19 local: 08..17 UTC on weekdays.
    expect(busy.every(([h, d]) => h >= 8 && h < 18 && d >= 1 && d <= 5)).toBe(true);
    expect(Math.max(...busy.map(([, , v]) => v))).toBeGreaterThan(14 * 60 * 0.8);
  });

  it('scales GPUUtilization by GPU count and emits none for serverless or CPU endpoints', async () => {
    const r = await fetch([
      q('busy', 'search-ranker-prod', 'GPUUtilization', 'Average'),
      q('svl', 'fraud-score-serverless', 'GPUUtilization', 'Average'),
      q('svlinv', 'fraud-score-serverless', 'Invocations'),
      q('cpugpu', 'legacy-churn-model', 'GPUUtilization', 'Average'),
      q('cpu', 'legacy-churn-model', 'CPUUtilization', 'Average'),
      q('failed', 'recsys-v2-canary', 'Invocations'),
    ]);
    const mean = r.busy!.Values!.reduce((a, b) => a + b, 0) / r.busy!.Values!.length;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(85);
    expect(r.svl!.Values).toEqual([]);
    expect(r.svlinv!.Values!.length).toBe(24);
    expect(r.cpugpu!.Values).toEqual([]);
    expect(r.cpu!.Values!.length).toBe(24);
    expect(r.failed!.Values).toEqual([]);
  });

  it('reports 5XX errors for the failing endpoint only after they started, in its own region', async () => {
    const west = simClients(sim, { region: 'us-west-2' }).cloudwatch;
    const r = await fetch([q('inv', 'vision-defect-detector', 'Invocations'), q('err', 'vision-defect-detector', 'Invocation5XXErrors')], 12, west);
    const errs = r.err!.Values!;
    expect(errs.slice(0, 6).every((v) => v === 0)).toBe(true);
    const ratio = errs.slice(-4).reduce((a, b) => a + b, 0) / r.inv!.Values!.slice(-4).reduce((a, b) => a + b, 0);
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.4);
    const east = await fetch([q('inv', 'vision-defect-detector', 'Invocations')], 12);
    expect(east.inv!.Values).toEqual([]);
  });

  it('publishes ModelLatency in microseconds, and only for periods with requests', async () => {
    const r = await fetch([q('lat', 'search-ranker-prod', 'ModelLatency', 'Average'), q('idle', 'legacy-churn-model', 'ModelLatency', 'Average')]);
    expect(r.lat!.Values!.every((v) => v > 18_000 * 0.7 && v < 18_000 * 1.3)).toBe(true);
    expect(r.idle!.Values).toEqual([]);
  });

  it('has no data for a dimension set SageMaker does not publish, or a mismatching Unit', async () => {
    const r = await fetch([
      { Id: 'noVariant', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: [{ Name: 'EndpointName', Value: 'search-ranker-prod' }] }, Period: 3600, Stat: 'Sum' } },
      { Id: 'unit', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: dims('search-ranker-prod') }, Period: 3600, Stat: 'Average', Unit: 'Milliseconds' } },
      { Id: 'ic', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: [{ Name: 'InferenceComponentName', Value: 'llama3-8b-chat' }] }, Period: 3600, Stat: 'Sum' } },
    ]);
    expect(r.noVariant!.Values).toEqual([]);
    expect(r.unit!.Values).toEqual([]);
    expect(r.ic!.Values!.length).toBe(24);
  });

  it('rejects more than 500 queries with a typed ValidationException (query error code ValidationError)', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => q(`q${i}`, 'search-ranker-prod', 'Invocations'));
    const err = await fetch(queries).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err).toBeInstanceOf(CloudWatchServiceException);
    expect(err).toMatchObject({ Code: 'ValidationError', message: expect.stringContaining('greater than 500') });
    await expect(fetch(queries.slice(0, 500))).resolves.toBeDefined();
  });

  it('validates query ids and statistics', async () => {
    await expect(fetch([q('Upper', 'search-ranker-prod', 'Invocations')])).rejects.toBeInstanceOf(ValidationException);
    await expect(fetch([q('a', 'x', 'Invocations'), q('a', 'y', 'Invocations')])).rejects.toMatchObject({ message: expect.stringContaining('not unique') });
    await expect(fetch([q('a', 'x', 'Invocations', 'Median')])).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('cuts at MaxDatapoints with PartialData + NextToken, and the SDK paginator collects everything', async () => {
    const input = {
      StartTime: new Date(NOW.getTime() - 24 * HOUR_MS),
      EndTime: NOW,
      MetricDataQueries: [q('a', 'search-ranker-prod', 'Invocations', 'Sum', 60), q('b', 'support-ticket-classifier', 'Invocations', 'Sum', 60)],
      MaxDatapoints: 1000,
    };
    const first = await cw.send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults?.[0]).toMatchObject({ Id: 'a', StatusCode: 'PartialData' });
    expect(first.MetricDataResults?.[0]?.Values).toHaveLength(1000);
    expect(first.NextToken).toBeDefined();
    const collected: Record<string, number> = {};
    let pages = 0;
    for await (const page of paginateGetMetricData({ client: cw }, input)) {
      pages++;
      for (const r of page.MetricDataResults ?? []) collected[r.Id!] = (collected[r.Id!] ?? 0) + (r.Values?.length ?? 0);
    }
    expect(collected).toEqual({ a: 1440, b: 1440 });
    expect(pages).toBe(3);
    await expect(cw.send(new GetMetricDataCommand({ ...input, NextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });

  it('is deterministic for the same fleet and clock, and moves with the clock', async () => {
    const other = await startSimulator({ fleet: demoFleet(), now: NOW });
    try {
      const queries = [q('a', 'genai-shared-inference', 'Invocations', 'Sum', 300), q('g', 'genai-shared-inference', 'GPUUtilization', 'Average', 300)];
      const mine = await fetch(queries, 6);
      const theirs = await fetch(queries, 6, simClients(other).cloudwatch);
      expect(theirs.a!.Values).toEqual(mine.a!.Values);
      expect(theirs.g!.Values).toEqual(mine.g!.Values);
      expect(new Set(mine.a!.Values).size).toBeGreaterThan(10);

      other.clock.advance(2 * HOUR_MS);
      const later = await simClients(other).cloudwatch.send(
        new GetMetricDataCommand({ StartTime: new Date(NOW.getTime() - 6 * HOUR_MS), EndTime: new Date(NOW.getTime() + 2 * HOUR_MS), MetricDataQueries: queries, ScanBy: 'TimestampAscending' }),
      );
      expect(later.MetricDataResults?.[0]?.Values).toHaveLength(96);
      expect(later.MetricDataResults?.[0]?.Values?.slice(0, 72)).toEqual(mine.a!.Values);
    } finally {
      await other.close();
    }
  });

  it('serves training-job host metrics (Host = <job>/algo-<n>) while the job runs', async () => {
    const host = (h: string): MetricDataQuery => ({
      Id: `h${h.replace(/\W/g, '_').toLowerCase()}`,
      MetricStat: { Metric: { Namespace: '/aws/sagemaker/TrainingJobs', MetricName: 'GPUUtilization', Dimensions: [{ Name: 'Host', Value: h }] }, Period: 3600, Stat: 'Average' },
    });
    const r = await fetch([host('llama3-8b-sft-run-17/algo-2'), host('llama3-8b-sft-run-17/algo-3'), host('ranker-xgb-nightly-1104/algo-1')], 48);
    const running = r['hllama3_8b_sft_run_17_algo_2']!.Values!;
    expect(running).toHaveLength(30); // started 30 h ago
    expect(running.every((v) => v > 4 * 85 * 0.8 && v <= 400)).toBe(true); // 4 GPUs at ~85%
    expect(r['hllama3_8b_sft_run_17_algo_3']!.Values).toEqual([]); // only 2 instances
    expect(r['hranker_xgb_nightly_1104_algo_1']!.Values).toEqual([]); // CPU instance: no GPU metrics
  });

  it('keeps 1-minute data for 15 days only', async () => {
    const r = await cw.send(
      new GetMetricDataCommand({ StartTime: new Date(NOW.getTime() - 20 * 24 * HOUR_MS), EndTime: new Date(NOW.getTime() - 14 * 24 * HOUR_MS), MetricDataQueries: [q('a', 'search-ranker-prod', 'Invocations', 'Sum', 60)] }),
    );
    expect(r.MetricDataResults?.[0]?.Values).toHaveLength(24 * 60);
  });
});

describe('metric gaps and zero-traffic datapoints', () => {
  const fleet = (options: object, endpointGaps?: object) =>
    loadFleet({
      options,
      endpoints: [
        { name: 'idle-gpu', servingMode: 'real-time', createdAt: '-10d', variants: [{ instanceType: 'ml.g5.xlarge' }], traffic: { type: 'idle' }, ...(endpointGaps ? { metricsGaps: endpointGaps } : {}) },
      ],
    });

  it('drops a share of datapoints deterministically when metricsGaps is set', async () => {
    const s = await startSimulator({ fleet: fleet({}, { dropPct: 40, metrics: ['Invocations'] }), now: NOW });
    try {
      const r = await fetch([q('inv', 'idle-gpu', 'Invocations', 'Sum', 300), q('gpu', 'idle-gpu', 'GPUUtilization', 'Average', 300)], 24, simClients(s).cloudwatch);
      expect(r.inv!.Values!.length).toBeGreaterThan(288 * 0.45);
      expect(r.inv!.Values!.length).toBeLessThan(288 * 0.75);
      expect(r.gpu!.Values).toHaveLength(288);
    } finally {
      await s.close();
    }
  });

  it('omits zero-valued request datapoints when zeroTrafficDatapoints is "absent"', async () => {
    const s = await startSimulator({ fleet: fleet({ zeroTrafficDatapoints: 'absent' }), now: NOW });
    try {
      const r = await fetch([q('inv', 'idle-gpu', 'Invocations'), q('gpu', 'idle-gpu', 'GPUUtilization', 'Average')], 24, simClients(s).cloudwatch);
      expect(r.inv!.Values).toEqual([]);
      expect(r.gpu!.Values).toHaveLength(24);
    } finally {
      await s.close();
    }
  });
});
