import { describe, expect, it } from 'vitest';
import { detectBudgetOverrun, severityOf } from '../../../src/detectors/budget-overrun';
import { billedHorizon, monthClock, runRatePart } from '../../../src/detectors/budget-forecast';
import { configSchema } from '../../../src/config/schema';
import type { CostLine, MonthForecast } from '../../../src/domain/cost';
import { config, costLine, snapshot } from '../../support/builders';

const NOW = new Date('2026-11-11T12:00:00Z'); // day 11 of 30: 10 complete days, 20 left with today
const CLOCK = monthClock(NOW);
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);
const budgets = (list: unknown[], over: Record<string, unknown> = {}) => config({ detectors: { 'budget-overrun': { budgets: list as never, ...over } } });
/** $perDay on each of the 1st..11th (the 11th is today's partial day). */
const spend = (perDay: number, over: Partial<CostLine> = {}) => days(1, 11).map((d) => costLine(d, perDay, over));
const run = (costs: CostLine[], list: unknown[], forecasts: MonthForecast[] = [], over: Record<string, unknown> = {}) =>
  detectBudgetOverrun(snapshot({ costs, forecasts }), budgets(list, over), NOW);

const AZ_SUB = '0a1b2c3d-0000-4000-8000-000000000001';
const AZ_SUB2 = '0a1b2c3d-0000-4000-8000-000000000002';
const forecastOf = (over: Partial<MonthForecast>): MonthForecast => ({
  cloud: 'aws',
  SubAccountIds: ['*'],
  ServiceName: 'Amazon SageMaker',
  month: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') },
  forecastFrom: new Date('2026-11-11T00:00:00Z'),
  forecastRemaining: 4000,
  interval: { low: 3000, high: 5000, levelPct: 80 },
  currency: 'USD',
  basis: 'estimate',
  source: 'test',
  ...over,
});

describe('budget-overrun: actual thresholds', () => {
  it('reports the highest threshold month-to-date spend crossed, with severity growing with it, once per month per threshold', () => {
    // 11 days x $100 = $1,100 billed so far.
    const at = (amount: number) => run(spend(100), [{ name: 'sm', amount }], [], { forecastThresholdsPct: [1000] });
    expect(at(2444)).toEqual([]); // 45 %: near miss
    const [fifty] = at(2200);
    expect(fifty).toMatchObject({ severity: 'low', alertOnce: true, fingerprint: 'budget-overrun:sm:2026-11:actual-50', cost: { basis: 'billed', monthly: { amount: 1100 } } });
    expect(fifty!.ref).toEqual({ cloud: 'aws', account: '*', region: 'global', kind: 'cost-scope', name: 'budget sm', id: 'budget:sm' });
    expect(fifty!.evidence).toMatchObject({ basis: 'actual', thresholdPct: 50, actualToDate: 1100, actualPct: 50, overrun: 0 });
    expect(at(1375)[0]).toMatchObject({ severity: 'medium', fingerprint: 'budget-overrun:sm:2026-11:actual-80' });
    const [hundred] = at(1000);
    expect(hundred).toMatchObject({ severity: 'high', fingerprint: 'budget-overrun:sm:2026-11:actual-100', evidence: { overrun: 100 } });
    expect(hundred!.cost.explanation).toContain('$100 over');
  });

  it('counts only the scope: cloud, account, owner breakdown, ML platform service, budget currency', () => {
    const costs = [
      ...spend(100),
      ...spend(100, { ServiceName: 'Amazon Simple Storage Service' }),
      ...spend(100, { SubAccountId: '999999999999' }),
      ...spend(50, { breakdown: 'owner', Tags: { owner: 'team-a' } }),
      ...spend(100, { cloud: 'gcp', ServiceName: 'Vertex AI', SubAccountId: 'p-one', BillingCurrency: 'EUR' }),
      costLine('2026-10-31', 5000), // last month
    ];
    const [acct] = run(costs, [{ name: 'a', cloud: 'aws', account: '123456789012', amount: 2000 }]);
    expect(acct!.evidence.actualToDate).toBe(1100);
    const [all] = run(costs, [{ name: 'all', services: 'all', amount: 6000 }]);
    expect(all!.evidence.actualToDate).toBe(3300);
    expect(all!.evidence.otherCurrencies).toEqual([{ currency: 'EUR', monthToDate: 1100 }]);
    expect(all!.cost.explanation).toContain('left out (never converted): €1,100 billed in other currencies');
    const [owner] = run(costs, [{ name: 'o', owner: 'team-a', amount: 1000 }]);
    expect(owner).toMatchObject({ owner: 'team-a', evidence: { actualToDate: 550 } });
    const [eur] = run(costs, [{ name: 'eu', currency: 'EUR', amount: 2000 }]);
    expect(eur!.evidence).toMatchObject({ actualToDate: 1100, clouds: ['gcp'], otherCurrencies: [{ currency: 'USD', monthToDate: 2200 }] });
    // A line in another currency alone never reaches a threshold.
    expect(run([...spend(10), ...spend(1000, { BillingCurrency: 'EUR' })], [{ name: 'usd', amount: 1000 }], [], { forecastThresholdsPct: [1000] })).toEqual([]);
  });

  it('says AWS owner spend is SageMaker only when an owner budget counts all services', () => {
    const [f] = run(spend(100, { breakdown: 'owner', Tags: { owner: 'team-a' } }), [{ name: 'o', owner: 'team-a', services: 'all', amount: 1000 }]);
    expect(f!.evidence.notes).toEqual([expect.stringMatching(/SageMaker only/)]);
  });
});

