import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallLog } from '../../../../src/providers/aws/call-log';
import { readUtilization } from '../../../../src/providers/aws/cloudwatch';
import { endpoint, variant } from '../../../support/builders';
import { fixture } from './fixtures';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());

const now = new Date('2025-11-04T11:00:00Z');
const window = { start: new Date('2025-11-04T10:00:00Z'), end: now };
const read = (endpoints = [endpoint('a')], log = new AwsCallLog(), concurrency?: number) =>
  readUtilization({ cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), log, endpoints, window, now, concurrency });

describe('readUtilization', () => {
  it('merges NextToken pages per query id and normalises units', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce(fixture('cloudwatch', 'GetMetricData.partial-page1'))
      .resolvesOnce(fixture('cloudwatch', 'GetMetricData.partial-page2'));
    const r = await read();
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cw).toHaveReceivedNthCommandWith(GetMetricDataCommand, 2, { NextToken: 'Y3ctbmV4dC1wYWdl' });
    const by = Object.fromEntries(r.series.map((s) => [s.metric, s]));
    expect(by.invocations!.points.map((p) => p.v)).toEqual([12, 0, 3]);
    expect(by.invocations!.coverage).toBeCloseTo(3 / 12);
    expect(by['gpu-util-pct']!.points.map((p) => p.v)).toEqual([45, 5]); // ml.g5.12xlarge: 4 GPUs
    expect(by['latency-ms']!.points[0]!.v).toBeCloseTo(45.25);
    expect(by['errors-5xx']!.points).toEqual([]);
    expect(by['errors-5xx']!.coverage).toBe(0);
    expect(r.failures.failures()).toEqual([]);
  });

  it('sends aligned times and at most 500 queries per call', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    // 100 GPU endpoints x 5 metrics + 20 CPU endpoints x 3 = 560 queries -> 2 calls
    const eps = [
      ...Array.from({ length: 100 }, (_, i) => endpoint(`gpu-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => endpoint(`cpu-${i}`, { variants: [variant('ml.m5.large')] })),
    ];
    const log = new AwsCallLog();
    const r = await read(eps, log);
    expect(log.calls()).toEqual({ 'CloudWatch.GetMetricData': 2 });
    const sizes = cw.commandCalls(GetMetricDataCommand).map((c) => (c.args[0].input as GetMetricDataCommandInput).MetricDataQueries!.length);
    expect(sizes).toEqual([500, 60]);
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input as GetMetricDataCommandInput;
    expect(input.StartTime).toEqual(window.start);
    expect(input.EndTime).toEqual(window.end);
    expect(r.series).toHaveLength(560);
    expect(r.series.every((s) => s.coverage === 0 && s.periodSeconds === 300)).toBe(true);
  });

  it('turns a failed batch into a failure and no series (unknown, not idle)', async () => {
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const r = await read();
    expect(r.series).toEqual([]);
    expect(r.failures.failures()).toMatchObject([{ part: 'metrics', error: { state: 'auth-failed', code: 'AccessDenied' } }]);
  });

  it('reports queries CloudWatch answered with Forbidden and keeps the rest', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Timestamps: [new Date('2025-11-04T10:00:00Z')], Values: [1], StatusCode: 'Complete' },
        { Id: 'm3', Label: 'GPUUtilization', Timestamps: [], Values: [], StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no access' }] },
      ],
    });
    const r = await read();
    expect(r.series.map((s) => s.metric).sort()).toEqual(['errors-5xx', 'gpu-memory-util-pct', 'invocations', 'latency-ms']);
    expect(r.failures.failures()).toMatchObject([{ error: { code: 'Forbidden', state: 'auth-failed' }, example: 'GPUUtilization' }]);
  });

  it('runs batches concurrently up to the limit', async () => {
    let active = 0;
    let peak = 0;
    cw.on(GetMetricDataCommand).callsFake(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return { MetricDataResults: [] };
    });
    await read(Array.from({ length: 1000 }, (_, i) => endpoint(`e${i}`)), new AwsCallLog(), 3);
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 10);
    expect(peak).toBe(3);
  });

  it('reads GPU utilisation and memory over their own window and period, apart from traffic and detail', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const detailWindow = { start: new Date('2025-11-04T10:30:00Z'), end: now };
    const gpu = { window: { start: new Date('2025-11-01T11:00:00Z'), end: now }, periodSeconds: 3600 };
    const r = await readUtilization({ cloudwatch: new CloudWatchClient({ region: 'us-east-1' }), log: new AwsCallLog(), endpoints: [endpoint('a'), endpoint('cpu', { variants: [variant('ml.m5.large')] })], window, detailWindow, gpu, now });
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input as GetMetricDataCommandInput);
    expect(calls).toHaveLength(3);
    const gpuCall = calls.find((c) => c.MetricDataQueries!.some((q) => q.MetricStat?.Metric?.MetricName === 'GPUUtilization'))!;
    expect(gpuCall.StartTime).toEqual(gpu.window.start);
    expect(gpuCall.MetricDataQueries!.map((q) => [q.MetricStat?.Metric?.MetricName, q.MetricStat?.Period])).toEqual([
      ['GPUUtilization', 3600],
      ['GPUMemoryUtilization', 3600],
    ]);
    const detailCall = calls.find((c) => c.StartTime?.getTime() === detailWindow.start.getTime())!;
    expect(detailCall.MetricDataQueries!.map((q) => q.MetricStat?.Metric?.MetricName).sort()).toEqual(['Invocation5XXErrors', 'Invocation5XXErrors', 'ModelLatency', 'ModelLatency']);
    const ids = calls.flatMap((c) => c.MetricDataQueries!.map((q) => q.Id));
    expect(new Set(ids).size).toBe(ids.length);
    const gpuSeries = r.series.filter((s) => s.metric.startsWith('gpu'));
    expect(gpuSeries.map((s) => [s.ref.name, s.metric, s.periodSeconds])).toEqual([
      ['a', 'gpu-util-pct', 3600],
      ['a', 'gpu-memory-util-pct', 3600],
    ]);
  });
});
