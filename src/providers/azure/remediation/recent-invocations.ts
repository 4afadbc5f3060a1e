import type { MetricsListOptionalParams } from '@azure/arm-monitor';
import { armCall, type ActionContext } from './action-context';
import { deploymentArmId } from './arm-id';
import { listDeployments } from './online-endpoint';

/** The re-check never looks at less than this much recent history. */
export const RECHECK_MIN_MS = 10 * 60_000;
/** Azure Monitor's allowed metric intervals (minutes), smallest first. */
const INTERVALS: readonly [string, number][] = [['PT1M', 1], ['PT5M', 5], ['PT15M', 15], ['PT30M', 30], ['PT1H', 60], ['PT6H', 360], ['PT12H', 720], ['P1D', 1440]];
const MAX_POINTS = 1440;
const MAX_LOOKBACK_MS = 90 * 24 * 3_600_000;

/** The smallest allowed interval giving at most ~1440 points over the span. */
export function recheckInterval(spanMs: number): string {
  const minutes = spanMs / 60_000;
  return (INTERVALS.find(([, m]) => minutes / m <= MAX_POINTS) ?? INTERVALS[INTERVALS.length - 1]!)[0];
}

/** Where Metrics_List reads: resourceUri is a path parameter without encoding, so no leading slash (else `//`). */
const resourceUri = (armId: string): string => armId.replace(/^\/+/, '');

async function metricValues(ctx: ActionContext, armId: string, options: MetricsListOptionalParams, pick: 'total' | 'maximum'): Promise<number[]> {
  const res = await armCall(ctx, `Re-checking the traffic of online endpoint ${ctx.arm.name} (Azure Monitor ${options.metricnames})`, () =>
    ctx.monitor().metrics.list(resourceUri(armId), options),
  );
  const out: number[] = [];
  for (const m of res.value ?? []) for (const ts of m.timeseries ?? []) for (const d of ts.data ?? []) {
    const v = d[pick];
    if (typeof v === 'number' && !Number.isNaN(v)) out.push(v);
  }
  return out;
}

/**
 * Requests served by an Azure ML online endpoint since `since`: Azure Monitor RequestsPerMinute (endpoint resource,
 * aggregation Total) summed. Azure Monitor platform metrics arrive 1-3 minutes late (⚠️ typical, not guaranteed), so
 * the re-check always covers at least the last RECHECK_MIN_MS; traffic in that margin also cancels. A minute without
 * a value means nothing by itself: when there is no value at all, DeploymentCapacity (per deployment, Maximum) tells
 * whether the endpoint was alive (an instance > 0: telemetry flowing, no requests -> 0) or not (-> undefined, never 0).
 * Not an endpoint: undefined. A failing call throws: the caller must not act on a failed re-check.
 */
export async function recentInvocations(ctx: ActionContext, since: Date): Promise<number | undefined> {
  if (ctx.ref.kind !== 'endpoint') return undefined;
  const now = ctx.now();
  // Azure Monitor keeps metrics 93 days and refuses longer timespans; a re-check never needs that much.
  const earliest = now.getTime() - MAX_LOOKBACK_MS;
  const start = new Date(Math.floor(Math.max(earliest, Math.min(since.getTime(), now.getTime() - RECHECK_MIN_MS)) / 60_000) * 60_000);
  const window = { timespan: `${start.toISOString()}/${now.toISOString()}`, interval: recheckInterval(now.getTime() - start.getTime()) };
  const requests = await metricValues(
    ctx,
    ctx.label,
    { ...window, metricnames: 'RequestsPerMinute', aggregation: 'Total', metricnamespace: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints' },
    'total',
  );
  if (requests.length > 0) return requests.reduce((a, b) => a + b, 0);
  for (const d of await listDeployments(ctx)) {
    if (!d.name) continue;
    const capacity = await metricValues(
      ctx,
      deploymentArmId(ctx.label, d.name),
      { ...window, metricnames: 'DeploymentCapacity', aggregation: 'Maximum', metricnamespace: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments' },
      'maximum',
    );
    if (capacity.some((v) => v > 0)) return 0;
  }
  return undefined;
}
