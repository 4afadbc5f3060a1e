import type { AwsOperation } from '../errors';

/**
 * Stable codes for failures the remediator itself detects. Failures of an AWS call keep the vendor's error name
 * as their code (AccessDeniedException, ThrottlingException ...), exactly as AwsProviderError does.
 */
export type AwsRemediationErrorCode =
  /** The ref is not an AWS resource of the kind the action works on (a notebook passed to stop-training-job). */
  | 'WRONG_RESOURCE'
  /** The resource exists but the action does not fit it (no inference components, no provisioned concurrency). */
  | 'NOT_APPLICABLE'
  /** The resource is gone: nothing to capture or park. */
  | 'RESOURCE_NOT_FOUND'
  /** The resource already runs on the watchdog's parked configuration: capturing it now would lose the original. */
  | 'ALREADY_PARKED'
  /** The token's `prior` is not what this remediator wrote (edited by hand, or from an incompatible version). */
  | 'INVALID_PRIOR'
  /** Restore needs the original endpoint configuration and someone deleted it after the park. */
  | 'ENDPOINT_CONFIG_MISSING'
  /** A resource of the same name now exists with a different configuration: recreating it would clobber it. */
  | 'NAME_TAKEN'
  /** A configuration the watchdog would create already exists with different content. */
  | 'CONFIG_CONFLICT'
  /** The resource went to Failed while we waited for it. */
  | 'RESOURCE_FAILED'
  /** The resource did not reach the state we waited for within waitTimeoutMs. */
  | 'WAIT_TIMEOUT'
  /** The action has no undo (a stopped training job cannot be resumed). */
  | 'NOT_RESTORABLE'
  /** The token names an action this remediator does not implement. */
  | 'UNSUPPORTED_ACTION';

/**
 * A park, restore or capture failure. The message says what failed, on which resource and what to do next; `code`
 * is stable (ours above, or the AWS error name), `resource` is the ARN or name, `step` the remediator step that
 * failed (the ledger records the steps before it as done).
 */
export class AwsRemediationError extends Error {
  override readonly name = 'AwsRemediationError';
  readonly code: AwsRemediationErrorCode | (string & {});
  readonly resource: string;
  readonly step?: string;
  readonly operation?: AwsOperation;

  constructor(opts: {
    code: AwsRemediationError['code'];
    resource: string;
    message: string;
    step?: string;
    operation?: AwsOperation;
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.resource = opts.resource;
    if (opts.step !== undefined) this.step = opts.step;
    if (opts.operation !== undefined) this.operation = opts.operation;
  }
}
