import { describe, expect, it } from 'vitest';
import { detectCapacityRisk } from '../../../src/detectors/capacity-risk';
import { fallbackRegions, geography } from '../../../src/detectors/fallback-regions';
import type { Endpoint } from '../../../src/domain/resources';
import { capacityRiskDetails, capacityRiskLine } from '../../../src/notify/views/capacity-risk-details';
import { billedLine, config, endpoint, HOUR, NOW, ref, snapshot, variant } from '../../support/builders';

const LIMIT = "ResourceLimitExceeded: The account-level service limit 'ml.g5.12xlarge for endpoint usage' is 0 Instances";
const STOCKOUT = 'CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.';
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const run = (endpoints: Endpoint[], cfg = config()) => detectCapacityRisk(snapshot({ endpoints }), cfg, NOW);

describe('capacity-risk: failed deployments', () => {
  it('reports a quota failure with the capacity it could not get, the quota page and fallback regions', () => {
    const e = endpoint('blocked', { status: 'failed', providerStatus: 'Failed', failureReason: LIMIT, variants: [variant('ml.g5.12xlarge', 0, { desiredInstanceCount: 1 })] });
    const [f, ...rest] = run([e]);
    expect(rest).toEqual([]);
    expect(f!.fingerprint).toBe('capacity-risk:aws:123456789012:us-east-1:endpoint:blocked');
    expect(f!.evidence).toMatchObject({ signal: 'quota-failure', currentInstances: 0, desiredInstances: 1, region: 'us-east-1', failureReason: LIMIT });
    expect(f!.evidence.fallbackRegions).toEqual(fallbackRegions('aws', e.variants[0]!.instance, 'us-east-1'));
    expect(f!.cost).toMatchObject({ basis: 'list-price' });
    expect(f!.cost.monthly.amount).toBeCloseTo(7.09 * 730, 0);
    expect(f!.cost.explanation).toMatch(/^the capacity it could not get: 1 x ml.g5.12xlarge/);
    expect(f!.recommendation.summary).toContain('quota increase for ml.g5.12xlarge in us-east-1 in Service Quotas (Amazon SageMaker, "ml.g5.12xlarge for endpoint usage")');
    expect(f!.severity).toBe('high');
    expect(f!.owner).toBe('team-nlp');
  });

  it('reports a stockout as capacity, and a failed update of a serving endpoint at medium with its serving cost', () => {
    const serving = endpoint('search', { failureReason: STOCKOUT, variants: [variant('ml.g5.4xlarge', 2)] });
    const [f] = run([serving]);
    expect(f!.evidence.signal).toBe('capacity-failure');
    expect(f!.severity).toBe('medium');
    expect(f!.cost.explanation).toMatch(/^the serving whose update failed: 2 x ml.g5.4xlarge/);
    expect(f!.recommendation.summary).toMatch(/^The region had no capacity for ml.g5.4xlarge \(a stockout, not your quota\)/);
  });

  it('never prices a failed deploy at its billed cost (what runs), and says so when the machine is unknown', () => {
    const gcpRef = ref('llm', { cloud: 'gcp', account: 'p', region: 'us-central1', id: 'projects/1/locations/us-central1/endpoints/9' });
    const vertex = endpoint('llm', { ref: gcpRef, status: 'failed', providerStatus: 'DEPLOY_FAILED', failureReason: 'RESOURCE_EXHAUSTED: The following quota metrics exceed quota limits: x', variants: [] });
    const [f] = detectCapacityRisk(snapshot({ endpoints: [vertex], costs: [billedLine(gcpRef, '2026-11-19', 100)] }), config(), NOW);
    expect(f!.cost).toMatchObject({ monthly: { amount: 0 }, basis: 'estimate' });
    expect(f!.cost.explanation).toMatch(/cost unknown/);
    expect(f!.title).toBe('llm failed for quota (in us-central1)');
    expect(f!.recommendation.summary).toMatch(/quota increase for the requested machine in us-central1 in IAM & Admin > Quotas/);
  });

  it('ignores failures for other reasons, and excluded endpoints', () => {
    expect(run([endpoint('bad', { status: 'failed', failureReason: 'The primary container did not pass the ping health check.', variants: [variant('ml.g5.xlarge', 0, { desiredInstanceCount: 1 })] })])).toEqual([]);
    const blocked = (tags: Record<string, string>) => endpoint('blocked-1', { tags, status: 'failed', failureReason: LIMIT, variants: [variant('ml.g5.xlarge', 0, { desiredInstanceCount: 1 })] });
    expect(run([blocked({ 'watchdog:ignore': 'true' })])).toEqual([]);
    expect(run([blocked({ purpose: 'load-test' })], config({ exclusions: { tags: { purpose: 'load-test' } } }))).toEqual([]);
  });
});

