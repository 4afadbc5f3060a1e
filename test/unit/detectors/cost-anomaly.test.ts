import { describe, expect, it } from 'vitest';
import { detectCostAnomaly } from '../../../src/detectors/cost-anomaly';
import { addDays } from '../../../src/detectors/spend-baseline';
import type { CostLine } from '../../../src/domain/cost';
import type { NativeCostAnomaly } from '../../../src/domain/native-cost-anomaly';
import type { Snapshot } from '../../../src/domain/snapshot';
import { config, costLine, endpoint, ref, snapshot, variant } from '../../support/builders';

const NOW = new Date('2026-11-18T10:00:00Z'); // a Wednesday
const TODAY = '2026-11-18';
const YESTERDAY = '2026-11-17';
const ago = (n: number) => addDays(TODAY, -n);

/** Lines for each of the 29 days before today (and today when `today` is given), `value(day, daysAgo)` each. */
function days(value: (day: string, n: number) => number, over: Partial<CostLine> = {}, today?: number): CostLine[] {
  const out: CostLine[] = [];
  for (let n = 29; n >= 1; n--) out.push(costLine(ago(n), value(ago(n), n), over));
  if (today !== undefined) out.push(costLine(TODAY, today, over));
  return out;
}
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const snap = (costs: CostLine[], over: Partial<Snapshot> = {}) => snapshot({ costs, ...over }, NOW);
const run = (s: Snapshot, input: Parameters<typeof config>[0] = {}) => detectCostAnomaly(s, config(input), NOW);

function native(over: Partial<NativeCostAnomaly> = {}): NativeCostAnomaly {
  return {
    cloud: 'aws',
    id: 'a-1',
    monitor: 'arn:aws:ce::123456789012:anomalymonitor/m-1',
    startDay: YESTERDAY,
    endDay: TODAY,
    dimensionValue: 'Amazon SageMaker',
    rootCauses: [{ service: 'Amazon SageMaker', region: 'us-east-1', account: '123456789012', usageType: 'USE1-Host:ml.p4d.24xlarge', contribution: 1100 }],
    impact: { maxImpact: 650, totalImpact: 1100, totalActualSpend: 1300, totalExpectedSpend: 200, totalImpactPct: 550 },
    currency: 'USD',
    source: 'test',
    ...over,
  };
}

