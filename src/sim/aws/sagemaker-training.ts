import type {
  DescribeTrainingJobRequest,
  DescribeTrainingJobResponse,
  ListTrainingJobsRequest,
  ListTrainingJobsResponse,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, type SimTrainingJob } from '../fleet-model';
import { trainingJobView } from '../resource-views';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { inRegion, listSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);
/** Last change: the end, else a stop request, else the start. */
const lastModifiedMs = (j: SimTrainingJob, endedMs: number | undefined, nowMs: number) =>
  endedMs ??
  (j.stopRequestedMs !== undefined && j.stopRequestedMs <= nowMs
    ? j.stopRequestedMs
    : j.startedMs !== undefined && j.startedMs <= nowMs
      ? Math.max(j.startedMs, j.createdMs)
      : j.createdMs);

/**
 * ListTrainingJobs with StatusEquals cuts the page first and filters it after (see listSageMaker): a caller that
 * stops at the first short or empty page misses jobs. Summaries carry no instance type.
 */
export function listTrainingJobs(input: Wire<ListTrainingJobsRequest>, ctx: AwsCallContext): ListTrainingJobsResponse {
  const rows: Array<SimTrainingJob & { name: string; status: SimTrainingJob['status']; lastModifiedMs: number; endedMs?: number }> = [];
  for (const j of inRegion(ctx.state.trainingJobs.values(), ctx.region)) {
    const v = trainingJobView(j, ctx.nowMs);
    rows.push({ ...j, status: v.status, lastModifiedMs: lastModifiedMs(j, v.endedMs, ctx.nowMs), ...(v.endedMs !== undefined ? { endedMs: v.endedMs } : {}) });
  }
  const page = listSageMaker(rows, input, { statusFilterAfterPaging: true });
  return {
    TrainingJobSummaries: page.items.map((j) => ({
      TrainingJobName: j.name,
      TrainingJobArn: j.arn,
      CreationTime: date(j.createdMs),
      ...(j.endedMs !== undefined ? { TrainingEndTime: date(j.endedMs) } : {}),
      LastModifiedTime: date(j.lastModifiedMs),
      TrainingJobStatus: j.status,
      SecondaryStatus: trainingJobView(j, ctx.nowMs).secondaryStatus as never,
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export function findTrainingJob(ctx: AwsCallContext, name: string | undefined): SimTrainingJob {
  const j = ctx.state.trainingJobs.get(resourceKey(ctx.region, name ?? ''));
  if (!j) throw new AwsServiceError('ResourceNotFound', 'Requested resource not found.');
  return j;
}

export function describeTrainingJob(input: Wire<DescribeTrainingJobRequest>, ctx: AwsCallContext): DescribeTrainingJobResponse {
  const j = findTrainingJob(ctx, input.TrainingJobName);
  const v = trainingJobView(j, ctx.nowMs);
  const ran = v.endedMs !== undefined ? (j.startedMs !== undefined ? Math.max(0, Math.round((v.endedMs - j.startedMs) / 1000)) : 0) : undefined;
  return {
    TrainingJobName: j.name,
    TrainingJobArn: j.arn,
    TrainingJobStatus: v.status,
    SecondaryStatus: v.secondaryStatus as never,
    ...(j.failureReason ? { FailureReason: j.failureReason } : {}),
    AlgorithmSpecification: {
      ...(j.algorithm?.algorithmName
        ? { AlgorithmName: j.algorithm.algorithmName }
        : { TrainingImage: j.algorithm?.trainingImage ?? `763104351884.dkr.ecr.${j.region}.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker` }),
      TrainingInputMode: 'File',
    },
    RoleArn: `arn:aws:iam::${ctx.state.account}:role/SageMakerTrainingRole`,
    OutputDataConfig: { S3OutputPath: `s3://sagemaker-${j.region}-${ctx.state.account}/training/${j.name}/output` },
    // ModelArtifacts is a required member; the S3 location only exists once the job completed.
    ModelArtifacts: { S3ModelArtifacts: v.status === 'Completed' ? `s3://sagemaker-${j.region}-${ctx.state.account}/training/${j.name}/output/model.tar.gz` : undefined },
    ResourceConfig: { InstanceType: j.instanceType as never, InstanceCount: j.instanceCount, VolumeSizeInGB: 100 },
    StoppingCondition: { MaxRuntimeInSeconds: j.maxRuntimeSeconds },
    CreationTime: date(j.createdMs),
    ...(j.startedMs !== undefined && ctx.nowMs >= j.startedMs ? { TrainingStartTime: date(j.startedMs) } : {}),
    ...(v.endedMs !== undefined ? { TrainingEndTime: date(v.endedMs) } : {}),
    LastModifiedTime: date(lastModifiedMs(j, v.endedMs, ctx.nowMs)),
    // Wall-clock seconds per instance, only once the job has ended; x InstanceCount gives billed instance-seconds.
    ...(ran !== undefined ? { TrainingTimeInSeconds: ran, BillableTimeInSeconds: ran } : {}),
  };
}
