import type { GoogleOperation } from '../google-http';

/**
 * Stable codes for failures the GCP remediator itself detects. Failures of a Google call keep Google's canonical
 * status word as their code (PERMISSION_DENIED, NOT_FOUND, RESOURCE_EXHAUSTED ...), exactly as GoogleApiError does.
 */
export type GcpRemediationErrorCode =
  /** The ref is not a Google resource of the kind the action works on (a notebook passed to stop-training-job). */
  | 'WRONG_RESOURCE'
  /** The resource exists but the action does not fit it (no dedicated resources, a suspended instance). */
  | 'NOT_APPLICABLE'
  /** The resource is gone: nothing to capture, park or restore. */
  | 'RESOURCE_NOT_FOUND'
  /** The resource already runs parked (min replicas 0): capturing it now would lose the original. */
  | 'ALREADY_PARKED'
  /** The token's `prior` is not what this remediator wrote (edited by hand, or from an incompatible version). */
  | 'INVALID_PRIOR'
  /** A long-running operation finished with an error (the operation's own error is in `operationError`). */
  | 'GCP_OPERATION_FAILED'
  /** A long-running operation was not done within clouds.gcp.operationTimeoutMinutes. */
  | 'GCP_OPERATION_TIMEOUT'
  /** The resource went to a state it cannot leave on its own (deleted, failed) while we waited for it. */
  | 'RESOURCE_FAILED'
  /** The resource did not reach the state we waited for within clouds.gcp.operationTimeoutMinutes. */
  | 'WAIT_TIMEOUT'
  /** min-replicas-zero needs clouds.gcp.scaleToZeroPreview (v1beta1, Preview). */
  | 'PREVIEW_DISABLED'
  /** Labels of this kind of resource cannot be changed after creation (Vertex AI custom jobs). */
  | 'LABELS_IMMUTABLE'
  /** The action has no undo (a cancelled custom job cannot be resumed). */
  | 'NOT_RESTORABLE'
  /** The token names an action this remediator does not implement. */
  | 'UNSUPPORTED_ACTION';

/** `google.rpc.Status` of a failed long-running operation. */
export interface OperationError {
  code?: number;
  message?: string;
}

/**
 * A park, restore or capture failure on Google Cloud (same shape as AwsRemediationError). The message says what
 * failed, on which resource and what to do next; `code` is stable (ours above, or Google's status word), `resource`
 * is the full resource name, `step` the remediator step that failed (the ledger records the steps before it as done).
 */
export class GcpRemediationError extends Error {
  override readonly name = 'GcpRemediationError';
  readonly code: GcpRemediationErrorCode | (string & {});
  readonly resource: string;
  readonly step?: string;
  readonly operation?: GoogleOperation;
  /** The long-running operation's error, for GCP_OPERATION_FAILED. */
  readonly operationError?: OperationError;

  constructor(opts: {
    code: GcpRemediationError['code'];
    resource: string;
    message: string;
    step?: string;
    operation?: GoogleOperation;
    operationError?: OperationError;
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.resource = opts.resource;
    if (opts.step !== undefined) this.step = opts.step;
    if (opts.operation !== undefined) this.operation = opts.operation;
    if (opts.operationError !== undefined) this.operationError = opts.operationError;
  }
}