describe('detectCostAnomaly: our own baseline', () => {
  it('reports yesterday\'s 7x SageMaker day with its figures, a cost-scope ref and a per-start-day fingerprint', () => {
    const [f, ...rest] = run(snap(days((_, n) => (n === 1 ? 700 : 100))));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: 'cost-anomaly',
      ref: { cloud: 'aws', account: '123456789012', region: 'global', kind: 'cost-scope', name: 'aws 123456789012 Amazon SageMaker', id: 'service:aws:123456789012:Amazon SageMaker' },
      fingerprint: `cost-anomaly:aws:123456789012:global:cost-scope:aws 123456789012 Amazon SageMaker:${YESTERDAY}`,
      severity: 'critical', // $18,240 a month
      alertOnce: true,
      cost: { monthly: { amount: 600 * 30.4, currency: 'USD' }, basis: 'billed' },
      recommendation: { action: 'none', reversible: false },
      evidence: {
        scopeKind: 'service',
        service: 'Amazon SageMaker',
        startDay: YESTERDAY,
        detectedBy: ['ml-watchdog'],
        excessPerDay: 600,
        statistics: { judgedDay: YESTERDAY, partialDay: false, spend: 700, baseline: 100, baselineMethod: 'same-weekday', baselineDays: [ago(8), ago(15), ago(22), ago(29)], ratio: 7 },
      },
    });
    expect(f!.cost.explanation).toMatch(/billed \$700\.00 on 2026-11-17 against a baseline of \$100\.00 \(median of the same weekday in the previous 4 weeks/);
    expect(f!.cost.explanation).toMatch(/\$600\.00\/day above it x 30\.4 days/);
    expect(f!.title).toBe('Amazon SageMaker spend 7.0x its usual: $700 on 2026-11-17 vs $100 a day');
  });

  it('rates the seed\'s case (a day at 5x its usual or more) at least high, else by the monthly excess, at least medium', () => {
    expect(run(snap(days((_, n) => (n === 1 ? 60 : 10))))[0]!.severity).toBe('high'); // 6x, $1,520 a month
    expect(run(snap(days((_, n) => (n === 1 ? 160 : 100))))[0]!.severity).toBe('medium'); // 1.6x, $1,824 a month
  });

  it('catches a jump within the day on today\'s partial spend, never scaled up, and keeps the start day in the fingerprint', () => {
    // 10 hours into the day a 10x run-rate has already billed 4.2x a normal day.
    const [f] = run(snap(days(() => 100, {}, 100 * 10 * (10 / 24))));
    expect(f!.evidence.statistics).toMatchObject({ judgedDay: TODAY, partialDay: true });
    expect(f!.evidence.excessPerDay).toBeCloseTo(100 * 10 * (10 / 24) - 100, 6);
    expect(f!.fingerprint.endsWith(`:${TODAY}`)).toBe(true);
    expect(f!.cost.explanation).toMatch(/today so far \(a partial day, not scaled up\)/);
    // A partial day that is merely on course for 3x (1.25x a full day so far) says nothing yet.
    expect(run(snap(days(() => 100, {}, 100 * 3 * (10 / 24))))).toEqual([]);
  });

  it('reports a jump that started 2 days ago with that start day, and not one that has held for 5 days (the new level)', () => {
    const [f] = run(snap(days((_, n) => (n <= 2 ? 500 : 100))));
    expect(f!.evidence.startDay).toBe(ago(2));
    expect(run(snap(days((_, n) => (n <= 5 ? 500 : 100))))).toEqual([]);
  });

  it('copes with weekly seasonality: a batch-heavy weekday is judged against the same weekday', () => {
    // Tuesdays (yesterday's weekday) run a $900 batch, other days $100: no anomaly on a Tuesday at $900 ...
    const tuesdays = (day: string) => (weekday(day) === 2 ? 900 : 100);
    expect(run(snap(days(tuesdays)))).toEqual([]);
    // ... and weekday-heavy spend (weekends at 10 %) never fires on a Monday or a Tuesday.
    expect(run(snap(days((d) => (weekday(d) === 0 || weekday(d) === 6 ? 50 : 500))))).toEqual([]);
    // The same $900 on a day that is usually $100 does fire.
    expect(run(snap(days((d, n) => (n === 1 ? 900 : weekday(d) === 1 ? 900 : 100))))).toHaveLength(1);
  });

  it('lets ordinary growth through: 5 % a week, and a new endpoint adding a fifth to the bill', () => {
    expect(run(snap(days((_, n) => 1000 * Math.pow(1.05, -n / 7))))).toEqual([]);
    expect(run(snap(days((_, n) => (n <= 3 ? 1200 : 1000))))).toEqual([]);
  });

  it('judges a short history against the previous days, and not at all below minHistoryDays', () => {
    const young = days((_, n) => (n === 1 ? 700 : 100)).filter((l) => l.ChargePeriodStart >= new Date(`${ago(10)}T00:00:00Z`));
    const [f] = run(snap(young));
    expect(f!.evidence.statistics).toMatchObject({ baselineMethod: 'recent-days', baseline: 100 });
    expect(f!.cost.explanation).toMatch(/median of the previous 9 days with data/);
    const newborn = young.filter((l) => l.ChargePeriodStart >= new Date(`${ago(6)}T00:00:00Z`));
    expect(run(snap(newborn))).toEqual([]);
  });

  it('ignores services outside the ML platform and its adjacent services unless services: all', () => {
    const ec2 = days((_, n) => (n === 1 ? 2000 : 100), { ServiceName: 'Amazon Elastic Compute Cloud - Compute' });
    expect(run(snap(ec2))).toEqual([]);
    expect(run(snap(ec2), { detectors: { 'cost-anomaly': { services: 'all' } } })).toHaveLength(1);
    const s3 = days((_, n) => (n === 1 ? 900 : 100), { ServiceName: 'Amazon Simple Storage Service' });
    expect(run(snap(s3))[0]!.evidence).toMatchObject({ service: 'Amazon Simple Storage Service', category: 'storage' });
  });

  it('keeps accounts and currencies apart, and says nothing when disabled', () => {
    const a = days((_, n) => (n === 1 ? 700 : 100), { SubAccountId: '111111111111' });
    const b = days(() => 100, { SubAccountId: '222222222222' });
    const found = run(snap([...a, ...b]));
    expect(found.map((f) => f.ref.name)).toEqual(['aws 111111111111 Amazon SageMaker']);
    const eur = days((_, n) => (n === 1 ? 700 : 100), { BillingCurrency: 'EUR' });
    expect(run(snap([...eur, ...days(() => 100)]))[0]!.cost.monthly.currency).toBe('EUR');
    expect(run(snap(a), { detectors: { 'cost-anomaly': { enabled: false } } })).toEqual([]);
  });

  it('treats days a cloud has no data for as unknown, and days it has data for as zero for a new service', () => {
    // Data only for the last 3 days: too short to judge anything.
    expect(run(snap(days((_, n) => (n === 1 ? 700 : 100)).filter((l) => l.ChargePeriodStart >= new Date(`${ago(3)}T00:00:00Z`))))).toEqual([]);
    // A registry that first billed yesterday, in an account with 4 weeks of data: from nothing to $400.
    const registry = [costLine(YESTERDAY, 400, { ServiceName: 'Amazon EC2 Container Registry (ECR)' })];
    const [f] = run(snap([...days(() => 100), ...registry]));
    expect(f).toMatchObject({ evidence: { service: 'Amazon EC2 Container Registry (ECR)', statistics: { baseline: 0, ratio: Infinity } } });
    expect(f!.title).toMatch(/ new: \$400 on 2026-11-17/);
  });
});