describe('budget-overrun: forecast', () => {
  it('projects by run rate: complete billed days + the days left x the median of the last 7 days, with a percentile range', () => {
    const costs = days(1, 10).map((d, i) => costLine(d, i === 9 ? 1000 : 100)); // a spike on the 10th
    const fs = run(costs, [{ name: 'sm', amount: 4000 }]);
    // 1,900 billed; 1,900 + 20 x 100 = 3,900 (98 %: forecast 80); actual 1,900 (48 %): no actual finding.
    expect(fs.map((f) => [f.evidence.basis, f.evidence.thresholdPct, f.severity, f.cost.basis])).toEqual([['forecast', 80, 'low', 'estimate']]);
    const fc = fs[0]!.evidence.forecast!;
    expect(fc.total).toBe(3900);
    expect(fc.parts).toEqual([expect.objectContaining({ cloud: 'aws', method: 'run-rate', actual: 1900, projected: 2000, dailyRate: 100 })]);
    expect(fc.high).toBeGreaterThan(fc.total);
    expect(fc.low).toBe(fc.total);
    expect(fs[0]!.cost.explanation).toContain('run rate (no Cost Explorer forecast covers this scope');
    expect(fs[0]!.fingerprint).toBe('budget-overrun:sm:2026-11:forecast-80');
  });

  it('reports the forecast only when it crosses a higher threshold than the actual; 75 % forecast is a near miss', () => {
    const both = run(spend(100), [{ name: 'sm', amount: 2000 }]);
    // 1,100 (55 %) spent; 1,000 + 20 x 100 = 3,000 (150 %) forecast.
    expect(both.map((f) => [f.evidence.basis, f.evidence.thresholdPct, f.severity])).toEqual([
      ['actual', 50, 'low'],
      ['forecast', 100, 'medium'],
    ]);
    expect(both[1]!.cost.monthly.amount).toBe(3000);
    expect(run(spend(100), [{ name: 'sm', amount: 1000 }]).map((f) => [f.evidence.basis, f.evidence.thresholdPct])).toEqual([['actual', 100]]);
    // 27 % spent, 75 % forecast: quiet when the forecast thresholds start at 80.
    expect(run(spend(100), [{ name: 'sm', amount: 4000 }], [], { forecastThresholdsPct: [80, 100] })).toEqual([]);
  });

  it('projects the days a cloud has not billed yet (Azure lags): they are not counted as zero', () => {
    const az = days(1, 9).map((d) => costLine(d, 100, { cloud: 'azure', ServiceName: 'Azure Machine Learning', SubAccountId: AZ_SUB }));
    expect(billedHorizon(az, 'azure', CLOCK.today)).toBe('2026-11-09');
    const part = runRatePart({ cloud: 'azure', lines: az, horizon: '2026-11-09', clock: CLOCK, runRateDays: 7, currency: 'USD', why: 'test' });
    expect(part).toMatchObject({ method: 'run-rate', actual: 900, projected: 21 * 100 });
    // Beyond the usual lag a quiet cloud is quiet, not late: AWS answers every day, Azure may lag a day, Google two.
    expect(billedHorizon(days(1, 5).map((d) => costLine(d, 1)), 'aws', CLOCK.today)).toBe('2026-11-10');
    expect(billedHorizon(days(1, 5).map((d) => costLine(d, 1, { cloud: 'azure' })), 'azure', CLOCK.today)).toBe('2026-11-09');
    expect(billedHorizon([], 'gcp', CLOCK.today)).toBe('2026-11-08');
    // A stopped resource: days without a line after the first billed day count as zero.
    const stopped = [...days(1, 5).map((d) => costLine(d, 100)), costLine('2026-11-10', 1)];
    expect(runRatePart({ cloud: 'aws', lines: stopped, horizon: '2026-11-10', clock: CLOCK, runRateDays: 7, currency: 'USD', why: 't' }).dailyRate).toBe(0);
    // Two days of history project nothing.
    const young = runRatePart({ cloud: 'aws', lines: [costLine('2026-11-09', 50), costLine('2026-11-10', 50), costLine('2026-11-11', 20)], horizon: '2026-11-10', clock: CLOCK, runRateDays: 7, currency: 'USD', why: 't' });
    expect(young).toMatchObject({ method: 'actual-only', actual: 120, projected: 0 });
  });

  it("uses the cloud's own forecast when it covers the scope exactly: billed days before it + its forecast, with its interval", () => {
    const [f] = run(spend(100), [{ name: 'sm', amount: 5000 }], [forecastOf({})]);
    // 1,000 billed before the 11th + 4,000 forecast = 5,000 (100 %).
    expect(f).toMatchObject({ severity: 'medium', fingerprint: 'budget-overrun:sm:2026-11:forecast-100', evidence: { forecast: { total: 5000, low: 4000, high: 6000 } } });
    expect(f!.evidence.forecast!.parts[0]).toMatchObject({ method: 'cloud', actual: 1000, projected: 4000 });
    expect(f!.cost.explanation).toContain('AWS Cost Explorer forecast (GetCostForecast): $1,000 billed before 2026-11-11 + $4,000 forecast');
    expect(f!.cost.explanation).toContain('80% prediction interval');
  });

  it('falls back to the run rate when the forecast does not fit: other service, account, currency or month; owner scopes; cloudForecast off', () => {
    const methodOf = (list: unknown[], forecasts: MonthForecast[], over: Record<string, unknown> = {}) =>
      run(spend(100, { breakdown: 'total' }).concat(spend(100, { breakdown: 'owner', Tags: { owner: 'team-a' } })), list, forecasts, { actualThresholdsPct: [1000], forecastThresholdsPct: [1], ...over })[0]?.evidence.forecast?.parts[0]?.method;
    expect(methodOf([{ name: 'x', amount: 100 }], [forecastOf({})])).toBe('cloud');
    expect(methodOf([{ name: 'x', amount: 100, services: 'all' }], [forecastOf({})])).toBe('run-rate');
    expect(methodOf([{ name: 'x', amount: 100, account: '123456789012' }], [forecastOf({})])).toBe('run-rate'); // '*' is not one account
    expect(methodOf([{ name: 'x', amount: 100, account: '123456789012' }], [forecastOf({ SubAccountIds: ['123456789012'] })])).toBe('cloud');
    expect(methodOf([{ name: 'x', amount: 100 }], [forecastOf({ currency: 'EUR' })])).toBe('run-rate');
    expect(methodOf([{ name: 'x', amount: 100 }], [forecastOf({ month: { start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z') } })])).toBe('run-rate');
    expect(methodOf([{ name: 'x', amount: 100, owner: 'team-a' }], [forecastOf({})])).toBe('run-rate');
    expect(methodOf([{ name: 'x', amount: 100 }], [forecastOf({})], { cloudForecast: false })).toBe('run-rate');
  });

  it("sums Azure's per-subscription forecasts only when every subscription with spend in the scope has one", () => {
    const ml = { cloud: 'azure' as const, ServiceName: 'Azure Machine Learning' };
    const costs = [...spend(50, { ...ml, SubAccountId: AZ_SUB }), ...spend(50, { ...ml, SubAccountId: AZ_SUB2 })];
    const azure = (sub: string, remaining: number) => forecastOf({ ...ml, SubAccountIds: [sub], forecastRemaining: remaining, forecastFrom: new Date('2026-11-10T00:00:00Z') }) as MonthForecast;
    const noInterval = (f: MonthForecast): MonthForecast => ({ ...f, interval: undefined });
    const [both] = run(costs, [{ name: 'az', cloud: 'azure', amount: 1000 }], [noInterval(azure(AZ_SUB, 1000)), noInterval(azure(AZ_SUB2, 1500))], { actualThresholdsPct: [1000] });
    // 9 billed days x $100 before the 10th + 2,500 forecast.
    expect(both!.evidence.forecast).toMatchObject({ total: 3400, low: 3400, high: 3400 });
    expect(both!.cost.explanation).toContain('summed over 2 subscriptions');
    expect(both!.cost.explanation).toContain('no interval given');
    const [one] = run(costs, [{ name: 'az', cloud: 'azure', amount: 1000 }], [azure(AZ_SUB, 1000)], { actualThresholdsPct: [1000] });
    expect(one!.evidence.forecast!.parts[0]!.method).toBe('run-rate');
    const [sub] = run(costs, [{ name: 'az', account: AZ_SUB.toUpperCase(), amount: 1000 }], [azure(AZ_SUB, 1000)], { actualThresholdsPct: [1000] });
    expect(sub!.evidence.forecast).toMatchObject({ total: 450 + 1000 });
  });

  it('adds up a budget across clouds part by part, names every cloud, and says which part is which', () => {
    const costs = [...spend(100), ...spend(100, { cloud: 'gcp', ServiceName: 'Vertex AI', SubAccountId: 'acme-ml' })];
    const [f] = run(costs, [{ name: 'all-ml', amount: 5000 }], [forecastOf({})], { actualThresholdsPct: [1000] });
    expect(f!.clouds).toEqual(['aws', 'gcp']);
    expect(f!.ref.cloud).toBe('aws');
    expect(f!.evidence.forecast!.parts.map((p) => [p.cloud, p.method])).toEqual([
      ['aws', 'cloud'],
      ['gcp', 'run-rate'],
    ]);
    expect(f!.evidence.forecast!.total).toBe(5000 + 1000 + 20 * 100);
    expect(f!.cost.explanation).toContain('gcp: run rate (Google Cloud has no forecast API)');
    // A cloud-scoped budget names one cloud, through ref.cloud.
    expect(run(costs, [{ name: 'g', cloud: 'gcp', amount: 1000 }])[0]!.clouds).toBeUndefined();
  });

  it('severity: spent beats forecast', () => {
    expect([severityOf('actual', 100), severityOf('actual', 80), severityOf('actual', 50), severityOf('forecast', 120), severityOf('forecast', 80), severityOf('forecast', 50)]).toEqual([
      'high', 'medium', 'low', 'medium', 'low', 'low',
    ]);
  });
});

describe('budget-overrun config', () => {
  const issues = (input: unknown) => {
    const r = configSchema.safeParse({ detectors: { 'budget-overrun': input } });
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('rejects duplicate budget names, unordered thresholds and an account of the wrong shape, naming the path', () => {
    const found = issues({
      budgets: [{ name: 'a', amount: 1 }, { name: 'A', amount: 2 }, { name: 'b', amount: 1, cloud: 'aws', account: 'acme-ml-prod' }],
      actualThresholdsPct: [80, 50],
      forecastThresholdsPct: [50, 50],
    });
    expect(found.map(([p]) => p).sort()).toEqual([
      'detectors.budget-overrun.actualThresholdsPct',
      'detectors.budget-overrun.budgets.1.name',
      'detectors.budget-overrun.budgets.2.account',
      'detectors.budget-overrun.forecastThresholdsPct',
    ]);
    expect(found.find(([p]) => p!.endsWith('account'))![1]).toMatch(/12 digits/);
    expect(issues({ budgets: [{ name: 'x', amount: 0 }] }).map(([p]) => p)).toEqual(['detectors.budget-overrun.budgets.0.amount']);
    expect(issues({ budgets: [{ name: 'x', amount: 1, currency: 'usd' }] }).map(([p]) => p)).toEqual(['detectors.budget-overrun.budgets.0.currency']);
  });

  it('defaults: 50/80/100 for both bases, USD, ML platform spend, cloud forecasts on', () => {
    const c = budgets([{ name: 'x', amount: 1 }]).detectors['budget-overrun'];
    expect(c).toMatchObject({ actualThresholdsPct: [50, 80, 100], forecastThresholdsPct: [50, 80, 100], cloudForecast: true, runRateDays: 7 });
    expect(c.budgets[0]).toMatchObject({ currency: 'USD', services: 'ml-platform' });
  });
});
