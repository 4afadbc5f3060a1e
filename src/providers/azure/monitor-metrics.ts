import type { Metric, MetricsListOptionalParams, MetricsListResponse } from '@azure/arm-monitor';
import type { Endpoint } from '../../domain/resources';
import { coverageOf, type MetricName, type MetricPoint, type TimeWindow, type UtilizationSeries } from '../../domain/utilization';
import { alignWindow, periodFor } from '../metric-periods';
import type { GpuMetricsRequest } from '../types';

/**
 * Azure Machine Learning online-endpoint utilisation from Azure Monitor metrics (cloud-api-reference 4.3).
 * `metrics.list` reads ONE resource per call, but a call carries many metric names and a dimension split, so the
 * batching unit is the resource: one call per endpoint for every deployment's traffic (split by `deployment` and
 * `statusCodeClass`), one for its latency (split by `deployment`; RequestLatency has no statusCodeClass, and one
 * call has one $filter), and one per deployment for GPU utilisation and instance count. A call is split further
 * only when the traffic lookback and the detail window differ (one timespan and interval per call).
 */

/** Something a metrics.list call fetches. */
export interface MetricsCall {
  /** ARM id without the leading slash (the SDK's path template is `/{resourceUri}/providers/...`). */
  resourceUri: string;
  metricnames: string[];
  aggregation: string;
  filter?: string;
  window: TimeWindow;
  periodSeconds: number;
}

export type MetricsList = (resourceUri: string, options: MetricsListOptionalParams) => Promise<MetricsListResponse>;




export function isoInterval(periodSeconds: number): string {
  return periodSeconds % 3600 === 0 ? `PT${periodSeconds / 3600}H` : `PT${periodSeconds / 60}M`;
}

const TRAFFIC_FILTER = "deployment eq '*' and statusCodeClass eq '*'";
/** Per deployment, per instance 0..100 (Azure Monitor supported metrics, onlineEndpoints/deployments). */
const GPU_UTIL = 'GpuUtilizationPercentage';
const GPU_MEMORY = 'GpuMemoryUtilizationPercentage';
const LATENCY_FILTER = "deployment eq '*'";

/** What one endpoint needs: which calls, and where each normalised series comes from. */
export interface EndpointPlan {
  endpoint: Endpoint;
  traffic: MetricsCall;
  errors: MetricsCall;
  latency: MetricsCall;
  /** Per deployment (variant name): GPU utilisation and memory, and DeploymentCapacity. */
  deployments: { variant: string; gpu?: MetricsCall; capacity: MetricsCall }[];
}

function trim(id: string): string {
  return id.replace(/^\/+/, '');
}

/**
 * Plans the calls for one endpoint; identical calls (same resource, filter, window) are made once (see `distinctCalls`).
 * GPU utilisation and GPU memory share one call per deployment, over `gpu` (window and period) when given, else over
 * the detail window.
 */
export function planEndpoint(endpoint: Endpoint, window: TimeWindow, detailWindow: TimeWindow, gpu?: GpuMetricsRequest): EndpointPlan {
  const longP = periodFor(window);
  const detailP = periodFor(detailWindow);
  const long = { window: alignWindow(window, longP), periodSeconds: longP };
  const detail = { window: alignWindow(detailWindow, detailP), periodSeconds: detailP };
  const gpuSpan = gpu ? { window: alignWindow(gpu.window, gpu.periodSeconds), periodSeconds: gpu.periodSeconds } : detail;
  const uri = trim(endpoint.ref.id);
  const traffic: MetricsCall = { resourceUri: uri, metricnames: ['RequestsPerMinute'], aggregation: 'Total', filter: TRAFFIC_FILTER, ...long };
  const errors: MetricsCall = { ...traffic, ...detail };
  const latency: MetricsCall = { resourceUri: uri, metricnames: ['RequestLatency'], aggregation: 'Average', filter: LATENCY_FILTER, ...detail };
  const deployments = endpoint.variants.map((v) => {
      const depUri = `${uri}/deployments/${v.name}`;
      const hasGpu = v.instance.acceleratorCount > 0;
      const capacity: MetricsCall = { resourceUri: depUri, metricnames: ['DeploymentCapacity'], aggregation: 'Average,Maximum', ...long };
      if (!hasGpu) return { variant: v.name, capacity };
      const gpuCall: MetricsCall = { resourceUri: depUri, metricnames: [GPU_UTIL, GPU_MEMORY], aggregation: 'Average,Maximum', ...gpuSpan };
      return { variant: v.name, gpu: gpuCall, capacity };
    });
  return { endpoint, traffic, errors, latency, deployments };
}

