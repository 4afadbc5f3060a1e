import {
  AddTagsCommand,
  CreateAppCommand,
  DeleteAppCommand,
  DeleteTagsCommand,
  DescribeAppCommand,
  DescribeNotebookInstanceCommand,
  DescribeTrainingJobCommand,
  ListAppsCommand,
  ListTagsCommand,
  StartNotebookInstanceCommand,
  StopNotebookInstanceCommand,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let c: ReturnType<typeof simClients>;
const SECOND = 1000;

beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  c = simClients(sim);
});
afterEach(() => sim.close());

describe('notebook instances', () => {
  const nb = 'ds-priya-llm-exploration';
  const status = async () => (await c.sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: nb }))).NotebookInstanceStatus;

  it('stops (Stopping, then Stopped) and starts again (Pending, then InService)', async () => {
    await c.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: nb }));
    expect(await status()).toBe('Stopping');
    sim.clock.advance(60 * SECOND);
    expect(await status()).toBe('Stopped');
    const d = await c.sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: nb }));
    expect(d.Url).toBeUndefined();
    expect(d.LastModifiedTime?.getTime()).toBe(NOW.getTime());

    await c.sagemaker.send(new StartNotebookInstanceCommand({ NotebookInstanceName: nb }));
    expect(await status()).toBe('Pending');
    sim.clock.advance(360 * SECOND);
    expect(await status()).toBe('InService');
  });

  it('refuses invalid transitions with SageMaker\'s own words', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/cv-augmentation-lab';
    await expect(c.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'cv-augmentation-lab' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Status (Stopped) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance (${arn}).`,
    });
    await expect(c.sagemaker.send(new StartNotebookInstanceCommand({ NotebookInstanceName: nb }))).rejects.toMatchObject({
      message: expect.stringMatching(/^Status \(InService\) not in \(\[Stopped, Failed\]\)\. Unable to transition to \(Pending\)/),
    });
    await expect(c.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'ghost' }))).rejects.toMatchObject({ message: 'RecordNotFound' });
  });
});

describe('Studio apps', () => {
  const key = { DomainId: 'd-7xk2mfq9lz1p', UserProfileName: 'alex-chen', AppType: 'KernelGateway' as const, AppName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c' };

  it('deletes an app (Deleting, then Deleted and still listed) and creates it again on the same instance type', async () => {
    await c.sagemaker.send(new DeleteAppCommand(key));
    expect((await c.sagemaker.send(new DescribeAppCommand(key))).Status).toBe('Deleting');
    sim.clock.advance(60 * SECOND);
    const apps = await c.sagemaker.send(new ListAppsCommand({ DomainIdEquals: key.DomainId }));
    expect(apps.Apps?.find((a) => a.AppName === key.AppName)?.Status).toBe('Deleted');
    await expect(c.sagemaker.send(new DeleteAppCommand(key))).rejects.toMatchObject({ name: 'ResourceNotFound' });

    const r = await c.sagemaker.send(new CreateAppCommand({ ...key, ResourceSpec: { InstanceType: 'ml.g5.2xlarge' }, Tags: [{ Key: 'owner', Value: 'team-search' }] }));
    expect(r.AppArn).toBe(`arn:aws:sagemaker:us-east-1:123456789012:app/${key.DomainId}/alex-chen/kernelgateway/${key.AppName}`);
    expect((await c.sagemaker.send(new DescribeAppCommand(key))).Status).toBe('Pending');
    sim.clock.advance(360 * SECOND);
    const back = await c.sagemaker.send(new DescribeAppCommand(key));
    expect(back).toMatchObject({ Status: 'InService', ResourceSpec: { InstanceType: 'ml.g5.2xlarge' } });
    expect(back.CreationTime?.getTime()).toBe(NOW.getTime() + 60 * SECOND);
    await expect(c.sagemaker.send(new CreateAppCommand(key))).rejects.toMatchObject({ name: 'ResourceInUse' });
  });

  it('refuses an app in an unknown domain', async () => {
    await expect(c.sagemaker.send(new CreateAppCommand({ ...key, DomainId: 'd-doesnotexist' }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });
});

describe('training jobs', () => {
  it('stops a running job (Stopping, then Stopped with its end time) and refuses to stop it twice', async () => {
    const job = 'llama3-8b-sft-run-17';
    await c.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: job }));
    expect(await c.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))).toMatchObject({ TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping' });
    await expect(c.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: job }))).rejects.toMatchObject({
      message: 'The request was rejected because the training job is in status Stopping.',
    });
    sim.clock.advance(60 * SECOND);
    const d = await c.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
    expect(d).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' });
    expect(d.TrainingEndTime?.getTime()).toBe(NOW.getTime() + 60 * SECOND);
    expect(d.BillableTimeInSeconds).toBe(30 * 3600 + 60);
    await expect(c.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: 'ranker-xgb-nightly-1104' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'The request was rejected because the training job is in status Completed.',
    });
  });
});

describe('AddTags and DeleteTags', () => {
  it('change the tags ListTags and the Tagging API return', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/legacy-churn-model';
    const added = await c.sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'watchdog:ignore', Value: 'true' }, { Key: 'env', Value: 'dev' }] }));
    expect(added.Tags).toEqual([{ Key: 'watchdog:ignore', Value: 'true' }, { Key: 'env', Value: 'dev' }]);
    expect((await c.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'owner', Value: 'team-growth' },
      { Key: 'env', Value: 'dev' },
      { Key: 'watchdog:ignore', Value: 'true' },
    ]);
    const tagged = await c.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'watchdog:ignore' }], ResourceTypeFilters: ['sagemaker:endpoint'] }));
    expect(tagged.ResourceTagMappingList?.map((r) => r.ResourceARN)).toContain(arn);

    await c.sagemaker.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ['watchdog:ignore', 'not-there'] }));
    const after = await c.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'watchdog:ignore' }], ResourceTypeFilters: ['sagemaker:endpoint'] }));
    expect(after.ResourceTagMappingList?.map((r) => r.ResourceARN)).not.toContain(arn);
    // The endpoint's config is a resource of its own: its tags did not change.
    const cfgTags = await c.sagemaker.send(new ListTagsCommand({ ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/legacy-churn-model-config' }));
    expect(cfgTags.Tags).toEqual([{ Key: 'owner', Value: 'team-growth' }, { Key: 'env', Value: 'prod' }]);
  });

  it('refuses reserved keys, unknown resources and more than 50 tags on a resource', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/legacy-churn-model';
    await expect(c.sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:owner', Value: 'x' }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(c.sagemaker.send(new AddTagsCommand({ ResourceArn: `${arn}-ghost`, Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({
      message: `Could not find resource "${arn}-ghost".`,
    });
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(c.sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: many }))).rejects.toMatchObject({ name: 'ResourceLimitExceeded' });
  });
});
