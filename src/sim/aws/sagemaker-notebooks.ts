import type {
  AppDetails,
  DescribeAppRequest,
  DescribeAppResponse,
  DescribeNotebookInstanceInput,
  DescribeNotebookInstanceOutput,
  ListAppsRequest,
  ListAppsResponse,
  ListNotebookInstancesInput,
  ListNotebookInstancesOutput,
} from '@aws-sdk/client-sagemaker';
import { resourceKey, type AppStatus, type SimNotebook, type SimStudioApp } from '../fleet-model';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { statusAt } from '../timeline';
import { inRegion, listSageMaker } from './sagemaker-listing';

const date = (ms: number) => new Date(ms);
const notebookUrl = (n: SimNotebook) => `${n.name.toLowerCase()}.notebook.${n.region}.sagemaker.aws`;

export function listNotebookInstances(input: Wire<ListNotebookInstancesInput>, ctx: AwsCallContext): ListNotebookInstancesOutput {
  const lcNeedle = input.NotebookInstanceLifecycleConfigNameContains?.toLowerCase();
  const rows: Array<SimNotebook & { status: SimNotebook['phases'][number]['status'] }> = [];
  for (const n of inRegion(ctx.state.notebooks.values(), ctx.region)) {
    if (lcNeedle !== undefined && !(n.lifecycleConfigName ?? '').toLowerCase().includes(lcNeedle)) continue;
    rows.push({ ...n, status: statusAt(n.phases, ctx.nowMs) });
  }
  const page = listSageMaker(rows, input);
  return {
    NotebookInstances: page.items.map((n) => ({
      NotebookInstanceName: n.name,
      NotebookInstanceArn: n.arn,
      NotebookInstanceStatus: n.status,
      Url: notebookUrl(n),
      InstanceType: n.instanceType as never,
      CreationTime: date(n.createdMs),
      LastModifiedTime: date(n.lastModifiedMs),
      ...(n.lifecycleConfigName ? { NotebookInstanceLifecycleConfigName: n.lifecycleConfigName } : {}),
    })),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export function findNotebook(ctx: AwsCallContext, name: string | undefined): SimNotebook {
  const n = ctx.state.notebooks.get(resourceKey(ctx.region, name ?? ''));
  // The real service answers a missing notebook instance with a bare "RecordNotFound" ValidationException.
  if (!n) throw new AwsServiceError('ValidationException', 'RecordNotFound');
  return n;
}

export function describeNotebookInstance(input: Wire<DescribeNotebookInstanceInput>, ctx: AwsCallContext): DescribeNotebookInstanceOutput {
  const n = findNotebook(ctx, input.NotebookInstanceName);
  const status = statusAt(n.phases, ctx.nowMs);
  return {
    NotebookInstanceArn: n.arn,
    NotebookInstanceName: n.name,
    NotebookInstanceStatus: status,
    ...(n.failureReason && status === 'Failed' ? { FailureReason: n.failureReason } : {}),
    ...(status === 'InService' ? { Url: notebookUrl(n) } : {}),
    InstanceType: n.instanceType as never,
    RoleArn: `arn:aws:iam::${ctx.state.account}:role/SageMakerNotebookRole`,
    LastModifiedTime: date(n.lastModifiedMs),
    CreationTime: date(n.createdMs),
    ...(n.lifecycleConfigName ? { NotebookInstanceLifecycleConfigName: n.lifecycleConfigName } : {}),
    DirectInternetAccess: 'Enabled',
    VolumeSizeInGB: n.volumeSizeGb,
    RootAccess: 'Enabled',
    PlatformIdentifier: 'notebook-al2-v3',
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' },
  };
}

function appDetails(a: SimStudioApp & { status: AppStatus }): AppDetails {
  return {
    DomainId: a.domainId,
    ...(a.userProfileName ? { UserProfileName: a.userProfileName } : { SpaceName: a.spaceName! }),
    AppType: a.appType,
    AppName: a.appName,
    Status: a.status,
    CreationTime: date(a.createdMs),
    ...(a.instanceType ? { ResourceSpec: { InstanceType: a.instanceType as never } } : {}),
  };
}

export function listApps(input: Wire<ListAppsRequest>, ctx: AwsCallContext): ListAppsResponse {
  const rows: Array<SimStudioApp & { name: string; status: AppStatus }> = [];
  for (const a of inRegion(ctx.state.studioApps, ctx.region)) {
    if (input.DomainIdEquals !== undefined && a.domainId !== input.DomainIdEquals) continue;
    if (input.UserProfileNameEquals !== undefined && a.userProfileName !== input.UserProfileNameEquals) continue;
    if (input.SpaceNameEquals !== undefined && a.spaceName !== input.SpaceNameEquals) continue;
    rows.push({ ...a, name: a.appName, status: statusAt(a.phases, ctx.nowMs) });
  }
  const page = listSageMaker(rows, input, { sortKeys: ['CreationTime'] });
  return { Apps: page.items.map(appDetails), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}

/**
 * LastUserActivityTimestamp is "also updated when SageMaker AI performs health checks without user activity. As a
 * result, this value is set to the same value as LastHealthCheckTimestamp" (SageMaker API reference), so it says
 * nothing about idleness. We reproduce that: both are the last 5-minute health check.
 */
export interface AppKey {
  DomainId?: string;
  UserProfileName?: string;
  SpaceName?: string;
  AppType?: string;
  AppName?: string;
}

/** The app with this identity in the call's region (a deleted one too: ListApps and DescribeApp still show it). */
export function lookupApp(ctx: AwsCallContext, k: AppKey): SimStudioApp | undefined {
  return ctx.state.studioApps.find(
    (x) =>
      x.region === ctx.region &&
      x.domainId === k.DomainId &&
      x.appType === k.AppType &&
      x.appName === k.AppName &&
      (k.SpaceName !== undefined ? x.spaceName === k.SpaceName : x.userProfileName === k.UserProfileName),
  );
}

export function appNotFound(k: AppKey): AwsServiceError {
  return new AwsServiceError('ResourceNotFound', `App [${k.AppName ?? ''}] of type [${k.AppType ?? ''}] does not exist.`);
}

export function describeApp(input: Wire<DescribeAppRequest>, ctx: AwsCallContext): DescribeAppResponse {
  const a = lookupApp(ctx, input);
  if (!a) throw appNotFound(input);
  const status = statusAt(a.phases, ctx.nowMs);
  const lastCheck = date(Math.max(a.createdMs, Math.floor(ctx.nowMs / 300_000) * 300_000));
  return {
    AppArn: a.arn,
    ...appDetails({ ...a, status }),
    ...(status === 'InService' ? { LastHealthCheckTimestamp: lastCheck, LastUserActivityTimestamp: lastCheck } : {}),
    ...(a.failureReason && status === 'Failed' ? { FailureReason: a.failureReason } : {}),
  };
}
