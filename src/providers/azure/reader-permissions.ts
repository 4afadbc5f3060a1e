/**
 * The Azure RBAC actions the reader (scan and audit) needs, for the least-privilege custom role in docs/deploy.md
 * (a test checks the document lists each). Billed cost and the forecast need Cost Management read at the
 * subscription scope, which the built-in "Cost Management Reader" role grants.
 */
export const AZURE_READER_ACTIONS: readonly string[] = [
  'Microsoft.MachineLearningServices/workspaces/read',
  'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read',
  'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read',
  'Microsoft.MachineLearningServices/workspaces/computes/read',
  'Microsoft.MachineLearningServices/workspaces/jobs/read',
  'Microsoft.Insights/metrics/read',
  // Activity Log (ActivityLogs_List): the error of a Failed deployment, which the deployment resource does not carry.
  'Microsoft.Insights/eventtypes/values/read',
];
