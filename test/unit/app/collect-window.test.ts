import { describe, expect, it } from 'vitest';
import { costHistoryDays, costWindow, GPU_PERIOD_SECONDS, gpuRequest, gpuWindow } from '../../../src/app/collect-window';
import { config } from '../../support/builders';
import { costPeriod } from '../../../src/providers/aws/cost-explorer';
import { costDays } from '../../../src/providers/azure/cost-management';
import { billingPeriod } from '../../../src/providers/gcp/bigquery-billing-query';
import { atLeastDays } from '../../../src/providers/cost-window';

const NOW = new Date('2026-11-18T10:00:00Z');

describe('costWindow', () => {
  it('reads what the cost-anomaly baseline needs: 4 weeks of the same weekday before yesterday, and today', () => {
    expect(costHistoryDays(config())).toBe(29);
    expect(costWindow(config(), NOW)).toEqual({ start: new Date('2026-10-20T00:00:00Z'), end: new Date('2026-11-19T00:00:00Z') });
  });

  it('follows baselineWeeks, keeps a longer lookbackDays, and falls back to hidden-cost\'s two weeks or the lookback alone', () => {
    expect(costHistoryDays(config({ detectors: { 'cost-anomaly': { baselineWeeks: 8 } } }))).toBe(57);
    expect(costWindow(config({ clouds: { aws: { costExplorer: { lookbackDays: 45 } } } }), NOW).start).toEqual(new Date('2026-10-04T00:00:00Z'));
    expect(costHistoryDays(config({ detectors: { 'cost-anomaly': { enabled: false } } }))).toBe(15);
    const none = config({ detectors: { 'cost-anomaly': { enabled: false }, 'hidden-cost': { enabled: false } } });
    expect(costWindow(none, NOW).start).toEqual(new Date('2026-11-04T00:00:00Z'));
  });
});

describe('costWindow with budgets', () => {
  const budgetsOnly = config({
    detectors: { 'cost-anomaly': { enabled: false }, 'hidden-cost': { enabled: false }, 'budget-overrun': { budgets: [{ name: 'ml', amount: 1000 }] } },
  });
  const lastDay = new Date('2026-12-31T18:00:00Z');

  it('reaches back to the 1st of the month, or runRateDays complete days before today early in the month', () => {
    expect(costHistoryDays(budgetsOnly, lastDay)).toBe(31);
    expect(costWindow(budgetsOnly, lastDay).start.getTime()).toBeLessThanOrEqual(Date.parse('2026-12-01T00:00:00Z'));
    // On the 3rd the run rate needs the 7 complete days before today: 8 days with today.
    expect(costHistoryDays(budgetsOnly, new Date('2026-12-03T10:00:00Z'))).toBe(8);
    expect(costHistoryDays(config({ detectors: { 'budget-overrun': { budgets: [{ name: 'ml', amount: 1 }], enabled: false }, 'cost-anomaly': { enabled: false }, 'hidden-cost': { enabled: false } } }), lastDay)).toBe(0);
  });

  it('is read that far back by every cloud: Cost Explorer, Azure Cost Management (31-day cap) and the Google billing export', () => {
    const window = costWindow(budgetsOnly, lastDay);
    // The default lookbacks (AWS 14, Azure and Google theirs) are shorter than the month: the window wins everywhere.
    expect(costPeriod(window, lastDay).Start <= '2026-12-01').toBe(true);
    const az = costDays(window, budgetsOnly.clouds.azure.costManagement.lookbackDays);
    expect(az.from.getTime()).toBeLessThanOrEqual(Date.parse('2026-12-01T00:00:00Z'));
    expect(az.to.toISOString()).toBe('2026-12-31T23:59:59.000Z');
    const gcp = billingPeriod(atLeastDays(window, budgetsOnly.clouds.gcp.billingExport.lookbackDays), lastDay);
    expect(gcp.start.getTime()).toBeLessThanOrEqual(Date.parse('2026-12-01T00:00:00Z'));
  });
});

describe('gpuWindow', () => {
  it('is underused-gpu\'s window, hourly, ending at the last whole hour', () => {
    const at = new Date('2026-11-18T10:37:12Z');
    expect(gpuWindow(config(), at)).toEqual({
      window: { start: new Date('2026-11-15T10:00:00Z'), end: new Date('2026-11-18T10:00:00Z') },
      periodSeconds: GPU_PERIOD_SECONDS,
    });
    expect(GPU_PERIOD_SECONDS).toBe(3600);
  });

  it('covers at least the idle window (idle-gpu reads GPU utilisation from it too), and is absent when underused-gpu is off', () => {
    const long = config({ detectors: { 'idle-gpu': { idleWindowHours: 96 } } });
    expect(gpuWindow(long, NOW)!.window.start).toEqual(new Date('2026-11-14T10:00:00Z'));
    expect(gpuWindow(config({ detectors: { 'underused-gpu': { enabled: false } } }), NOW)).toBeUndefined();
    expect(gpuRequest(undefined)).toEqual({});
  });
});
