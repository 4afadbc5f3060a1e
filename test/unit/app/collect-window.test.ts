import { describe, expect, it } from 'vitest';
import { costHistoryDays, costWindow } from '../../../src/app/collect-window';
import { config } from '../../support/builders';

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
