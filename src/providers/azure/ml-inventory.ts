import type { AzureMachineLearningWorkspaces, ComputeResource, JobBase, OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { WatchdogConfig } from '../../config/schema';
import { mapLimit } from '../../lib/map-limit';
import type { DeploymentError } from './activity-log';
import { classifyAzureError, type AzureApiError } from './azure-errors';

type AzureConfig = WatchdogConfig['clouds']['azure'];

/** One workspace to read: where it is and what the ARM list calls returned (each part may have failed alone). */
export interface WorkspaceRef {
  subscription: string;
  resourceGroup: string;
  name: string;
  /** ARM location (eastus); from discovery, or from the first listed resource when configured by name. */
  location?: string;
}

export interface WorkspaceListing {
  workspace: WorkspaceRef;
  endpoints: { endpoint: OnlineEndpoint; deployments: OnlineDeployment[] }[];
  computes: ComputeResource[];
  jobs: JobBase[];
  /** Errors of Failed deployments from the Activity Log, by lower-cased deployment id (activity-log.ts). */
  deploymentErrors?: Map<string, DeploymentError>;
}

export interface ListFailure {
  what: string;
  err: AzureApiError;
  /** Which part of the inventory is missing because of it. */
  part: 'workspaces' | 'endpoints' | 'computes' | 'jobs' | 'failure reasons';
}

/** Drains an SDK pager; the SDK follows `nextLink` itself (PagedAsyncIterableIterator). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/...`: resource group of an ARM id (ARM ids are case-insensitive). */
export function resourceGroupOf(armId: string | undefined): string | undefined {
  return armId ? /\/resourceGroups\/([^/]+)/i.exec(armId)?.[1] : undefined;
}

/**
 * Denials are remembered per operation and subscription for one listing: RBAC is granted per scope, so a role
 * missing in one subscription says nothing about the next, but asking again in the same one only adds noise.
 */
export class Denials {
  private readonly byKey = new Map<string, AzureApiError>();
  get(operation: string, subscription: string): AzureApiError | undefined {
    return this.byKey.get(`${operation}|${subscription}`);
  }
  remember(e: AzureApiError): void {
    if (e.state === 'auth-failed' && e.subscription) this.byKey.set(`${e.operation}|${e.subscription}`, e);
  }
}

/** The workspaces to read: configured ones, else every workspace each subscription lists. */
export async function workspacesOf(clients: (sub: string) => AzureMachineLearningWorkspaces, cfg: AzureConfig, failures: ListFailure[]): Promise<WorkspaceRef[]> {
  if (cfg.workspaces.length > 0) {
    const fallback = cfg.subscriptions[0];
    return cfg.workspaces.flatMap((w) => {
      const subscription = w.subscription ?? fallback;
      return subscription ? [{ subscription, resourceGroup: w.resourceGroup, name: w.name }] : [];
    });
  }
  const found = await mapLimit(cfg.subscriptions, cfg.maxConcurrency, async (subscription) => {
    try {
      const list = await collect(clients(subscription).workspaces.listBySubscription());
      return list.flatMap((w) => {
        const resourceGroup = resourceGroupOf(w.id);
        return resourceGroup && w.name ? [{ subscription, resourceGroup, name: w.name, ...(w.location ? { location: w.location } : {}) }] : [];
      });
    } catch (err) {
      failures.push({ what: `subscription ${subscription}`, part: 'workspaces', err: classifyAzureError(err, 'MachineLearning.Workspaces_ListBySubscription', subscription) });
      return [];
    }
  });
  return found.flat();
}

/**
 * Lists one workspace: online endpoints (and each one's deployments), computes and jobs. Every part fails alone:
 * a denied compute list leaves the endpoints standing, and the failure names what is missing.
 */
export async function listWorkspace(
  client: AzureMachineLearningWorkspaces,
  ws: WorkspaceRef,
  maxConcurrency: number,
  denials: Denials,
  failures: ListFailure[],
): Promise<WorkspaceListing> {
  const what = `workspace ${ws.resourceGroup}/${ws.name} (subscription ${ws.subscription})`;
  async function part<T>(operation: string, p: ListFailure['part'], fn: () => Promise<T[]>): Promise<T[] | undefined> {
    const denied = denials.get(operation, ws.subscription);
    if (denied) {
      failures.push({ what, part: p, err: denied });
      return undefined;
    }
    try {
      return await fn();
    } catch (err) {
      const e = classifyAzureError(err, operation, ws.subscription);
      denials.remember(e);
      failures.push({ what, part: p, err: e });
      return undefined;
    }
  }
  const [endpoints, computes, jobs] = await Promise.all([
    part('MachineLearning.OnlineEndpoints_List', 'endpoints', async () => {
      const eps = await collect(client.onlineEndpoints.list(ws.resourceGroup, ws.name));
      const listed = await mapLimit(eps, maxConcurrency, async (endpoint) => {
        const deployments = await part('MachineLearning.OnlineDeployments_List', 'endpoints', () =>
          collect(client.onlineDeployments.list(ws.resourceGroup, ws.name, endpoint.name!)),
        );
        return deployments ? [{ endpoint, deployments }] : [];
      });
      // An endpoint whose deployments could not be listed is left out (its failure is in the status): shown with no
      // deployments it would look like an empty, free endpoint.
      return listed.flat();
    }),
    part('MachineLearning.Compute_List', 'computes', () => collect(client.computeOperations.list(ws.resourceGroup, ws.name))),
    // ActiveOnly hides ARCHIVED jobs, not finished ones: the run status is filtered afterwards (to-domain).
    part('MachineLearning.Jobs_List', 'jobs', () => collect(client.jobs.list(ws.resourceGroup, ws.name, { listViewType: 'ActiveOnly' }))),
  ]);
  return { workspace: ws, endpoints: endpoints ?? [], computes: computes ?? [], jobs: jobs ?? [] };
}
