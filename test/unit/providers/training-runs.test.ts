import type { JobBase } from '@azure/arm-machinelearning';
import { describe, expect, it } from 'vitest';
import { toTrainingRun as awsRun } from '../../../src/providers/aws/training-history';
import { toTrainingJob as awsJob } from '../../../src/providers/aws/workloads-to-domain';
import { jobRunTimes, toTrainingRun as azureRun } from '../../../src/providers/azure/job-runs';
import { historyFilter, LIVE_JOBS_FILTER } from '../../../src/providers/gcp/gcp-inventory';
import { toTrainingRun as gcpRun } from '../../../src/providers/gcp/to-domain';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:training-job/sft-run-4';

describe('SageMaker training runs and starting states', () => {
  it('maps a Completed summary (creation to end: summaries carry no start) and skips anything else', () => {
    const s = { TrainingJobName: 'sft-run-4', TrainingJobArn: ARN, TrainingJobStatus: 'Completed' as const, CreationTime: new Date('2026-11-14T06:00:00Z'), TrainingEndTime: new Date('2026-11-14T14:00:00Z') };
    expect(awsRun(s, 'us-east-1', { team: 'nlp' })).toEqual({
      ref: { cloud: 'aws', account: '123456789012', region: 'us-east-1', kind: 'training-job', name: 'sft-run-4', id: ARN },
      tags: { team: 'nlp' },
      providerStatus: 'Completed',
      createdAt: s.CreationTime,
      endedAt: s.TrainingEndTime,
    });
    expect(awsRun({ ...s, TrainingJobStatus: 'Stopped' }, 'us-east-1', {})).toBeUndefined();
    expect(awsRun({ ...s, TrainingEndTime: undefined }, 'us-east-1', {})).toBeUndefined();
  });

  it('reads InProgress jobs in Starting, Pending or Downloading (and the retired names) as still starting', () => {
    const job = (SecondaryStatus: string) =>
      awsJob({ TrainingJobName: 'j', TrainingJobArn: ARN, TrainingJobStatus: 'InProgress', SecondaryStatus: SecondaryStatus as never, CreationTime: new Date(0), ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 } } as never, 'us-east-1', {});
    for (const s of ['Starting', 'Pending', 'Downloading', 'LaunchingMLInstances', 'PreparingTrainingStack', 'DownloadingTrainingImage']) expect(job(s).status, s).toBe('creating');
    expect(job('Training')).toMatchObject({ status: 'in-service', providerStatus: 'InProgress', secondaryStatus: 'Training' });
    expect(job('Uploading').status).toBe('in-service');
  });
});

describe('Vertex AI custom job runs', () => {
  const where = { project: 'acme-ml', location: 'us-central1' };
  const json = { name: 'projects/1/locations/us-central1/customJobs/42', displayName: 'llm-sft-1027', state: 'JOB_STATE_SUCCEEDED', createTime: '2026-10-27T10:00:00Z', startTime: '2026-10-27T10:30:00Z', endTime: '2026-10-27T18:00:00Z', labels: { 'job-family': 'llm' } };
  it('maps a succeeded job with its start and end, named by its display name as is', () => {
    expect(gcpRun(json, where)).toEqual({
      ref: { cloud: 'gcp', account: 'acme-ml', region: 'us-central1', kind: 'training-job', name: 'llm-sft-1027', id: json.name },
      tags: { 'job-family': 'llm' },
      providerStatus: 'JOB_STATE_SUCCEEDED',
      createdAt: new Date('2026-10-27T10:00:00Z'),
      startedAt: new Date('2026-10-27T10:30:00Z'),
      endedAt: new Date('2026-10-27T18:00:00Z'),
    });
    expect(gcpRun({ ...json, state: 'JOB_STATE_FAILED' }, where)).toBeUndefined();
    expect(gcpRun({ ...json, endTime: 'garbage' }, where)).toBeUndefined();
    expect(gcpRun({ ...json, startTime: undefined }, where)!.startedAt).toBeUndefined();
  });

  it('asks for live jobs by state and for history by state and create_time (RFC 3339, whole seconds)', () => {
    expect(LIVE_JOBS_FILTER).toBe('state="JOB_STATE_RUNNING" OR state="JOB_STATE_QUEUED" OR state="JOB_STATE_PENDING"');
    expect(historyFilter(new Date('2026-10-19T10:00:00.123Z'))).toBe('state="JOB_STATE_SUCCEEDED" AND create_time>"2026-10-19T10:00:00Z"');
  });
});

describe('Azure ML job runs', () => {
  const ws = { subscription: 'sub-1', resourceGroup: 'rg', name: 'mlw', location: 'eastus' };
  const job = (status: string, bag: Record<string, string> = {}, createdAt = '2026-11-16T07:55:00Z'): JobBase =>
    ({
      id: '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw/jobs/lora-ft-0411',
      name: 'lora-ft-0411',
      properties: { jobType: 'Command', status, tags: { owner: 'research', gone: null }, properties: bag },
      systemData: { createdAt: new Date(createdAt), lastModifiedAt: new Date('2026-11-16T13:01:00Z') },
    }) as unknown as JobBase;
  const since = new Date('2026-10-19T10:00:00Z');
  it('maps a Completed job created in the lookback: StartTimeUtc / EndTimeUtc, else the last change as its end', () => {
    expect(azureRun(job('Completed', { StartTimeUtc: '2026-11-16T08:00:00Z', EndTimeUtc: '2026-11-16T13:00:00Z' }), ws, since)).toMatchObject({
      ref: { cloud: 'azure', account: 'sub-1', region: 'eastus', kind: 'training-job', name: 'lora-ft-0411' },
      tags: { owner: 'research' },
      startedAt: new Date('2026-11-16T08:00:00Z'),
      endedAt: new Date('2026-11-16T13:00:00Z'),
    });
    expect(azureRun(job('Completed'), ws, since)).toMatchObject({ endedAt: new Date('2026-11-16T13:01:00Z') });
    expect(azureRun(job('Completed'), ws, since)!.startedAt).toBeUndefined();
    expect(azureRun(job('Failed'), ws, since)).toBeUndefined();
    expect(azureRun(job('Completed', {}, '2026-09-01T00:00:00Z'), ws, since)).toBeUndefined();
    expect(jobRunTimes(job('Running', { StartTimeUtc: 'not a date' }))).toEqual({});
  });
});
