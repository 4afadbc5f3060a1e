import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  DescribeAppCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeTrainingJobCommand,
  ListAppsCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  ListNotebookInstancesCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallLog } from '../../../../src/providers/aws/call-log';
import { createAwsClients } from '../../../../src/providers/aws/clients';
import { readRegionInventory } from '../../../../src/providers/aws/sagemaker';
import { fixture } from './fixtures';

const sm = mockClient(SageMakerClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const f = (name: string) => fixture('sagemaker', name);
const denied = (action: string) =>
  Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });

/** The demo region: 4 endpoints over two pages, one IC endpoint, a notebook, studio apps, a running training job. */
function demoRegion(): void {
  sm.on(ListEndpointsCommand).resolves(f('ListEndpoints.page2'));
  sm.on(ListEndpointsCommand, { NextToken: undefined }).resolves(f('ListEndpoints.page1'));
  for (const [name, fx] of [
    ['fraud-detector-prod', 'realtime-gpu'],
    ['llm-shared', 'inference-components'],
    ['Churn-Serverless', 'serverless'],
    ['batch-scorer-async', 'async-failed'],
  ] as const) {
    sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves(f(`DescribeEndpoint.${fx}`));
  }
  for (const [name, fx] of [
    ['fraud-detector-config-v3', 'realtime-gpu'],
    ['llm-shared-config', 'inference-components'],
    ['churn-serverless-config', 'serverless'],
    ['batch-scorer-async-config', 'async'],
  ] as const) {
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: name }).resolves(f(`DescribeEndpointConfig.${fx}`));
  }
  sm.on(ListInferenceComponentsCommand).resolves(f('ListInferenceComponents.default'));
  sm.on(DescribeInferenceComponentCommand, { InferenceComponentName: 'llama-3-8b-ic' }).resolves(f('DescribeInferenceComponent.llama'));
  sm.on(DescribeInferenceComponentCommand, { InferenceComponentName: 'mistral-7b-ic' }).resolves(f('DescribeInferenceComponent.mistral'));
  sm.on(ListNotebookInstancesCommand).resolves(f('ListNotebookInstances.in-service'));
  sm.on(ListAppsCommand).resolves(f('ListApps.mixed'));
  sm.on(DescribeAppCommand).resolves(f('DescribeApp.jupyterlab'));
  sm.on(ListTrainingJobsCommand).resolves(f('ListTrainingJobs.in-progress'));
  sm.on(ListTrainingJobsCommand, { NextToken: undefined }).resolves(f('ListTrainingJobs.empty-page-with-token'));
  sm.on(DescribeTrainingJobCommand).resolves(f('DescribeTrainingJob.in-progress'));
  tagging.on(GetResourcesCommand).resolves(fixture('tagging', 'GetResources.default'));
}

const read = (log = new AwsCallLog(), maxConcurrency = 8) =>
  readRegionInventory({ clients: createAwsClients({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }), log, maxConcurrency });

beforeEach(() => {
  sm.reset();
  tagging.reset();
});

