import { GetMetricDataCommand, type GetMetricDataOutput } from '@aws-sdk/client-cloudwatch';
import { forEachPage } from '../call-log';
import { METRIC_SOURCES } from '../metric-plan';
import { awsCall, type ActionContext } from './action-context';
import { describeEndpoint } from './endpoint-ops';

const MINUTE_S = 60;
const DAY_MS = 86_400_000;
/** Enough resolution to see one call, few enough points to stay far below GetMetricData's 100,800 per page. */
const TARGET_POINTS = 1440;

/**
 * Period for a window starting `ageMs` ago and `spanMs` long. CloudWatch keeps 1-minute data for 15 days and
 * 5-minute data for 63 days, older data hourly only (CloudWatch concepts, "Metrics retention"), so the period is
 * at least what the window's start still has, and long windows use coarser periods. Always a multiple of 60 s.
 */
export function recheckPeriodSeconds(spanMs: number, ageMs: number): number {
  const floor = ageMs > 63 * DAY_MS ? 3600 : ageMs > 15 * DAY_MS ? 300 : MINUTE_S;
  const bySpan = Math.ceil(spanMs / 1000 / TARGET_POINTS / MINUTE_S) * MINUTE_S;
  const period = Math.max(floor, bySpan);
  return Math.ceil(period / floor) * floor;
}

/**
 * Invocations per variant since `since` (AWS/SageMaker Invocations, Sum, EndpointName + VariantName), summed.
 * Undefined when it cannot be known: not an endpoint, the endpoint is gone, or CloudWatch has no datapoint at all
 * (no datapoint is unknown, not zero). A failing call throws: the caller must not act on a failed re-check.
 */
export async function recentInvocations(ctx: ActionContext, since: Date): Promise<number | undefined> {
  if (ctx.ref.kind !== 'endpoint') return undefined;
  const endpoint = await describeEndpoint(ctx, ctx.ref.name);
  const variants = (endpoint?.ProductionVariants ?? []).map((v) => v.VariantName).filter((v): v is string => v !== undefined);
  if (variants.length === 0) return undefined;

  const now = ctx.now();
  const start = new Date(Math.floor(since.getTime() / 60_000) * 60_000);
  if (start.getTime() >= now.getTime()) return undefined;
  const period = recheckPeriodSeconds(now.getTime() - start.getTime(), now.getTime() - start.getTime());
  const src = METRIC_SOURCES.invocations;
  const queries = variants.map((variant, i) => ({
    Id: `v${i}`,
    MetricStat: {
      Metric: {
        Namespace: src.namespace,
        MetricName: src.metricName,
        Dimensions: [
          { Name: 'EndpointName', Value: ctx.ref.name },
          { Name: 'VariantName', Value: variant },
        ],
      },
      Period: period,
      Stat: src.stat,
    },
    ReturnData: true,
  }));

  let total = 0;
  let datapoints = 0;
  await awsCall(ctx, 'CloudWatch.GetMetricData', `Re-checking the traffic of endpoint ${ctx.ref.name}`, () =>
    forEachPage<GetMetricDataOutput>(
      (NextToken) =>
        ctx.clients.cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: now, ScanBy: 'TimestampAscending', NextToken })),
      (page) => page.NextToken,
      (page) => {
        for (const r of page.MetricDataResults ?? []) {
          for (const v of r.Values ?? []) {
            datapoints += 1;
            total += v;
          }
        }
      },
    ),
  );
  return datapoints === 0 ? undefined : total;
}
