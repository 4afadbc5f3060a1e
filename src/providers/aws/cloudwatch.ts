import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Endpoint } from '../../domain/resources';
import type { MetricName, TimeWindow, UtilizationSeries } from '../../domain/utilization';
import { forEachPage, type AwsCallLog } from './call-log';
import { AwsProviderError, classifyAwsError } from './errors';
import { chunk, mapLimit } from '../../lib/map-limit';
import { alignWindow, GPU_METRICS, MAX_QUERIES_PER_CALL, periodFor, planQueries, toSeries, type PlannedQuery } from './metric-plan';
import type { GpuMetricsRequest } from '../types';
import { FailureLog } from './provider-status';

/**
 * GetMetricData calls in flight per region. CloudWatch allows 50 TPS for GetMetricData; a few concurrent calls
 * finish a 10,000-endpoint fleet (80 calls) in seconds without getting near it.
 */
export const METRIC_CALL_CONCURRENCY = 4;

export interface ReadUtilizationOptions {
  cloudwatch: CloudWatchClient;
  log: AwsCallLog;
  endpoints: readonly Endpoint[];
  window: TimeWindow;
  /** Window of the resource metrics (GPU, errors, latency); invocations use `window`. Defaults to `window`. */
  detailWindow?: TimeWindow;
  /** Window and period of GPU utilisation and memory; without it they come with the detail window. */
  gpu?: GpuMetricsRequest;
  now: Date;
  concurrency?: number;
}

const TRAFFIC: readonly MetricName[] = ['invocations'];
const DETAIL: readonly MetricName[] = ['errors-5xx', 'latency-ms'];

interface Group {
  plan: PlannedQuery[];
  window: TimeWindow;
  period: number;
}

/**
 * One group per window: GetMetricData takes one StartTime/EndTime (and each query one Period) per call, so batches
 * never mix windows. Traffic over the long lookback, errors and latency over the detail window, GPU metrics over
 * their own window at their own period when asked (hourly over days costs the same datapoints as 5 minutes over hours).
 */
function groups(opts: ReadUtilizationOptions): Group[] {
  const out: Group[] = [];
  const add = (w: TimeWindow, only: readonly MetricName[] | undefined, period = periodFor(w, opts.now)) => {
    const first = out.reduce((n, g) => n + g.plan.length, 0);
    const plan = planQueries(opts.endpoints, period, only, first);
    if (plan.length) out.push({ plan, window: alignWindow(w, period), period });
  };
  if (!opts.detailWindow && !opts.gpu) {
    add(opts.window, undefined);
    return out;
  }
  const detail = opts.detailWindow ?? opts.window;
  add(opts.window, opts.detailWindow ? TRAFFIC : [...TRAFFIC, ...DETAIL]);
  if (opts.detailWindow) add(detail, opts.gpu ? DETAIL : [...DETAIL, ...GPU_METRICS]);
  if (opts.gpu) add(opts.gpu.window, GPU_METRICS, opts.gpu.periodSeconds);
  return out;
}

export interface UtilizationRead {
  series: UtilizationSeries[];
  failures: FailureLog;
}

/**
 * Reads invocations, 5xx errors, model latency and per-GPU utilisation for every endpoint variant, 500 queries per
 * GetMetricData call. A call's answer may be split over pages (PartialData + NextToken, at 100,800 datapoints per
 * page); pages are merged per query Id. A batch that fails yields no series for its queries (unknown, not idle) and
 * a status entry; a query CloudWatch answers with Forbidden/InternalError is reported the same way.
 */
export async function readUtilization(opts: ReadUtilizationOptions): Promise<UtilizationRead> {
  const failures = new FailureLog();
  const batches = groups(opts).flatMap((g) => chunk(g.plan, MAX_QUERIES_PER_CALL).map((batch) => ({ ...g, batch })));

  const results = await mapLimit(batches, opts.concurrency ?? METRIC_CALL_CONCURRENCY, async ({ batch, window, period }) => {
    const byId = new Map<string, Map<number, number>>(batch.map((q) => [q.id, new Map()]));
    const bad = new Set<string>();
    try {
      await forEachPage(
        (NextToken) =>
          opts.log.send('CloudWatch.GetMetricData', () => {
            // CloudWatch bills GetMetricData per metric requested, every page included: what our own cost is priced on.
            opts.log.addUnits('CloudWatch.GetMetricData', batch.length);
            return opts.cloudwatch.send(
              new GetMetricDataCommand({
                MetricDataQueries: batch.map((q) => q.query),
                StartTime: window.start,
                EndTime: window.end,
                ScanBy: 'TimestampAscending',
                NextToken,
              }),
            );
          }),
        (page) => page.NextToken,
        (page) => {
          for (const r of page.MetricDataResults ?? []) {
            const points = r.Id ? byId.get(r.Id) : undefined;
            if (!points) continue;
            if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
              bad.add(r.Id!);
              failures.add('metrics', queryError(r.StatusCode, r.Messages?.[0]?.Value), r.Label ?? r.Id);
            }
            const ts = r.Timestamps ?? [];
            const vs = r.Values ?? [];
            for (let i = 0; i < ts.length && i < vs.length; i++) points.set(ts[i]!.getTime(), vs[i]!);
          }
        },
      );
    } catch (err) {
      const e = classifyAwsError(err, 'CloudWatch.GetMetricData');
      failures.add('metrics', e, `${batch.length} queries`);
      return [];
    }
    return batch.filter((q) => !bad.has(q.id)).map((q) => toSeries(q, byId.get(q.id)!, window, period));
  });
  return { series: results.flat(), failures };
}

function queryError(statusCode: 'Forbidden' | 'InternalError', detail: string | undefined): AwsProviderError {
  const forbidden = statusCode === 'Forbidden';
  return new AwsProviderError({
    code: statusCode,
    state: forbidden ? 'auth-failed' : 'error',
    operation: 'CloudWatch.GetMetricData',
    message: forbidden
      ? `CloudWatch refused some metrics (Forbidden${detail ? `: ${detail}` : ''}): grant cloudwatch:GetMetricData on the AWS/SageMaker and /aws/sagemaker/Endpoints namespaces.`
      : `CloudWatch could not compute some metrics (InternalError${detail ? `: ${detail}` : ''}); they are left unknown and retried next run.`,
  });
}

