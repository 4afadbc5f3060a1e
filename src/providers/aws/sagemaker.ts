import {
  DescribeAppCommand,
  DescribeTrainingJobCommand,
  ListAppsCommand,
  ListNotebookInstancesCommand,
  ListTrainingJobsCommand,
  type AppDetails,
  type DescribeAppResponse,
  type DescribeTrainingJobResponse,
  type NotebookInstanceSummary,
} from '@aws-sdk/client-sagemaker';
import type { Inventory } from '../../domain/snapshot';
import { forEachPage, type AwsCallLog } from './call-log';
import type { AwsRegionClients } from './clients';
import { classifyAwsError, type AwsOperation } from './errors';
import { createLimiter } from '../../lib/map-limit';
import { FailureLog } from './provider-status';
import { readEndpoints, tryCall, type SageMakerReadContext } from './sagemaker-endpoints';
import { fetchBulkTags, fetchTagsPerResource, TagIndex } from './tags';
import { readTrainingHistory, toTrainingRun } from './training-history';
import { parseArn, toEndpoint } from './to-domain';
import { isBilledStudioApp, studioAppArn, toNotebookInstance, toStudioApp, toTrainingJob } from './workloads-to-domain';

export interface RegionInventory {
  inventory: Inventory;
  failures: FailureLog;
}

export interface ReadRegionOptions {
  clients: AwsRegionClients;
  log: AwsCallLog;
  /** Parallel Describe and ListTags calls in this region (config clouds.aws.maxConcurrency). */
  maxConcurrency: number;
  /** Describe the models endpoints serve (the lock-in detector is enabled). */
  describeModels?: boolean;
  /** List completed training jobs created after this (runaway-training history); unset: not read. */
  trainingHistorySince?: Date;
}

/** Pages through a List* call, recording (not throwing) a failure; returns whatever arrived before it. */
async function listAll<P, T>(
  ctx: SageMakerReadContext,
  part: string,
  op: AwsOperation,
  fetchPage: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  try {
    await forEachPage((t) => ctx.log.send(op, () => fetchPage(t)), nextToken, (page) => void out.push(...(items(page) ?? [])));
  } catch (err) {
    ctx.failures.add(part, classifyAwsError(err, op));
  }
  return out;
}

function readNotebookInstances(ctx: SageMakerReadContext): Promise<NotebookInstanceSummary[]> {
  return listAll(
    ctx,
    'notebooks',
    'SageMaker.ListNotebookInstances',
    (NextToken) => ctx.sagemaker.send(new ListNotebookInstancesCommand({ StatusEquals: 'InService', MaxResults: 100, NextToken })),
    (p) => p.NextToken,
    (p) => p.NotebookInstances,
  );
}

/** ListApps has no status filter: filter InService apps on a billed ml.* instance ourselves. */
async function readStudioApps(ctx: SageMakerReadContext): Promise<AppDetails[]> {
  const apps = await listAll(
    ctx,
    'studio-apps',
    'SageMaker.ListApps',
    (NextToken) => ctx.sagemaker.send(new ListAppsCommand({ MaxResults: 100, NextToken })),
    (p) => p.NextToken,
    (p) => p.Apps,
  );
  return apps.filter((a) => a.Status === 'InService' && isBilledStudioApp(a));
}

/**
 * ListTrainingJobs with StatusEquals fetches MaxResults jobs and THEN filters, so pages can be short or empty
 * while NextToken is set (forEachPage keeps going). Summaries lack the instance type: DescribeTrainingJob has it.
 */
async function readTrainingJobs(ctx: SageMakerReadContext): Promise<DescribeTrainingJobResponse[]> {
  const running = await listAll(
    ctx,
    'training-jobs',
    'SageMaker.ListTrainingJobs',
    (NextToken) => ctx.sagemaker.send(new ListTrainingJobsCommand({ StatusEquals: 'InProgress', MaxResults: 100, NextToken })),
    (p) => p.NextToken,
    (p) => p.TrainingJobSummaries,
  );
  const names = running.map((j) => j.TrainingJobName).filter((n): n is string => n !== undefined);
  const described = await Promise.all(
    names.map((name) =>
      ctx.limit(() =>
        tryCall(ctx, 'training-jobs', 'SageMaker.DescribeTrainingJob', name, () =>
          ctx.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })),
        ),
      ),
    ),
  );
  return described.flatMap((o) => (o.ok ? [o.value] : []));
}

/**
 * Everything billable SageMaker runs in one region. Parts run concurrently and fail independently: a denied
 * ListNotebookInstances still returns the endpoints. Tags come from one bulk Tagging API sweep started up front;
 * if that is denied, sagemaker:ListTags per resource fills in (and the status says it cost extra calls).
 */
