import { describe, expect, it, vi } from 'vitest';
import type { ProviderStatus } from '../../../src/domain/status';
import { callsOf, watchStatuses } from '../../../src/usage/run-calls';
import { recordUsageQuietly, startUsageMeter } from '../../../src/usage/usage-meter';
import { lambdaArchitecture, lambdaMemoryMb } from '../../../src/usage/usage-record';

const status = (component: string, calls: Record<string, number>, extra: Partial<ProviderStatus> = {}): ProviderStatus => ({ cloud: 'aws', component, state: 'ok', calls, ...extra });

describe('startUsageMeter', () => {
  it('on Lambda: memory from the context, the architecture, the request id, and the duration rounded up to 1 ms', () => {
    let t = 100;
    const meter = startUsageMeter('scan', {
      context: { awsRequestId: 'req-1', memoryLimitInMB: '512' },
      env: { AWS_LAMBDA_FUNCTION_NAME: 'fn' },
      elapsed: () => t,
      arch: 'arm64',
    });
    t = 1334.2;
    const record = meter.finish([{ cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 }], () => new Date('2026-03-10T12:00:01.234Z'));
    expect(record).toEqual({
      functionName: 'scan',
      runId: 'req-1',
      startedAt: new Date('2026-03-10T12:00:00.000Z'),
      durationMs: 1235,
      memoryMb: 512,
      architecture: 'arm64',
      onLambda: true,
      calls: [{ cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 }],
    });
  });

  it('falls back to AWS_LAMBDA_FUNCTION_MEMORY_SIZE; off Lambda (the CLI) records neither memory nor architecture', () => {
    expect(startUsageMeter('audit', { env: { AWS_LAMBDA_FUNCTION_NAME: 'fn', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024' }, arch: 'x64' }).finish([])).toMatchObject({ memoryMb: 1024, architecture: 'x86_64' });
    const cli = startUsageMeter('cli', { env: {} }).finish([]);
    expect(cli.onLambda).toBe(false);
    expect(cli).not.toHaveProperty('memoryMb');
    expect(cli).not.toHaveProperty('architecture');
    expect(cli.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads memory and architecture defensively', () => {
    expect(lambdaMemoryMb(undefined, {})).toBeUndefined();
    expect(lambdaMemoryMb('', { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: 'x' })).toBeUndefined();
    expect(lambdaMemoryMb(256, {})).toBe(256);
    expect(lambdaArchitecture('ia32')).toBeUndefined();
  });
});

describe('callsOf and watchStatuses', () => {
  it('sums calls and units per cloud and operation across components', () => {
    expect(
      callsOf([
        status('utilization:us-east-1', { 'CloudWatch.GetMetricData': 2 }, { units: { 'CloudWatch.GetMetricData': 600 } }),
        status('utilization:eu-west-1', { 'CloudWatch.GetMetricData': 1 }, { units: { 'CloudWatch.GetMetricData': 40 } }),
        status('inventory:us-east-1', { 'SageMaker.ListEndpoints': 1, 'SageMaker.DescribeEndpoint': 0 }),
        { cloud: 'gcp', component: 'costs', state: 'disabled' },
        { cloud: 'gcp', component: 'inventory:us-central1', state: 'ok', calls: { 'Vertex.ListEndpoints': 2 } },
      ]),
    ).toEqual([
      { cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 3, units: 640 },
      { cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 },
      { cloud: 'gcp', operation: 'Vertex.ListEndpoints', calls: 2 },
    ]);
  });

  it('leaves out statuses a warm reader still remembers from an earlier run', () => {
    const remembered = new Map<string, ProviderStatus>([['utilization:us-east-1', status('utilization:us-east-1', { 'CloudWatch.GetMetricData': 5 })]]);
    const reader = { status: () => [...remembered.values()] };
    const run = watchStatuses([reader]);
    // this run reads the inventory only (no endpoints left to read metrics for)
    remembered.set('inventory:us-east-1', status('inventory:us-east-1', { 'SageMaker.ListEndpoints': 1 }));
    expect(callsOf(run.since())).toEqual([{ cloud: 'aws', operation: 'SageMaker.ListEndpoints', calls: 1 }]);
  });

  it('keeps the calls of a component read twice in one run when the first status is passed back (weekly report)', () => {
    const remembered = new Map<string, ProviderStatus>([['utilization:us-east-1', status('utilization:us-east-1', { 'CloudWatch.GetMetricData': 5 })]]);
    const reader = { status: () => [...remembered.values()] };
    const run = watchStatuses([reader]);
    const first = status('utilization:us-east-1', { 'CloudWatch.GetMetricData': 2 });
    remembered.set('utilization:us-east-1', first);
    const collected = reader.status();
    remembered.set('utilization:us-east-1', status('utilization:us-east-1', { 'CloudWatch.GetMetricData': 3 }));
    expect(callsOf(run.since())).toEqual([{ cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 3 }]);
    expect(callsOf(run.since(collected))).toEqual([{ cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 5 }]);
    // a status passed back twice, or one from before the run, still counts once or not at all
    expect(callsOf(run.since([...collected, ...collected]))).toEqual([{ cloud: 'aws', operation: 'CloudWatch.GetMetricData', calls: 5 }]);
  });
});

describe('recordUsageQuietly', () => {
  const record = startUsageMeter('scan', { env: {} }).finish([]);

  it('writes the record', async () => {
    const put = vi.fn(async () => true);
    const warn = vi.fn();
    await recordUsageQuietly({ putIfAbsent: put }, record, { warn });
    expect(put).toHaveBeenCalledWith(expect.stringMatching(/^USAGE#\d{4}-\d{2}-\d{2}$/), expect.stringContaining('#scan#'), expect.objectContaining({ functionName: 'scan' }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('turns a failure or a timeout into a warning and returns', async () => {
    const warn = vi.fn();
    await recordUsageQuietly({ putIfAbsent: async () => Promise.reject(new TypeError('no table')) }, record, { warn });
    expect(warn).toHaveBeenLastCalledWith('usage record not written', { function: 'scan', error: 'TypeError: no table' });
    await recordUsageQuietly({ putIfAbsent: () => new Promise<boolean>(() => undefined) }, record, { warn }, 20);
    expect(warn).toHaveBeenLastCalledWith('usage record not written: the state store did not answer in time', { function: 'scan', timeoutMs: 20 });
  });
});
