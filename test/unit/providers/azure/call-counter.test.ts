import { describe, expect, it } from 'vitest';
import { azureAdvice, classifyAzureError } from '../../../../src/providers/azure/azure-errors';
import { operationOf } from '../../../../src/providers/azure/call-counter';

const WS = 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

describe('Azure operation names (the simulator\'s call-count names)', () => {
  it('names ARM paths by operationId, case-insensitively', () => {
    expect(operationOf('GET', 'https://management.azure.com/subscriptions/s/providers/Microsoft.MachineLearningServices/workspaces?api-version=2022-10-01')).toBe('MachineLearning.Workspaces_ListBySubscription');
    expect(operationOf('GET', `${WS}/onlineEndpoints?api-version=x&$skipToken=2`)).toBe('MachineLearning.OnlineEndpoints_List');
    expect(operationOf('GET', `${WS}/onlineendpoints/ep/deployments`)).toBe('MachineLearning.OnlineDeployments_List');
    expect(operationOf('GET', `${WS}/computes`)).toBe('MachineLearning.Compute_List');
    expect(operationOf('GET', `${WS}/jobs?listViewType=ActiveOnly`)).toBe('MachineLearning.Jobs_List');
    expect(operationOf('GET', `https://management.azure.com/${WS.slice(30)}/onlineEndpoints/ep/providers/Microsoft.Insights/metrics`)).toBe('Monitor.Metrics_List');
    expect(operationOf('GET', "https://management.azure.com/subscriptions/s/providers/Microsoft.Insights/eventtypes/management/values?$filter=eventTimestamp ge 'x'")).toBe('Monitor.ActivityLogs_List');
    expect(operationOf('POST', 'https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/query?$skiptoken=a')).toBe('CostManagement.Query_Usage');
    expect(operationOf('POST', 'https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/forecast')).toBe('CostManagement.Forecast_Usage');
  });
});

describe('Azure error classification', () => {
  it('names the missing action and the role to grant', () => {
    const e = classifyAzureError(
      { statusCode: 403, code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope '/subscriptions/s' or the scope is invalid." },
      'Monitor.Metrics_List',
      's',
    );
    expect(e).toMatchObject({ state: 'auth-failed', code: 'AuthorizationFailed', missingAction: 'Microsoft.Insights/metrics/read', subscription: 's' });
    expect(azureAdvice(e)).toMatch(/Microsoft.Insights\/metrics\/read in subscription s: assign "Monitoring Reader"/);
  });

  it('classifies 401, 429 and the rest', () => {
    expect(classifyAzureError({ statusCode: 401, code: 'ExpiredAuthenticationToken', message: 'expired' }, 'MachineLearning.Compute_List').state).toBe('auth-failed');
    expect(classifyAzureError({ statusCode: 429, code: 'TooManyRequests', message: 'slow' }, 'MachineLearning.Compute_List').state).toBe('throttled');
    expect(classifyAzureError({ statusCode: 503, message: 'down' }, 'MachineLearning.Compute_List')).toMatchObject({ state: 'error', code: 'HTTP 503' });
    expect(classifyAzureError(new Error('socket hang up'), 'X.Y')).toMatchObject({ state: 'error' });
  });
});
