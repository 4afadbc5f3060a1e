import { describe, expect, it } from 'vitest';
import {
  appStatus,
  classifyServingMode,
  endpointStatus,
  hostsInferenceComponents,
  notebookStatus,
  parseArn,
  toEndpoint,
  toTags,
  trainingStatus,
  variantInstanceType,
} from '../../../../src/providers/aws/to-domain';
import { isBilledStudioApp, studioAppActivity, studioAppArn, toNotebookInstance, toStudioApp, toTrainingJob } from '../../../../src/providers/aws/workloads-to-domain';
import { fixture } from './fixtures';

const sm = (name: string) => fixture('sagemaker', name);

describe('statuses', () => {
  it.each([
    ['InService', 'in-service'],
    ['Creating', 'creating'],
    ['Updating', 'updating'],
    ['SystemUpdating', 'updating'],
    ['RollingBack', 'updating'],
    ['Deleting', 'deleting'],
    ['Failed', 'failed'],
    ['UpdateRollbackFailed', 'failed'],
    ['OutOfService', 'other'],
    ['SomethingNew', 'other'],
  ] as const)('endpoint %s -> %s', (wire, status) => expect(endpointStatus(wire)).toBe(status));

  it('maps notebook, app and training statuses, unknown words to other', () => {
    expect(notebookStatus('Stopped')).toBe('stopped');
    expect(notebookStatus('Stopping')).toBe('other');
    expect(notebookStatus(undefined)).toBe('other');
    expect(appStatus('InService')).toBe('in-service');
    expect(appStatus('Deleted')).toBe('stopped');
    expect(trainingStatus('InProgress')).toBe('in-service');
    expect(trainingStatus('Stopping')).toBe('other');
  });
});

