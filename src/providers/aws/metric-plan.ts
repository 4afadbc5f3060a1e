import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ResourceRef } from '../../domain/cloud';
import type { Endpoint } from '../../domain/resources';
import { coverageOf, type MetricName, type MetricPoint, type TimeWindow, type UtilizationSeries } from '../../domain/utilization';

/** Pure planning for CloudWatch GetMetricData: which queries, which period, and how answers become series. */

/** GetMetricData accepts at most 500 MetricDataQuery per call. */
export const MAX_QUERIES_PER_CALL = 500;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface MetricSource {
  namespace: string;
  metricName: string;
  stat: 'Sum' | 'Average';
}

/**
 * Where each normalised metric lives (SageMaker CloudWatch docs). Invocation metrics are in AWS/SageMaker;
 * instance utilisation is in /aws/sagemaker/Endpoints, where GPUUtilization is 0..100 x GPUs per instance.
 * Both are published per EndpointName + VariantName. Inference-component endpoints also publish invocation metrics
 * per InferenceComponentName; we read the variant level for every mode, and where a variant has no datapoints its
 * coverage is 0, which detectors treat as unknown (never idle).
 */
export const METRIC_SOURCES: Record<MetricName, MetricSource> = {
  invocations: { namespace: 'AWS/SageMaker', metricName: 'Invocations', stat: 'Sum' },
  'errors-5xx': { namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', stat: 'Sum' },
  'latency-ms': { namespace: 'AWS/SageMaker', metricName: 'ModelLatency', stat: 'Average' },
  'gpu-util-pct': { namespace: '/aws/sagemaker/Endpoints', metricName: 'GPUUtilization', stat: 'Average' },
  // Same scale as GPUUtilization: 0..100 x GPUs per instance, averaged over the variant's instances.
  'gpu-memory-util-pct': { namespace: '/aws/sagemaker/Endpoints', metricName: 'GPUMemoryUtilization', stat: 'Average' },
};

/** The per-GPU metrics, read where a variant has accelerators (and over the GPU window when there is one). */
export const GPU_METRICS: readonly MetricName[] = ['gpu-util-pct', 'gpu-memory-util-pct'];

export interface PlannedQuery {
  /** MetricDataQuery Id: must start with a lower-case letter, so `m<index>`. Unique across the whole plan. */
  id: string;
  ref: ResourceRef;
  variant: string;
  metric: MetricName;
  /** Raw values are divided by this: GPUs per instance for GPUUtilization and GPUMemoryUtilization, 1000 for ModelLatency (us -> ms). */
  divisor: number;
  query: MetricDataQuery;
}

/**
 * Period in seconds. Five minutes for windows up to three days (enough resolution to see a short burst of
 * traffic), an hour beyond (a 14-day window at 300 s would be 4,032 points per query). CloudWatch keeps 5-minute
 * data for 63 days only, so a window starting earlier than that needs 3600 whatever its length.
 */
export function periodFor(window: TimeWindow, now: Date): number {
  const lengthMs = window.end.getTime() - window.start.getTime();
  const ageMs = now.getTime() - window.start.getTime();
  if (ageMs > 63 * DAY_MS) return 3600;
  return lengthMs <= 3 * DAY_MS ? 300 : 3600;
}

export { alignWindow } from '../metric-periods';

/**
 * One query per (endpoint variant, metric). GPU utilisation is skipped where it cannot exist: serverless variants
 * and instance types without accelerators (asking would only ever return nothing, and costs a metric request).
 */
export function planQueries(
  endpoints: readonly Endpoint[],
  periodSeconds: number,
  only?: readonly MetricName[],
  firstId = 0,
): PlannedQuery[] {
  const plan: PlannedQuery[] = [];
  for (const e of endpoints) {
    for (const v of e.variants) {
      const metrics: MetricName[] = ['invocations', 'errors-5xx', 'latency-ms'];
      const gpus = v.instance.acceleratorCount;
      if (gpus > 0 && !v.serverless && e.servingMode !== 'serverless') metrics.push(...GPU_METRICS);
      for (const metric of only ? metrics.filter((m) => only.includes(m)) : metrics) {
        const src = METRIC_SOURCES[metric];
        const id = `m${firstId + plan.length}`;
        plan.push({
          id,
          ref: e.ref,
          variant: v.name,
          metric,
          divisor: GPU_METRICS.includes(metric) ? gpus : metric === 'latency-ms' ? 1000 : 1,
          query: {
            Id: id,
            MetricStat: {
              Metric: {
                Namespace: src.namespace,
                MetricName: src.metricName,
                Dimensions: [
                  { Name: 'EndpointName', Value: e.ref.name },
                  { Name: 'VariantName', Value: v.name },
                ],
              },
              Period: periodSeconds,
              Stat: src.stat,
            },
            ReturnData: true,
          },
        });
      }
    }
  }
  return plan;
}

/** Calls needed for a plan: 10,000 endpoints x 5 metrics = 50,000 queries = 100 calls (before datapoint paging). */
export function callsFor(queryCount: number): number {
  return Math.ceil(queryCount / MAX_QUERIES_PER_CALL);
}

/**
 * Datapoints (period start ms -> raw value) to a series. Missing periods stay missing: `coverage` says how much
 * of the window had data, and a period with no datapoint is unknown, never zero.
 */
export function toSeries(q: PlannedQuery, raw: ReadonlyMap<number, number>, window: TimeWindow, periodSeconds: number): UtilizationSeries {
  const from = window.start.getTime();
  const to = window.end.getTime();
  const points: MetricPoint[] = [...raw]
    .filter(([t, v]) => t >= from && t < to && Number.isFinite(v))
    .sort(([a], [b]) => a - b)
    .map(([t, v]) => ({ t: new Date(t), v: v / q.divisor }));
  return {
    ref: q.ref,
    variant: q.variant,
    metric: q.metric,
    periodSeconds,
    window,
    points,
    coverage: coverageOf(points.length, window, periodSeconds),
  };
}
