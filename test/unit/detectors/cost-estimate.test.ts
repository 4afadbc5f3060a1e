import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../../src/domain/cloud';
import type { CostLine } from '../../../src/domain/cost';
import { estimateMonthlyCost } from '../../../src/detectors/cost-estimate';

const NOW = new Date('2026-12-04T12:00:00Z');
const ARM_ID = '/subscriptions/3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod/onlineEndpoints/fraud-scorer';
const azureRef: ResourceRef = { cloud: 'azure', account: '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e', region: 'eastus', kind: 'endpoint', name: 'fraud-scorer', id: ARM_ID };

function line(day: number, resourceId: string, cost: number, cloud: CostLine['cloud'] = 'azure'): CostLine {
  const start = new Date(Date.UTC(2026, 11, day));
  return {
    cloud,
    ChargePeriodStart: start,
    ChargePeriodEnd: new Date(start.getTime() + 86_400_000),
    BilledCost: cost,
    EffectiveCost: cost,
    BillingCurrency: 'USD',
    ServiceName: 'Azure Machine Learning',
    ResourceId: resourceId,
    basis: 'billed',
    breakdown: 'total',
    source: 'test',
  };
}

describe('estimateMonthlyCost, billed branch', () => {
  it('matches Azure Cost Management ResourceIds case-insensitively (it answers ARM ids in lower case)', () => {
    const est = estimateMonthlyCost(azureRef, [], [line(1, ARM_ID.toLowerCase(), 88), line(2, ARM_ID.toLowerCase(), 88)], NOW);
    expect(est.basis).toBe('billed');
    expect(est.monthly.amount).toBeCloseTo(88 * (730 / 24), 6);
  });

  it('sums several service lines of one day before averaging per day', () => {
    const est = estimateMonthlyCost(azureRef, [], [line(1, ARM_ID, 80), line(1, ARM_ID, 8)], NOW);
    expect(est.hourly?.amount).toBeCloseTo(88 / 24, 6);
  });

  it('counts lines the reader tied to the resource, e.g. an Azure deployment sub-resource of the endpoint', () => {
    const sub = { ...line(1, `${ARM_ID}/deployments/blue`.toLowerCase(), 40), ref: azureRef };
    const est = estimateMonthlyCost(azureRef, [], [sub], NOW);
    expect(est.basis).toBe('billed');
    expect(est.hourly?.amount).toBeCloseTo(40 / 24, 6);
  });

  it('compares other clouds exactly: a differently cased ARN is another resource', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/Foo';
    const awsRef: ResourceRef = { ...azureRef, cloud: 'aws', id: arn };
    const est = estimateMonthlyCost(awsRef, [], [line(1, arn.toLowerCase(), 50, 'aws')], NOW);
    expect(est.basis).not.toBe('billed');
  });
});
