import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailWindow, utilizationWindow } from '../../src/app/collect-window';
import { simHarness, type SimHarness } from '../support/sim-deps';

describe('AWS utilisation: long traffic history, recent resource metrics', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness();
  });
  afterAll(() => h.sim.close());

  it('reads invocations hourly over the lookback and GPU metrics every 5 minutes over the idle window', async () => {
    const [reader] = h.readers();
    const now = h.now();
    const inv = await reader!.inventory({});
    h.sim.resetCalls();
    const series = await reader!.utilization(inv.endpoints, { window: utilizationWindow(h.config, now), detailWindow: detailWindow(h.config, now) });
    const invocations = series.filter((s) => s.metric === 'invocations');
    const gpu = series.filter((s) => s.metric === 'gpu-util-pct');
    expect(invocations.length).toBeGreaterThan(0);
    expect(gpu.length).toBeGreaterThan(0);
    for (const s of invocations) {
      expect(s.periodSeconds).toBe(3600);
      expect(s.window.end.getTime() - s.window.start.getTime()).toBeGreaterThanOrEqual(239 * 3_600_000);
    }
    for (const s of gpu) {
      expect(s.periodSeconds).toBe(300);
      expect(s.window.end.getTime() - s.window.start.getTime()).toBeLessThanOrEqual(6 * 3_600_000);
    }
    // One GetMetricData call per window and region for the demo fleet (< 500 queries each).
    const regions = new Set(inv.endpoints.map((e) => e.ref.region)).size;
    expect(h.sim.calls()['CloudWatch.GetMetricData']).toBe(2 * regions);
    // CloudWatch bills per metric requested: the status counts one per query (one series each), for our own cost.
    const units = reader!
      .status()
      .filter((s) => s.component.startsWith('utilization:'))
      .reduce((n, s) => n + (s.units?.['CloudWatch.GetMetricData'] ?? 0), 0);
    expect(units).toBe(series.length);
  });
});
