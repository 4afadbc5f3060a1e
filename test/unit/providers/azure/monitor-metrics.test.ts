import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../../src/domain/resources';
import { createAzureReader } from '../../../../src/providers/azure/azure-reader';
import { distinctCalls, gridOf, listOptions, planEndpoint } from '../../../../src/providers/azure/monitor-metrics';
import { periodFor } from '../../../../src/providers/metric-periods';
import { azureInstanceSpec } from '../../../../src/providers/azure/vm-sizes';
import { SUB, azureConfig, example, fakeAzureHttp, tokenCredential, type Canned, type SeenRequest } from './fake-azure-http';

const NOW = new Date('2026-12-04T12:00:00Z');
const HOUR = 3_600_000;
const EP_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1/onlineEndpoints/llm-chat`;

function endpoint(variants: { name: string; size: string }[]): Endpoint {
  return {
    ref: { cloud: 'azure', account: SUB, region: 'eastus', kind: 'endpoint', name: 'llm-chat', id: EP_ID },
    servingMode: 'real-time',
    status: 'in-service',
    providerStatus: 'Succeeded',
    createdAt: NOW,
    tags: {},
    variants: variants.map((v) => ({ name: v.name, instance: azureInstanceSpec(v.size), currentInstanceCount: 1, desiredInstanceCount: 1 })),
  };
}

const t = (h: number, m = 0) => new Date(NOW.getTime() - h * HOUR + m * 60_000).toISOString();

describe('Azure Monitor metric parsing', () => {
  it('reads Microsoft\'s GetMetric example by metric name and dimension', () => {
    const grid = gridOf(example('monitor/GetMetric.json') as never, 'BlobCount', 'average', { splitBy: 'tier' });
    expect([...grid.keys()].sort()).toEqual(['archive', 'cool', 'hot', 'standard', 'untiered']);
    expect([...grid.get('hot')!.values()]).toEqual([7, 7, 7, 7, 7]);
  });

  it('returns nothing for a metric that carries an errorCode (GetMetricError example)', () => {
    const body = example('monitor/GetMetricError.json') as { value: { name: { value: string }; errorCode?: string }[] };
    const failing = body.value.find((m) => m.errorCode && m.errorCode !== 'Success')!;
    expect(gridOf(body as never, failing.name.value, 'average').size).toBe(0);
  });

  it('treats a data entry without the aggregation as unknown, never as 0', () => {
    const response = {
      value: [
        {
          name: { value: 'RequestsPerMinute' },
          timeseries: [
            { metadatavalues: [{ name: { value: 'deployment' }, value: 'blue' }, { name: { value: 'statusCodeClass' }, value: '2xx' }], data: [{ timeStamp: new Date(t(2)), total: 30 }, { timeStamp: new Date(t(1)) }] },
            { metadatavalues: [{ name: { value: 'deployment' }, value: 'blue' }, { name: { value: 'statusCodeClass' }, value: '5xx' }], data: [{ timeStamp: new Date(t(2)), total: 3 }] },
          ],
        },
      ],
    };
    const all = gridOf(response as never, 'RequestsPerMinute', 'total', { splitBy: 'deployment' });
    expect([...all.get('blue')!]).toEqual([[Date.parse(t(2)), 33]]);
    const errors = gridOf(response as never, 'RequestsPerMinute', 'total', { splitBy: 'deployment', onlyClass: '5xx' });
    expect([...errors.get('blue')!.values()]).toEqual([3]);
  });

  it('plans one traffic, one latency call per endpoint and one GPU+capacity call per GPU deployment when windows agree', () => {
    const e = endpoint([{ name: 'blue', size: 'Standard_NC24ads_A100_v4' }, { name: 'green', size: 'Standard_DS3_v2' }]);
    const w = { start: new Date(NOW.getTime() - 6 * HOUR), end: NOW };
    const calls = [...distinctCalls([planEndpoint(e, w, w)]).values()];
    expect(calls.map((c) => `${c.resourceUri.split('/').slice(-2).join('/')} ${c.metricnames.join(',')} ${c.filter ?? ''}`).sort()).toEqual([
      "deployments/blue DeploymentCapacity,GpuUtilizationPercentage,GpuMemoryUtilizationPercentage ",
      'deployments/green DeploymentCapacity ',
      "onlineEndpoints/llm-chat RequestLatency deployment eq '*'",
      "onlineEndpoints/llm-chat RequestsPerMinute deployment eq '*' and statusCodeClass eq '*'",
    ]);
    expect(calls.every((c) => !c.resourceUri.startsWith('/'))).toBe(true);
    // A 10-day lookback at PT1H and a 6-hour detail window at PT5M cannot share calls: traffic (long), 5xx and
    // latency (detail), per deployment capacity (long) and GPU (detail).
    const long = { start: new Date(NOW.getTime() - 240 * HOUR), end: NOW };
    expect(periodFor(long)).toBe(3600);
    expect(distinctCalls([planEndpoint(e, long, w)]).size).toBe(6);
  });

  it('reads GPU utilisation and memory in one call over the GPU window at its own period', () => {
    const e = endpoint([{ name: 'blue', size: 'Standard_NC24ads_A100_v4' }]);
    const long = { start: new Date(NOW.getTime() - 240 * HOUR), end: NOW };
    const w = { start: new Date(NOW.getTime() - 6 * HOUR), end: NOW };
    const gpu = { window: { start: new Date(NOW.getTime() - 72 * HOUR), end: NOW }, periodSeconds: 3600 };
    const plan = planEndpoint(e, long, w, gpu);
    const call = plan.deployments[0]!.gpu!;
    expect(call.metricnames).toEqual(['GpuUtilizationPercentage', 'GpuMemoryUtilizationPercentage']);
    expect(call.periodSeconds).toBe(3600);
    expect(call.window).toEqual({ start: new Date(Math.floor((NOW.getTime() - 72 * HOUR) / HOUR) * HOUR), end: new Date(Math.floor(NOW.getTime() / HOUR) * HOUR) });
    expect(listOptions(call)).toMatchObject({ interval: 'PT1H', metricnames: 'GpuUtilizationPercentage,GpuMemoryUtilizationPercentage' });
    // Same call count as before: the GPU call only moved to its own window.
    expect(distinctCalls([plan]).size).toBe(5);
  });
});

function metricsAnswer(req: SeenRequest): Canned {
  const names = (req.url.searchParams.get('metricnames') ?? '').split(',');
  const uri = req.url.pathname;
  const depl = /\/deployments\/([^/]+)\//.exec(uri)?.[1];
  const interval = req.url.searchParams.get('interval');
  expect(interval).toBe('PT5M');
  const [from] = (req.url.searchParams.get('timespan') ?? '').split('/');
  const start = Date.parse(from!);
  const stamps = Array.from({ length: 12 }, (_, i) => new Date(start + i * 300_000).toISOString());
  const metric = (name: string, timeseries: unknown[]) => ({ id: `${uri}/${name}`, type: 'Microsoft.Insights/metrics', name: { value: name, localizedValue: name }, unit: 'Count', timeseries, errorCode: 'Success' });
  const md = (pairs: Record<string, string>) => Object.entries(pairs).map(([k, v]) => ({ name: { value: k, localizedValue: k }, value: v }));
  const value = names.map((n) => {
    switch (n) {
      case 'RequestsPerMinute':
        // blue: traffic only in the first half hour (2xx, plus a few 5xx); green: no series at all (no requests).
        return metric(n, [
          { metadatavalues: md({ deployment: 'blue', statusCodeClass: '2xx' }), data: stamps.map((ts, i) => (i < 6 ? { timeStamp: ts, total: 100 } : { timeStamp: ts })) },
          { metadatavalues: md({ deployment: 'blue', statusCodeClass: '5xx' }), data: stamps.map((ts, i) => (i < 2 ? { timeStamp: ts, total: 4 } : { timeStamp: ts })) },
        ]);
      case 'RequestLatency':
        return metric(n, [{ metadatavalues: md({ deployment: 'blue' }), data: stamps.slice(0, 6).map((ts) => ({ timeStamp: ts, average: 42 })) }]);
      case 'GpuUtilizationPercentage':
        return metric(n, [{ data: stamps.map((ts) => ({ timeStamp: ts, average: 40, maximum: 55 })) }]);
      case 'GpuMemoryUtilizationPercentage':
        return metric(n, [{ data: stamps.map((ts) => ({ timeStamp: ts, average: 61, maximum: 62 })) }]);
      case 'DeploymentCapacity':
        // Telemetry gap in the last two periods: those stay unknown.
        return metric(n, [{ data: stamps.map((ts, i) => (i < 10 ? { timeStamp: ts, average: 1, maximum: 1 } : { timeStamp: ts })) }]);
      default:
        throw new Error(`unexpected metric ${n} for ${depl}`);
    }
  });
  return { status: 200, body: { cost: 0, timespan: req.url.searchParams.get('timespan'), interval: 'PT5M', value, namespace: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints', resourceregion: 'eastus' } };
}

describe('Azure reader utilisation (real MonitorClient, canned metrics)', () => {
  it('normalises per deployment, zero-fills invocations only where capacity shows live instances, keeps GPU % per instance', async () => {
    const http = fakeAzureHttp((req) => (req.url.pathname.endsWith('/providers/Microsoft.Insights/metrics') ? metricsAnswer(req) : undefined));
    const reader = createAzureReader({ config: azureConfig(), credential: tokenCredential, now: () => NOW, httpClient: http });
    const e = endpoint([{ name: 'blue', size: 'Standard_NC48ads_A100_v4' }, { name: 'green', size: 'Standard_DS3_v2' }]);
    const window = { start: new Date(NOW.getTime() - HOUR), end: NOW };
    const series = await reader.utilization([e], { window });
    const get = (variant: string, metric: string) => series.find((s) => s.variant === variant && s.metric === metric);

    const blueCalls = get('blue', 'invocations')!;
    expect(blueCalls.periodSeconds).toBe(300);
    expect(blueCalls.points.map((p) => p.v)).toEqual([104, 104, 100, 100, 100, 100, 0, 0, 0, 0]);
    expect(blueCalls.coverage).toBeCloseTo(10 / 12);
    expect(get('green', 'invocations')!.points.map((p) => p.v)).toEqual(Array(10).fill(0));
    expect(get('blue', 'errors-5xx')!.points.map((p) => p.v)).toEqual([4, 4, 0, 0, 0, 0]);
    expect(get('blue', 'latency-ms')!.points.every((p) => p.v === 42)).toBe(true);
    // Two A100s at 40 % each: Azure reports 40, not 80 (no SageMaker-style division needed).
    expect(get('blue', 'gpu-util-pct')!.points.every((p) => p.v === 40)).toBe(true);
    expect(get('green', 'gpu-util-pct')).toBeUndefined();
    expect(get('blue', 'gpu-memory-util-pct')!.points.every((p) => p.v === 61)).toBe(true);
    expect(get('green', 'gpu-memory-util-pct')).toBeUndefined();

    const sent = http.seen.map((r) => `${r.url.pathname.split('/').slice(-4, -2).join('/')} ${r.url.searchParams.get('metricnames')} ${r.url.searchParams.get('aggregation')}`);
    expect(sent.sort()).toEqual([
      'blue/providers DeploymentCapacity,GpuUtilizationPercentage,GpuMemoryUtilizationPercentage Average,Maximum',
      'green/providers DeploymentCapacity Average,Maximum',
      'llm-chat/providers RequestLatency Average',
      'llm-chat/providers RequestsPerMinute Total',
    ]);
    expect(http.seen.every((r) => r.url.searchParams.get('api-version') === '2018-01-01')).toBe(true);
    expect(reader.calls()).toEqual({ 'Monitor.Metrics_List': 4 });
    expect(reader.status()).toEqual([expect.objectContaining({ component: `utilization:${SUB}`, state: 'ok' })]);
  });

  it('leaves out the series of a failed call and says so (never idle by default)', async () => {
    const http = fakeAzureHttp((req) => {
      if (!req.url.pathname.endsWith('/providers/Microsoft.Insights/metrics')) return undefined;
      if (req.url.searchParams.get('metricnames') === 'RequestsPerMinute') {
        return { status: 403, body: { error: { code: 'AuthorizationFailed', message: "does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope 'x'" } } };
      }
      return metricsAnswer(req);
    });
    const reader = createAzureReader({ config: azureConfig(), credential: tokenCredential, now: () => NOW, httpClient: http });
    const e = endpoint([{ name: 'blue', size: 'Standard_NC24ads_A100_v4' }]);
    const series = await reader.utilization([e], { window: { start: new Date(NOW.getTime() - HOUR), end: NOW } });
    expect(series.find((s) => s.metric === 'invocations')).toBeUndefined();
    const s = reader.status()[0]!;
    expect(s).toMatchObject({ state: 'auth-failed', code: 'AuthorizationFailed' });
    expect(s.message).toMatch(/Microsoft.Insights\/metrics\/read.*Monitoring Reader/);
  });
});
