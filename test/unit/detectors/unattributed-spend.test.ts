import { describe, expect, it } from 'vitest';
import { detectUnattributedSpend } from '../../../src/detectors/unattributed-spend';
import type { CostLine } from '../../../src/domain/cost';
import { unattributedSpendDetails } from '../../../src/notify/views/unattributed-spend-details';
import { config, costLine, endpoint, NOW, ref, snapshot } from '../../support/builders';

// NOW is 2026-11-20T12:00Z: the judged days are 2026-11-13 .. 2026-11-19.
const DAYS = ['2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];
const owner = (day: string, amount: number, value?: string, over: Partial<CostLine> = {}) =>
  costLine(day, amount, { breakdown: 'owner', Tags: value ? { owner: value } : {}, ...over });
const week = (perDay: number, value?: string, over: Partial<CostLine> = {}) => DAYS.map((d) => owner(d, perDay, value, over));

describe('detectUnattributedSpend', () => {
  it('reports the untagged share of the ML platform spend per account, billed, with the untagged resources named', () => {
    const untagged = endpoint('pricing-model', { tags: { env: 'prod' } });
    const costs = [...week(900, 'team-a'), ...week(100)];
    const [f, ...rest] = detectUnattributedSpend(snapshot({ costs, endpoints: [untagged, endpoint('tagged')] }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.ref).toMatchObject({ cloud: 'aws', account: '123456789012', kind: 'cost-scope', name: 'aws 123456789012 untagged ML spend' });
    expect(f!.cost.basis).toBe('billed');
    expect(f!.cost.monthly.amount).toBeCloseTo(100 * 30.4);
    expect(f!.evidence).toMatchObject({ untaggedSpend: 700, totalSpend: 7000, sharePct: 10, period: ['2026-11-13', '2026-11-19'], resourceCount: 1, tagNotInBilling: false });
    expect(f!.evidence.resources.map((r) => r.name)).toEqual(['pricing-model']);
    expect(f!.recommendation.summary).toContain('activate owner as a cost allocation tag');
    expect(f!.severity).toBe('medium');
    expect(f!.fingerprint).toBe('unattributed-spend:aws:123456789012:global:cost-scope:aws 123456789012 untagged ML spend');
  });

  it('stays quiet under either threshold: a small share, or a small amount', () => {
    expect(detectUnattributedSpend(snapshot({ costs: [...week(1000, 'team-a'), ...week(10)] }), config(), NOW)).toEqual([]); // 1%
    expect(detectUnattributedSpend(snapshot({ costs: [...week(20, 'team-a'), ...week(3)] }), config(), NOW)).toEqual([]); // $91/month
  });

  it('ignores services other than the platform, the service-total breakdown, today\'s partial day and older days', () => {
    const costs = [
      ...week(1000, 'team-a'),
      ...week(500, undefined, { ServiceName: 'Amazon Simple Storage Service' }),
      ...DAYS.map((d) => costLine(d, 500)), // total breakdown: never read as untagged
      owner('2026-11-20', 5000),
      owner('2026-11-12', 5000),
    ];
    expect(detectUnattributedSpend(snapshot({ costs }), config(), NOW)).toEqual([]);
  });

  it('says the tag is missing from the bill when every resource is tagged', () => {
    const [f] = detectUnattributedSpend(snapshot({ costs: [...week(500, 'team-a'), ...week(200)], endpoints: [endpoint('tagged')] }), config(), NOW);
    expect(f!.evidence.tagNotInBilling).toBe(true);
    expect(f!.recommendation.summary).toMatch(/^Every ML resource found carries owner, yet the bill shows untagged spend/);
  });

  it('uses each cloud\'s own breakdown: Google rows carry labels, Azure has an owner breakdown', () => {
    const gcp = DAYS.flatMap((d) => [
      costLine(d, 300, { cloud: 'gcp', SubAccountId: 'ml-prod', ServiceName: 'Vertex AI', Tags: {} }),
      costLine(d, 300, { cloud: 'gcp', SubAccountId: 'ml-prod', ServiceName: 'Vertex AI', Tags: { owner: 'b' } }),
    ]);
    const azure = week(80, undefined, { cloud: 'azure', SubAccountId: 'sub-1', ServiceName: 'Azure Machine Learning' });
    const findings = detectUnattributedSpend(snapshot({ costs: [...gcp, ...azure] }), config(), NOW);
    expect(findings.map((f) => [f.ref.cloud, f.ref.account, Math.round(f.evidence.sharePct!)])).toEqual([
      ['gcp', 'ml-prod', 50],
      ['azure', 'sub-1', 100],
    ]);
  });

  it('without any owner breakdown for a cloud, prices its untagged running resources instead', () => {
    const g = endpoint('gcp-untagged', { ref: ref('gcp-untagged', { cloud: 'gcp', account: 'ml-prod', id: 'projects/ml-prod/locations/us-central1/endpoints/1' }), tags: {} });
    const [f] = detectUnattributedSpend(snapshot({ endpoints: [g] }), config(), NOW);
    expect(f!.evidence.source).toBe('untagged-resources');
    expect(f!.cost.basis).toBe('list-price');
    expect(f!.cost.monthly.amount).toBeGreaterThan(5000); // 1 x ml.g5.12xlarge list price in the builder
  });

  it('honours exclusions and the listing cap, and renders the Slack facts', () => {
    const many = Array.from({ length: 5 }, (_, i) => endpoint(`ep-${i}`, { tags: {} }));
    const ignored = endpoint('ignored', { tags: { 'watchdog:ignore': 'true' } });
    const c = config({ detectors: { 'unattributed-spend': { maxResourcesListed: 2 } } });
    const [f] = detectUnattributedSpend(snapshot({ costs: week(100), endpoints: [...many, ignored] }), c, NOW);
    expect(f!.evidence.resourceCount).toBe(5);
    expect(f!.evidence.resources.map((r) => r.name)).toEqual(['ep-0', 'ep-1']);
    const facts = unattributedSpendDetails(f!).facts;
    expect(facts.find((x) => x.label === 'Untagged resources')!.value).toBe('5: ep-0 (endpoint, us-east-1), ep-1 (endpoint, us-east-1) and 3 more');
    expect(detectUnattributedSpend(snapshot({ costs: week(100) }), config({ detectors: { 'unattributed-spend': { enabled: false } } }), NOW)).toEqual([]);
  });
});