export async function readRegionInventory({ clients, log, maxConcurrency, describeModels, trainingHistorySince }: ReadRegionOptions): Promise<RegionInventory> {
  const { region } = clients;
  const failures = new FailureLog();
  const ctx: SageMakerReadContext = { sagemaker: clients.sagemaker, log, limit: createLimiter(maxConcurrency), failures, describeModels: describeModels === true };

  const bulkTags = fetchBulkTags(clients.tagging, log).then(
    (index) => ({ ok: true as const, index }),
    (err: unknown) => ({ ok: false as const, error: classifyAwsError(err, 'Tagging.GetResources') }),
  );
  const [endpoints, notebooks, apps, jobs, history] = await Promise.all([
    readEndpoints(ctx),
    readNotebookInstances(ctx),
    readStudioApps(ctx),
    readTrainingJobs(ctx),
    trainingHistorySince ? readTrainingHistory(ctx, trainingHistorySince) : Promise.resolve([]),
  ]);

  const knownArns = [
    ...endpoints.map((e) => e.endpoint.EndpointArn),
    ...notebooks.map((n) => n.NotebookInstanceArn),
    ...jobs.map((j) => j.TrainingJobArn),
  ].filter((a): a is string => a !== undefined);
  const appInfo = await describeStudioApps(ctx, apps, region, knownArns);
  const appArns = appInfo.map((a) => a.arn);
  let tags: TagIndex;
  const bulk = await bulkTags;
  if (bulk.ok) tags = bulk.index;
  else {
    // Finished runs are left out of the per-resource fallback (one call each): their family then comes from the name.
    const arns = [...knownArns, ...appArns.filter((a): a is string => a !== undefined)];
    tags = await fetchTagsPerResource(clients.sagemaker, log, arns, ctx.limit, (arn, e) => failures.add('tags', e, arn));
    // Denied bulk read + working ListTags is fine (a note); anything else is a failure the report must show,
    // because missing tags break owner routing and tag-based exclusions.
    if (bulk.error.state === 'auth-failed' && !failures.has('tags')) {
      failures.note(
        `Tags were read with sagemaker:ListTags, one call per resource (${arns.length}), because tag:GetResources failed (${bulk.error.code}); grant tag:GetResources to read them in bulk.`,
      );
    } else failures.add('tags', bulk.error);
  }

  return {
    inventory: {
      endpoints: endpoints.map((d) => toEndpoint({ region, ...d, tags: tags.get(d.endpoint.EndpointArn) })),
      notebooks: [
        ...notebooks.map((n) => toNotebookInstance(n, region, tags.get(n.NotebookInstanceArn))),
        ...apps.flatMap((a, i) => {
          const { arn, described } = appInfo[i]!;
          return arn ? [toStudioApp(a, arn, region, tags.get(arn), described)] : [];
        }),
      ],
      trainingJobs: jobs.map((j) => toTrainingJob(j, region, tags.get(j.TrainingJobArn))),
      trainingHistory: history.flatMap((s) => toTrainingRun(s, region, tags.get(s.TrainingJobArn)) ?? []),
    },
    failures,
  };
}

/**
 * DescribeApp for every billed app: it carries the app's ARN (ListApps does not, and tags are keyed by ARN) and its
 * LastUserActivityTimestamp / LastHealthCheckTimestamp (see studioAppActivity). An app whose DescribeApp failed
 * still gets an ARN built from the account seen in any other ARN of the region.
 */
async function describeStudioApps(ctx: SageMakerReadContext, apps: readonly AppDetails[], region: string, knownArns: readonly string[]): Promise<Array<{ arn?: string; described?: DescribeAppResponse }>> {
  const described = await Promise.all(
    apps.map((a) =>
      ctx.limit(() =>
        tryCall(ctx, 'studio-apps', 'SageMaker.DescribeApp', a.AppName ?? 'app', () =>
          ctx.sagemaker.send(
            new DescribeAppCommand({
              DomainId: a.DomainId,
              AppType: a.AppType,
              AppName: a.AppName,
              ...(a.UserProfileName ? { UserProfileName: a.UserProfileName } : { SpaceName: a.SpaceName }),
            }),
          ),
        ),
      ),
    ),
  );
  const account = [...knownArns, ...described.map((d) => (d.ok ? d.value.AppArn : undefined))]
    .map((a) => (a ? parseArn(a)?.account : undefined))
    .find((a) => a !== undefined);
  return apps.map((a, i) => {
    const d = described[i]!;
    const arn = (d.ok ? d.value.AppArn : undefined) ?? (account ? studioAppArn(a, region, account) : undefined);
    return { ...(arn ? { arn } : {}), ...(d.ok ? { described: d.value } : {}) };
  });
}
