import { ListTrainingJobsCommand, type TrainingJobSummary } from '@aws-sdk/client-sagemaker';
import type { Tags } from '../../domain/cloud';
import type { TrainingRun } from '../../domain/resources';
import { forEachPage } from './call-log';
import { classifyAwsError } from './errors';
import type { SageMakerReadContext } from './sagemaker-endpoints';
import { ref } from './to-domain';

/**
 * Completed training jobs created after `since`: the runaway-training history. ListTrainingJobs filters
 * StatusEquals AFTER cutting each page of MaxResults rows (the jobs created after `since`, whatever their status),
 * so this costs ceil(jobs created in the lookback / 100) calls per region, not one per completed job. The summaries
 * carry CreationTime and TrainingEndTime (no TrainingStartTime, no instance type): enough for a duration, and no
 * DescribeTrainingJob per finished run.
 */
export async function readTrainingHistory(ctx: SageMakerReadContext, since: Date): Promise<TrainingJobSummary[]> {
  const out: TrainingJobSummary[] = [];
  try {
    await forEachPage(
      (NextToken) =>
        ctx.log.send('SageMaker.ListTrainingJobs', () =>
          ctx.sagemaker.send(new ListTrainingJobsCommand({ StatusEquals: 'Completed', CreationTimeAfter: since, MaxResults: 100, NextToken })),
        ),
      (p) => p.NextToken,
      (p) => void out.push(...(p.TrainingJobSummaries ?? [])),
    );
  } catch (err) {
    ctx.failures.add('training-history', classifyAwsError(err, 'SageMaker.ListTrainingJobs'));
  }
  return out;
}

/** A completed job's summary -> TrainingRun; undefined without the times a duration needs. */
export function toTrainingRun(s: TrainingJobSummary, region: string, tags: Tags): TrainingRun | undefined {
  if (s.TrainingJobStatus !== 'Completed' || !s.CreationTime || !s.TrainingEndTime) return undefined;
  return {
    ref: ref('training-job', region, s.TrainingJobName, s.TrainingJobArn),
    tags,
    providerStatus: s.TrainingJobStatus,
    createdAt: s.CreationTime,
    endedAt: s.TrainingEndTime,
  };
}
