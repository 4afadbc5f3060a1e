import { describe, expect, it } from 'vitest';
import { createAzureReader } from '../../../../src/providers/azure/azure-reader';
import { SUB, SUB2, azureConfig, example, fakeAzureHttp, tokenCredential, type Canned, type SeenRequest } from './fake-azure-http';

const NOW = new Date('2026-12-04T12:00:00Z');
const WS = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws1`;

/** A realistic managed deployment (the copied examples are placeholders: "string" everywhere). */
function managedDeployment(sub: string, ep: string, name: string, size: string, capacity: number, state = 'Succeeded') {
  return {
    id: `${WS(sub)}/onlineEndpoints/${ep}/deployments/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
    location: 'eastus',
    sku: { name: 'Default', capacity },
    properties: { endpointComputeType: 'Managed', instanceType: size, provisioningState: state, scaleSettings: { scaleType: 'TargetUtilization', minInstances: 1, maxInstances: 3 } },
  };
}

function fleet(sub: string, overrides: (req: SeenRequest) => Canned | undefined = () => undefined) {
  return (req: SeenRequest): Canned | undefined => {
    const o = overrides(req);
    if (o) return o;
    const p = req.url.pathname;
    if (p === `/subscriptions/${sub}/providers/Microsoft.MachineLearningServices/workspaces`) {
      return { status: 200, body: { value: [{ id: WS(sub), name: 'ws1', location: 'eastus', properties: {} }] } };
    }
    if (p === `${WS(sub)}/onlineEndpoints`) {
      // Page 1 is Microsoft's list example (placeholder values); page 2 a real-looking endpoint, via nextLink.
      // (The example's own nextLink is the placeholder "string".)
      if (!req.url.searchParams.get('$skipToken')) {
        const body = example('machinelearningservices/Workspace/OnlineEndpoint/list.json') as { value: unknown[] };
        return { status: 200, body: { value: body.value, nextLink: `https://management.azure.com${WS(sub)}/onlineEndpoints?api-version=2022-10-01&$skipToken=p2` } };
      }
      return {
        status: 200,
        body: {
          value: [
            {
              id: `${WS(sub)}/onlineEndpoints/llm-chat`,
              name: 'llm-chat',
              location: 'eastus',
              tags: { owner: 'team-nlp', 'watchdog:ignore': 'false' },
              properties: { authMode: 'Key', provisioningState: 'Succeeded', traffic: { blue: 100 } },
              systemData: { createdAt: '2026-11-01T00:00:00Z' },
            },
          ],
        },
      };
    }
    if (p === `${WS(sub)}/onlineEndpoints/string/deployments`) {
      return { status: 200, body: { value: (example('machinelearningservices/OnlineDeployment/list.json') as { value: unknown[] }).value } };
    }
    if (p === `${WS(sub)}/onlineEndpoints/llm-chat/deployments`) {
      return { status: 200, body: { value: [managedDeployment(sub, 'llm-chat', 'blue', 'STANDARD_NC24ADS_A100_V4', 2)] } };
    }
    if (p === `${WS(sub)}/computes`) {
      const ci = structuredClone(example('machinelearningservices/Compute/get/ComputeInstance.json')) as { properties: { properties: Record<string, unknown> } };
      // A newer api-version field the 2022-10-01 SDK has no mapper for: it must survive deserialisation.
      ci.properties.properties.idleTimeBeforeShutdown = 'PT45M';
      // The last start, as ARM reports it (ComputeInstanceLastOperation): how long the instance has been up.
      ci.properties.properties.lastOperation = { operationName: 'Start', operationTime: '2026-12-03T08:30:00Z', operationStatus: 'Succeeded', operationTrigger: 'User' };
      const list = example('machinelearningservices/Compute/list.json') as { value: unknown[] }; // two AKS attachments
      return { status: 200, body: { value: [ci, ...list.value] } };
    }
    if (p === `${WS(sub)}/jobs`) {
      const job = (name: string, status: string, times: Record<string, string> = {}) => ({
        id: `${WS(sub)}/jobs/${name}`,
        name,
        properties: {
          jobType: 'Command', command: 'python train.py', environmentId: 'env', status, computeId: `${WS(sub)}/computes/gpu-cluster`, resources: { instanceCount: 2 }, limits: { jobLimitsType: 'Command', timeout: 'PT8H' },
          tags: { 'job-family': 'llm' },
          // The run's times ride in the job's string properties (⚠️ not members of the ARM job model).
          properties: times,
        },
        systemData: { createdAt: '2026-12-04T08:00:00Z', lastModifiedAt: '2026-12-04T13:00:00Z' },
      });
      return {
        status: 200,
        body: {
          value: [
            job('train-llm', 'Running', { StartTimeUtc: '2026-12-04T08:10:00Z' }),
            job('old-run', 'Completed', { StartTimeUtc: '2026-12-04T08:06:00Z', EndTimeUtc: '2026-12-04T12:06:00Z' }),
            job('older-run', 'Completed'),
            job('failed-run', 'Failed', { StartTimeUtc: '2026-12-04T08:06:00Z', EndTimeUtc: '2026-12-04T08:30:00Z' }),
            job('queued', 'Queued'),
          ],
        },
      };
    }
    return undefined;
  };
}

