import type { ActionPermission } from '../../types';

/**
 * Azure RBAC actions and the ARM scopes they are checked on, for the remediation identity's least-privilege custom
 * role (the README's role is generated from azureRemediationPermissions()). Azure grants roles on scopes
 * (subscription, resource group, workspace), not on patterns: `resource` documents where each action is checked.
 * Sources: "Manage access to Azure Machine Learning workspaces" (learn.microsoft.com how-to-assign-roles: the
 * computes start/stop/restart actions), the compute-instance how-to, Azure Monitor's "Monitoring Reader"
 * (Microsoft.Insights/metrics/read), Tags - Update At Scope (Microsoft.Resources/tags/write). Names listed in
 * UNVERIFIED_AZURE_ACTIONS could not be confirmed in Microsoft's operations list ⚠️.
 */
const WORKSPACE = '/subscriptions/*/resourceGroups/*/providers/Microsoft.MachineLearningServices/workspaces/*';
export const RESOURCE = {
  workspace: WORKSPACE,
  endpoint: `${WORKSPACE}/onlineEndpoints/*`,
  deployment: `${WORKSPACE}/onlineEndpoints/*/deployments/*`,
  compute: `${WORKSPACE}/computes/*`,
  job: `${WORKSPACE}/jobs/*`,
  /** Where Azure ML's Azure-AsyncOperation / Location URLs point (…/locations/{region}/mfeOperationsStatus/{id}). */
  operations: '/subscriptions/*/providers/Microsoft.MachineLearningServices/locations/*',
} as const;

export const allow = (action: string, resource: string): ActionPermission => ({ action, resource });

const ML = 'Microsoft.MachineLearningServices';

/** Polling a long-running operation's status / result URL. ⚠️ names not confirmed. */
export const LRO_PERMISSIONS: readonly ActionPermission[] = [
  allow(`${ML}/locations/mfeOperationsStatus/read`, RESOURCE.operations),
  allow(`${ML}/locations/mfeOperationResults/read`, RESOURCE.operations),
];

/**
 * Actions we list but could not confirm ⚠️ (a wrong name shows up as a 403 whose message names the real action;
 * the remediator's AUTH error repeats it).
 */
export const UNVERIFIED_AZURE_ACTIONS: readonly string[] = [
  `${ML}/locations/mfeOperationsStatus/read`,
  `${ML}/locations/mfeOperationResults/read`,
  // Jobs_Cancel is POST …/jobs/{id}/cancel; whether RBAC checks jobs/write or a cancel/action is not documented.
  `${ML}/workspaces/jobs/cancel/action`,
  `${ML}/workspaces/jobs/write`,
  // Recreating a deployment references the workspace's model, environment and code assets; ARM may check read on them.
  `${ML}/workspaces/models/read`,
  `${ML}/workspaces/environments/read`,
  `${ML}/workspaces/codes/read`,
];
