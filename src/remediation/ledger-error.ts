export type LedgerErrorCode =
  /** transition/recordStep on a token id the ledger never stored (a typo, or another deployment's state). */
  | 'LEDGER_TOKEN_NOT_FOUND'
  /** A caller broke the ledger's contract (tokenId not derived from planId, a patch to an immutable field...). */
  | 'LEDGER_INVALID_INPUT'
  /** A stored token does not decode (edited by hand or by another tool); it is left untouched. */
  | 'LEDGER_RECORD_INVALID'
  /** Too many concurrent writers kept changing the token, or two plan ids hash to one token id. */
  | 'LEDGER_CONFLICT';

/** Typed restore-ledger failure with a stable code; `message` says what to do next. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
