import type { ParkAction } from '../../../domain/finding';
import type { ActionPermission, ActionSpec } from '../../types';
import type { RegisteredAction } from './action-context';
import { cancelJob } from './actions/cancel-job';
import { deleteDeployment } from './actions/delete-deployment';
import { stopComputeInstance } from './actions/stop-compute-instance';
import { allow, RESOURCE } from './permissions';

/** Park actions of other clouds' resources; everything else must be implemented here. */
type NotAzure =
  | 'none'
  | 'ic-copies-to-zero'
  | 'async-min-capacity-zero'
  | 'delete-endpoint-keep-config'
  | 'provisioned-concurrency-zero'
  | 'delete-studio-app'
  | 'undeploy-model'
  | 'min-replicas-zero';
export type AzureParkAction = Exclude<ParkAction, NotAzure>;

/** Every park action the Azure remediator implements. A new ParkAction without an entry here (or in NotAzure) fails `tsc`. */
export const AZURE_ACTION_REGISTRY: Readonly<Record<AzureParkAction, RegisteredAction>> = {
  'delete-deployment': deleteDeployment,
  'stop-notebook': stopComputeInstance,
  'stop-training-job': cancelJob,
};

export const AZURE_REMEDIATION_ACTIONS: ActionSpec[] = Object.values(AZURE_ACTION_REGISTRY).map((a) => a.spec);

/**
 * What the remediator needs beyond the actions: the traffic re-check right before acting (Azure Monitor metrics on
 * the endpoint and its deployments) and tagResource (the Ignore button's exclusion tag): endpoints through
 * OnlineEndpoints_Update, compute instances through ARM's Tags_UpdateAtScope.
 */
export const REMEDIATOR_PERMISSIONS: readonly ActionPermission[] = [
  allow('Microsoft.Insights/metrics/read', RESOURCE.endpoint),
  allow('Microsoft.Insights/metrics/read', RESOURCE.deployment),
  allow('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read', RESOURCE.endpoint),
  allow('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read', RESOURCE.deployment),
  allow('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write', RESOURCE.endpoint),
  allow('Microsoft.MachineLearningServices/workspaces/computes/read', RESOURCE.compute),
  allow('Microsoft.Resources/tags/write', RESOURCE.compute),
];

/**
 * The union of every action's permissions plus the re-check's and the tagging's, deduplicated and sorted: exactly
 * what the watchdog's Azure remediation custom role must grant (⚠️ names in UNVERIFIED_AZURE_ACTIONS unconfirmed).
 */
export function azureRemediationPermissions(): ActionPermission[] {
  const seen = new Map<string, ActionPermission>();
  for (const p of [...AZURE_REMEDIATION_ACTIONS.flatMap((a) => a.permissions), ...REMEDIATOR_PERMISSIONS]) seen.set(`${p.action} ${p.resource}`, p);
  return [...seen.values()].sort((a, b) => a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource));
}

/** Just the RBAC action names (the `Actions` list of an Azure custom role definition), deduplicated and sorted. */
export function azureRemediationRoleActions(): string[] {
  return [...new Set(azureRemediationPermissions().map((p) => p.action))].sort();
}
