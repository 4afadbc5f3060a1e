import { describe, expect, it } from 'vitest';
import { detectIdleGpu, severityFor } from '../../../src/detectors/idle-gpu';
import { detectAll } from '../../../src/detectors/index';
import { HOUR, NOW, billedLine, config, endpoint, series, snapshot, variant } from '../../support/builders';

const zero = () => 0;
const abandoned = (at: number) => (t: Date) => (t.getTime() < at ? 12 : 0);

function idleSnapshot(e = endpoint('abandoned'), invocations = series(e.ref, 'invocations', 72, zero), gpu = series(e.ref, 'gpu-util-pct', 72, () => 0.4)) {
  return snapshot({ endpoints: [e], utilization: [invocations, gpu] });
}

describe('detectIdleGpu', () => {
  it('reports an abandoned GPU endpoint with idle hours, last invocation, waste and basis', () => {
    const e = endpoint('abandoned');
    const at = NOW.getTime() - 50 * HOUR;
    const snap = idleSnapshot(e, series(e.ref, 'invocations', 72, abandoned(at)));
    const [f, ...rest] = detectIdleGpu(snap, config(), NOW);
    expect(rest).toHaveLength(0);
    expect(f).toBeDefined();
    expect(f!.kind).toBe('idle-gpu');
    expect(f!.fingerprint).toBe('idle-gpu:aws:123456789012:us-east-1:endpoint:abandoned');
    expect(f!.evidence.lastInvocationAt?.getTime()).toBe(at);
    expect(f!.evidence.idleHours).toBeCloseTo(50, 5);
    expect(f!.evidence.instanceType).toBe('ml.g5.12xlarge');
    expect(f!.evidence.acceleratorCount).toBe(4);
    expect(f!.evidence.meanGpuUtilPct).toBeCloseTo(0.4);
    expect(f!.cost.basis).toBe('list-price');
    expect(f!.cost.hourly?.amount).toBeCloseTo(7.09);
    expect(f!.cost.monthly.amount).toBeCloseTo(7.09 * 730);
    expect(f!.cost.explanation).toContain('1 x ml.g5.12xlarge');
    expect(f!.cost.explanation).toContain('us-east-1');
    expect(f!.evidence.wastedSoFar.amount).toBeCloseTo(7.09 * 50);
    expect(f!.owner).toBe('team-nlp');
    expect(f!.recommendation.action).toBe('delete-endpoint-keep-config');
    expect(f!.severity).toBe('high');
  });

  it('says the idle time is at least the lookback when no invocation was ever seen', () => {
    const [f] = detectIdleGpu(idleSnapshot(), config(), NOW);
    expect(f!.evidence.lastInvocationAt).toBeUndefined();
    expect(f!.evidence.idleHours).toBeCloseTo(72);
  });

  it('does not report an endpoint with traffic in the idle window', () => {
    const e = endpoint('busy');
    const snap = idleSnapshot(e, series(e.ref, 'invocations', 72, abandoned(NOW.getTime() - 2 * HOUR)));
    expect(detectIdleGpu(snap, config(), NOW)).toEqual([]);
  });

  it('honours a longer idle window from config', () => {
    const e = endpoint('quiet-for-8h');
    const snap = idleSnapshot(e, series(e.ref, 'invocations', 72, abandoned(NOW.getTime() - 8 * HOUR)));
    expect(detectIdleGpu(snap, config(), NOW)).toHaveLength(1);
    expect(detectIdleGpu(snap, config({ detectors: { 'idle-gpu': { idleWindowHours: 12 } } }), NOW)).toEqual([]);
  });

  it('treats missing datapoints as unknown, not zero', () => {
    const e = endpoint('no-telemetry');
    const sparse = series(e.ref, 'invocations', 72, (t) => (t.getUTCMinutes() === 0 ? 0 : undefined));
    expect(detectIdleGpu(idleSnapshot(e, sparse), config(), NOW)).toEqual([]);
    expect(detectIdleGpu(snapshot({ endpoints: [e] }), config(), NOW)).toEqual([]);
    expect(detectIdleGpu(idleSnapshot(e, sparse), config({ detectors: { 'idle-gpu': { minCoverage: 0.05 } } }), NOW)).toHaveLength(1);
  });

  describe('usual quiet periods (nights, weekends)', () => {
    // Weekday office hours 09:00-18:00 UTC; NOW is Friday 2026-11-20 12:00 UTC.
    const office = (t: Date) => {
      const h = t.getUTCHours();
      const weekday = t.getUTCDay() >= 1 && t.getUTCDay() <= 5;
      return weekday && h >= 9 && h < 18 ? 30 : 0;
    };
    const at = (iso: string) => new Date(iso);
    const run = (now: Date, value: (t: Date) => number, cfg = config()) => {
      const e = endpoint('office-hours');
      const snap = snapshot(
        { endpoints: [e], utilization: [series(e.ref, 'invocations', 240, value, now)], window: { start: new Date(now.getTime() - 240 * HOUR), end: now } },
        now,
      );
      return detectIdleGpu(snap, cfg, now);
    };

    it('does not call an office-hours endpoint idle at night or on a weekend it has seen before', () => {
      expect(run(at('2026-11-20T05:00:00Z'), office)).toEqual([]); // 11 h into a 15 h night
      expect(run(at('2026-11-22T20:00:00Z'), office)).toEqual([]); // Sunday evening: last weekend was quiet too
    });

    it('calls it idle when the quiet stretch is longer than any before it', () => {
      const abandonedMonday = (t: Date) => (t.getTime() < at('2026-11-16T18:00:00Z').getTime() ? office(t) : 0);
      const [f] = run(at('2026-11-19T12:00:00Z'), abandonedMonday);
      expect(f).toBeDefined();
      expect(f!.evidence.idleHours).toBeCloseTo(66);
      expect(f!.evidence.usualMaxQuietHours).toBeGreaterThanOrEqual(15);
    });

    it('can be told to flag every quiet stretch longer than the idle window', () => {
      const cfg = config({ detectors: { 'idle-gpu': { respectUsualQuietPeriods: false } } });
      expect(run(at('2026-11-20T05:00:00Z'), office, cfg)).toHaveLength(1);
    });
  });

  it('skips CPU endpoints, serverless endpoints and endpoints already at zero', () => {
    const cpu = endpoint('cpu', { variants: [variant('ml.m5.xlarge')] });
    const parked = endpoint('parked', { servingMode: 'inference-components', variants: [variant('ml.g5.12xlarge', 0)] });
    const serverless = endpoint('sls', { servingMode: 'serverless', variants: [variant('ml.g5.xlarge', 0)] });
    for (const e of [cpu, parked, serverless]) {
      expect(detectIdleGpu(idleSnapshot(e), config(), NOW), e.ref.name).toEqual([]);
    }
  });

  it('counts Inferentia and Trainium accelerators as well as GPUs', () => {
    const e = endpoint('neuron', { variants: [variant('ml.inf2.xlarge')] });
    expect(detectIdleGpu(idleSnapshot(e), config(), NOW)).toHaveLength(1);
  });

  it('skips excluded resources: watchdog:ignore tag, config tags and name globs', () => {
    const ignored = endpoint('ignored', { tags: { 'watchdog:ignore': 'true' } });
    expect(detectIdleGpu(idleSnapshot(ignored), config(), NOW)).toEqual([]);
    const notIgnored = endpoint('not-ignored', { tags: { 'watchdog:ignore': 'false' } });
    expect(detectIdleGpu(idleSnapshot(notIgnored), config(), NOW)).toHaveLength(1);
    const prod = endpoint('prod-llm', { tags: { env: 'prod' } });
    expect(detectIdleGpu(idleSnapshot(prod), config({ exclusions: { tags: { env: 'prod' } } }), NOW)).toEqual([]);
    expect(detectIdleGpu(idleSnapshot(prod), config({ exclusions: { names: ['prod-*'] } }), NOW)).toEqual([]);
    expect(detectIdleGpu(idleSnapshot(prod), config({ exclusions: { names: ['dev-*'] } }), NOW)).toHaveLength(1);
  });

  it('skips endpoints younger than the idle window and endpoints not in service', () => {
    const young = endpoint('young', { createdAt: new Date(NOW.getTime() - 2 * HOUR) });
    const failed = endpoint('failed', { status: 'failed', providerStatus: 'Failed' });
    expect(detectIdleGpu(idleSnapshot(young), config(), NOW)).toEqual([]);
    expect(detectIdleGpu(idleSnapshot(failed), config(), NOW)).toEqual([]);
  });

  it('does not call a GPU idle when it is busy without invocations (batch work, warm-up)', () => {
    const e = endpoint('busy-gpu');
    const snap = idleSnapshot(e, undefined, series(e.ref, 'gpu-util-pct', 72, () => 60));
    expect(detectIdleGpu(snap, config(), NOW)).toEqual([]);
  });

  it('prefers billed cost for the resource over list price', () => {
    const e = endpoint('billed');
    const snap = idleSnapshot(e);
    snap.costs = [billedLine(e.ref, '2026-11-18', 100), billedLine(e.ref, '2026-11-19', 140)];
    const [f] = detectIdleGpu(snap, config(), NOW);
    expect(f!.cost.basis).toBe('billed');
    expect(f!.cost.monthly.amount).toBeCloseTo(120 * (730 / 24));
  });

  it('labels an unknown price as an estimate instead of inventing one', () => {
    const v = variant('ml.g5.12xlarge');
    delete v.instance.listPrice;
    const [f] = detectIdleGpu(idleSnapshot(endpoint('unpriced', { variants: [v] })), config(), NOW);
    expect(f!.cost.basis).toBe('estimate');
    expect(f!.cost.monthly.amount).toBe(0);
    expect(f!.cost.explanation).toMatch(/no list price/);
    expect(detectIdleGpu(idleSnapshot(endpoint('unpriced', { variants: [v] })), config({ detectors: { 'idle-gpu': { minMonthlyCost: 1 } } }), NOW)).toEqual([]);
  });

  it('recommends the park action of each serving mode', () => {
    const ic = endpoint('ic', { servingMode: 'inference-components' });
    const asyncE = endpoint('async', { servingMode: 'async' });
    expect(detectIdleGpu(idleSnapshot(ic), config(), NOW)[0]!.recommendation.action).toBe('ic-copies-to-zero');
    expect(detectIdleGpu(idleSnapshot(asyncE), config(), NOW)[0]!.recommendation.action).toBe('async-min-capacity-zero');
  });

  it('can be disabled, and detectAll filters by kind', () => {
    expect(detectIdleGpu(idleSnapshot(), config({ detectors: { 'idle-gpu': { enabled: false } } }), NOW)).toEqual([]);
    expect(detectAll(idleSnapshot(), config(), NOW, ['idle-gpu'])).toHaveLength(1);
    expect(detectAll(idleSnapshot(), config(), NOW, [])).toEqual([]);
  });

  it('maps monthly cost to severity', () => {
    expect(severityFor(50)).toBe('low');
    expect(severityFor(500)).toBe('medium');
    expect(severityFor(5_000)).toBe('high');
    expect(severityFor(50_000)).toBe('critical');
  });
});
