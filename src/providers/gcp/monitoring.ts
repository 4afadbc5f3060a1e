import type { Endpoint } from '../../domain/resources';
import { coverageOf, type MetricName, type MetricPoint, type TimeWindow, type UtilizationSeries } from '../../domain/utilization';
import type { GoogleHttp } from './google-http';
import { lastSegment } from './to-domain';
import type { TimeSeriesJson } from './vertex-json';
import { alignWindow, periodFor } from '../metric-periods';
import type { GpuMetricsRequest } from '../types';
import { acceleratorMemoryGiB } from '../../domain/accelerator-memory';

/**
 * Vertex AI online-prediction metrics from Cloud Monitoring (aiplatform.googleapis.com/Endpoint, GCP metrics list).
 * One timeSeries.list call per (project, location, metric), aligned and reduced server side and grouped by
 * endpoint and deployed model, so the number of calls does not grow with the number of endpoints.
 */

const PREFIX = 'aiplatform.googleapis.com/prediction/online/';
const RESOURCE = 'aiplatform.googleapis.com/Endpoint';
const GROUP_BY = ['resource.label.endpoint_id', 'metric.label.deployed_model_id'];

interface MetricQuery {
  /** What the query feeds: a normalised metric, or the replica count that tells "no traffic" from "no data". */
  feeds: MetricName | 'replicas';
  metric: string;
  aligner: 'ALIGN_SUM' | 'ALIGN_MEAN' | 'ALIGN_MAX' | 'ALIGN_DELTA';
  reducer: 'REDUCE_SUM' | 'REDUCE_MEAN' | 'REDUCE_MAX';
  extraFilter?: string;
  /** duty_cycle is a fraction (unit 10^2.%: 1.0 = 100 %): x100 for gpu-util-pct. */
  scale?: number;
  /** Read over the long lookback (traffic) rather than the detail window. */
  long: boolean;
  /** A per-accelerator metric: read over the GPU window when there is one, and only where accelerators run. */
  accelerator?: boolean;
}

export const METRIC_QUERIES: readonly MetricQuery[] = [
  { feeds: 'invocations', metric: 'prediction_count', aligner: 'ALIGN_SUM', reducer: 'REDUCE_SUM', long: true },
  { feeds: 'replicas', metric: 'replicas', aligner: 'ALIGN_MAX', reducer: 'REDUCE_MAX', long: true },
  { feeds: 'gpu-util-pct', metric: 'accelerator/duty_cycle', aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', scale: 100, long: false, accelerator: true },
  // Bytes per replica (all its accelerators together ⚠️): the mean over replicas, turned into a share of the replica's
  // accelerator memory in toSeries (it needs the machine's accelerator count and model).
  { feeds: 'gpu-memory-util-pct', metric: 'accelerator/memory/bytes_used', aligner: 'ALIGN_MEAN', reducer: 'REDUCE_MEAN', long: false, accelerator: true },
  // error_count also counts 4xx (the caller's fault); response_count by response_code gives the server's own errors.
  { feeds: 'errors-5xx', metric: 'response_count', aligner: 'ALIGN_SUM', reducer: 'REDUCE_SUM', extraFilter: 'metric.labels.response_code = starts_with("5")', long: false },
  // A distribution summed across replicas keeps its count and mean; `model` latency excludes Vertex's own overhead.
  { feeds: 'latency-ms', metric: 'prediction_latencies', aligner: 'ALIGN_DELTA', reducer: 'REDUCE_SUM', extraFilter: 'metric.labels.latency_type = "model"', long: false },
];



function pointValue(p: NonNullable<TimeSeriesJson['points']>[number]): number | undefined {
  const v = p.value;
  if (!v) return undefined;
  if (v.int64Value !== undefined) return Number(v.int64Value);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.distributionValue) return Number(v.distributionValue.count ?? 0) > 0 ? (v.distributionValue.mean ?? 0) : undefined;
  return undefined;
}

/** endpoint id -> deployed model id -> period start ms -> value. */
type Grid = Map<string, Map<string, Map<number, number>>>;

function toGrid(series: readonly TimeSeriesJson[], periodSeconds: number, scale: number): Grid {
  const grid: Grid = new Map();
  for (const s of series) {
    const endpointId = s.resource?.labels?.endpoint_id;
    const modelId = s.metric?.labels?.deployed_model_id;
    if (!endpointId || !modelId) continue;
    const byModel = grid.get(endpointId) ?? new Map<string, Map<number, number>>();
    grid.set(endpointId, byModel);
    const points = byModel.get(modelId) ?? new Map<number, number>();
    byModel.set(modelId, points);
    for (const p of s.points ?? []) {
      const end = Date.parse(p.interval?.endTime ?? '');
      const v = pointValue(p);
      // An aligned point covers (end - period, end]: keyed by its period start like CloudWatch's timestamps.
      if (Number.isFinite(end) && v !== undefined) points.set(end - periodSeconds * 1000, v * scale);
    }
  }
  return grid;
}