describe('detectCostAnomaly: drivers', () => {
  const SUB = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
  const az = { cloud: 'azure' as const, ServiceName: 'Azure Machine Learning', SubAccountId: SUB };
  const id = (name: string) => `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/w/onlineendpoints/${name}`;

  it('names the billed resources and owners whose own jump explains it (Azure: ResourceId and owner tag)', () => {
    const costs = [
      ...days(() => 300, { ...az, ResourceId: id('steady') }),
      ...days((_, n) => (n === 1 ? 1500 : 100), { ...az, ResourceId: id('llm-batch') }),
      ...days(() => 300, { ...az, breakdown: 'owner', Tags: { owner: 'team-a' } }),
      ...days((_, n) => (n === 1 ? 1500 : 100), { ...az, breakdown: 'owner', Tags: { owner: 'team-b' } }),
    ];
    const [f, ...rest] = run(snap(costs));
    expect(rest).toEqual([]); // team-b's own jump is the same one: folded in, not reported twice
    expect(f!.evidence.drivers).toEqual([
      { kind: 'resource', name: id('llm-batch'), deltaPerDay: 1400, sharePct: 100 },
      { kind: 'owner', name: 'team-b', deltaPerDay: 1400, sharePct: 100 },
    ]);
    expect(f!.evidence.mergedOwners).toEqual(['team-b']);
    expect(f!.owner).toBe('team-b');
    expect(f!.tags).toEqual({ owner: 'team-b' });
    expect(f!.recommendation.summary).toMatch(/^Check .*llm-batch \(100% of the jump\) since 2026-11-17/);
  });

  it('reports an owner jump that its service hides, with its services (AWS: SageMaker owner breakdown)', () => {
    const costs = [
      ...days(() => 5000),
      ...days(() => 40, { breakdown: 'owner', Tags: { owner: 'team-small' } }, undefined),
      costLine(YESTERDAY, 0, {}),
    ];
    // team-small goes from $40 to $400 a day: 1.07x of SageMaker, 10x of its own.
    costs.splice(costs.findIndex((l) => l.breakdown === 'owner' && l.ChargePeriodStart.toISOString().startsWith(YESTERDAY)), 1, costLine(YESTERDAY, 400, { breakdown: 'owner', Tags: { owner: 'team-small' } }));
    const found = run(snap(costs.filter((l) => l.BilledCost > 0)));
    expect(found.map((f) => f.ref.name)).toEqual(['owner team-small']);
    expect(found[0]).toMatchObject({ owner: 'team-small', ref: { account: '*', id: 'owner:aws:team-small' }, evidence: { scopeKind: 'owner', owner: 'team-small' } });
    expect(found[0]!.evidence.drivers[0]).toMatchObject({ kind: 'service', name: 'Amazon SageMaker', deltaPerDay: 360 });
  });

  it('names the resources that started since, at list price, where the bill has no resource split (AWS)', () => {
    const job = endpoint('llm-eval-fleet', {
      ref: ref('llm-eval-fleet'),
      createdAt: new Date(`${YESTERDAY}T02:00:00Z`),
      variants: [variant('ml.g5.12xlarge', 2)],
    });
    const old = endpoint('steady', { createdAt: new Date('2026-09-01T00:00:00Z') });
    const [f] = run(snap(days((_, n) => (n === 1 ? 400 : 60)), { endpoints: [job, old] }));
    expect(f!.evidence.drivers).toEqual([
      { kind: 'new-resource', name: 'llm-eval-fleet', deltaPerDay: 7.09 * 2 * 24, detail: '2 x ml.g5.12xlarge since 2026-11-17 02:00 UTC, $340.32/day at list price' },
    ]);
    expect(f!.recommendation.summary).toMatch(/^Check what started: llm-eval-fleet since 2026-11-17/);
  });

  it('ignores untagged owner spend (the service scope covers it)', () => {
    const costs = [...days((_, n) => (n === 1 ? 700 : 100)), ...days((_, n) => (n === 1 ? 700 : 100), { breakdown: 'owner', Tags: {} })];
    expect(run(snap(costs)).map((f) => f.evidence.scopeKind)).toEqual(['service']);
  });
});

