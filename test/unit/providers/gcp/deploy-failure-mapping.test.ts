import { describe, expect, it } from 'vitest';
import { toEndpoint } from '../../../../src/providers/gcp/to-domain';

const NOW = new Date('2026-11-20T12:00:00Z');
const where = { project: 'p', location: 'us-central1' };
const noPrice = () => undefined;
const model = (min: number, available: number, message?: string) => ({
  id: '7',
  displayName: 'ranker',
  dedicatedResources: { machineSpec: { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }, minReplicaCount: min, maxReplicaCount: min },
  status: { availableReplicaCount: available, ...(message ? { message } : {}) },
});

describe('Vertex endpoint failures', () => {
  it('is failed (DEPLOY_FAILED) with Google\'s reason when nothing is deployed and the latest deploy failed', () => {
    const failedAt = new Date(NOW.getTime() - 3_600_000);
    const e = toEndpoint({ name: 'projects/1/locations/us-central1/endpoints/2', updateTime: '2026-11-01T00:00:00Z' }, 'llm', where, noPrice, NOW, undefined, { reason: 'RESOURCE_EXHAUSTED: quota', at: failedAt });
    expect(e).toMatchObject({ status: 'failed', providerStatus: 'DEPLOY_FAILED', failureReason: 'RESOURCE_EXHAUSTED: quota', lastModifiedAt: failedAt, variants: [] });
  });

  it('ignores a deploy failure when models are deployed (the failure is not the endpoint\'s state)', () => {
    const e = toEndpoint({ name: 'e', deployedModels: [model(1, 1)] }, 'x', where, noPrice, NOW, undefined, { reason: 'RESOURCE_EXHAUSTED: quota', at: NOW });
    expect(e).toMatchObject({ status: 'in-service', providerStatus: 'DEPLOYED' });
    expect(e.failureReason).toBeUndefined();
  });

  it("keeps a model's status message only while it is short of its minimum replicas", () => {
    expect(toEndpoint({ name: 'e', deployedModels: [model(3, 1, 'The zone does not have enough resources available.')] }, 'x', where, noPrice, NOW).failureReason).toBe(
      'ranker: The zone does not have enough resources available.',
    );
    expect(toEndpoint({ name: 'e', deployedModels: [model(3, 3, 'Deployed.')] }, 'x', where, noPrice, NOW).failureReason).toBeUndefined();
    expect(toEndpoint({ name: 'e', deployedModels: [model(3, 1)] }, 'x', where, noPrice, NOW).failureReason).toBeUndefined();
  });
});
