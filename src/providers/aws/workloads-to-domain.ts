import type { AppDetails, DescribeTrainingJobResponse, NotebookInstanceSummary } from '@aws-sdk/client-sagemaker';
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
    // Notebook-instance idle shutdown lives in a lifecycle-config script, which the API cannot read back as minutes.
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

export function toStudioApp(app: AppDetails, arn: string, region: string, tags: Tags): Notebook {
  return {
    ref: ref('studio-app', region, studioAppName(app), arn),
    notebookKind: 'studio-app',
    status: appStatus(app.Status),
    providerStatus: app.Status ?? 'Unknown',
    instance: instanceSpec(app.ResourceSpec?.InstanceType ?? 'unknown', region, 'notebook'),
    createdAt: app.CreationTime ?? new Date(0),
    tags,
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
