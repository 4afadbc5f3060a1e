import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../../src/sim/index';
import { BUSY_DM, BUSY_EP, gcall, HOUR_MS, IDLE_EP, L4_EP, NOW, NUMBER, timeSeriesQuery } from './gcp-sim';

let sim: Simulator;
let call: ReturnType<typeof gcall>;
beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  call = gcall(sim);
});
afterAll(() => sim.close());

const GROUP = ['resource.label.endpoint_id', 'metric.label.deployed_model_id'];
const last6h = { start: new Date(NOW.getTime() - 6 * HOUR_MS), end: NOW };
type Series = { metric: { labels?: Record<string, string> }; resource: { labels?: Record<string, string> }; metricKind: string; valueType: string; points: Array<{ interval: { startTime: string; endTime: string }; value: Record<string, any> }> };
const seriesOf = (body: { timeSeries?: Series[] }) => body.timeSeries ?? [];
const byEndpoint = (s: Series[], id: string) => s.find((x) => x.resource.labels?.endpoint_id === id);

describe('simulated Cloud Monitoring for Vertex AI online prediction', () => {
  it('writes no prediction_count point without predictions, while replicas points prove the telemetry is alive', async () => {
    const counts = seriesOf((await call(timeSeriesQuery('prediction_count', { ...last6h, aligner: 'ALIGN_SUM', reducer: 'REDUCE_SUM', groupBy: GROUP }))).body);
    expect(byEndpoint(counts, IDLE_EP)).toBeUndefined(); // idle for ~3 days: no series at all
    const busy = byEndpoint(counts, BUSY_EP)!;
    expect(busy).toMatchObject({ metric: { labels: { deployed_model_id: BUSY_DM } }, resource: { labels: { endpoint_id: BUSY_EP } }, metricKind: 'DELTA', valueType: 'INT64' });
    expect(busy.resource.labels).toEqual({ endpoint_id: BUSY_EP }); // only grouped labels survive the reducer
    expect(busy.points).toHaveLength(6);
    expect(busy.points[0]!.interval).toEqual({ startTime: '2026-11-18T14:00:00.000Z', endTime: '2026-11-18T15:00:00.000Z' }); // newest first
    for (const p of busy.points) expect(Number(p.value.int64Value)).toBeGreaterThan(420 * 60 * 0.9);
    // Business hours in UTC-5 start at 13:00 UTC: only the last two hours have predictions.
    expect(byEndpoint(counts, L4_EP)!.points.map((p) => p.interval.endTime)).toEqual(['2026-11-18T15:00:00.000Z', '2026-11-18T14:00:00.000Z']);

    const replicas = seriesOf((await call(timeSeriesQuery('replicas', { ...last6h, aligner: 'ALIGN_MAX', reducer: 'REDUCE_MAX', groupBy: GROUP }))).body);
    const idle = byEndpoint(replicas, IDLE_EP)!;
    expect(idle.points).toHaveLength(6);
    expect(idle.points.every((p) => p.value.int64Value === '1')).toBe(true);
    expect(byEndpoint(replicas, BUSY_EP)!.points[0]!.value).toEqual({ int64Value: '2' });
    expect(idle.metricKind).toBe('GAUGE');
    expect(idle.points[0]!.interval.startTime).toBe(idle.points[0]!.interval.endTime);
  });

  it('sums per-minute raw points into the aligned total, and REDUCE_SUM over endpoints adds the groups up', async () => {
    const raw = seriesOf((await call(timeSeriesQuery('prediction_count', { start: new Date(NOW.getTime() - HOUR_MS), end: NOW, extraFilter: `resource.labels.endpoint_id = "${BUSY_EP}"` }))).body);
    expect(raw).toHaveLength(1);
    expect(raw[0]!.points).toHaveLength(60);
    const rawTotal = raw[0]!.points.reduce((s, p) => s + Number(p.value.int64Value), 0);
    const hourly = seriesOf((await call(timeSeriesQuery('prediction_count', { start: new Date(NOW.getTime() - HOUR_MS), end: NOW, aligner: 'ALIGN_SUM', extraFilter: `resource.labels.endpoint_id = "${BUSY_EP}"` }))).body);
    expect(Number(hourly[0]!.points[0]!.value.int64Value)).toBe(rawTotal);
    const all = seriesOf((await call(timeSeriesQuery('prediction_count', { start: new Date(NOW.getTime() - HOUR_MS), end: NOW, aligner: 'ALIGN_SUM', reducer: 'REDUCE_SUM' }))).body);
    expect(all).toHaveLength(1);
    expect(all[0]!.resource.labels).toBeUndefined();
    const l4 = seriesOf((await call(timeSeriesQuery('prediction_count', { start: new Date(NOW.getTime() - HOUR_MS), end: NOW, aligner: 'ALIGN_SUM', extraFilter: `resource.label.endpoint_id = one_of("${L4_EP}")` }))).body);
    expect(Number(all[0]!.points[0]!.value.int64Value)).toBe(rawTotal + Number(l4[0]!.points[0]!.value.int64Value));
  });

  it('reports duty_cycle as a fraction on GPU replicas, and latencies as distributions per latency_type', async () => {
    const duty = seriesOf((await call(timeSeriesQuery('accelerator/duty_cycle', { ...last6h, aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', groupBy: GROUP }))).body);
    const busy = byEndpoint(duty, BUSY_EP)!;
    expect(busy.valueType).toBe('DOUBLE');
    for (const p of busy.points) expect(p.value.doubleValue).toBeCloseTo(0.58, 1);
    expect(byEndpoint(duty, IDLE_EP)!.points[0]!.value.doubleValue).toBeLessThan(0.01);
    // Per replica without a reducer: the busy model runs 2 replicas.
    const perReplica = seriesOf((await call(timeSeriesQuery('accelerator/duty_cycle', { ...last6h, aligner: 'ALIGN_MEAN', extraFilter: `resource.labels.endpoint_id = "${BUSY_EP}"` }))).body);
    expect(new Set(perReplica.map((s) => s.metric.labels?.replica_id)).size).toBe(2);

    const lat = seriesOf(
      (await call(timeSeriesQuery('prediction_latencies', { ...last6h, aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', groupBy: GROUP, extraFilter: 'metric.labels.latency_type = "model"' }))).body,
    );
    const d = byEndpoint(lat, BUSY_EP)!.points[0]!.value.distributionValue;
    expect(Number(d.count)).toBeGreaterThan(20_000);
    expect(d.mean).toBeGreaterThan(14);
    expect(d.mean).toBeLessThan(18);
    expect(byEndpoint(lat, IDLE_EP)).toBeUndefined();
  });

  it('reports accelerator memory in bytes per replica (all its accelerators), only where accelerators run', async () => {
    const mem = seriesOf((await call(timeSeriesQuery('accelerator/memory/bytes_used', { ...last6h, aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', groupBy: GROUP }))).body);
    const busy = byEndpoint(mem, BUSY_EP)!;
    expect(busy.valueType).toBe('DOUBLE'); // ALIGN_MEAN of an INT64 gauge is a DOUBLE
    // recs-ranker-prod: one T4 (16 GiB) per replica at the default 35 % in use.
    for (const p of busy.points) expect(p.value.doubleValue / 2 ** 30).toBeCloseTo(16 * 0.35, 0);
    const raw = seriesOf((await call(timeSeriesQuery('accelerator/memory/bytes_used', { start: new Date(NOW.getTime() - 5 * 60_000), end: NOW, extraFilter: `resource.labels.endpoint_id = "${BUSY_EP}"` }))).body);
    expect(raw[0]!.valueType).toBe('INT64');
    expect(Number.isInteger(Number(raw[0]!.points[0]!.value.int64Value))).toBe(true);
    const perReplica = seriesOf((await call(timeSeriesQuery('accelerator/memory/bytes_used', { ...last6h, aligner: 'ALIGN_MEAN', extraFilter: `resource.labels.endpoint_id = "${BUSY_EP}"` }))).body);
    expect(new Set(perReplica.map((s) => s.metric.labels?.replica_id)).size).toBe(2);
  });

  it('pages by points, whole series per page, and follows the token to the end', async () => {
    const q = (token?: string) => timeSeriesQuery('replicas', { ...last6h, aligner: 'ALIGN_MAX', pageSize: 7 }) + (token ? `&pageToken=${token}` : '');
    const first = (await call(q())).body;
    expect(first.timeSeries).toHaveLength(1);
    expect(first.nextPageToken).toBeTruthy();
    let token: string | undefined = first.nextPageToken;
    let total = 1;
    while (token) {
      const page = (await call(q(token))).body;
      total += page.timeSeries.length;
      token = page.nextPageToken;
    }
    expect(total).toBe(3);
    const reused = await call(timeSeriesQuery('prediction_count', { ...last6h, aligner: 'ALIGN_MAX' }) + `&pageToken=${first.nextPageToken}`);
    expect(reused.body.error.status).toBe('INVALID_ARGUMENT');
  });

  it('refuses filters without exactly one metric type and aligners without a period', async () => {
    const noType = await call(`/v3/projects/${NUMBER}/timeSeries?filter=${encodeURIComponent('resource.type = "aiplatform.googleapis.com/Endpoint"')}&interval.endTime=${NOW.toISOString()}`);
    expect(noType.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const noPeriod = await call(timeSeriesQuery('replicas', last6h) + '&aggregation.perSeriesAligner=ALIGN_MAX');
    expect(noPeriod.body.error.status).toBe('INVALID_ARGUMENT');
    const future = (await call(timeSeriesQuery('replicas', { start: new Date(NOW.getTime() + HOUR_MS), end: new Date(NOW.getTime() + 2 * HOUR_MS), aligner: 'ALIGN_MAX' }))).body;
    expect(future).toEqual({});
  });
});