describe('capacity-risk: stuck scale-ups', () => {
  const scaling = (minutes: number, status: Endpoint['status'] = 'in-service') =>
    endpoint('scaling', { status, lastModifiedAt: minutesAgo(minutes), variants: [variant('ml.g5.xlarge', 1, { desiredInstanceCount: 3 })] });

  it('fires from stuckScaleUpMinutes (45) on, for in-service and updating endpoints only', () => {
    expect(run([scaling(44)])).toEqual([]);
    const [f] = run([scaling(45)]);
    expect(f!.evidence).toMatchObject({ signal: 'stuck-scale-up', currentInstances: 1, desiredInstances: 3, minutesSinceChange: 45 });
    expect(f!.cost.explanation).toMatch(/^the capacity it could not get: 2 x ml.g5.xlarge/);
    expect(f!.severity).toBe('medium');
    expect(run([scaling(50, 'updating')])).toHaveLength(1);
    expect(run([scaling(50, 'failed')])).toEqual([]);
    expect(run([scaling(50)], config({ detectors: { 'capacity-risk': { stuckScaleUpMinutes: 60 } } }))).toEqual([]);
  });

  it('judges from creation when the endpoint has no last change, and not when it is whole', () => {
    expect(run([endpoint('new', { createdAt: minutesAgo(120), variants: [variant('ml.g5.xlarge', 1, { desiredInstanceCount: 2 })] })])).toHaveLength(1);
    expect(run([endpoint('whole', { lastModifiedAt: minutesAgo(600), variants: [variant('ml.g5.xlarge', 3)] })])).toEqual([]);
  });
});

describe('capacity-risk: production accelerators in one region', () => {
  const prod = (name: string, over: Partial<Endpoint> = {}) => endpoint(name, { tags: { owner: 'team-a', env: 'prod' }, ...over });

  it('reports them once per (cloud, accelerator) with the endpoints, their cost and fallback regions', () => {
    const [f, ...rest] = run([prod('a'), prod('b', { variants: [variant('ml.g5.2xlarge')] })]);
    expect(rest).toEqual([]);
    expect(f!.ref).toMatchObject({ kind: 'cost-scope', name: 'aws production NVIDIA A10G in us-east-1', account: '123456789012', region: 'us-east-1' });
    expect(f!.fingerprint).toBe('capacity-risk:aws:123456789012:us-east-1:cost-scope:aws production NVIDIA A10G in us-east-1');
    expect(f!.evidence).toMatchObject({ signal: 'single-region', endpoints: ['a', 'b'], instanceTypes: ['ml.g5.12xlarge', 'ml.g5.2xlarge'] });
    expect(f!.cost.monthly.amount).toBeCloseTo((7.09 + 1.515) * 730, -1);
    expect(f!.owner).toBe('team-a');
    expect(f!.severity).toBe('low');
  });

  it('does not fire when another region serves the same accelerator, for dev, failed or small services, or when off', () => {
    const two = [prod('a'), prod('b')];
    expect(run([...two, prod('c', { ref: ref('c', { region: 'us-west-2' }) })])).toEqual([]);
    expect(run([endpoint('d1', { tags: { env: 'dev' } }), endpoint('d2', { tags: { env: 'dev' } })])).toEqual([]);
    expect(run([prod('small', { variants: [variant('ml.g4dn.2xlarge')] })])).toEqual([]);
    expect(run([prod('down', { status: 'failed', variants: [variant('ml.g5.48xlarge')] })])).toEqual([]);
    expect(run(two, config({ detectors: { 'capacity-risk': { singleRegion: false } } }))).toEqual([]);
  });

  it('takes the production selector and the money floor from config', () => {
    const custom = config({ detectors: { 'capacity-risk': { productionTag: 'tier', productionValues: ['critical'], singleRegionMinMonthlyCost: 0 } } });
    expect(run([endpoint('t', { tags: { tier: 'Critical' } })], custom)).toHaveLength(1);
    expect(run([prod('p')], custom)).toEqual([]);
    const floor = (n: number) => config({ detectors: { 'capacity-risk': { singleRegionMinMonthlyCost: n } } });
    const monthly = 7.09 * 730;
    expect(run([prod('a')], floor(monthly - 1))).toHaveLength(1);
    expect(run([prod('a')], floor(monthly + 1))).toEqual([]);
  });

  it('is medium from $20,000 a month, and spans accounts as "*"', () => {
    const big = [prod('a', { variants: [variant('ml.p4d.24xlarge', 2)] })];
    expect(run(big)[0]!.severity).toBe('medium');
    const other = prod('x', { ref: ref('x', { account: '999999999999' }) });
    expect(run([prod('a'), other])[0]!.ref.account).toBe('*');
  });
});