const clusterCompute = (sub: string) => ({
  id: `${WS(sub)}/computes/gpu-cluster`,
  name: 'gpu-cluster',
  location: 'eastus',
  properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded', properties: { vmSize: 'Standard_NC24s_v3', scaleSettings: { maxNodeCount: 4, minNodeCount: 0 } } },
});

describe('Azure reader inventory (real SDK, canned Azure JSON)', () => {
  it('maps endpoints, deployments, compute instances and running jobs', async () => {
    const http = fakeAzureHttp(
      fleet(SUB, (req) => {
        if (req.url.pathname === `${WS(SUB)}/computes`) {
          const answer = fleet(SUB)(req)!;
          (answer.body as { value: unknown[] }).value.push(clusterCompute(SUB));
          return answer;
        }
        return undefined;
      }),
    );
    const reader = createAzureReader({ config: azureConfig(), credential: tokenCredential, now: () => NOW, httpClient: http });
    const inv = await reader.inventory({});

    expect(inv.endpoints.map((e) => e.ref.name).sort()).toEqual(['llm-chat', 'string']);
    const llm = inv.endpoints.find((e) => e.ref.name === 'llm-chat')!;
    expect(llm.ref).toEqual({ cloud: 'azure', account: SUB, region: 'eastus', kind: 'endpoint', name: 'llm-chat', id: `${WS(SUB)}/onlineEndpoints/llm-chat` });
    expect(llm).toMatchObject({ servingMode: 'real-time', status: 'in-service', providerStatus: 'Succeeded', tags: { owner: 'team-nlp' } });
    expect(llm.variants).toEqual([
      expect.objectContaining({
        name: 'blue',
        currentInstanceCount: 2,
        desiredInstanceCount: 2,
        scaling: { minInstances: 1, maxInstances: 3 },
        instance: expect.objectContaining({ instanceType: 'STANDARD_NC24ADS_A100_V4', acceleratorCount: 1, listPrice: expect.objectContaining({ hourly: { amount: 3.673, currency: 'USD' } }) }),
      }),
    ]);
    // Microsoft's placeholder example: a Kubernetes deployment, state Creating, instanceType "string".
    const placeholder = inv.endpoints.find((e) => e.ref.name === 'string')!;
    expect(placeholder.status).toBe('creating');
    expect(placeholder.variants[0]!.instance).toMatchObject({ instanceType: 'kubernetes:string', acceleratorKind: 'none', acceleratorCount: 0 });
    expect(placeholder.variants[0]!.instance.acceleratorModel).toMatch(/unknown/);

    expect(inv.notebooks).toHaveLength(1);
    expect(inv.notebooks[0]).toMatchObject({
      notebookKind: 'compute-instance',
      status: 'in-service',
      providerStatus: 'Running',
      idleShutdownMinutes: 45,
      instance: { instanceType: 'STANDARD_NC6', acceleratorCount: 1, acceleratorModel: 'NVIDIA K80' },
      ref: { kind: 'notebook', name: 'compute123', region: 'eastus2' },
    });
    expect(inv.notebooks[0]!.createdAt.toISOString()).toBe('2021-04-01T22:00:00.000Z');
    expect(inv.notebooks[0]).toMatchObject({ idleShutdownState: 'configured', activitySource: 'last-start', lastActivityAt: new Date('2026-12-03T08:30:00Z') });

    // The running job and the queued one (listed so a job stuck waiting is seen); finished jobs are history.
    expect(inv.trainingJobs.map((j) => [j.ref.name, j.status, j.startedAt?.toISOString()])).toEqual([
      ['train-llm', 'in-service', '2026-12-04T08:10:00.000Z'],
      ['queued', 'creating', undefined],
    ]);
    expect(inv.trainingJobs[0]).toMatchObject({ ref: { name: 'train-llm', kind: 'training-job' }, status: 'in-service', instanceCount: 2, maxRuntimeSeconds: 8 * 3600, instance: { instanceType: 'Standard_NC24s_v3', acceleratorCount: 4 } });
    // Completed runs only, from the same list (no extra call): EndTimeUtc, else the job's last change.
    expect(inv.trainingHistory.map((r) => [r.ref.name, r.tags['job-family'], r.startedAt?.toISOString(), r.endedAt.toISOString()])).toEqual([
      ['old-run', 'llm', '2026-12-04T08:06:00.000Z', '2026-12-04T12:06:00.000Z'],
      ['older-run', 'llm', undefined, '2026-12-04T13:00:00.000Z'],
    ]);

    // One call per list page, counted under the simulator's operation names.
    expect(reader.calls()).toEqual({
      'MachineLearning.Compute_List': 1,
      'MachineLearning.Jobs_List': 1,
      'MachineLearning.OnlineDeployments_List': 2,
      'MachineLearning.OnlineEndpoints_List': 2,
      'MachineLearning.Workspaces_ListBySubscription': 1,
    });
    expect(http.seen.every((r) => r.authorization === 'Bearer unit-token')).toBe(true);
    expect(reader.status().map((s) => [s.component, s.state])).toEqual([
      [`inventory:${SUB}`, 'ok'],
      ['prices', 'ok'],
    ]);
  });

  it('turns a 403 into auth-failed naming the action and subscription, per subscription, and keeps the rest', async () => {
    const denied = (sub: string): Canned => ({
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: `The client 'abc' with object id 'abc' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/read' over scope '${WS(sub)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        },
      },
    });
    const http = fakeAzureHttp((req) => {
      const sub = req.url.pathname.includes(SUB2) ? SUB2 : SUB;
      if (sub === SUB && req.url.pathname.endsWith('/computes')) return denied(SUB);
      return fleet(sub)(req);
    });
    const reader = createAzureReader({ config: azureConfig({ subscriptions: [SUB, SUB2] }), credential: tokenCredential, now: () => NOW, httpClient: http });
    const inv = await reader.inventory({});
    expect(inv.endpoints).toHaveLength(4);
    expect(inv.notebooks.map((n) => n.ref.account)).toEqual([SUB2]);
    const s1 = reader.status().find((s) => s.component === `inventory:${SUB}`)!;
    expect(s1).toMatchObject({ state: 'auth-failed', code: 'AuthorizationFailed' });
    expect(s1.message).toContain('Microsoft.MachineLearningServices/workspaces/computes/read');
    expect(s1.message).toContain(SUB);
    expect(s1.message).toMatch(/Reader/);
    expect(reader.status().find((s) => s.component === `inventory:${SUB2}`)!.state).toBe('ok');
  });

  it('leaves out an endpoint whose deployments could not be listed (never shown empty = free)', async () => {
    const http = fakeAzureHttp(
      fleet(SUB, (req) => (req.url.pathname.endsWith('/llm-chat/deployments') ? { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } : undefined)),
    );
    const reader = createAzureReader({ config: azureConfig({ workspaces: [{ resourceGroup: 'rg-ml', name: 'ws1' }] }), credential: tokenCredential, now: () => NOW, httpClient: http });
    const inv = await reader.inventory({});
    expect(inv.endpoints.map((e) => e.ref.name)).toEqual(['string']);
    expect(reader.status().find((s) => s.component === `inventory:${SUB}`)).toMatchObject({ state: 'error', code: 'InternalServerError' });
    // Configured workspaces are not discovered.
    expect(reader.calls()['MachineLearning.Workspaces_ListBySubscription']).toBeUndefined();
  }, 60_000);
});
