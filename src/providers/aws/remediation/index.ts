/** The AWS remediator and what the composition root and the IAM template check need from it. */
export { createAwsRemediator, DEFAULT_POLL_MS, DEFAULT_WAIT_TIMEOUT_MS, type AwsRemediatorDeps } from './aws-remediator';
export { AWS_REMEDIATION_ACTIONS, awsRemediationPermissions } from './action-registry';
export { AwsRemediationError, type AwsRemediationErrorCode } from './remediation-error';
export { PARKED_CONFIG_SUFFIX, parkedConfigName } from './parked-config';
