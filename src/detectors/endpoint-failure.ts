import { quantileSorted } from 'simple-statistics';
import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { EndpointFailureFinding, FailureSignal, Severity } from '../domain/finding';
import type { Endpoint } from '../domain/resources';
import { runningInstances } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import type { UtilizationSeries } from '../domain/utilization';
import { billsResource, estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { severityFor } from './idle-gpu';
import { seriesIndex } from './series-index';

const HOUR_MS = 3_600_000;

/**
 * Provider states that mean "not serving as deployed" although the status is not `failed`: SageMaker's OutOfService
 * ("not available to take requests", still billing) and RollingBack (an update failed and is being undone).
 */
const FAILING_PROVIDER_STATES = new Set(['outofservice', 'rollingback', 'updaterollbackfailed']);

/**
 * `endpoint-failure`: an endpoint that fails quietly while it bills. Three signals, each from normalised data so every
 * cloud is judged alike: a failed state (or SageMaker's OutOfService / RollingBack), a 5xx rate above the threshold
 * over the detail window with enough requests to mean something, and a p95 model-latency regression of the recent
 * hours against the endpoint's own earlier baseline. Missing telemetry is never a signal.
 */
export function detectEndpointFailure(snapshot: Snapshot, config: WatchdogConfig, now: Date): EndpointFailureFinding[] {
  const policy = config.detectors['endpoint-failure'];
  if (!policy.enabled) return [];
  const index = seriesIndex(snapshot.utilization);
  const findings: EndpointFailureFinding[] = [];
  for (const e of snapshot.endpoints) {
    if (exclusionReason(e.ref.name, e.tags, config.exclusions)) continue;
    const f = evaluate(e, index.forRef(e.ref), snapshot, config, now);
    if (f) findings.push(f);
  }
  return findings;
}

function evaluate(e: Endpoint, series: readonly UtilizationSeries[], snapshot: Snapshot, config: WatchdogConfig, now: Date): EndpointFailureFinding | undefined {
  const policy = config.detectors['endpoint-failure'];
  const signals: FailureSignal[] = [];
  if (e.status === 'failed' || FAILING_PROVIDER_STATES.has(e.providerStatus.toLowerCase())) signals.push('failed-state');

  // Errors and latency are judged only while something runs and bills: an endpoint with nothing deployed (parked by
  // the watchdog: Vertex AI undeployed, Azure deployments deleted) answers errors by design.
  const serving = runningInstances(e) > 0;
  // Errors are read over the detail window only; count requests over the same span.
  const from = detailStart(series, 'errors-5xx') ?? snapshot.window.start.getTime();
  const requests = total(series, 'invocations', from, now.getTime());
  const serverErrors = total(series, 'errors-5xx', from, now.getTime());
  const errorRatePct = requests !== undefined && serverErrors !== undefined && requests > 0 ? (serverErrors / requests) * 100 : undefined;
  if (serving && requests !== undefined && requests >= policy.minRequests && errorRatePct !== undefined && errorRatePct > policy.maxServerErrorRatePct) {
    signals.push('server-errors');
  }

  const latency = latencyP95s(series, now.getTime() - policy.recentHours * HOUR_MS, policy.minLatencyPoints);
  if (serving && latency && latency.recent >= latency.baseline * policy.latencyRegressionRatio) signals.push('latency-regression');
  if (signals.length === 0) return undefined;

  const running = e.variants.map((v) => ({ instance: v.instance, count: v.currentInstanceCount }));
  const cost = serving || hasBilledLines(e, snapshot) ? estimateMonthlyCost(e.ref, running, snapshot.costs, now) : nothingRunning(e);
  const instanceTypes = [...new Set(e.variants.map((v) => v.instance.instanceType))].join(' + ') || 'unknown';
  const owner = e.tags[config.ownerTag];
  return {
    kind: 'endpoint-failure',
    fingerprint: `endpoint-failure:${refKey(e.ref)}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    title: `${e.ref.name} is failing (${signals.map(describe).join(', ')})`,
    severity: severityOf(signals, cost.monthly.amount, errorRatePct),
    resourceCreatedAt: e.createdAt,
    detectedAt: now,
    cost,
    recommendation: {
      action: 'none',
      summary: signals.includes('failed-state')
        ? `Fix or delete it: the endpoint is ${e.providerStatus} and serves nothing as deployed${serving ? ' while its instances keep billing' : ''}${e.failureReason ? ` (${e.failureReason})` : ''}.`
        : 'Look at the model logs and the last deployment: clients are getting errors or slow answers while the endpoint bills.',
      reversible: false,
    },
    evidence: {
      signals,
      providerStatus: e.providerStatus,
      ...(e.failureReason ? { failureReason: e.failureReason } : {}),
      ...(requests !== undefined ? { requests } : {}),
      ...(serverErrors !== undefined ? { serverErrors } : {}),
      ...(errorRatePct !== undefined ? { serverErrorRatePct: errorRatePct } : {}),
      ...(latency ? { latencyP95RecentMs: latency.recent, latencyP95BaselineMs: latency.baseline } : {}),
      recentHours: policy.recentHours,
      instanceCount: runningInstances(e),
      instanceType: instanceTypes,
    },
  };
}

function hasBilledLines(e: Endpoint, snapshot: Snapshot): boolean {
  return snapshot.costs.some((c) => c.basis === 'billed' && billsResource(c, e.ref));
}

/** A failed endpoint with no instance running (it never came up) bills no instances: say so, not "price unknown". */
function nothingRunning(e: Endpoint): EndpointFailureFinding['cost'] {
  const currency = e.variants.find((v) => v.instance.listPrice)?.instance.listPrice?.hourly.currency ?? 'USD';
  return { monthly: { amount: 0, currency }, hourly: { amount: 0, currency }, basis: 'estimate', explanation: 'no instance is running, so no instance-hours are billed' };
}

function describe(s: FailureSignal): string {
  return s === 'failed-state' ? 'failed state' : s === 'server-errors' ? 'server errors' : 'latency regression';
}

/** A failed state or most requests failing is at least high; otherwise the cost at stake decides, at least medium. */
function severityOf(signals: readonly FailureSignal[], monthly: number, errorRatePct: number | undefined): Severity {
  const byCost = severityFor(monthly);
  const floor: Severity = signals.includes('failed-state') || (errorRatePct ?? 0) >= 50 ? 'high' : 'medium';
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  return order.indexOf(byCost) >= order.indexOf(floor) ? byCost : floor;
}

/** Start of the window the metric was read over (the detail window). */
function detailStart(series: readonly UtilizationSeries[], metric: UtilizationSeries['metric']): number | undefined {
  const s = series.find((x) => x.metric === metric);
  return s?.window.start.getTime();
}

/** Sum of a metric over [from, to) across variants; undefined when no series of it exists (unknown, not zero). */
function total(series: readonly UtilizationSeries[], metric: UtilizationSeries['metric'], from: number, to: number): number | undefined {
  const of = series.filter((s) => s.metric === metric);
  if (of.length === 0) return undefined;
  let sum = 0;
  for (const s of of) for (const p of s.points) if (p.t.getTime() >= from && p.t.getTime() < to) sum += p.v;
  return sum;
}

/** p95 of latency datapoints since `recentFrom` and before it; undefined unless both parts have enough points. */
function latencyP95s(series: readonly UtilizationSeries[], recentFrom: number, minPoints: number): { recent: number; baseline: number } | undefined {
  const recent: number[] = [];
  const baseline: number[] = [];
  for (const s of series.filter((x) => x.metric === 'latency-ms')) {
    for (const p of s.points) (p.t.getTime() >= recentFrom ? recent : baseline).push(p.v);
  }
  if (recent.length < minPoints || baseline.length < minPoints) return undefined;
  const p95 = (xs: number[]) => quantileSorted([...xs].sort((a, b) => a - b), 0.95);
  return { recent: p95(recent), baseline: p95(baseline) };
}