describe('detectCostAnomaly: AWS Cost Anomaly Detection', () => {
  const spike = days((_, n) => (n === 1 ? 700 : 100), {}, 300);

  it('merges AWS\'s anomaly on the same service and days into ours: one finding, seen by both, AWS figures and root causes kept', () => {
    const found = run(snap(spike, { nativeAnomalies: [native()] }));
    expect(found).toHaveLength(1);
    const e = found[0]!.evidence;
    expect(e.detectedBy).toEqual(['ml-watchdog', 'aws-cost-anomaly-detection']);
    expect(e.native).toMatchObject({ id: 'a-1', totalImpact: 1100, totalExpectedSpend: 200, totalActualSpend: 1300, maxImpact: 650 });
    expect(e.drivers).toContainEqual({ kind: 'usage-type', name: 'USE1-Host:ml.p4d.24xlarge', deltaPerDay: 550, sharePct: 100, detail: 'AWS root cause: Amazon SageMaker, us-east-1, 123456789012' });
    expect(found[0]!.cost.explanation).toMatch(/Seen by both: AWS Cost Anomaly Detection: anomaly a-1 since 2026-11-17 \(2 day\(s\)\), \$1,100\.00 total impact/);
    expect(found[0]!.recommendation.summary).toMatch(/feedback "planned activity"/);
  });

  it('reports AWS\'s anomaly alone on its own figures when ours did not fire, filed under its root cause', () => {
    const found = run(snap(days(() => 100), { nativeAnomalies: [native()] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ref: { name: 'aws 123456789012 Amazon SageMaker' },
      fingerprint: `cost-anomaly:aws:123456789012:global:cost-scope:aws 123456789012 Amazon SageMaker:${YESTERDAY}`,
      cost: { monthly: { amount: 550 * 30.4 }, basis: 'billed' },
      evidence: { detectedBy: ['aws-cost-anomaly-detection'], excessPerDay: 550 },
    });
    expect(found[0]!.evidence.statistics).toBeUndefined();
    expect(found[0]!.title).toBe('AWS Cost Anomaly Detection: Amazon SageMaker $550/day above expected since 2026-11-17');
  });

  it('drops an anomaly a person marked planned or not an anomaly, ours included', () => {
    expect(run(snap(spike, { nativeAnomalies: [native({ feedback: 'PLANNED_ACTIVITY' })] }))).toEqual([]);
    expect(run(snap(days(() => 100), { nativeAnomalies: [native({ feedback: 'NO' })] }))).toEqual([]);
    expect(run(snap(spike, { nativeAnomalies: [native({ feedback: 'YES' })] }))[0]!.evidence.detectedBy).toHaveLength(2);
  });

  it('ignores AWS anomalies that are over, small, or about services it does not watch', () => {
    const quiet = days(() => 100);
    expect(run(snap(quiet, { nativeAnomalies: [native({ startDay: ago(9), endDay: ago(6) })] }))).toEqual([]);
    expect(run(snap(quiet, { nativeAnomalies: [native({ impact: { maxImpact: 30, totalImpact: 40 } })] }))).toEqual([]);
    const ec2 = native({ dimensionValue: 'Amazon Elastic Compute Cloud - Compute', rootCauses: [{ service: 'Amazon Elastic Compute Cloud - Compute', contribution: 5000 }], impact: { maxImpact: 3000, totalImpact: 5000 } });
    expect(run(snap(quiet, { nativeAnomalies: [ec2] }))).toEqual([]);
  });

  it('does not merge an AWS anomaly of another account or service', () => {
    const other = native({ rootCauses: [{ service: 'Amazon SageMaker', account: '999999999999', contribution: 1100 }] });
    const found = run(snap(spike, { nativeAnomalies: [other] }));
    expect(found.map((f) => [f.ref.name, f.evidence.detectedBy.join('+')])).toEqual([
      ['aws 123456789012 Amazon SageMaker', 'ml-watchdog'],
      ['aws 999999999999 Amazon SageMaker', 'aws-cost-anomaly-detection'],
    ]);
  });
});
