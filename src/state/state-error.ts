export type StateErrorCode =
  /** The state file is not valid JSON or not a state document; it is left untouched. */
  | 'STATE_FILE_CORRUPT'
  /** A stored record is malformed (a timestamp that does not parse): edited by hand or by another tool. */
  | 'STATE_RECORD_INVALID'
  /** Reading or writing the state file failed (permissions, disk full). */
  | 'STATE_IO'
  /** snooze() on a fingerprint that was never recorded. */
  | 'STATE_ALERT_NOT_FOUND'
  /** A caller broke the port's contract (missing lastSentAt, reserved pk prefix, pk/sk inside an item). */
  | 'STATE_INVALID_INPUT'
  /** A value too large to store (a DynamoDB item is at most 400 KB). */
  | 'STATE_VALUE_TOO_LARGE'
  /** DynamoDB kept returning unprocessed keys/items after every retry (sustained throttling). */
  | 'STATE_THROTTLED'
  /** Any other DynamoDB failure: missing table, access denied, network. */
  | 'STATE_BACKEND';

/** Typed state failure with a stable code; `message` says what to do next. */
export class StateError extends Error {
  override readonly name = 'StateError';
  readonly code: StateErrorCode;

  constructor(code: StateErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