/** Call key without the metric names: calls with equal keys are merged into one call carrying all their names. */
function mergeKey(c: MetricsCall): string {
  return [c.resourceUri.toLowerCase(), c.filter ?? '', c.aggregation, c.window.start.toISOString(), c.window.end.toISOString(), c.periodSeconds].join('|');
}

/** Merges the plan's calls: one per (resource, filter, aggregation, window); metric names are united. */
export function distinctCalls(plans: readonly EndpointPlan[]): Map<string, MetricsCall> {
  const out = new Map<string, MetricsCall>();
  const add = (c: MetricsCall) => {
    const k = mergeKey(c);
    const seen = out.get(k);
    if (!seen) out.set(k, { ...c, metricnames: [...c.metricnames] });
    else for (const m of c.metricnames) if (!seen.metricnames.includes(m)) seen.metricnames.push(m);
  };
  for (const p of plans) {
    add(p.traffic);
    add(p.errors);
    add(p.latency);
    for (const d of p.deployments) {
      add(d.capacity);
      if (d.gpu) add(d.gpu);
    }
  }
  // GPU and capacity on the same window share one call (aggregation Average,Maximum for both).
  return out;
}

export function callKey(c: MetricsCall): string {
  return mergeKey(c);
}

/** The SDK options of one call (timespan start/end ISO, ISO-8601 interval, comma-joined names). */
export function listOptions(c: MetricsCall): MetricsListOptionalParams {
  return {
    timespan: `${c.window.start.toISOString()}/${c.window.end.toISOString()}`,
    interval: isoInterval(c.periodSeconds),
    metricnames: c.metricnames.join(','),
    aggregation: c.aggregation,
    ...(c.filter ? { filter: c.filter } : {}),
  };
}

/** period start ms -> value, per dimension value of the split (`*` when not split). */
export type Grid = Map<string, Map<number, number>>;

type Field = 'total' | 'average' | 'maximum';

function dim(ts: { metadatavalues?: { name?: { value?: string }; value?: string }[] }, name: string): string | undefined {
  return ts.metadatavalues?.find((m) => m.name?.value?.toLowerCase() === name.toLowerCase())?.value;
}

/**
 * One metric of a metrics.list answer as (deployment -> period -> value). A data entry without the aggregation's
 * field is a period with no data: left out (unknown), never read as 0. Entries of several series of the same
 * deployment (statusCodeClass split) are summed; `onlyClass` keeps one class (5xx).
 */
export function gridOf(response: { value?: Metric[] }, metricName: string, field: Field, opts: { splitBy?: string; onlyClass?: string; fallback?: Field } = {}): Grid {
  const grid: Grid = new Map();
  const metric = response.value?.find((m) => m.name?.value?.toLowerCase() === metricName.toLowerCase());
  if (!metric || (metric.errorCode && metric.errorCode !== 'Success')) return grid;
  for (const ts of metric.timeseries ?? []) {
    if (opts.onlyClass) {
      const cls = dim(ts, 'statusCodeClass');
      if (cls?.toLowerCase() !== opts.onlyClass.toLowerCase()) continue;
    }
    const key = opts.splitBy ? (dim(ts, opts.splitBy) ?? '').toLowerCase() : '*';
    const points = grid.get(key) ?? new Map<number, number>();
    grid.set(key, points);
    for (const d of ts.data ?? []) {
      const raw = d[field] ?? (opts.fallback ? d[opts.fallback] : undefined);
      const t = new Date(d.timeStamp).getTime();
      if (typeof raw !== 'number' || !Number.isFinite(raw) || !Number.isFinite(t)) continue;
      points.set(t, (points.get(t) ?? 0) + raw);
    }
  }
  return grid;
}

