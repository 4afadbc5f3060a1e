import { DescribeTrainingJobCommand, StopTrainingJobCommand, type DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { awsCall, awsDescribe, defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { AwsRemediationError } from '../remediation-error';

/**
 * Runaway training jobs: StopTrainingJob sends SIGTERM, waits 120 s, then stops the instances; the job ends as
 * Stopped and keeps whatever it checkpointed and wrote. SageMaker cannot resume a stopped job, so this action is
 * not restorable and only runs when a person approves it.
 */
export const stopTrainingJobSpec: ActionSpec = {
  action: 'stop-training-job',
  validOriginStates: ['InProgress'],
  permissions: [allow('sagemaker:DescribeTrainingJob', ARN.trainingJob), allow('sagemaker:StopTrainingJob', ARN.trainingJob)],
  approvalOnly: true,
  restorable: false,
};

const priorSchema = z.object({
  trainingJobName: z.string().min(1),
  /** Where the job checkpointed, if it did: the only way to continue is a new job that starts from there. */
  checkpointS3Uri: z.string().optional(),
  outputS3Path: z.string().optional(),
});
type Prior = z.infer<typeof priorSchema>;

function describe(ctx: ActionContext, name: string): Promise<DescribeTrainingJobResponse | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeTrainingJob', `Reading training job ${name}`, () =>
    ctx.clients.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
  );
}

async function stop(ctx: ActionContext, name: string): Promise<void> {
  const job = await describe(ctx, name);
  if (!job) throw new AwsRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Training job ${name} no longer exists; nothing to stop.` });
  // Stopping, Stopped, Completed and Failed jobs no longer run: the step's goal is met.
  if (job.TrainingJobStatus !== 'InProgress') return;
  await awsCall(ctx, 'SageMaker.StopTrainingJob', `Stopping training job ${name}`, () =>
    ctx.clients.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })),
  );
}

export function notRestorable(ctx: ActionContext, p: Prior): AwsRemediationError {
  const from = p.checkpointS3Uri
    ? ` Start a new training job that resumes from its checkpoints in ${p.checkpointS3Uri}.`
    : ' It wrote no checkpoints, so a new job has to start from the beginning.';
  return new AwsRemediationError({
    code: 'NOT_RESTORABLE',
    resource: ctx.label,
    message: `Training job ${p.trainingJobName} was stopped and SageMaker cannot resume a stopped training job.${from}`,
  });
}

export const stopTrainingJob = defineAction<Prior>({
  spec: stopTrainingJobSpec,
  kind: 'training-job',
  priorSchema,
  async capture(ctx) {
    const job = await describe(ctx, ctx.ref.name);
    if (!job) throw new AwsRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Training job ${ctx.ref.name} no longer exists; nothing to stop.` });
    return {
      prior: {
        trainingJobName: ctx.ref.name,
        ...(job.CheckpointConfig?.S3Uri ? { checkpointS3Uri: job.CheckpointConfig.S3Uri } : {}),
        ...(job.OutputDataConfig?.S3OutputPath ? { outputS3Path: job.OutputDataConfig.S3OutputPath } : {}),
      },
      providerStatus: job.TrainingJobStatus ?? 'Unknown',
    };
  },
  parkSteps: (ctx, p) => [{ name: 'stop-training-job', run: () => stop(ctx, p.trainingJobName) }],
  restoreSteps: (ctx, p) => [
    {
      name: 'explain-not-restorable',
      run: () => Promise.reject(notRestorable(ctx, p)),
    },
  ],
});
