import type { FleetState } from '../fleet-model';
import { statusAt } from '../timeline';
import { notFound } from './arm-wire';
import { key, workspaceId, type SimAzureState, type SimCompute, type SimJob, type SimOnlineDeployment, type SimOnlineEndpoint, type SimWorkspace } from './azure-model';

/**
 * Resolving ARM path segments to the simulated resources, with Azure's 404s: an unknown subscription is
 * SubscriptionNotFound, an unknown resource group ResourceGroupNotFound, a missing resource ResourceNotFound.
 */
const ML = 'Microsoft.MachineLearningServices';
/** ARM path prefix of a workspace, with capture groups (subscription, resource group, workspace). */
export const WS_PATH = `/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/${ML.replace('.', '\\.')}/workspaces/([^/]+)`;
export const armPath = (pattern: string) => new RegExp(`^${pattern}$`, 'i');

export function azureOf(state: FleetState, subscriptionId: string): SimAzureState {
  const az = state.azure;
  if (!az || !az.subscriptions.some((s) => s.id === subscriptionId.toLowerCase())) {
    throw notFound(`The subscription '${subscriptionId}' could not be found.`, 'SubscriptionNotFound');
  }
  return az;
}

export function resourceGroupExists(az: SimAzureState, sub: string, rg: string): boolean {
  return [...az.workspaces.values()].some((w) => w.subscriptionId === sub.toLowerCase() && w.resourceGroup.toLowerCase() === rg.toLowerCase());
}

export function workspaceAt(state: FleetState, sub: string, rg: string, ws: string): { az: SimAzureState; workspace: SimWorkspace } {
  const az = azureOf(state, sub);
  const workspace = az.workspaces.get(key(workspaceId(sub, rg, ws)));
  if (!workspace) {
    if (!resourceGroupExists(az, sub, rg)) throw notFound(`Resource group '${rg}' could not be found.`, 'ResourceGroupNotFound');
    throw notFound(`The Resource '${ML}/workspaces/${ws}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return { az, workspace };
}

// ⚠️ Azure ML's own 404 wording for workspace children varies (UserError / ResourceNotFound); the code is what callers test.
const gone = (what: string, name: string, ws: string) => notFound(`${what} '${name}' was not found in workspace '${ws}'.`, 'ResourceNotFound');

export function endpointAt(state: FleetState, p: string[], nowMs: number): { az: SimAzureState; endpoint: SimOnlineEndpoint } {
  const [sub, rg, ws, name] = p as [string, string, string, string];
  const { az, workspace } = workspaceAt(state, sub, rg, ws);
  const endpoint = az.endpoints.get(key(`${workspace.id}/onlineEndpoints/${name}`));
  if (!endpoint || statusAt(endpoint.provisioning, nowMs) === 'Gone') throw gone('Online endpoint', name, ws);
  return { az, endpoint };
}

/** The deployment when it exists at `nowMs` (Creating, Deleting ... included; not before creation or after deletion). */
export function liveDeployment(endpoint: SimOnlineEndpoint, name: string, nowMs: number): SimOnlineDeployment | undefined {
  const d = endpoint.deployments.get(name.toLowerCase());
  return d && statusAt(d.provisioning, nowMs) !== 'Gone' ? d : undefined;
}

export function deploymentAt(state: FleetState, p: string[], nowMs: number): { az: SimAzureState; endpoint: SimOnlineEndpoint; deployment: SimOnlineDeployment } {
  const { az, endpoint } = endpointAt(state, p, nowMs);
  const name = p[4]!;
  const deployment = liveDeployment(endpoint, name, nowMs);
  if (!deployment) throw gone('Online deployment', name, p[2]!);
  return { az, endpoint, deployment };
}

export function computeAt(state: FleetState, p: string[], nowMs: number): { az: SimAzureState; compute: SimCompute } {
  const [sub, rg, ws, name] = p as [string, string, string, string];
  const { az, workspace } = workspaceAt(state, sub, rg, ws);
  const compute = az.computes.get(key(`${workspace.id}/computes/${name}`));
  if (!compute || statusAt(compute.phases, nowMs) === 'Gone') throw gone('Compute', name, ws);
  return { az, compute };
}

export function jobAt(state: FleetState, p: string[], nowMs: number): { az: SimAzureState; job: SimJob } {
  const [sub, rg, ws, name] = p as [string, string, string, string];
  const { az, workspace } = workspaceAt(state, sub, rg, ws);
  const job = az.jobs.get(key(`${workspace.id}/jobs/${name}`));
  if (!job || statusAt(job.phases, nowMs) === 'Gone') throw gone('Job', name, ws);
  return { az, job };
}

/** Children of a workspace from a map keyed by lower-case id. */
export function childrenOf<T extends { id: string }>(items: Iterable<T>, workspace: SimWorkspace): T[] {
  const prefix = `${workspace.id.toLowerCase()}/`;
  return [...items].filter((i) => i.id.toLowerCase().startsWith(prefix));
}
