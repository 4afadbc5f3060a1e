import { describe, expect, it } from 'vitest';
import { classifyFailure, detectCapacityRisk } from '../../../src/detectors/capacity-risk';
import { fallbackRegions } from '../../../src/detectors/fallback-regions';
import { capacityRiskDetails, capacityRiskLine } from '../../../src/notify/views/capacity-risk-details';
import { config, endpoint, HOUR, NOW, ref, snapshot, variant } from '../../support/builders';

describe('classifyFailure', () => {
  it('tells quota from capacity in each cloud\'s words', () => {
    expect(classifyFailure("ResourceLimitExceeded: The account-level service limit 'ml.p4d.24xlarge for endpoint usage' is 0 Instances")).toBe('quota-failure');
    expect(classifyFailure('Quota exceeded for quota metric custom_model_serving_nvidia_a100_gpus')).toBe('quota-failure');
    expect(classifyFailure('OutOfQuota: Not enough quota available for Standard_NC24ads_A100_v4')).toBe('quota-failure');
    expect(classifyFailure('CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.')).toBe('capacity-failure');
    expect(classifyFailure('ZONE_RESOURCE_POOL_EXHAUSTED: The zone does not have enough resources available')).toBe('capacity-failure');
    expect(classifyFailure('SkuNotAvailable: The requested VM size is currently not available in location eastus')).toBe('capacity-failure');
    expect(classifyFailure('The primary container for production variant AllTraffic did not pass the ping health check.')).toBeUndefined();
    expect(classifyFailure(undefined)).toBeUndefined();
  });
});

describe('detectCapacityRisk', () => {
  const prod = (name: string, over = {}) => endpoint(name, { tags: { owner: 'team-a', env: 'prod' }, ...over });

  it('reports a deployment that failed for quota with the desired capacity\'s cost and fallback regions', () => {
    const e = endpoint('blocked', { status: 'failed', providerStatus: 'Failed', failureReason: 'ResourceLimitExceeded: service limit is 0 Instances', variants: [variant('ml.g5.12xlarge', 0, { desiredInstanceCount: 1 })] });
    const [f, ...rest] = detectCapacityRisk(snapshot({ endpoints: [e] }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({ signal: 'quota-failure', currentInstances: 0, desiredInstances: 1, region: 'us-east-1' });
    expect(f!.evidence.fallbackRegions).toEqual(fallbackRegions('aws', e.variants[0]!.instance, 'us-east-1'));
    expect(f!.cost.monthly.amount).toBeCloseTo(7.09 * 730, 0);
    expect(f!.recommendation.summary).toContain('quota increase for ml.g5.12xlarge in us-east-1 in Service Quotas');
    expect(f!.severity).toBe('high');
  });

  it('reports a scale-up stuck past stuckScaleUpMinutes, not one in its first minutes, nor a failed endpoint', () => {
    const stuck = (minutes: number, status: 'in-service' | 'failed' = 'in-service') =>
      endpoint('scaling', { status, lastModifiedAt: new Date(NOW.getTime() - minutes * 60_000), variants: [variant('ml.g5.xlarge', 1, { desiredInstanceCount: 3 })] });
    expect(detectCapacityRisk(snapshot({ endpoints: [stuck(50)] }), config(), NOW).map((f) => f.evidence.signal)).toEqual(['stuck-scale-up']);
    expect(detectCapacityRisk(snapshot({ endpoints: [stuck(10)] }), config(), NOW)).toEqual([]);
    expect(detectCapacityRisk(snapshot({ endpoints: [stuck(50, 'failed')] }), config(), NOW)).toEqual([]);
  });

  it('reports production accelerators all in one region once, and not when another region serves them too, nor dev, nor small services', () => {
    const two = [prod('a'), prod('b')];
    const [f, ...rest] = detectCapacityRisk(snapshot({ endpoints: two }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.ref).toMatchObject({ kind: 'cost-scope', name: 'aws production NVIDIA A10G in us-east-1' });
    expect(f!.evidence).toMatchObject({ signal: 'single-region', endpoints: ['a', 'b'], instanceTypes: ['ml.g5.12xlarge'] });
    expect(f!.owner).toBe('team-a');
    const west = prod('c', { ref: ref('c', { region: 'us-west-2' }) });
    expect(detectCapacityRisk(snapshot({ endpoints: [...two, west] }), config(), NOW)).toEqual([]);
    const dev = [endpoint('d1', { tags: { env: 'dev' } }), endpoint('d2', { tags: { env: 'dev' } })];
    expect(detectCapacityRisk(snapshot({ endpoints: dev }), config(), NOW)).toEqual([]);
    expect(detectCapacityRisk(snapshot({ endpoints: [prod('small', { variants: [variant('ml.g4dn.xlarge')] })] }), config(), NOW)).toEqual([]);
    const custom = config({ detectors: { 'capacity-risk': { productionTag: 'tier', productionValues: ['critical'], singleRegionMinMonthlyCost: 0 } } });
    expect(detectCapacityRisk(snapshot({ endpoints: [endpoint('t', { tags: { tier: 'Critical' } })] }), custom, NOW)).toHaveLength(1);
    expect(detectCapacityRisk(snapshot({ endpoints: two }), config({ detectors: { 'capacity-risk': { singleRegion: false } } }), NOW)).toEqual([]);
  });

  it('renders a CLI line and Slack facts per signal', () => {
    const [f] = detectCapacityRisk(snapshot({ endpoints: [prod('a'), prod('b')] }), config(), new Date(NOW.getTime() + HOUR));
    expect(capacityRiskLine(f!)).toMatch(/^2 prod endpoint\(s\) on NVIDIA A10G, all in us-east-1; /);
    expect(capacityRiskDetails(f!).facts.map((x) => x.label)).toEqual(['Risk', 'Endpoints', 'Fallback regions']);
  });
});