describe('fallback regions', () => {
  it('groups regions by geography on all three clouds', () => {
    expect(['us-east-1', 'us-central1', 'eastus2', 'westus', 'northcentralus'].map(geography)).toEqual(['us', 'us', 'us', 'us', 'us']);
    expect(['eu-west-1', 'europe-west4', 'westeurope', 'uksouth', 'swedencentral'].map(geography)).toEqual(['eu', 'eu', 'eu', 'eu', 'eu']);
    expect(['ap-south-1', 'asia-east1', 'australia-southeast1', 'japaneast'].map(geography)).toEqual(['ap', 'ap', 'ap', 'ap']);
    expect(['ca-central-1', 'northamerica-northeast1', 'canadacentral'].map(geography)).toEqual(['ca', 'ca', 'ca']);
  });

  it('prefers the price source\'s own list of regions (Google\'s catalog), same geography first', () => {
    const instance = { ...variant('a2-highgpu-1g').instance, listPrice: { hourly: { amount: 3, currency: 'USD' }, region: 'us-central1', source: 'Cloud Billing Catalog', asOf: '2026-11-01', offeredIn: ['europe-west4', 'us-central1', 'us-west1', 'asia-east1', 'us-east1'] } };
    expect(fallbackRegions('gcp', instance, 'us-central1')).toEqual(['us-east1', 'us-west1', 'asia-east1', 'europe-west4']);
  });

  it('on SageMaker: hosting regions of the same geography, then training-only ones there, then the rest', () => {
    expect(fallbackRegions('aws', variant('ml.g5.12xlarge').instance, 'us-east-1')).toEqual(['us-west-2', 'eu-west-1']);
    expect(fallbackRegions('aws', variant('ml.g5.12xlarge').instance, 'eu-west-1')).toEqual(['us-east-1', 'us-west-2']);
  });
});

describe('capacity-risk views', () => {
  it('renders a CLI line and Slack facts per signal', () => {
    const [single] = detectCapacityRisk(snapshot({ endpoints: [endpoint('a', { tags: { env: 'prod' } }), endpoint('b', { tags: { env: 'prod' } })] }), config(), new Date(NOW.getTime() + HOUR));
    expect(capacityRiskLine(single!)).toMatch(/^2 prod endpoint\(s\) on NVIDIA A10G, all in us-east-1; fallback us-west-2, eu-west-1$/);
    expect(capacityRiskDetails(single!).facts.map((x) => x.label)).toEqual(['Risk', 'Endpoints', 'Fallback regions']);
    const [quota] = run([endpoint('blocked', { status: 'failed', failureReason: LIMIT, variants: [variant('ml.g5.12xlarge', 0, { desiredInstanceCount: 1 })] })]);
    expect(capacityRiskLine(quota!)).toMatch(/^failed for quota: ResourceLimitExceeded/);
    expect(capacityRiskDetails(quota!).facts.map((x) => x.label)).toEqual(['Risk', 'Failure', 'Fallback regions']);
    const [stuck] = run([endpoint('s', { lastModifiedAt: minutesAgo(90), variants: [variant('ml.g5.xlarge', 1, { desiredInstanceCount: 2 })] })]);
    expect(capacityRiskLine(stuck!)).toMatch(/^1\/2 instances for 90 min; /);
  });
});