describe('parseArn', () => {
  it('splits an ARN and rejects junk', () => {
    expect(parseArn('arn:aws:sagemaker:us-east-1:123456789012:endpoint/x')).toEqual({
      partition: 'aws',
      service: 'sagemaker',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'endpoint/x',
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
    expect(parseArn(undefined)).toBeUndefined();
  });
});

describe('serving mode', () => {
  it('classifies each kind from the endpoint config', () => {
    expect(classifyServingMode(sm('DescribeEndpointConfig.realtime-gpu'), 0)).toBe('real-time');
    expect(classifyServingMode(sm('DescribeEndpointConfig.serverless'), 0)).toBe('serverless');
    expect(classifyServingMode(sm('DescribeEndpointConfig.async'), 0)).toBe('async');
    expect(classifyServingMode(sm('DescribeEndpointConfig.inference-components'), 0)).toBe('inference-components');
  });

  it('treats a config variant without ModelName as an inference-component host', () => {
    expect(hostsInferenceComponents(sm('DescribeEndpointConfig.inference-components'))).toBe(true);
    expect(hostsInferenceComponents(sm('DescribeEndpointConfig.realtime-gpu'))).toBe(false);
    expect(hostsInferenceComponents(sm('DescribeEndpointConfig.serverless'))).toBe(false);
  });
});

describe('toEndpoint', () => {
  it('takes the instance type from the config and counts from the endpoint', () => {
    const e = toEndpoint({
      region: 'us-east-1',
      endpoint: sm('DescribeEndpoint.realtime-gpu'),
      config: sm('DescribeEndpointConfig.realtime-gpu'),
      inferenceComponents: [],
      tags: { owner: 'risk-team' },
    });
    expect(e.ref).toEqual({
      cloud: 'aws',
      account: '123456789012',
      region: 'us-east-1',
      kind: 'endpoint',
      name: 'fraud-detector-prod',
      id: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-detector-prod',
    });
    expect(e.servingMode).toBe('real-time');
    expect(e.status).toBe('in-service');
    expect(e.configName).toBe('fraud-detector-config-v3');
    expect(e.createdAt).toEqual(new Date(1762160400123));
    expect(e.variants).toHaveLength(1);
    const v = e.variants[0]!;
    expect(v.instance.instanceType).toBe('ml.g5.12xlarge');
    expect(v.instance.acceleratorCount).toBe(4);
    expect(v.instance.listPrice?.hourly.currency).toBe('USD');
    expect(v.instance.listPrice?.hourly.amount).toBeGreaterThan(0);
    expect(v.currentInstanceCount).toBe(2);
    expect(v.desiredInstanceCount).toBe(2);
    expect(e.tags).toEqual({ owner: 'risk-team' });
  });

  it('attaches inference components with copy counts and managed scaling', () => {
    const e = toEndpoint({
      region: 'us-east-1',
      endpoint: sm('DescribeEndpoint.inference-components'),
      config: sm('DescribeEndpointConfig.inference-components'),
      inferenceComponents: [sm('DescribeInferenceComponent.llama'), sm('DescribeInferenceComponent.mistral')],
      tags: {},
    });
    expect(e.servingMode).toBe('inference-components');
    const v = e.variants[0]!;
    expect(v.instance.acceleratorCount).toBe(8);
    expect(v.inferenceComponents).toEqual(['llama-3-8b-ic', 'mistral-7b-ic']);
    expect(v.inferenceComponentStates).toEqual([
      { name: 'llama-3-8b-ic', providerStatus: 'InService', currentCopyCount: 2, desiredCopyCount: 2, acceleratorsPerCopy: 2 },
      { name: 'mistral-7b-ic', providerStatus: 'InService', currentCopyCount: 0, desiredCopyCount: 0, acceleratorsPerCopy: 1 },
    ]);
    expect(v.scaling).toEqual({ minInstances: 0, maxInstances: 4 });
  });

  it('maps serverless variants without instances', () => {
    const e = toEndpoint({
      region: 'us-east-1',
      endpoint: sm('DescribeEndpoint.serverless'),
      config: sm('DescribeEndpointConfig.serverless'),
      inferenceComponents: [],
      tags: {},
    });
    expect(e.servingMode).toBe('serverless');
    expect(e.ref.name).toBe('Churn-Serverless');
    const v = e.variants[0]!;
    expect(v.instance).toEqual({ instanceType: 'serverless', acceleratorKind: 'none', acceleratorCount: 0 });
    expect(v.currentInstanceCount).toBe(0);
    expect(v.serverless).toEqual({ memoryMiB: 4096, maxConcurrency: 20 });
  });

  it('keeps the failure reason of a failed async endpoint', () => {
    const e = toEndpoint({
      region: 'us-east-1',
      endpoint: sm('DescribeEndpoint.async-failed'),
      config: sm('DescribeEndpointConfig.async'),
      inferenceComponents: [],
      tags: {},
    });
    expect(e.servingMode).toBe('async');
    expect(e.status).toBe('failed');
    expect(e.providerStatus).toBe('Failed');
    expect(e.failureReason).toMatch(/ping health check/);
    expect(e.variants[0]).toMatchObject({ currentInstanceCount: 0, desiredInstanceCount: 1 });
  });

  it('uses the config for a Creating endpoint that has no variant summaries yet', () => {
    const endpoint = { ...sm('DescribeEndpoint.realtime-gpu'), EndpointStatus: 'Creating', ProductionVariants: undefined };
    const e = toEndpoint({ region: 'us-east-1', endpoint, config: sm('DescribeEndpointConfig.realtime-gpu'), inferenceComponents: [], tags: {} });
    expect(e.status).toBe('creating');
    expect(e.variants[0]).toMatchObject({ currentInstanceCount: 0, desiredInstanceCount: 2 });
  });
});

describe('variantInstanceType with instance pools', () => {
  const variant = {
    VariantName: 'AllTraffic',
    InstancePools: [
      { InstanceType: 'ml.g6.xlarge' as const, Priority: 2 },
      { InstanceType: 'ml.g5.xlarge' as const, Priority: 1 },
    ],
  };
  it('prefers the pool running most instances, else the top priority', () => {
    expect(variantInstanceType(variant)).toBe('ml.g5.xlarge');
    expect(
      variantInstanceType(variant, { VariantName: 'AllTraffic', InstancePools: [{ InstanceType: 'ml.g6.xlarge', CurrentInstanceCount: 3 }] }),
    ).toBe('ml.g6.xlarge');
  });
});

describe('notebooks, studio apps, training jobs', () => {
  it('maps a notebook instance with the notebook list price', () => {
    const nb = toNotebookInstance(sm('ListNotebookInstances.in-service').NotebookInstances[0], 'us-east-1', { team: 'research' });
    expect(nb).toMatchObject({ notebookKind: 'notebook-instance', status: 'in-service', tags: { team: 'research' } });
    expect(nb.ref.kind).toBe('notebook');
    expect(nb.instance).toMatchObject({ instanceType: 'ml.g4dn.xlarge', acceleratorCount: 1 });
    expect(nb.idleShutdownMinutes).toBeUndefined();
    // An auto-stop lifecycle config may stop it, but the API cannot tell after how long; none at all: absent.
    expect(nb).toMatchObject({ idleShutdownState: 'unknown', lastActivityAt: new Date(1762160400000), activitySource: 'last-modified' });
    const bare = { ...sm('ListNotebookInstances.in-service').NotebookInstances[0], NotebookInstanceLifecycleConfigName: undefined };
    expect(toNotebookInstance(bare, 'us-east-1', {}).idleShutdownState).toBe('absent');
  });

  it('takes a Studio app\'s user activity only when it is earlier than the last health check', () => {
    const [space] = sm('ListApps.mixed').Apps;
    const check = new Date(1762333500000);
    expect(studioAppActivity(space, { LastUserActivityTimestamp: check, LastHealthCheckTimestamp: check })).toEqual({ lastActivityAt: space.CreationTime, activitySource: 'created' });
    const used = new Date(1762320000000);
    expect(studioAppActivity(space, { LastUserActivityTimestamp: used, LastHealthCheckTimestamp: check })).toEqual({ lastActivityAt: used, activitySource: 'user-activity' });
    expect(studioAppActivity(space)).toEqual({ lastActivityAt: space.CreationTime, activitySource: 'created' });
    expect(studioAppActivity({ ...space, CreationTime: undefined })).toEqual({});
  });

  it('keeps only billed InService-able studio apps and builds their ARN', () => {
    const [space, system, bob] = sm('ListApps.mixed').Apps;
    expect(isBilledStudioApp(space)).toBe(true);
    expect(isBilledStudioApp(system)).toBe(false);
    expect(isBilledStudioApp(bob)).toBe(true);
    const arn = studioAppArn(space, 'us-east-1', '123456789012');
    expect(arn).toBe('arn:aws:sagemaker:us-east-1:123456789012:app/d-abc123def456/vision-team-space/JupyterLab/default');
    const app = toStudioApp(space, arn, 'us-east-1', {});
    expect(app.ref).toMatchObject({ kind: 'studio-app', name: 'd-abc123def456/vision-team-space/JupyterLab/default', account: '123456789012' });
    expect(app.instance.acceleratorCount).toBe(1);
    expect(studioAppArn(space, 'cn-north-1', '123456789012').startsWith('arn:aws-cn:')).toBe(true);
  });

  it('maps a running training job from DescribeTrainingJob', () => {
    const job = toTrainingJob(sm('DescribeTrainingJob.in-progress'), 'us-east-1', {});
    expect(job).toMatchObject({ status: 'in-service', providerStatus: 'InProgress', instanceCount: 2, maxRuntimeSeconds: 432000 });
    expect(job.instance).toMatchObject({ instanceType: 'ml.p4d.24xlarge', acceleratorCount: 8 });
    expect(job.startedAt).toEqual(new Date(1762232700000));
  });

  it('keeps the most accelerated group of a heterogeneous cluster', () => {
    const job = toTrainingJob(sm('DescribeTrainingJob.heterogeneous'), 'us-east-1', {});
    expect(job.instance.instanceType).toBe('ml.p3.16xlarge');
    expect(job.instanceCount).toBe(2);
  });
});

describe('toTags', () => {
  it('turns a tag list into a record, empty values kept', () => {
    expect(toTags([{ Key: 'owner', Value: 'a' }, { Key: 'flag', Value: '' }, { Value: 'orphan' }])).toEqual({ owner: 'a', flag: '' });
    expect(toTags(undefined)).toEqual({});
  });
});
