import type {
  CreateAppRequest,
  CreateAppResponse,
  DeleteAppRequest,
  StartNotebookInstanceInput,
  StopNotebookInstanceInput,
  StopTrainingJobRequest,
} from '@aws-sdk/client-sagemaker';
import { sagemakerArn, type NotebookStatus, type SimNotebook, type SimStudioApp } from '../fleet-model';
import type { FleetStudioApp } from '../fleet-schema';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { trainingJobView } from '../resource-views';
import { schedulePhases, statusAt } from '../timeline';
import { timing } from './endpoint-deploy';
import { appNotFound, findNotebook, lookupApp } from './sagemaker-notebooks';
import { findTrainingJob } from './sagemaker-training';
import { required, sageMakerName, sageMakerTags } from './validate';

/** SageMaker's own refusal, e.g. "Status (Stopping) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance (arn)." */
function notebookTransition(n: SimNotebook, nowMs: number, allowed: readonly NotebookStatus[], to: NotebookStatus): void {
  const status = statusAt(n.phases, nowMs);
  if (!allowed.includes(status)) {
    throw new AwsServiceError('ValidationException', `Status (${status}) not in ([${allowed.join(', ')}]). Unable to transition to (${to}) for Notebook Instance (${n.arn}).`);
  }
}

/** StopNotebookInstance: Stopping for `teardownSeconds`, then Stopped; the instance stops billing at once, the volume stays. */
export function stopNotebookInstance(input: Wire<StopNotebookInstanceInput>, ctx: AwsCallContext): object {
  const n = findNotebook(ctx, sageMakerName('NotebookInstanceName', input.NotebookInstanceName));
  notebookTransition(n, ctx.nowMs, ['InService'], 'Stopping');
  const now = ctx.nowMs;
  schedulePhases(n.phases, now, [
    { fromMs: now, status: 'Stopping' },
    { fromMs: now + timing(ctx.state).teardownMs, status: 'Stopped' },
  ]);
  const run = n.runs[n.runs.length - 1];
  if (run && run.toMs === undefined) run.toMs = Math.max(run.fromMs, now);
  n.lastModifiedMs = now;
  return {};
}

/** StartNotebookInstance: Pending for `provisioningSeconds`, then InService; billing resumes once it runs. */
export function startNotebookInstance(input: Wire<StartNotebookInstanceInput>, ctx: AwsCallContext): object {
  const n = findNotebook(ctx, sageMakerName('NotebookInstanceName', input.NotebookInstanceName));
  notebookTransition(n, ctx.nowMs, ['Stopped', 'Failed'], 'Pending');
  const now = ctx.nowMs;
  const readyMs = now + timing(ctx.state).provisionMs;
  schedulePhases(n.phases, now, [
    { fromMs: now, status: 'Pending' },
    { fromMs: readyMs, status: 'InService' },
  ]);
  n.runs.push({ fromMs: readyMs });
  delete n.failureReason;
  n.lastModifiedMs = now;
  return {};
}

function appKey(input: Wire<DeleteAppRequest>) {
  required('DomainId', input.DomainId);
  required('AppType', input.AppType);
  required('AppName', input.AppName);
  if ((input.UserProfileName === undefined) === (input.SpaceName === undefined)) {
    throw new AwsServiceError('ValidationException', 'Specify exactly one of UserProfileName and SpaceName.');
  }
  return input;
}

/** DeleteApp: Deleting for `teardownSeconds`, then Deleted (still listed, as SageMaker does); its instance stops billing now. */
export function deleteApp(input: Wire<DeleteAppRequest>, ctx: AwsCallContext): object {
  const key = appKey(input);
  const a = lookupApp(ctx, key);
  const status = a && statusAt(a.phases, ctx.nowMs);
  if (!a || status === 'Deleted') throw appNotFound(key);
  if (status === 'Deleting') throw new AwsServiceError('ResourceInUse', `App [${a.appName}] of type [${a.appType}] is already being deleted.`);
  const now = ctx.nowMs;
  schedulePhases(a.phases, now, [
    { fromMs: now, status: 'Deleting' },
    { fromMs: now + timing(ctx.state).teardownMs, status: 'Deleted' },
  ]);
  const run = a.runs[a.runs.length - 1];
  if (run && run.toMs === undefined) run.toMs = Math.max(run.fromMs, now);
  a.lastModifiedMs = now;
  return {};
}

/**
 * CreateApp: Pending for `provisioningSeconds`, then InService on ResourceSpec.InstanceType. Re-creating a deleted
 * app reuses its name (and keeps its cost history); an app that is not Deleted holds the name (ResourceInUse).
 */
export function createApp(input: Wire<CreateAppRequest>, ctx: AwsCallContext): CreateAppResponse {
  const key = appKey(input);
  const tags = sageMakerTags('Tags', input.Tags);
  if (!ctx.state.domains.has(`${ctx.region}/${key.DomainId}`)) throw new AwsServiceError('ResourceNotFound', `Domain [${key.DomainId}] not found.`);
  const existing = lookupApp(ctx, key);
  if (existing && statusAt(existing.phases, ctx.nowMs) !== 'Deleted') {
    throw new AwsServiceError('ResourceInUse', `App [${existing.appName}] of type [${existing.appType}] already exists.`);
  }
  const now = ctx.nowMs;
  const readyMs = now + timing(ctx.state).provisionMs;
  const instanceType = input.ResourceSpec?.InstanceType;
  const owner = key.UserProfileName ?? key.SpaceName!;
  const a: SimStudioApp = existing ?? {
    domainId: key.DomainId!,
    ...(key.UserProfileName !== undefined ? { userProfileName: key.UserProfileName } : { spaceName: key.SpaceName! }),
    appType: key.AppType! as FleetStudioApp['appType'],
    appName: key.AppName!,
    region: ctx.region,
    arn: sagemakerArn(ctx.state.account, ctx.region, 'app', `${key.DomainId}/${owner}/${key.AppType}/${key.AppName}`),
    createdMs: now,
    lastModifiedMs: now,
    phases: [{ fromMs: -Infinity, status: 'Deleted' }],
    runs: [],
    tags: {},
  };
  if (!existing) ctx.state.studioApps.push(a);
  // "system" is the default ResourceSpec of JupyterServer apps: no instance of its own, nothing billed.
  if (instanceType && instanceType !== 'system') a.instanceType = instanceType;
  else delete a.instanceType;
  delete a.failureReason;
  a.tags = tags;
  a.createdMs = now;
  a.lastModifiedMs = now;
  schedulePhases(a.phases, now, [
    { fromMs: now, status: 'Pending' },
    { fromMs: readyMs, status: 'InService' },
  ]);
  if (a.instanceType) a.runs.push({ fromMs: readyMs });
  return { AppArn: a.arn };
}

/**
 * StopTrainingJob: Stopping for `teardownSeconds`, then Stopped (TrainingEndTime then; the instances bill until
 * it). Any other status is refused the way SageMaker words it.
 */
export function stopTrainingJob(input: Wire<StopTrainingJobRequest>, ctx: AwsCallContext): object {
  const j = findTrainingJob(ctx, sageMakerName('TrainingJobName', input.TrainingJobName));
  const view = trainingJobView(j, ctx.nowMs);
  if (view.status !== 'InProgress') {
    throw new AwsServiceError('ValidationException', `The request was rejected because the training job is in status ${view.status}.`);
  }
  j.stopRequestedMs = ctx.nowMs;
  j.stoppedMs = ctx.nowMs + timing(ctx.state).teardownMs;
  return {};
}
