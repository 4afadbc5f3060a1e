import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { errorKey, type DeploymentError } from '../../../../src/providers/azure/activity-log';
import { toEndpoint } from '../../../../src/providers/azure/to-domain';

const NOW = new Date('2026-12-04T12:00:00Z');
const WS = { subscription: 's', resourceGroup: 'rg', name: 'ws', location: 'eastus' };
const endpoint = { id: '/x/onlineEndpoints/ep', name: 'ep', location: 'eastus', properties: { authMode: 'Key', provisioningState: 'Succeeded' } } as OnlineEndpoint;
const deployment = (name: string, provisioningState: string, capacity: number) =>
  ({ id: `/x/onlineEndpoints/ep/deployments/${name}`, name, sku: { name: 'Default', capacity }, properties: { endpointComputeType: 'Managed', instanceType: 'Standard_NC24ads_A100_v4', provisioningState } }) as OnlineDeployment;
const error = (reason: string): DeploymentError => ({ reason, at: NOW });

describe('Azure failed deployments with their Activity Log errors', () => {
  it('names each Failed deployment with its error (ids matched case-insensitively) and the rest bare', () => {
    const errors = new Map([[errorKey('/X/ONLINEENDPOINTS/EP/DEPLOYMENTS/GREEN'), error('OutOfQuota: Not enough quota available for Standard_NC24ads_A100_v4')]]);
    const e = toEndpoint(endpoint, [deployment('blue', 'Succeeded', 1), deployment('green', 'Failed', 2), deployment('red', 'Failed', 1)], WS, () => undefined, NOW, errors);
    expect(e.failureReason).toBe('deployment green: OutOfQuota: Not enough quota available for Standard_NC24ads_A100_v4; deployment(s) red in state Failed');
    expect(e.status).toBe('in-service');
  });

  it('counts no instance for a deployment that failed for quota or capacity, and keeps sku.capacity otherwise', () => {
    const errors = new Map([
      [errorKey('/x/onlineEndpoints/ep/deployments/quota'), error('OutOfQuota: no quota')],
      [errorKey('/x/onlineEndpoints/ep/deployments/stockout'), error('OutOfCapacity: The specified VM Size failed to provision due to a lack of Azure Machine Learning capacity.')],
      [errorKey('/x/onlineEndpoints/ep/deployments/image'), error('ImageBuildFailure: Image build failed.')],
    ]);
    const e = toEndpoint(endpoint, [deployment('quota', 'Failed', 2), deployment('stockout', 'Failed', 1), deployment('image', 'Failed', 1), deployment('bare', 'Failed', 3)], WS, () => undefined, NOW, errors);
    expect(e.variants.map((v) => [v.name, v.currentInstanceCount, v.desiredInstanceCount])).toEqual([
      ['quota', 0, 2],
      ['stockout', 0, 1],
      ['image', 1, 1],
      ['bare', 3, 3],
    ]);
  });
});
