import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { isoDurationSeconds, toEndpoint } from '../../../../src/providers/azure/to-domain';

const NOW = new Date('2026-12-04T12:00:00Z');
const WS = { subscription: 's', resourceGroup: 'rg', name: 'ws', location: 'eastus' };
const endpoint = { id: '/x/onlineEndpoints/ep', name: 'ep', location: 'eastus', properties: { authMode: 'Key', provisioningState: 'Succeeded' } } as OnlineEndpoint;
const deployment = (name: string, provisioningState: string, capacity?: number) =>
  ({ id: `/x/onlineEndpoints/ep/deployments/${name}`, name, location: 'eastus', ...(capacity !== undefined ? { sku: { name: 'Default', capacity } } : {}), properties: { endpointComputeType: 'Managed', instanceType: 'Standard_NC4as_T4_v3', provisioningState } }) as OnlineDeployment;

describe('Azure deployment instance counts', () => {
  it('counts sku.capacity for every state but Deleting and Canceled (a Failed deployment may still hold its VMs ⚠️)', () => {
    const e = toEndpoint(endpoint, [deployment('a', 'Succeeded', 3), deployment('b', 'Creating', 2), deployment('c', 'Failed', 1), deployment('d', 'Deleting', 2), deployment('e', 'Canceled', 1), deployment('f', 'Succeeded')], WS, () => undefined, NOW);
    expect(e.variants.map((v) => [v.name, v.currentInstanceCount, v.desiredInstanceCount])).toEqual([
      ['a', 3, 3],
      ['b', 2, 2],
      ['c', 1, 1],
      ['d', 0, 2],
      ['e', 0, 1],
      // No sku in the answer: managed deployments run at least one instance.
      ['f', 1, 1],
    ]);
    expect(e.failureReason).toBe('deployment(s) c in state Failed');
    expect(e.variants[0]!.scaling).toBeUndefined();
  });

  it('parses ISO-8601 durations', () => {
    expect(isoDurationSeconds('PT30M')).toBe(1800);
    expect(isoDurationSeconds('PT1H30M')).toBe(5400);
    expect(isoDurationSeconds('P1DT2H')).toBe(93_600);
    expect(isoDurationSeconds('PT')).toBeUndefined();
    expect(isoDurationSeconds('30m')).toBeUndefined();
    expect(isoDurationSeconds(undefined)).toBeUndefined();
  });
});
