import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListAppsCommand,
  ListEndpointsCommand,
  ListNotebookInstancesCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsReader } from '../../../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../../../src/providers/aws/cost-cache';
import { FailureLog, toProviderStatus, worstState } from '../../../../src/providers/aws/provider-status';
import { classifyAwsError } from '../../../../src/providers/aws/errors';
import { config, endpoint } from '../../../support/builders';
import { fixture } from './fixtures';

const sm = mockClient(SageMakerClient);
const cw = mockClient(CloudWatchClient);
const ce = mockClient(CostExplorerClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const now = new Date('2025-11-04T12:00:00Z');
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

function reader(input: Parameters<typeof config>[0] = {}) {
  return createAwsReader({
    config: config(input),
    clientsFor: (region) => createAwsClients({ region, credentials }),
    costExplorer: createCostExplorerClient({ credentials }),
    costCache: new InMemoryCostCache(),
    now: () => now,
  });
}

beforeEach(() => {
  for (const m of [sm, cw, ce, tagging]) m.reset();
  sm.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [] });
  sm.on(ListAppsCommand).resolves({ Apps: [] });
  sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [] });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});

describe('createAwsReader', () => {
  it('reads each region on its own; one failing region does not stop the others', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: fixture('sagemaker', 'ListEndpoints.page1').Endpoints.slice(0, 1) });
    sm.on(DescribeEndpointCommand).resolves(fixture('sagemaker', 'DescribeEndpoint.realtime-gpu'));
    sm.on(DescribeEndpointConfigCommand).resolves(fixture('sagemaker', 'DescribeEndpointConfig.realtime-gpu'));
    // Every us-west-2 SageMaker call is throttled (an instance-level send overrides the prototype mock).
    const r = createAwsReader({
      config: config({ clouds: { aws: { regions: ['us-east-1', 'us-west-2'] } } }),
      clientsFor: (region) => {
        const clients = createAwsClients({ region, credentials, maxAttempts: 1 });
        if (region === 'us-west-2') {
          clients.sagemaker = new SageMakerClient({ region, credentials, maxAttempts: 1 });
          clients.sagemaker.send = (async () => {
            throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
          }) as never;
        }
        return clients;
      },
      costExplorer: createCostExplorerClient({ credentials }),
      costCache: new InMemoryCostCache(),
      now: () => now,
    });
    const inv = await r.inventory({});
    expect(inv.endpoints.map((e) => e.ref.region)).toEqual(['us-east-1']);
    const statuses = Object.fromEntries(r.status().map((s) => [s.component, s]));
    expect(statuses['inventory:us-east-1']).toMatchObject({ cloud: 'aws', state: 'ok' });
    expect(statuses['inventory:us-east-1']!.calls).toMatchObject({ 'SageMaker.ListEndpoints': 1, 'SageMaker.DescribeEndpoint': 1 });
    expect(statuses['inventory:us-west-2']).toMatchObject({ state: 'throttled', code: 'ThrottlingException' });
    expect(statuses['inventory:us-west-2']!.message).toMatch(/maxConcurrency/);
  });

  it('scopes inventory to the requested regions', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    const r = reader({ clouds: { aws: { regions: ['us-east-1', 'eu-west-1'] } } });
    await r.inventory({ regions: ['eu-west-1'] });
    expect(r.status().map((s) => s.component)).toEqual(['inventory:eu-west-1']);
  });

  it('groups utilisation by region and records a status for each', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const r = reader();
    const west = endpoint('w', { ref: { ...endpoint('w').ref, region: 'us-west-2' } });
    const gcp = endpoint('g', { ref: { ...endpoint('g').ref, cloud: 'gcp' } });
    const series = await r.utilization([endpoint('e'), west, gcp], { window: { start: new Date(now.getTime() - 6 * 3_600_000), end: now } });
    expect(series).toHaveLength(10); // 2 AWS endpoints x (invocations, errors, latency, GPU, GPU memory); the GCP one is not ours
    expect(r.status().map((s) => [s.component, s.state, s.calls])).toEqual([
      ['utilization:us-east-1', 'ok', { 'CloudWatch.GetMetricData': 1 }],
      ['utilization:us-west-2', 'ok', { 'CloudWatch.GetMetricData': 1 }],
    ]);
  });

  it('maps costs with basis billed, caches them, and says so', async () => {
    ce.on(GetCostAndUsageCommand).resolves(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'));
    const r = reader();
    const window = { start: new Date(now.getTime() - 3 * 86_400_000), end: now };
    const lines = await r.costs(window);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.basis === 'billed' && l.cloud === 'aws')).toBe(true);
    await r.costs(window);
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
    const costs = r.status().find((s) => s.component === 'costs')!;
    expect(costs.state).toBe('ok');
    expect(costs.message).toMatch(/2 Cost Explorer queries were answered from the cache/);
  });

  it('reports disabled parts instead of reading them', async () => {
    const off = reader({ clouds: { aws: { enabled: false } } });
    expect(await off.inventory({})).toEqual({ endpoints: [], notebooks: [], trainingJobs: [], trainingHistory: [] });
    expect(off.status()).toMatchObject([{ component: 'inventory', state: 'disabled' }]);
    const noCe = reader({ clouds: { aws: { costExplorer: { enabled: false } } } });
    expect(await noCe.costs({ start: now, end: now })).toEqual([]);
    expect(noCe.status()).toMatchObject([{ component: 'costs', state: 'disabled' }]);
    expect(ce).not.toHaveReceivedCommand(GetCostAndUsageCommand);
  });

  it('never throws, even when our own code fails', async () => {
    const r = createAwsReader({
      config: config(),
      clientsFor: () => {
        throw new Error('factory exploded');
      },
      costExplorer: createCostExplorerClient({ credentials }),
      costCache: new InMemoryCostCache(),
      now: () => now,
    });
    await expect(r.inventory({})).resolves.toEqual({ endpoints: [], notebooks: [], trainingJobs: [], trainingHistory: [] });
    await expect(r.utilization([endpoint('e')], { window: { start: now, end: now } })).resolves.toEqual([]);
    expect(r.status().map((s) => [s.component, s.state, s.code])).toEqual([
      ['inventory:us-east-1', 'error', 'InternalError'],
      ['utilization:us-east-1', 'error', 'InternalError'],
    ]);
  });
});

describe('toProviderStatus', () => {
  it('takes the state and code of the worst failure and lists each with counts', () => {
    const log = new FailureLog();
    const throttled = classifyAwsError(Object.assign(new Error('x'), { name: 'ThrottlingException' }), 'SageMaker.DescribeEndpoint');
    log.add('endpoints', throttled, 'ep-1');
    log.add('endpoints', throttled, 'ep-2');
    log.add('notebooks', classifyAwsError(Object.assign(new Error('x'), { name: 'AccessDeniedException' }), 'SageMaker.ListNotebookInstances'));
    const s = toProviderStatus('inventory:us-east-1', log, { 'SageMaker.DescribeEndpoint': 2 });
    expect(s).toMatchObject({ cloud: 'aws', component: 'inventory:us-east-1', state: 'auth-failed', code: 'AccessDeniedException' });
    expect(s.message).toContain('(2 times, first for ep-1)');
    expect(s.message).toContain('sagemaker:ListNotebookInstances');
    expect(worstState(['ok', 'missing-data', 'throttled'])).toBe('throttled');
    expect(toProviderStatus('costs', new FailureLog(), {})).toEqual({ cloud: 'aws', component: 'costs', state: 'ok', calls: {} });
  });
});
