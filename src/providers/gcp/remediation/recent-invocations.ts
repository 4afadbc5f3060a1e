import { lastSegment, googleCall, type ActionContext } from './action-context';

const MINUTE_S = 60;
/** The re-check never looks at less than this much recent history. */
export const RECHECK_MIN_MS = 10 * 60_000;
/** Enough resolution to see one call, few enough points per series for one page (pageSize 100,000). */
const TARGET_POINTS = 1440;

interface TimeSeriesPage {
  timeSeries?: { points?: { value?: { int64Value?: string; doubleValue?: number } }[] }[];
  nextPageToken?: string;
}

type TimeSeries = NonNullable<TimeSeriesPage['timeSeries']>[number];

/** Alignment period for a window: a multiple of 60 s giving at most ~1440 points. */
export function recheckPeriodSeconds(spanMs: number): number {
  return Math.max(MINUTE_S, Math.ceil(spanMs / 1000 / TARGET_POINTS / MINUTE_S) * MINUTE_S);
}

const pointValue = (v: { int64Value?: string; doubleValue?: number } | undefined): number | undefined => {
  if (v?.int64Value !== undefined) return Number(v.int64Value);
  return v?.doubleValue;
};

/**
 * Predictions served by a Vertex AI endpoint since `since` (prediction/online/prediction_count, ALIGN_SUM,
 * REDUCE_SUM over its deployed models). Cloud Monitoring writes no prediction_count point for a minute without
 * predictions, so "no points" alone means nothing: when there are none, prediction/online/replicas tells whether the
 * endpoint was alive (a replica > 0: telemetry flowing, no traffic -> 0) or not (no replica points either: unknown ->
 * undefined, never zero). Not an endpoint: undefined. A failing call throws: the caller must not act on a failed
 * re-check.
 */
export async function recentInvocations(ctx: ActionContext, since: Date): Promise<number | undefined> {
  if (ctx.ref.kind !== 'endpoint') return undefined;
  const now = ctx.now();
  // Vertex prediction metrics become visible up to 2 (replicas) to 6 (accelerator) minutes late (GCP metrics list,
  // "sampled every 60 s, not visible for up to 120 s"): a re-check right after detection would see no point at all
  // and be unknown. So it always covers at least the last RECHECK_MIN_MS; traffic in that margin also cancels.
  const start = new Date(Math.floor(Math.min(since.getTime(), now.getTime() - RECHECK_MIN_MS) / 60_000) * 60_000);
  // Monitoring takes the project id or number; the ref's account is the configured project id.
  const project = ctx.ref.account && ctx.ref.account !== 'unknown' ? ctx.ref.account : (/^projects\/([^/]+)\//.exec(ctx.name)?.[1] ?? '');
  const endpointId = lastSegment(ctx.name);
  const period = recheckPeriodSeconds(now.getTime() - start.getTime());

  const series = (metric: string, aligner: string, reducer: string): Promise<TimeSeries[]> =>
    googleCall(ctx, 'Monitoring.ListTimeSeries', `Re-checking the traffic of endpoint ${ctx.ref.name}`, () =>
      ctx.http.paginate<TimeSeriesPage, TimeSeries>(
        {
          operation: 'Monitoring.ListTimeSeries',
          path: `/v3/projects/${project}/timeSeries`,
          query: {
            filter: `metric.type = "aiplatform.googleapis.com/prediction/online/${metric}" AND resource.type = "aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id = "${endpointId}"`,
            'interval.startTime': start.toISOString(),
            'interval.endTime': now.toISOString(),
            'aggregation.alignmentPeriod': `${period}s`,
            'aggregation.perSeriesAligner': aligner,
            'aggregation.crossSeriesReducer': reducer,
            'aggregation.groupByFields': ['resource.label.endpoint_id'],
            view: 'FULL',
            pageSize: 100_000,
          },
        },
        (page) => page.timeSeries,
      ),
    );

  let total = 0;
  let points = 0;
  for (const s of await series('prediction_count', 'ALIGN_SUM', 'REDUCE_SUM')) {
    for (const p of s.points ?? []) {
      const v = pointValue(p.value);
      if (v === undefined || Number.isNaN(v)) continue;
      points += 1;
      total += v;
    }
  }
  if (points > 0) return total;
  const replicas = await series('replicas', 'ALIGN_MAX', 'REDUCE_SUM');
  const alive = replicas.some((s) => (s.points ?? []).some((p) => (pointValue(p.value) ?? 0) > 0));
  return alive ? 0 : undefined;
}
