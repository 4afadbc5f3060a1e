import { CredentialUnavailableError } from '@azure/identity';
import { AzureCredentialsError } from '../../../../../src/providers/azure/credentials';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { azureRemediationPermissions, azureRemediationRoleActions, AZURE_REMEDIATION_ACTIONS } from '../../../../../src/providers/azure/remediation/action-registry';
import { classifyArmError, remediationErrorFrom } from '../../../../../src/providers/azure/remediation/arm-errors';
import { parseMlArmId } from '../../../../../src/providers/azure/remediation/arm-id';
import { deploymentBody, endpointBody, sameTraffic, specOfDeployment, zeroTraffic } from '../../../../../src/providers/azure/remediation/deployment-spec';
import { recheckInterval } from '../../../../../src/providers/azure/remediation/recent-invocations';
import { WS_ID } from './fake-ml';

describe('deployment specs and traffic (pure)', () => {
  const deployment = {
    id: `${WS_ID}/onlineEndpoints/chat/deployments/blue`,
    name: 'blue',
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
    location: 'eastus',
    kind: 'Managed',
    tags: { a: 'b' },
    sku: { name: 'Default', capacity: 3 },
    systemData: { createdAt: new Date('2026-01-01T00:00:00Z') },
    identity: { type: 'UserAssigned', principalId: 'p', tenantId: 't', userAssignedIdentities: { '/subscriptions/s/uami': { principalId: 'x', clientId: 'y' } } },
    properties: {
      endpointComputeType: 'Managed', model: 'azureml:m:1', instanceType: 'Standard_NC24ads_A100_v4', environmentId: 'azureml:env:2', environmentVariables: { X: '1' },
      codeConfiguration: { codeId: 'azureml:code:1', scoringScript: 'score.py' }, scaleSettings: { scaleType: 'Default' }, requestSettings: { requestTimeout: 'PT5S' },
      livenessProbe: { period: 'PT10S' }, appInsightsEnabled: true, egressPublicNetworkAccess: 'Enabled', properties: { k: 'v' }, description: 'd', provisioningState: 'Succeeded',
    },
  } as unknown as OnlineDeployment;

  it('keeps everything needed to recreate a deployment and drops read-only fields', () => {
    const spec = specOfDeployment(deployment, 'westus');
    expect(spec).toEqual({
      name: 'blue', location: 'eastus', kind: 'Managed', tags: { a: 'b' }, sku: { name: 'Default', capacity: 3 },
      identity: { type: 'UserAssigned', userAssignedIdentities: { '/subscriptions/s/uami': {} } },
      properties: {
        endpointComputeType: 'Managed', model: 'azureml:m:1', instanceType: 'Standard_NC24ads_A100_v4', environmentId: 'azureml:env:2', environmentVariables: { X: '1' },
        codeConfiguration: { codeId: 'azureml:code:1', scoringScript: 'score.py' }, scaleSettings: { scaleType: 'Default' }, requestSettings: { requestTimeout: 'PT5S' },
        livenessProbe: { period: 'PT10S' }, appInsightsEnabled: true, egressPublicNetworkAccess: 'Enabled', properties: { k: 'v' }, description: 'd',
      },
    });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(deploymentBody(spec)).not.toHaveProperty('name');
  });

  it('the endpoint PUT body keeps auth mode and tags, drops scoringUri/keys/state, sets the traffic', () => {
    const e = { id: 'x', name: 'chat', location: 'eastus', tags: { t: '1' }, properties: { authMode: 'AMLToken', scoringUri: 'https://s', swaggerUri: 'https://w', provisioningState: 'Succeeded', keys: { primaryKey: 'k' }, traffic: { blue: 100 }, publicNetworkAccess: 'Enabled' } } as unknown as OnlineEndpoint;
    expect(endpointBody(e, { blue: 0 })).toEqual({ location: 'eastus', tags: { t: '1' }, properties: { authMode: 'AMLToken', publicNetworkAccess: 'Enabled', traffic: { blue: 0 } } });
  });

  it('traffic: missing means 0 %', () => {
    expect(sameTraffic({ blue: 80, green: 20 }, { green: 20, blue: 80 })).toBe(true);
    expect(sameTraffic({ blue: 100, green: 0 }, { blue: 100 })).toBe(true);
    expect(sameTraffic({ blue: 80, green: 20 }, { blue: 20, green: 80 })).toBe(false);
    expect(zeroTraffic({ blue: 80, green: 20 })).toEqual({ blue: 0, green: 0 });
  });
});

