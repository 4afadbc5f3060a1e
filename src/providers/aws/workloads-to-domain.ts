import type { AppDetails, DescribeAppResponse, DescribeTrainingJobResponse, NotebookInstanceSummary } from '@aws-sdk/client-sagemaker';
import type { Tags } from '../../domain/cloud';
import type { Notebook, TrainingJob } from '../../domain/resources';
import { awsInstanceSpec } from './instance-types';
import { appStatus, instanceSpec, notebookStatus, partitionOf, ref, trainingStatus } from './to-domain';
import { trainingContainer } from './served-models';

/** Pure mapping of the non-endpoint workloads (notebook instances, Studio apps, training jobs) to domain types. */

export function toNotebookInstance(nb: NotebookInstanceSummary, region: string, tags: Tags): Notebook {
  return {
    ref: ref('notebook', region, nb.NotebookInstanceName, nb.NotebookInstanceArn),
    notebookKind: 'notebook-instance',
    status: notebookStatus(nb.NotebookInstanceStatus),
    providerStatus: nb.NotebookInstanceStatus ?? 'Unknown',
    instance: instanceSpec(nb.InstanceType ?? 'unknown', region, 'notebook'),
    // CreationTime is optional in the model; the epoch stands for "unknown" rather than inventing "now".
    createdAt: nb.CreationTime ?? new Date(0),
    ...(nb.LastModifiedTime ? { lastModifiedAt: nb.LastModifiedTime } : {}),
    tags,
    // Notebook instances have no idle shutdown of their own: only a lifecycle-config script (e.g. the AWS sample
    // auto-stop-idle) stops them. Without one there is certainly none; with one, the script would have to be read.
    idleShutdownState: nb.NotebookInstanceLifecycleConfigName ? 'unknown' : 'absent',
    // SageMaker exposes no notebook activity time; LastModifiedTime (start, stop, update) is the closest proxy.
    ...(nb.LastModifiedTime ?? nb.CreationTime ? { lastActivityAt: (nb.LastModifiedTime ?? nb.CreationTime)!, activitySource: 'last-modified' as const } : {}),
  };
}

/** Studio apps have no name of their own across the region: domain / owner (user or space) / type / app name. */
export function studioAppName(app: AppDetails): string {
  return [app.DomainId, app.UserProfileName ?? app.SpaceName, app.AppType, app.AppName].join('/');
}

/** The app ARN, which ListApps does not return: arn:<p>:sagemaker:<r>:<acct>:app/<domain>/<user|space>/<type>/<name>. */
export function studioAppArn(app: AppDetails, region: string, account: string): string {
  return `arn:${partitionOf(region)}:sagemaker:${region}:${account}:app/${studioAppName(app)}`;
}

/** Only apps on a billed ml.* instance matter; JupyterServer apps on the free `system` type are skipped. */
export function isBilledStudioApp(app: AppDetails): boolean {
  return app.ResourceSpec?.InstanceType?.startsWith('ml.') === true;
}

/**
 * The last sign of use of a Studio app. DescribeApp's LastUserActivityTimestamp "is also updated when SageMaker AI
 * performs health checks without user activity. As a result, this value is set to the same value as
 * LastHealthCheckTimestamp" (API reference; aws/amazon-sagemaker-feedback#54), so it only counts when it is
 * earlier than the last health check. Otherwise the app's CreationTime: an app runs from its creation until deleted.
 */
export function studioAppActivity(app: AppDetails, described?: Pick<DescribeAppResponse, 'LastUserActivityTimestamp' | 'LastHealthCheckTimestamp'>): Pick<Notebook, 'lastActivityAt' | 'activitySource'> {
  const user = described?.LastUserActivityTimestamp;
  const check = described?.LastHealthCheckTimestamp;
  if (user && check && user.getTime() < check.getTime()) return { lastActivityAt: user, activitySource: 'user-activity' };
  return app.CreationTime ? { lastActivityAt: app.CreationTime, activitySource: 'created' } : {};
}

