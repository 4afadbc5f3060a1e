/**
 * Stable codes of the Azure remediator's failures. Failures of an ARM call are classified by HTTP status (AUTH,
 * RESOURCE_NOT_FOUND, THROTTLED, CONFLICT, AZURE_ERROR) and keep ARM's own error code in `azureCode`
 * (AuthorizationFailed, ExpiredAuthenticationToken, TooManyRequests ...).
 */
export type AzureRemediationErrorCode =
  /** The ref is not an Azure resource of the kind the action works on, or has no usable ARM id. */
  | 'WRONG_RESOURCE'
  /** The resource exists but the action does not fit it (a compute cluster passed to stop-notebook). */
  | 'NOT_APPLICABLE'
  /** The resource is gone: nothing to capture, park or restore. */
  | 'RESOURCE_NOT_FOUND'
  /** The resource is in a state the action must not start from (a deployment being updated by someone). */
  | 'WRONG_STATE'
  /** The token's `prior` is not what this remediator wrote. */
  | 'INVALID_PRIOR'
  /** 401 / 403: the remediation identity may not do this (the message names the RBAC action and scope). */
  | 'AUTH'
  /** 429 after the SDK's own retries. */
  | 'THROTTLED'
  /** 409: ARM refused because of the resource's current state (another operation in progress). */
  | 'CONFLICT'
  /** Any other ARM failure (5xx, 400 ...). */
  | 'AZURE_ERROR'
  /** A long-running operation finished Failed or Canceled. */
  | 'OPERATION_FAILED'
  /** A long-running operation was not done within clouds.azure.operationTimeoutMinutes. */
  | 'OPERATION_TIMEOUT'
  /** The resource went to a state it cannot leave on its own (Failed, deleted) while we waited for it. */
  | 'RESOURCE_FAILED'
  /** The resource did not reach the awaited state within clouds.azure.operationTimeoutMinutes. */
  | 'WAIT_TIMEOUT'
  /** Tags of this kind of resource cannot be changed (Azure ML jobs). */
  | 'TAGS_IMMUTABLE'
  /** The action has no undo (a canceled job cannot be resumed). */
  | 'NOT_RESTORABLE'
  /** The token names an action this remediator does not implement. */
  | 'UNSUPPORTED_ACTION';

/**
 * A park, restore or capture failure on Azure (same shape as the GCP / AWS remediation errors): `message` says what
 * failed, on which resource and what to do next; `resource` is the ARM id; `step` the remediator step that failed.
 */
export class AzureRemediationError extends Error {
  override readonly name = 'AzureRemediationError';
  readonly code: AzureRemediationErrorCode;
  readonly resource: string;
  readonly step?: string;
  /** ARM's error code (`error.code` of the response body), when the failure came from a call. */
  readonly azureCode?: string;
  readonly statusCode?: number;
  /** For AUTH: the RBAC action Azure said is missing, and the scope it checked. */
  readonly missingAction?: string;
  readonly scope?: string;

  constructor(opts: {
    code: AzureRemediationErrorCode;
    resource: string;
    message: string;
    step?: string;
    azureCode?: string;
    statusCode?: number;
    missingAction?: string;
    scope?: string;
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.resource = opts.resource;
    if (opts.step !== undefined) this.step = opts.step;
    if (opts.azureCode !== undefined) this.azureCode = opts.azureCode;
    if (opts.statusCode !== undefined) this.statusCode = opts.statusCode;
    if (opts.missingAction !== undefined) this.missingAction = opts.missingAction;
    if (opts.scope !== undefined) this.scope = opts.scope;
  }
}
