import { describe, expect, it } from 'vitest';
import { detectBudgetOverrun } from '../../../src/detectors/budget-overrun';
import type { BudgetOverrunFinding } from '../../../src/domain/finding';
import { weeklyFindings } from '../../../src/report/weekly-findings';
import { forOwner, reportOwners } from '../../../src/report/weekly-report';
import { config, snapshot } from '../../support/builders';
import { idleGpuFinding } from '../notify/finding-factory';
import { fiveWeeksOfAws, fixtureReport, REPORT_NOW, token, WEEK } from './report-fixture';

const HOUR = 3_600_000;

describe('weekly report content', () => {
  it('measures budgets exactly as the budget-overrun detector does (month so far and forecast)', () => {
    const r = fixtureReport();
    const [row] = r.budgets.rows;
    const cfg = config({ detectors: { 'budget-overrun': { budgets: [{ name: 'ML platform', amount: 5000 }], actualThresholdsPct: [1] } } });
    const f = detectBudgetOverrun(snapshot({ costs: fiveWeeksOfAws() }, REPORT_NOW), cfg, REPORT_NOW)[0] as BudgetOverrunFinding;
    expect(row).toMatchObject({ name: 'ML platform', currency: 'USD', amount: 5000, month: '2026-11', actual: f.evidence.actualToDate });
    // 1-22 Nov complete: 15 days at 100 and 7 at 150; the run rate is the median of the last 7 complete days.
    expect(row!.actual).toBe(15 * 100 + 7 * 150 + 150);
    expect(row!.forecast!.total).toBeCloseTo(f.evidence.forecast!.total);
    expect(fixtureReport({ budgets: false }).budgets).toMatchObject({ rows: [], none: expect.stringMatching(/No budgets are configured/) });
  });

  it('ranks waste findings by monthly cost before context findings, by kind and by owner', () => {
    const big = idleGpuFinding({ name: 'big', owner: 'team-a', instanceCount: 4 });
    const small = idleGpuFinding({ name: 'small', owner: 'team-b' });
    const eur = idleGpuFinding({ name: 'eur', owner: 'team-a', currency: 'EUR' });
    const budget = { ...idleGpuFinding({ name: 'budget' }), kind: 'budget-overrun', cost: { monthly: { amount: 1e6, currency: 'USD' }, basis: 'estimate', explanation: '' } } as unknown as BudgetOverrunFinding;
    const s = weeklyFindings([small, budget, eur, big], 'owner');
    expect(s.ranked.map((f) => f.ref.name)).toEqual(['big', 'eur', 'small', 'budget']);
    expect(s.monthlyWaste.map((m) => m.currency).sort()).toEqual(['EUR', 'USD']);
    expect(s.byOwner.map((g) => g.key)).toEqual(['team-a', 'team-b', 'ml-platform']);
    expect(s.byOwner[0]!.monthlyWaste).toHaveLength(2);
    expect(s.byKind.find((g) => g.key === 'budget-overrun')).toMatchObject({ count: 1, contextCount: 1, monthlyWaste: [] });
  });

  it('names what was parked and restored in the week and what it saved', () => {
    const parked = token('a', { parkedAt: new Date(WEEK.start.getTime() + 24 * HOUR) });
    const restored = token('b', { parkedAt: new Date(WEEK.start.getTime() - 48 * HOUR), restoredAt: new Date(WEEK.start.getTime() + 10 * HOUR), restoreSeconds: 420, state: 'restored' });
    const r = fixtureReport({ tokens: [parked, restored] });
    expect(r.savings.parked.map((t) => t.tokenId)).toEqual(['tok-a']);
    expect(r.savings.restored.map((t) => t.tokenId)).toEqual(['tok-b']);
    expect(r.savings.stillParked.map((t) => t.tokenId)).toEqual(['tok-a']);
    // a: 6 days x 24 h, b: 10 h inside the week.
    expect(r.savings.savings.total[0]!.amount).toBeCloseTo((144 + 10) * 7.09);
  });

  it('records which enabled clouds returned no cost for the week', () => {
    const r = fixtureReport({ snapshot: { statuses: [{ cloud: 'gcp', component: 'costs', state: 'missing-data', message: 'billing export not configured' }] } });
    expect(r.clouds.find((c) => c.cloud === 'gcp')).toMatchObject({ enabled: true, costLines: 0, problems: ['costs: missing-data: billing export not configured'] });
    expect(r.clouds.find((c) => c.cloud === 'aws')!.costLines).toBeGreaterThan(0);
    expect(r.clouds.find((c) => c.cloud === 'azure')!.enabled).toBe(false);
  });

  it('narrows to one owner: their findings and spend rows, no fleet totals', () => {
    const a = idleGpuFinding({ name: 'a', owner: 'team-a' });
    const b = idleGpuFinding({ name: 'b', owner: 'team-b' });
    const r = fixtureReport({ findings: [a, b] });
    // team-nlp owns the fixture's endpoint (lock-in score), team-a and team-b the findings.
    expect(reportOwners(r)).toEqual(['team-a', 'team-b', 'team-nlp']);
    const mine = forOwner(r, 'team-a', [a, b], () => undefined);
    expect(mine.owner).toBe('team-a');
    expect(mine.findings.ranked.map((f) => f.ref.name)).toEqual(['a']);
    expect(mine.spend.byCloud).toEqual([]);
    expect(mine.budgets.rows).toEqual([]);
  });
});