export function toStudioApp(
  app: AppDetails,
  arn: string,
  region: string,
  tags: Tags,
  described?: Pick<DescribeAppResponse, 'LastUserActivityTimestamp' | 'LastHealthCheckTimestamp'>,
): Notebook {
  return {
    ref: ref('studio-app', region, studioAppName(app), arn),
    notebookKind: 'studio-app',
    status: appStatus(app.Status),
    providerStatus: app.Status ?? 'Unknown',
    instance: instanceSpec(app.ResourceSpec?.InstanceType ?? 'unknown', region, 'notebook'),
    createdAt: app.CreationTime ?? new Date(0),
    tags,
    // JupyterLab / Code Editor idle shutdown lives in the domain, user profile and space settings (not read here);
    // KernelGateway apps of Studio Classic have none of their own (the auto-shutdown extension is a lifecycle config).
    idleShutdownState: 'unknown',
    ...studioAppActivity(app, described),
  };
}

/**
 * DescribeTrainingJob -> TrainingJob. Heterogeneous clusters list InstanceGroups instead of one InstanceType;
 * we keep the group with the most accelerators (the expensive part) and its count. Flexible-instance jobs report
 * the chosen type in SelectedInstanceType.
 */
function groupAccelerators(g: { InstanceType?: string; InstanceCount?: number }): number {
  return awsInstanceSpec(g.InstanceType ?? '').acceleratorCount * (g.InstanceCount ?? 0);
}

/**
 * InProgress secondary statuses before training runs: Starting (launching instances, where EC2 capacity errors are
 * retried: "Insufficient capacity error from EC2 while launching instances, retrying!"), Pending (a training plan's
 * reserved capacity not yet there), Downloading (File-mode input copied to the instances), and the retired
 * LaunchingMLInstances / PreparingTrainingStack / DownloadingTrainingImage that older jobs may still report.
 */
const STARTING_SECONDARY = new Set(['Starting', 'Pending', 'Downloading', 'LaunchingMLInstances', 'PreparingTrainingStack', 'DownloadingTrainingImage']);

export function toTrainingJob(job: DescribeTrainingJobResponse, region: string, tags: Tags): TrainingJob {
  const rc = job.ResourceConfig;
  let type = rc?.InstanceType ?? rc?.SelectedInstanceType;
  let count = rc?.InstanceCount ?? rc?.SelectedInstanceCount ?? 0;
  if (!type && rc?.InstanceGroups?.length) {
    const top = [...rc.InstanceGroups].sort((a, b) => groupAccelerators(b) - groupAccelerators(a))[0]!;
    type = top.InstanceType;
    count = top.InstanceCount ?? 0;
  }
  // Already in the DescribeTrainingJob answer: no call of its own.
  const container = trainingContainer(job);
  return {
    ref: ref('training-job', region, job.TrainingJobName, job.TrainingJobArn),
    status: job.TrainingJobStatus === 'InProgress' && STARTING_SECONDARY.has(job.SecondaryStatus ?? '') ? 'creating' : trainingStatus(job.TrainingJobStatus),
    providerStatus: job.TrainingJobStatus ?? 'Unknown',
    ...(job.SecondaryStatus ? { secondaryStatus: job.SecondaryStatus } : {}),
    instance: instanceSpec(type ?? 'unknown', region, 'training'),
    instanceCount: count,
    ...(job.TrainingStartTime ? { startedAt: job.TrainingStartTime } : {}),
    createdAt: job.CreationTime ?? new Date(0),
    ...(job.StoppingCondition?.MaxRuntimeInSeconds !== undefined ? { maxRuntimeSeconds: job.StoppingCondition.MaxRuntimeInSeconds } : {}),
    ...(job.BillableTimeInSeconds !== undefined ? { billableSeconds: job.BillableTimeInSeconds } : {}),
    tags,
    ...(container ? { container } : {}),
  };
}
