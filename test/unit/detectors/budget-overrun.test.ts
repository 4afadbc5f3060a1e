import { describe, expect, it } from 'vitest';
import { detectBudgetOverrun, runRateForecast } from '../../../src/detectors/budget-overrun';
import { configSchema } from '../../../src/config/schema';
import { budgetOverrunDetails, budgetOverrunLine } from '../../../src/notify/views/budget-overrun-details';
import { config, costLine, snapshot } from '../../support/builders';

const NOW = new Date('2026-11-11T12:00:00Z'); // day 11 of 30: 10 complete days, 20 left (today included)
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);
const budgets = (list: unknown[]) => config({ detectors: { 'budget-overrun': { budgets: list as never } } });

describe('runRateForecast', () => {
  it('projects the complete days plus the days left at the median of the recent days, with a percentile range', () => {
    const daily = new Map(days(1, 10).map((d, i) => [d, i === 9 ? 1000 : 100] as const));
    const f = runRateForecast(daily, '2026-11-01', '2026-11-11', 30, 7, 'USD')!;
    expect(f.dailyRate).toBe(100); // the spike on the 10th does not move the median
    expect(f.total).toBe(1900 + 20 * 100);
    expect(f.high).toBeGreaterThan(f.total);
    expect(f.low).toBe(f.total);
    expect(runRateForecast(new Map([['2026-11-10', 5]]), '2026-11-01', '2026-11-11', 30, 7, 'USD')).toBeUndefined();
  });
});

describe('detectBudgetOverrun', () => {
  const spend = (perDay: number, over = {}) => days(1, 11).map((d) => costLine(d, perDay, over));

  it('reports the highest actual threshold crossed, and the forecast only when it crosses a higher one', () => {
    const fs = detectBudgetOverrun(snapshot({ costs: spend(100) }), budgets([{ name: 'sm', amount: 2000 }]), NOW);
    // 1,100 spent (55%: actual 50); 1,000 + 20 x 100 = 3,000 forecast (150%: forecast 100)
    expect(fs.map((f) => [f.evidence.basis, f.evidence.thresholdPct, f.severity, f.cost.basis])).toEqual([
      ['actual', 50, 'low', 'billed'],
      ['forecast', 100, 'medium', 'estimate'],
    ]);
    expect(fs.every((f) => f.alertOnce)).toBe(true);
    expect(fs[0]!.fingerprint).toBe('budget-overrun:aws:*:global:cost-scope:budget sm:2026-11:actual-50');
    expect(fs[1]!.cost.monthly.amount).toBe(3000);
    expect(fs[1]!.cost.explanation).toContain('run rate: 10 complete day(s) billed + 20 day(s) left');
    const high = detectBudgetOverrun(snapshot({ costs: spend(100) }), budgets([{ name: 'sm', amount: 1000 }]), NOW);
    expect(high.map((f) => [f.evidence.basis, f.evidence.thresholdPct])).toEqual([['actual', 100]]); // forecast 100 too: not repeated
    expect(detectBudgetOverrun(snapshot({ costs: spend(100) }), budgets([{ name: 'sm', amount: 10_000 }]), NOW)).toEqual([]);
  });

  it('counts only the scope: cloud, account, owner breakdown, platform service, budget currency', () => {
    const costs = [
      ...spend(100),
      ...spend(100, { ServiceName: 'Amazon Simple Storage Service' }),
      ...spend(100, { SubAccountId: '999999999999' }),
      ...spend(50, { breakdown: 'owner', Tags: { owner: 'team-a' } }),
      ...spend(100, { cloud: 'gcp', ServiceName: 'Vertex AI', SubAccountId: 'p', BillingCurrency: 'EUR' }),
    ];
    const [acct] = detectBudgetOverrun(snapshot({ costs }), budgets([{ name: 'a', cloud: 'aws', account: '123456789012', amount: 2000 }]), NOW);
    expect(acct!.evidence.actualToDate).toBe(1100);
    const [all] = detectBudgetOverrun(snapshot({ costs }), budgets([{ name: 'all', services: 'all', amount: 6000 }]), NOW);
    expect(all!.evidence.actualToDate).toBe(3300);
    expect(all!.evidence.otherCurrencies).toEqual(['EUR']);
    const [owner] = detectBudgetOverrun(snapshot({ costs }), budgets([{ name: 'o', owner: 'team-a', amount: 1000 }]), NOW);
    expect(owner!.evidence.actualToDate).toBe(550);
    expect(owner!.owner).toBe('team-a');
    const [eur] = detectBudgetOverrun(snapshot({ costs }), budgets([{ name: 'eu', currency: 'EUR', amount: 2000 }]), NOW);
    expect(eur!.evidence).toMatchObject({ actualToDate: 1100, clouds: ['gcp'], otherCurrencies: ['USD'] });
  });

  it('rejects duplicate budget names and unordered thresholds with their paths', () => {
    const r = configSchema.safeParse({ detectors: { 'budget-overrun': { budgets: [{ name: 'a', amount: 1 }, { name: 'A', amount: 2 }], actualThresholdsPct: [80, 50] } } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['detectors.budget-overrun.budgets.1.name', 'detectors.budget-overrun.actualThresholdsPct']));
  });

  it('renders the CLI line and Slack facts', () => {
    const [f] = detectBudgetOverrun(snapshot({ costs: spend(100) }), budgets([{ name: 'sm', amount: 2000 }]), NOW);
    expect(budgetOverrunLine(f!)).toBe('aws: $1,100 of $2,000 in 2026-11 (55%); forecast $3,000 (150%)');
    expect(budgetOverrunDetails(f!).facts.map((x) => x.label)).toEqual(['Budget', 'Month to date', 'Forecast', 'Clouds']);
  });
});