export interface MonitoringRead {
  series: UtilizationSeries[];
}

/**
 * Reads the utilisation of `endpoints` (one project, one location). Throws GoogleApiError on the first failed
 * call; the reader turns that into the component's status.
 */
export async function readVertexUtilization(opts: {
  http: GoogleHttp;
  project: string;
  location: string;
  endpoints: readonly Endpoint[];
  window: TimeWindow;
  detailWindow: TimeWindow;
  /** GPU utilisation and memory window and period; without it they are read over the detail window. */
  gpu?: GpuMetricsRequest;
}): Promise<UtilizationSeries[]> {
  const anyGpu = opts.endpoints.some((e) => e.variants.some((v) => v.instance.acceleratorCount > 0));
  const queries = METRIC_QUERIES.filter((q) => !q.accelerator || anyGpu);
  const grids = new Map<MetricQuery['feeds'], { grid: Grid; window: TimeWindow; periodSeconds: number }>();
  await Promise.all(
    queries.map(async (q) => {
      const raw = q.long ? opts.window : q.accelerator && opts.gpu ? opts.gpu.window : opts.detailWindow;
      const periodSeconds = q.accelerator && opts.gpu ? opts.gpu.periodSeconds : periodFor(raw);
      const window = alignWindow(raw, periodSeconds);
      const filter = [
        `metric.type = "${PREFIX}${q.metric}"`,
        `resource.type = "${RESOURCE}"`,
        `resource.labels.location = "${opts.location}"`,
        ...(q.extraFilter ? [q.extraFilter] : []),
      ].join(' AND ');
      const series = await opts.http.paginate<{ timeSeries?: TimeSeriesJson[]; nextPageToken?: string }, TimeSeriesJson>(
        {
          operation: 'Monitoring.ListTimeSeries',
          path: `/v3/projects/${opts.project}/timeSeries`,
          query: {
            filter,
            'interval.startTime': window.start.toISOString(),
            'interval.endTime': window.end.toISOString(),
            'aggregation.alignmentPeriod': `${periodSeconds}s`,
            'aggregation.perSeriesAligner': q.aligner,
            'aggregation.crossSeriesReducer': q.reducer,
            'aggregation.groupByFields': GROUP_BY,
            view: 'FULL',
          },
        },
        (p) => p.timeSeries,
      );
      grids.set(q.feeds, { grid: toGrid(series, periodSeconds, q.scale ?? 1), window, periodSeconds });
    }),
  );
  return toSeries(opts.endpoints, grids);
}

/**
 * Builds one series per (endpoint, deployed model, metric). The Vertex quirk: Monitoring writes no prediction_count
 * point for a period without predictions, so an idle endpoint would look like "no data". A period with a replicas
 * point above 0 (the model was serving, telemetry alive) and no prediction_count point is therefore 0 invocations;
 * a period without a replicas point stays unknown.
 */
export function toSeries(
  endpoints: readonly Endpoint[],
  grids: ReadonlyMap<MetricQuery['feeds'], { grid: Grid; window: TimeWindow; periodSeconds: number }>,
): UtilizationSeries[] {
  const out: UtilizationSeries[] = [];
  const replicas = grids.get('replicas');
  for (const e of endpoints) {
    const endpointId = lastSegment(e.ref.id);
    for (const v of e.variants) {
      if (v.instance.instanceType.startsWith('shared:')) continue;
      for (const [feeds, g] of grids) {
        if (feeds === 'replicas') continue;
        if ((feeds === 'gpu-util-pct' || feeds === 'gpu-memory-util-pct') && v.instance.acceleratorCount === 0) continue;
        const values = new Map(g.grid.get(endpointId)?.get(v.name) ?? []);
        if (feeds === 'gpu-memory-util-pct') {
          // Vertex reports bytes; without the accelerator's memory size no share can be told: no series (unknown).
          const gib = acceleratorMemoryGiB(v.instance.acceleratorModel);
          if (!gib) continue;
          const capacity = v.instance.acceleratorCount * gib * 2 ** 30;
          for (const [t, bytes] of values) values.set(t, Math.min(100, (bytes / capacity) * 100));
        }
        if (feeds === 'invocations' && replicas) {
          for (const [t, n] of replicas.grid.get(endpointId)?.get(v.name) ?? []) {
            if (n > 0 && !values.has(t) && t >= g.window.start.getTime() && t < g.window.end.getTime()) values.set(t, 0);
          }
        }
        const points: MetricPoint[] = [...values]
          .filter(([t]) => t >= g.window.start.getTime() && t < g.window.end.getTime())
          .sort(([a], [b]) => a - b)
          .map(([t, val]) => ({ t: new Date(t), v: val }));
        out.push({
          ref: e.ref,
          variant: v.name,
          metric: feeds,
          periodSeconds: g.periodSeconds,
          window: g.window,
          points,
          coverage: coverageOf(points.length, g.window, g.periodSeconds),
        });
      }
    }
  }
  return out;
}
