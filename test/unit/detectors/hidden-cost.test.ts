import { describe, expect, it } from 'vitest';
import { detectHiddenCost } from '../../../src/detectors/hidden-cost';
import { addDays } from '../../../src/detectors/spend-baseline';
import type { CostLine } from '../../../src/domain/cost';
import { formatMoney } from '../../../src/domain/money';
import { config, costLine, snapshot } from '../../support/builders';

const NOW = new Date('2026-11-18T10:00:00Z');
const TODAY = '2026-11-18';
const ago = (n: number) => addDays(TODAY, -n);

/** 20 days of lines before today plus today's partial one; `value(n)` with n = days ago. */
function days(value: (n: number) => number, over: Partial<CostLine> = {}): CostLine[] {
  const out: CostLine[] = [];
  for (let n = 20; n >= 0; n--) out.push(costLine(ago(n), value(n), over));
  return out;
}
/** Compound weekly growth: 1 at 7 days ago ... */
const weekly = (base: number, pct: number) => (n: number) => base * Math.pow(1 + pct / 100, -n / 7);
const platform = (v: (n: number) => number) => days(v);
const s3 = (v: (n: number) => number) => days(v, { ServiceName: 'Amazon Simple Storage Service' });
const logs = (v: (n: number) => number) => days(v, { ServiceName: 'AmazonCloudWatch' });
const run = (costs: CostLine[], input: Parameters<typeof config>[0] = {}) => detectHiddenCost(snapshot({ costs }, NOW), config(input), NOW);

describe('detectHiddenCost', () => {
  it('reports logging that grows 35 % a week while the platform is flat, with its monthly run-rate and the usual fix', () => {
    const [f, ...rest] = run([...platform(() => 1000), ...logs(weekly(30, 35))]);
    expect(rest).toEqual([]);
    const last = [1, 2, 3, 4, 5, 6, 7].reduce((s, n) => s + weekly(30, 35)(n), 0);
    const prev = [8, 9, 10, 11, 12, 13, 14].reduce((s, n) => s + weekly(30, 35)(n), 0);
    expect(f).toMatchObject({
      kind: 'hidden-cost',
      ref: { cloud: 'aws', account: '123456789012', region: 'global', kind: 'cost-scope', name: 'aws 123456789012 logging', id: 'hidden:aws:123456789012:logging' },
      fingerprint: 'hidden-cost:aws:123456789012:global:cost-scope:aws 123456789012 logging',
      severity: 'medium',
      cost: { basis: 'billed' },
      recommendation: { action: 'none', reversible: false },
      evidence: { category: 'logging', rules: ['outgrows-platform'], period: { last: [ago(7), ago(1)], previous: [ago(14), ago(8)] }, platformLast7Days: 7000, platformGrowthPct: 0 },
    });
    expect(f!.cost.monthly.amount).toBeCloseTo((last / 7) * 30.4, 6);
    expect(f!.evidence.growthPct).toBeCloseTo(35, 6);
    expect(f!.evidence.services).toEqual([{ name: 'AmazonCloudWatch', last7Days: expect.closeTo(last, 6), previous7Days: expect.closeTo(prev, 6) }]);
    expect(f!.title).toBe(`Logging: AmazonCloudWatch grew +35% in a week while Amazon SageMaker stayed flat (${formatMoney(f!.cost.monthly, 0)}/month)`);
    expect(f!.recommendation.summary).toMatch(/retention period .* verbose/);
    expect(f!.cost.explanation).toMatch(/over the last 7 complete days \(2026-11-11 \.\. 2026-11-17\) x 30\.4\/7 days/);
  });

  it('does not report growth that matches the platform\'s, nor a steady category next to a shrinking platform', () => {
    expect(run([...platform(weekly(1000, 30)), ...logs(weekly(100, 35))])).toEqual([]);
    expect(run([...platform((n) => (n <= 7 ? 400 : 1000)), ...s3(() => 100)])).toEqual([]);
  });

  it('reports a category above maxSharePct of the platform, and not one below it', () => {
    const [f] = run([...platform(() => 1000), ...s3(() => 450)]);
    expect(f!.evidence).toMatchObject({ category: 'storage', rules: ['large-share'], sharePct: 45 });
    expect(f!.title).toBe('Storage: Amazon Simple Storage Service costs 45% of Amazon SageMaker spend ($13,680/month)');
    expect(f!.recommendation.summary).toMatch(/lifecycle rules/);
    expect(run([...platform(() => 1000), ...s3(() => 250)])).toEqual([]);
  });

  it('stays quiet under minMonthlyCost, however fast it grows', () => {
    expect(run([...platform(() => 8), ...logs(weekly(4, 100))])).toEqual([]); // +100 %, 34 % of the platform, $83 a month
    expect(run([...platform(() => 8), ...logs(weekly(4, 100))], { detectors: { 'hidden-cost': { minMonthlyCost: 50 } } })[0]!.evidence.rules).toEqual([
      'outgrows-platform',
      'large-share',
    ]);
  });

  it('calls spend that was not there the week before new, and reports it', () => {
    const nat = days((n) => (n <= 5 ? 40 : 0), { ServiceName: 'EC2 - Other' }).filter((l) => l.BilledCost > 0);
    const [f] = run([...platform(() => 1000), ...nat]);
    expect(f!.evidence).toMatchObject({ category: 'network', rules: ['outgrows-platform'], previous7Days: 0 });
    expect(f!.evidence.growthPct).toBeUndefined();
    expect(f!.title).toBe('Network (NAT, VPC): EC2 - Other is new, $869/month that was not there the week before');
    expect(f!.recommendation.summary).toMatch(/VPC endpoints/);
  });

  it('needs all 14 days for a growth and the last 7 for a share; an account without platform spend has nothing to hide behind', () => {
    const young = (l: CostLine) => l.ChargePeriodStart >= new Date(`${ago(9)}T00:00:00Z`);
    expect(run([...platform(() => 1000), ...logs(weekly(100, 50))].filter(young))).toEqual([]);
    expect(run([...platform(() => 1000), ...s3(() => 450)].filter(young))[0]!.evidence.rules).toEqual(['large-share']);
    expect(run(s3(() => 450))).toEqual([]);
    const gap = (l: CostLine) => !l.ChargePeriodStart.toISOString().startsWith(ago(1));
    expect(run([...platform(() => 1000), ...s3(() => 450)].filter(gap))).toEqual([]);
  });

  it('judges each account on its own platform spend, names the biggest billed resources, and can be disabled', () => {
    const SUB = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
    const az = { cloud: 'azure' as const, SubAccountId: SUB };
    const ws = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/mlw-logs`;
    const costs = [
      ...days(() => 300, { ...az, ServiceName: 'Azure Machine Learning' }),
      ...days(weekly(40, 35), { ...az, ServiceName: 'Log Analytics', ResourceId: ws }),
      ...platform(() => 5000),
      ...logs(weekly(40, 35)).map((l) => ({ ...l, SubAccountId: '222222222222' })),
    ];
    const found = run(costs);
    expect(found.map((f) => f.ref.name)).toEqual([`azure 3f2b6c1d logging`]);
    expect(found[0]!.evidence.resources.map((r) => r.name)).toEqual([ws]);
    expect(run(costs, { detectors: { 'hidden-cost': { enabled: false } } })).toEqual([]);
  });
});
