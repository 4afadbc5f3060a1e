import { describe, expect, it } from 'vitest';
import { detectEndpointFailure } from '../../../src/detectors/endpoint-failure';
import { detectAll } from '../../../src/detectors/index';
import { HOUR, NOW, config, endpoint, series, snapshot } from '../../support/builders';

const DETAIL_HOURS = 6;
const recentFrom = NOW.getTime() - HOUR;

/** A serving endpoint with `rpm` requests and `errors` 5xx per 5 minutes, and latency `ms(t)`, over the detail window. */
function serving(name: string, opts: { requests?: number; errors?: number; ms?: (t: Date) => number | undefined; over?: Parameters<typeof endpoint>[1] } = {}) {
  const e = endpoint(name, opts.over);
  const utilization = [
    series(e.ref, 'invocations', 72, () => opts.requests ?? 60),
    series(e.ref, 'errors-5xx', DETAIL_HOURS, () => opts.errors ?? 0),
    series(e.ref, 'latency-ms', DETAIL_HOURS, opts.ms ?? (() => 40)),
  ];
  return { e, snap: snapshot({ endpoints: [e], utilization }) };
}

describe('detectEndpointFailure', () => {
  it('reports a failed endpoint with its status, reason, what it bills and a high severity', () => {
    const { snap } = serving('broken', { over: { status: 'failed', providerStatus: 'Failed', failureReason: 'CapacityError: no ml.g5.12xlarge in us-east-1a' } });
    const [f, ...rest] = detectEndpointFailure(snap, config(), NOW);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: 'endpoint-failure',
      fingerprint: 'endpoint-failure:aws:123456789012:us-east-1:endpoint:broken',
      severity: 'high',
      owner: 'team-nlp',
      recommendation: { action: 'none', reversible: false },
      evidence: { signals: ['failed-state'], providerStatus: 'Failed', instanceCount: 1, instanceType: 'ml.g5.12xlarge' },
    });
    expect(f!.recommendation.summary).toContain('CapacityError');
    expect(f!.cost.monthly.amount).toBeCloseTo(7.09 * 730);
  });

  it('a failed endpoint whose instances never came up bills nothing, and says so instead of "price unknown"', () => {
    const { snap } = serving('never-up', { over: { status: 'failed', providerStatus: 'Failed', variants: [{ ...endpoint('x').variants[0]!, currentInstanceCount: 0 }] } });
    const [f] = detectEndpointFailure(snap, config(), NOW);
    expect(f!.cost).toMatchObject({ monthly: { amount: 0 }, basis: 'estimate', explanation: 'no instance is running, so no instance-hours are billed' });
    expect(f!.recommendation.summary).not.toContain('billing');
    expect(f!.severity).toBe('high');
  });

  it("counts SageMaker's OutOfService and RollingBack as failing although they are not `failed`", () => {
    for (const providerStatus of ['OutOfService', 'RollingBack']) {
      const { snap } = serving('odd', { over: { status: providerStatus === 'RollingBack' ? 'updating' : 'other', providerStatus } });
      expect(detectEndpointFailure(snap, config(), NOW).map((f) => f.evidence.signals)).toEqual([['failed-state']]);
    }
  });

  it('reports a 5xx rate above the threshold over the detail window, with the numbers', () => {
    const { snap } = serving('erroring', { requests: 60, errors: 6 });
    const [f] = detectEndpointFailure(snap, config(), NOW);
    expect(f!.evidence.signals).toEqual(['server-errors']);
    expect(f!.evidence.requests).toBe(60 * 72);
    expect(f!.evidence.serverErrors).toBe(6 * 72);
    expect(f!.evidence.serverErrorRatePct).toBeCloseTo(10);
    expect(f!.severity).toBe('high'); // cost decides above the medium floor: $5,176 a month
  });

  it('near misses do not fire: a rate at the threshold, or errors in a trickle of requests', () => {
    expect(detectEndpointFailure(serving('at-threshold', { requests: 100, errors: 5 }).snap, config(), NOW)).toEqual([]);
    const trickle = serving('trickle', { requests: 1, errors: 1 }).snap; // 72 requests < minRequests 100
    expect(detectEndpointFailure(trickle, config(), NOW)).toEqual([]);
    expect(detectEndpointFailure(trickle, config({ detectors: { 'endpoint-failure': { minRequests: 50 } } }), NOW)).toHaveLength(1);
  });

  it('reports a p95 latency regression of the recent hour against the endpoint\'s own earlier baseline', () => {
    const slow = serving('slow', { ms: (t) => (t.getTime() >= recentFrom ? 130 : 40) }).snap;
    const [f] = detectEndpointFailure(slow, config(), NOW);
    expect(f!.evidence.signals).toEqual(['latency-regression']);
    expect(f!.evidence.latencyP95RecentMs).toBeCloseTo(130);
    expect(f!.evidence.latencyP95BaselineMs).toBeCloseTo(40);
    // 1.5x is ordinary variation under the default 2x.
    const bumpy = serving('bumpy', { ms: (t) => (t.getTime() >= recentFrom ? 60 : 40) }).snap;
    expect(detectEndpointFailure(bumpy, config(), NOW)).toEqual([]);
  });

  it('never reads missing telemetry as a failure', () => {
    const e = endpoint('no-telemetry');
    expect(detectEndpointFailure(snapshot({ endpoints: [e], utilization: [] }), config(), NOW)).toEqual([]);
    // Only 4 datapoints in the recent hour (< minLatencyPoints 6): too few to call a regression.
    const sparse = serving('sparse-latency', { ms: (t) => (t.getTime() < recentFrom ? 40 : t.getTime() >= NOW.getTime() - 20 * 60_000 ? 500 : undefined) }).snap;
    expect(detectEndpointFailure(sparse, config(), NOW)).toEqual([]);
  });

  it('does not judge errors of an endpoint with nothing running (a parked endpoint answers errors by design)', () => {
    const { snap } = serving('parked', { errors: 60, over: { variants: [{ ...endpoint('x').variants[0]!, currentInstanceCount: 0, desiredInstanceCount: 0 }] } });
    expect(detectEndpointFailure(snap, config(), NOW)).toEqual([]);
  });

  it('lists every signal that holds, skips excluded endpoints, and can be turned off', () => {
    const { snap } = serving('everything', { errors: 30, ms: (t) => (t.getTime() >= recentFrom ? 400 : 40), over: { status: 'failed', providerStatus: 'UpdateRollbackFailed' } });
    const [f] = detectEndpointFailure(snap, config(), NOW);
    expect(f!.evidence.signals).toEqual(['failed-state', 'server-errors', 'latency-regression']);
    expect(f!.title).toBe('everything is failing (failed state, server errors, latency regression)');
    const ignored = serving('ignored', { errors: 30, over: { tags: { 'watchdog:ignore': 'true' } } }).snap;
    expect(detectEndpointFailure(ignored, config(), NOW)).toEqual([]);
    expect(detectEndpointFailure(snap, config({ detectors: { 'endpoint-failure': { enabled: false } } }), NOW)).toEqual([]);
  });

  it('runs in detectAll next to idle-gpu and can be selected alone', () => {
    const { snap } = serving('erroring', { errors: 30 });
    expect(detectAll(snap, config(), NOW).map((f) => f.kind)).toEqual(['endpoint-failure']);
    expect(detectAll(snap, config(), NOW, ['idle-gpu'])).toEqual([]);
  });
});
