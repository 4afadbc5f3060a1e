/** The Azure ML remediator and what the composition root and the RBAC docs need from it. */
export { createAzureRemediator, DEFAULT_AZURE_POLL_MS, type AzureRemediatorDeps } from './azure-remediator';
export { AZURE_REMEDIATION_ACTIONS, azureRemediationPermissions, azureRemediationRoleActions } from './action-registry';
export { UNVERIFIED_AZURE_ACTIONS } from './permissions';
export { AzureRemediationError, type AzureRemediationErrorCode } from './remediation-error';
export { ENDPOINT_NO_DEPLOYMENTS, ENDPOINT_SUCCEEDED } from './actions/delete-deployment';
