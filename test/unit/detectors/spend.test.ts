import { describe, expect, it } from 'vitest';
import { adjacentCategory, dailyBy, isPlatformService, ownerLines, totalLines } from '../../../src/detectors/spend';
import { costLine } from '../../support/builders';

describe('spend views', () => {
  const awsTotal = costLine('2026-11-01', 100);
  const awsOwner = costLine('2026-11-01', 100, { breakdown: 'owner', Tags: { owner: 'a' } });
  const gcpRow = costLine('2026-11-01', 40, { cloud: 'gcp', ServiceName: 'Vertex AI', Tags: { owner: 'b' } });
  const azTotal = costLine('2026-11-01', 30, { cloud: 'azure', ServiceName: 'Azure Machine Learning' });
  const azOwner = costLine('2026-11-01', 30, { cloud: 'azure', ServiceName: 'Azure Machine Learning', breakdown: 'owner', Tags: {} });
  const all = [awsTotal, awsOwner, gcpRow, azTotal, azOwner];

  it('counts each dollar once in the total view', () => {
    expect(totalLines(all).reduce((s, l) => s + l.BilledCost, 0)).toBe(170);
  });

  it('takes a cloud\'s owner breakdown, or its labelled total rows when it has none (Google)', () => {
    expect(ownerLines(all, 'aws')).toEqual([awsOwner]);
    expect(ownerLines(all, 'azure')).toEqual([azOwner]);
    expect(ownerLines(all, 'gcp')).toEqual([gcpRow]);
  });

  it('knows each platform service and the adjacent ones by their billing names', () => {
    expect([awsTotal, gcpRow, azTotal].every(isPlatformService)).toBe(true);
    expect(isPlatformService(costLine('2026-11-01', 1, { ServiceName: 'Vertex AI' }))).toBe(false); // an AWS line named like Google's
    const cat = (ServiceName: string) => adjacentCategory({ ServiceName });
    expect(['AWS Data Transfer', 'Bandwidth', 'Networking'].map(cat)).toEqual(['data-transfer', 'data-transfer', 'data-transfer']);
    expect(['EC2 - Other', 'Virtual Network'].map(cat)).toEqual(['network', 'network']);
    expect(['Amazon Simple Storage Service', 'Cloud Storage', 'Storage'].map(cat)).toEqual(['storage', 'storage', 'storage']);
    expect(['AmazonCloudWatch', 'Log Analytics', 'Cloud Logging'].map(cat)).toEqual(['logging', 'logging', 'logging']);
    expect(['Container Registry', 'Artifact Registry', 'Amazon EC2 Container Registry (ECR)'].map(cat)).toEqual(['registry', 'registry', 'registry']);
    expect(['Cloud Monitoring', 'Azure Monitor'].map(cat)).toEqual(['monitoring', 'monitoring']);
    expect(['Amazon SageMaker', 'Amazon Elastic Compute Cloud - Compute', 'BigQuery'].map(cat)).toEqual([undefined, undefined, undefined]);
  });

  it('sums per key per day', () => {
    const m = dailyBy([awsTotal, costLine('2026-11-01', 5), costLine('2026-11-02', 7)], (l) => l.ServiceName);
    expect([...m.get('Amazon SageMaker')!]).toEqual([['2026-11-01', 105], ['2026-11-02', 7]]);
  });
});
