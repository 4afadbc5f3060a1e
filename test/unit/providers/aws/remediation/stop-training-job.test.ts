import { DescribeTrainingJobCommand, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { stopTrainingJobSpec } from '../../../../../src/providers/aws/remediation/actions/stop-training-job';
import { awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, writeCalls } from './support';

const ref = awsRef('training-job', 'llama3-8b-sft-run-17');

function fakeJob(status = 'InProgress') {
  const job = { status };
  sm.on(DescribeTrainingJobCommand).callsFake(() => ({
    TrainingJobName: ref.name,
    TrainingJobStatus: job.status,
    CheckpointConfig: { S3Uri: 's3://ckpt/llama3-8b-sft-run-17' },
    OutputDataConfig: { S3OutputPath: 's3://out/llama3' },
  }));
  sm.on(StopTrainingJobCommand).callsFake(() => {
    job.status = 'Stopping';
    return {};
  });
  return job;
}

beforeEach(resetMocks);

describe('stop-training-job', () => {
  it('is approval-only and not restorable', () => {
    expect(stopTrainingJobSpec).toMatchObject({ approvalOnly: true, restorable: false, validOriginStates: ['InProgress'] });
  });

  it('stops a running job once; a job that already stopped or finished is left alone', async () => {
    const job = fakeJob();
    const r = remediator();
    const { prior, providerStatus } = await r.capture(ref, 'stop-training-job');
    expect(providerStatus).toBe('InProgress');
    await r.park(token(ref, 'stop-training-job', prior), stepLog().onStep);
    expect(job.status).toBe('Stopping');
    await r.park(token(ref, 'stop-training-job', prior), stepLog().onStep);
    job.status = 'Completed';
    await r.park(token(ref, 'stop-training-job', prior), stepLog().onStep);
    expect(writeCalls()).toEqual(['sagemaker:StopTrainingJob']);
    expectDeclared(stopTrainingJobSpec);
  });

  it('restore explains that the job cannot be resumed and where its checkpoints are', async () => {
    fakeJob();
    const r = remediator();
    const { prior } = await r.capture(ref, 'stop-training-job');
    const restore = stepLog();
    const err = await r.restore(token(ref, 'stop-training-job', prior), restore.onStep).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_RESTORABLE' });
    expect((err as Error).message).toMatch(/cannot resume a stopped training job.*s3:\/\/ckpt\/llama3-8b-sft-run-17/);
    expect(restore.steps).toEqual([]);
    expect(writeCalls()).toEqual([]);
  });
});