describe('ARM ids, errors, re-check interval, permissions (pure)', () => {
  it('parses ML ARM ids per kind (case-insensitive fixed segments)', () => {
    expect(parseMlArmId('endpoint', `${WS_ID}/onlineEndpoints/chat`)).toEqual({ subscription: '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e', resourceGroup: 'rg-ml', workspace: 'mlw', name: 'chat' });
    expect(parseMlArmId('endpoint', `${WS_ID.toLowerCase()}/onlineendpoints/chat`)?.name).toBe('chat');
    expect(parseMlArmId('notebook', `${WS_ID}/onlineEndpoints/chat`)).toBeUndefined();
    expect(parseMlArmId('training-job', `${WS_ID}/jobs/j1`)?.name).toBe('j1');
  });

  it('a 403 names the missing RBAC action and scope in the message', () => {
    const err = new RestError(`The client 'abc' with object id 'abc' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/delete' over scope '${WS_ID}/onlineEndpoints/chat/deployments/blue' or the scope is invalid.`, { statusCode: 403, code: 'AuthorizationFailed' });
    const c = classifyArmError(err);
    expect(c).toMatchObject({ code: 'AUTH', azureCode: 'AuthorizationFailed', missingAction: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/delete' });
    const e = remediationErrorFrom('res', 'Deleting deployment blue', err);
    expect(e.message).toMatch(/Grant the watchdog's remediation identity "Microsoft.MachineLearningServices\/workspaces\/onlineEndpoints\/deployments\/delete" on \/subscriptions\//);
    expect(classifyArmError(new RestError('x', { statusCode: 401, code: 'ExpiredAuthenticationToken' })).code).toBe('AUTH');
    expect(classifyArmError(new RestError('x', { statusCode: 429 })).code).toBe('THROTTLED');
    // No token at all (@azure/identity, or our Secrets Manager reader): AUTH pointing at the credentials settings.
    const noToken = remediationErrorFrom('res', 'Reading the endpoint', new CredentialUnavailableError('EnvironmentCredential is unavailable.'));
    expect(noToken.code).toBe('AUTH');
    expect(noToken.message).toContain('clouds.azure.credentials');
    expect(classifyArmError(new AzureCredentialsError('AZURE_CREDENTIALS_EMPTY', 'secret s is empty')).code).toBe('AUTH');
    expect(classifyArmError(new RestError('x', { statusCode: 404 })).code).toBe('RESOURCE_NOT_FOUND');
    expect(classifyArmError(new Error('The long-running operation has failed. QuotaExceeded. no cores')).code).toBe('OPERATION_FAILED');
  });

  it('re-check interval keeps at most ~1440 points', () => {
    expect(recheckInterval(10 * 60_000)).toBe('PT1M');
    expect(recheckInterval(24 * 3_600_000)).toBe('PT1M');
    expect(recheckInterval(2 * 24 * 3_600_000)).toBe('PT5M');
    expect(recheckInterval(30 * 24 * 3_600_000)).toBe('PT30M');
  });

  it('the role lists every action of every spec plus metrics and tags, deduplicated', () => {
    const actions = azureRemediationRoleActions();
    for (const a of AZURE_REMEDIATION_ACTIONS) for (const p of a.permissions) expect(actions).toContain(p.action);
    expect(actions).toEqual(expect.arrayContaining(['Microsoft.Insights/metrics/read', 'Microsoft.Resources/tags/write', 'Microsoft.MachineLearningServices/workspaces/computes/stop/action']));
    expect(new Set(actions).size).toBe(actions.length);
    expect(azureRemediationPermissions().every((p) => p.resource.startsWith('/subscriptions/'))).toBe(true);
    expect(AZURE_REMEDIATION_ACTIONS.map((a) => a.action).sort()).toEqual(['delete-deployment', 'stop-notebook', 'stop-training-job']);
  });
});
