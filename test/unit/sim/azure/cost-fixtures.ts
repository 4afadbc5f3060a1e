import type { AzureUsageRecord } from '../../../../src/sim/azure/azure-usage';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const WS = `/subscriptions/${SUB}/resourceGroups/RG-ML/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
export const EP = `${WS}/onlineEndpoints/Chat-EP`;
export const CI = `${WS}/computes/ci-alice`;
export const DAY_MS = 86_400_000;

/** A usage record of `cost` on the UTC day `day` (ISO date), 1 h long. */
export function rec(day: string, cost: number, over: Partial<AzureUsageRecord> = {}): AzureUsageRecord {
  const fromMs = Date.parse(`${day}T01:00:00Z`);
  return {
    subscriptionId: SUB,
    resourceGroup: 'RG-ML',
    resourceId: EP,
    resourceType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    location: 'eastus',
    serviceName: 'Azure Machine Learning',
    meterCategory: 'Virtual Machines',
    meter: 'NC24ads A100 v4',
    tags: { team: 'nlp' },
    fromMs,
    toMs: fromMs + 3_600_000,
    quantity: 1,
    cost,
    currency: 'USD',
    ...over,
  };
}