function series(endpoint: Endpoint, variant: string, metric: MetricName, call: MetricsCall, values: ReadonlyMap<number, number>): UtilizationSeries {
  const start = call.window.start.getTime();
  const end = call.window.end.getTime();
  const points: MetricPoint[] = [...values]
    .filter(([t]) => t >= start && t < end)
    .sort(([a], [b]) => a - b)
    .map(([t, v]) => ({ t: new Date(t), v }));
  return { ref: endpoint.ref, variant, metric, periodSeconds: call.periodSeconds, window: call.window, points, coverage: coverageOf(points.length, call.window, call.periodSeconds) };
}

/**
 * Builds the series of one endpoint from the answers (call key -> response; a missing answer = the call failed and
 * its series are left out, so nothing looks idle). Azure Monitor writes no RequestsPerMinute series for a deployment
 * that got no request, so (like Vertex's prediction_count) a period where DeploymentCapacity shows live instances and
 * RequestsPerMinute has no value is 0 invocations; a period without a capacity value stays unknown.
 * GpuUtilizationPercentage and GpuMemoryUtilizationPercentage are already per instance 0..100 (averaged over
 * instances and GPUs ⚠️), unlike SageMaker's GPUUtilization summed over GPUs: no division.
 */
export function toSeries(plan: EndpointPlan, answers: ReadonlyMap<string, { value?: Metric[] }>): UtilizationSeries[] {
  const out: UtilizationSeries[] = [];
  const e = plan.endpoint;
  const traffic = answers.get(callKey(plan.traffic));
  const errors = answers.get(callKey(plan.errors));
  const latency = answers.get(callKey(plan.latency));
  const invocations = traffic ? gridOf(traffic, 'RequestsPerMinute', 'total', { splitBy: 'deployment' }) : undefined;
  const errors5xx = errors ? gridOf(errors, 'RequestsPerMinute', 'total', { splitBy: 'deployment', onlyClass: '5xx' }) : undefined;
  const latencyMs = latency ? gridOf(latency, 'RequestLatency', 'average', { splitBy: 'deployment' }) : undefined;
  for (const d of plan.deployments) {
    const key = d.variant.toLowerCase();
    const capAnswer = answers.get(callKey(d.capacity));
    const capacity = capAnswer ? gridOf(capAnswer, 'DeploymentCapacity', 'maximum', { fallback: 'average' }).get('*') : undefined;
    if (invocations) {
      const values = new Map(invocations.get(key) ?? []);
      for (const [t, n] of capacity ?? []) if (n > 0 && !values.has(t)) values.set(t, 0);
      out.push(series(e, d.variant, 'invocations', plan.traffic, values));
    }
    if (errors && errors5xx) {
      const values = new Map(errors5xx.get(key) ?? []);
      // A 5xx series exists only for a deployment that failed requests: a period with other traffic and no 5xx is 0.
      const allClasses = errors === traffic ? invocations : gridOf(errors, 'RequestsPerMinute', 'total', { splitBy: 'deployment' });
      for (const t of allClasses?.get(key)?.keys() ?? []) if (!values.has(t)) values.set(t, 0);
      out.push(series(e, d.variant, 'errors-5xx', plan.errors, values));
    }
    if (latencyMs) out.push(series(e, d.variant, 'latency-ms', plan.latency, latencyMs.get(key) ?? new Map()));
    if (d.gpu) {
      const gpuAnswer = answers.get(callKey(d.gpu));
      if (gpuAnswer) {
        out.push(series(e, d.variant, 'gpu-util-pct', d.gpu, gridOf(gpuAnswer, GPU_UTIL, 'average').get('*') ?? new Map()));
        out.push(series(e, d.variant, 'gpu-memory-util-pct', d.gpu, gridOf(gpuAnswer, GPU_MEMORY, 'average').get('*') ?? new Map()));
      }
    }
  }
  return out;
}
