/** The Google Cloud remediator and what the composition root and the IAM docs check need from it. */
export { createGcpRemediator, DEFAULT_GCP_POLL_MS, type GcpRemediatorDeps } from './gcp-remediator';
export { GCP_REMEDIATION_ACTIONS, gcpRemediationPermissions } from './action-registry';
export { GcpRemediationError, type GcpRemediationErrorCode, type OperationError } from './remediation-error';
export { ENDPOINT_DEPLOYED, ENDPOINT_NO_MODELS } from './actions/undeploy-model';