describe('readRegionInventory', () => {
  it('finds every resource with instance types from the configs, modes, copies and tags', async () => {
    demoRegion();
    const log = new AwsCallLog();
    const { inventory, failures } = await read(log);
    expect(failures.failures()).toEqual([]);
    const eps = Object.fromEntries(inventory.endpoints.map((e) => [e.ref.name, e]));
    expect(Object.keys(eps).sort()).toEqual(['Churn-Serverless', 'batch-scorer-async', 'fraud-detector-prod', 'llm-shared']);
    expect(eps['fraud-detector-prod']).toMatchObject({ servingMode: 'real-time', tags: { owner: 'risk-team', env: 'prod' } });
    expect(eps['fraud-detector-prod']!.variants[0]!.instance).toMatchObject({ instanceType: 'ml.g5.12xlarge', acceleratorCount: 4 });
    expect(eps['llm-shared']!.servingMode).toBe('inference-components');
    expect(eps['llm-shared']!.variants[0]!.inferenceComponentStates?.map((s) => s.currentCopyCount)).toEqual([2, 0]);
    // Tagging returns the lower-cased ARN; the endpoint is "Churn-Serverless".
    expect(eps['Churn-Serverless']).toMatchObject({ servingMode: 'serverless', tags: { owner: 'growth' } });
    expect(eps['batch-scorer-async']).toMatchObject({ servingMode: 'async', status: 'failed' });

    expect(inventory.notebooks.map((n) => [n.notebookKind, n.ref.name, n.tags])).toEqual([
      ['notebook-instance', 'research-gpu-notebook', { 'watchdog:ignore': 'true' }],
      ['studio-app', 'd-abc123def456/vision-team-space/JupyterLab/default', { owner: 'vision' }],
    ]);
    expect(inventory.trainingJobs).toHaveLength(1);
    expect(inventory.trainingJobs[0]!.instance.instanceType).toBe('ml.p4d.24xlarge');

    expect(sm).toHaveReceivedCommandWith(ListTrainingJobsCommand, { StatusEquals: 'InProgress', NextToken: 'dHJhaW5pbmctcGFnZS0y' });
    expect(sm).toHaveReceivedCommandWith(ListNotebookInstancesCommand, { StatusEquals: 'InService' });
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      ResourceTypeFilters: ['sagemaker:endpoint', 'sagemaker:notebook-instance', 'sagemaker:training-job', 'sagemaker:app'],
    });
    expect(log.calls()).toEqual({
      'SageMaker.DescribeEndpoint': 4,
      'SageMaker.DescribeEndpointConfig': 4,
      'SageMaker.DescribeInferenceComponent': 2,
      'SageMaker.DescribeApp': 1,
      'SageMaker.DescribeTrainingJob': 1,
      'SageMaker.ListApps': 1,
      'SageMaker.ListEndpoints': 2,
      'SageMaker.ListInferenceComponents': 1,
      'SageMaker.ListNotebookInstances': 1,
      'SageMaker.ListTrainingJobs': 2,
      'Tagging.GetResources': 1,
    });
    expect(sm).not.toHaveReceivedCommand(ListTagsCommand);
  });

  it('describes a config shared by many endpoints once', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `ep-${i}`);
    sm.on(ListEndpointsCommand).callsFake(async (input: { NextToken?: string }) => {
      const start = Number(input.NextToken ?? 0);
      return {
        Endpoints: names.slice(start, start + 100).map((n) => ({ EndpointName: n, EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}` })),
        ...(start + 100 < names.length ? { NextToken: String(start + 100) } : {}),
      };
    });
    sm.on(DescribeEndpointCommand).callsFake(async (input: { EndpointName: string }) => ({
      ...f('DescribeEndpoint.realtime-gpu'),
      EndpointName: input.EndpointName,
      EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${input.EndpointName}`,
    }));
    sm.on(DescribeEndpointConfigCommand).resolves(f('DescribeEndpointConfig.realtime-gpu'));
    const log = new AwsCallLog();
    const { inventory } = await read(log, 4);
    expect(inventory.endpoints).toHaveLength(250);
    expect(log.count('SageMaker.ListEndpoints')).toBe(3);
    expect(log.count('SageMaker.DescribeEndpointConfig')).toBe(1);
    expect(sm).toHaveReceivedCommandWith(ListEndpointsCommand, { MaxResults: 100 });
    expect(sm).not.toHaveReceivedCommand(ListInferenceComponentsCommand);
  });

  it('falls back to ListTags (MaxResults 100, minimum is 50) when tag:GetResources is denied', async () => {
    demoRegion();
    tagging.on(GetResourcesCommand).rejects(denied('tag:GetResources'));
    sm.on(ListTagsCommand).resolves({ Tags: [] });
    sm.on(ListTagsCommand, { ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector-prod' }).resolves(f('ListTags.endpoint'));
    const { inventory, failures } = await read();
    expect(failures.failures()).toEqual([]);
    expect(failures.allNotes().join()).toMatch(/grant tag:GetResources/);
    expect(inventory.endpoints.find((e) => e.ref.name === 'fraud-detector-prod')!.tags).toEqual({ owner: 'risk-team', env: 'prod' });
    const calls = sm.commandCalls(ListTagsCommand);
    expect(calls).toHaveLength(7); // 4 endpoints, 1 notebook, 1 training job, 1 billed studio app
    for (const c of calls) expect(c.args[0].input.MaxResults).toBeGreaterThanOrEqual(50);
  });

  it('reports tags as failed when both tag reads fail', async () => {
    demoRegion();
    tagging.on(GetResourcesCommand).rejects(denied('tag:GetResources'));
    sm.on(ListTagsCommand).rejects(denied('sagemaker:ListTags'));
    const { inventory, failures } = await read();
    expect(inventory.endpoints).toHaveLength(4);
    expect(failures.failures().map((x) => [x.part, x.error.operation, x.error.state])).toEqual([
      ['tags', 'SageMaker.ListTags', 'auth-failed'],
      ['tags', 'Tagging.GetResources', 'auth-failed'],
    ]);
  });

  it('keeps endpoints when notebooks are denied, and skips resources deleted mid-sweep', async () => {
    demoRegion();
    sm.on(ListNotebookInstancesCommand).rejects(denied('sagemaker:ListNotebookInstances'));
    sm.on(DescribeEndpointCommand, { EndpointName: 'batch-scorer-async' }).rejects(
      Object.assign(new Error('Could not find endpoint "batch-scorer-async".'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
    );
    const { inventory, failures } = await read();
    expect(inventory.endpoints).toHaveLength(3);
    expect(inventory.notebooks.map((n) => n.notebookKind)).toEqual(['studio-app']);
    expect(failures.failures()).toMatchObject([{ part: 'notebooks', error: { code: 'AccessDeniedException', state: 'auth-failed' } }]);
    expect(failures.failures()[0]!.error.message).toContain('sagemaker:ListNotebookInstances');
  });

  it('reports an endpoint whose config was deleted as missing data instead of guessing its instance', async () => {
    demoRegion();
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'fraud-detector-config-v3' }).rejects(
      Object.assign(new Error('Could not find endpoint configuration "fraud-detector-config-v3".'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
    );
    const { inventory, failures } = await read();
    expect(inventory.endpoints.map((e) => e.ref.name)).not.toContain('fraud-detector-prod');
    expect(failures.failures()).toMatchObject([{ part: 'endpoints', example: 'fraud-detector-prod', error: { state: 'missing-data', code: 'EndpointConfigNotFound' } }]);
  });

  it('learns the account for studio app ARNs from DescribeApp when nothing else exists', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    sm.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [] });
    sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [] });
    sm.on(ListAppsCommand).resolves(f('ListApps.mixed'));
    sm.on(DescribeAppCommand).resolves({ AppArn: 'arn:aws:sagemaker:us-east-1:210987654321:app/d-abc123def456/vision-team-space/JupyterLab/default' });
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const { inventory } = await read();
    expect(inventory.notebooks).toHaveLength(1);
    expect(inventory.notebooks[0]!.ref.account).toBe('210987654321');
    expect(sm).toHaveReceivedCommandWith(DescribeAppCommand, { DomainId: 'd-abc123def456', SpaceName: 'vision-team-space', AppType: 'JupyterLab', AppName: 'default' });
  });

  it('describes each billed Studio app: a user activity equal to the health check is no activity', async () => {
    demoRegion();
    const { inventory } = await read();
    const app = inventory.notebooks.find((n) => n.notebookKind === 'studio-app')!;
    expect(app).toMatchObject({ activitySource: 'created', lastActivityAt: new Date(1762074000000), idleShutdownState: 'unknown' });
    expect(inventory.notebooks.find((n) => n.notebookKind === 'notebook-instance')).toMatchObject({ activitySource: 'last-modified', lastActivityAt: new Date(1762160400000), idleShutdownState: 'unknown' });
  });

  it('keeps a Studio app whose DescribeApp failed, with an ARN built from the account', async () => {
    demoRegion();
    sm.on(DescribeAppCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const { inventory, failures } = await read();
    const app = inventory.notebooks.find((n) => n.notebookKind === 'studio-app')!;
    expect(app.ref.id).toBe('arn:aws:sagemaker:us-east-1:123456789012:app/d-abc123def456/vision-team-space/JupyterLab/default');
    expect(app.activitySource).toBe('created');
    expect(failures.failures().map((x) => x.part)).toEqual(['studio-apps']);
  });
});
