import type { ProviderState } from '../../domain/status';

/**
 * Operations are named `<Service>.<Operation>` with the same service words the simulator and the call counts use:
 * SageMaker, CloudWatch, CostExplorer, Tagging, ApplicationAutoScaling (remediation only).
 */
export type AwsService = 'SageMaker' | 'CloudWatch' | 'CostExplorer' | 'Tagging' | 'ApplicationAutoScaling';
export type AwsOperation = `${AwsService}.${string}`;

/**
 * IAM action prefix per service: Cost Explorer is `ce:`, the Resource Groups Tagging API is `tag:`, Application Auto
 * Scaling is `application-autoscaling:`.
 */
const IAM_PREFIX: Record<AwsService, string> = {
  SageMaker: 'sagemaker',
  CloudWatch: 'cloudwatch',
  CostExplorer: 'ce',
  Tagging: 'tag',
  ApplicationAutoScaling: 'application-autoscaling',
};

/** `SageMaker.ListEndpoints` -> `sagemaker:ListEndpoints`. */
export function iamActionFor(operation: AwsOperation): string {
  const [service, op] = operation.split('.') as [AwsService, string];
  return `${IAM_PREFIX[service] ?? service.toLowerCase()}:${op}`;
}

/** Error names that mean "these credentials may not do this" or "these credentials are not valid". */
const PERMISSION_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const CREDENTIAL_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
  'TokenProviderError',
]);
/**
 * Throttling names across the services we call. Cost Explorer throttles with LimitExceededException
 * ("You made too many calls in a short period of time"); SageMaker's ResourceLimitExceeded is a quota, not a
 * throttle, and is deliberately absent.
 */
const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
  'SlowDown',
]);
/** Cost Explorer says the data is not there yet or no longer; that is missing data, not a failure of ours. */
const MISSING_DATA_CODES = new Set(['DataUnavailableException', 'BillExpirationException']);

/** A classified SDK failure: stable `code` (the vendor's error name), the ProviderState it maps to, and advice. */
export class AwsProviderError extends Error {
  readonly code: string;
  readonly state: Exclude<ProviderState, 'ok' | 'disabled'>;
  readonly operation: AwsOperation;
  readonly httpStatusCode?: number;
  /** True when the credentials themselves are bad: every later call with them will fail the same way. */
  readonly credentialFailure: boolean;

  constructor(opts: {
    code: string;
    state: AwsProviderError['state'];
    operation: AwsOperation;
    message: string;
    httpStatusCode?: number;
    credentialFailure?: boolean;
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'AwsProviderError';
    this.code = opts.code;
    this.state = opts.state;
    this.operation = opts.operation;
    this.httpStatusCode = opts.httpStatusCode;
    this.credentialFailure = opts.credentialFailure ?? false;
  }
}

interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function errorCode(err: SdkErrorLike): string {
  if (typeof err.name === 'string' && err.name !== 'Error' && err.name !== 'TypeError') return err.name;
  // Node network errors carry the useful word in `code` (ECONNREFUSED, ETIMEDOUT).
  if (typeof err.code === 'string') return err.code;
  return typeof err.name === 'string' ? err.name : 'UnknownError';
}

function stateFor(code: string, status: number | undefined): AwsProviderError['state'] {
  if (PERMISSION_CODES.has(code) || CREDENTIAL_CODES.has(code)) return 'auth-failed';
  if (THROTTLE_CODES.has(code) || status === 429) return 'throttled';
  if (MISSING_DATA_CODES.has(code)) return 'missing-data';
  // A 403 with an unfamiliar name is still a permission problem (e.g. an SCP or a permissions boundary).
  if (status === 403) return 'auth-failed';
  return 'error';
}

/** What a person should do next, in one or two sentences. */
export function adviceFor(code: string, state: AwsProviderError['state'], operation: AwsOperation): string {
  const action = iamActionFor(operation);
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
    return 'The AWS session token has expired: refresh the credentials (aws sso login, or re-assume the role) and run again.';
  }
  if (code === 'CredentialsProviderError' || code === 'TokenProviderError') {
    return 'No AWS credentials were found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run in Lambda with the watchdog role.';
  }
  if (CREDENTIAL_CODES.has(code)) {
    return 'AWS does not recognise these credentials: check the access key, the profile and the clock of this machine.';
  }
  if (state === 'auth-failed') {
    if (operation === 'CostExplorer.GetCostAndUsage') {
      return `Grant ${action} to the watchdog role, and make sure Cost Explorer is enabled for the account (Billing console, once).`;
    }
    return `The watchdog role is missing the IAM permission ${action}: add it to the role policy and run again.`;
  }
  if (state === 'throttled') {
    return `AWS kept throttling ${operation} after retries: lower clouds.aws.maxConcurrency or run the scan less often.`;
  }
  if (state === 'missing-data') {
    return `Cost Explorer has no data for that period yet (${code}); it usually appears within 24 hours.`;
  }
  return `${operation} failed (${code}); if it repeats, check the region, clouds.aws.endpointUrl and the AWS service health page.`;
}

/** Turns anything an SDK call threw into an AwsProviderError (idempotent). */
export function classifyAwsError(err: unknown, operation: AwsOperation): AwsProviderError {
  if (err instanceof AwsProviderError) return err;
  const e: SdkErrorLike = typeof err === 'object' && err !== null ? (err as SdkErrorLike) : { message: String(err) };
  const code = errorCode(e);
  const httpStatusCode = e.$metadata?.httpStatusCode;
  const state = stateFor(code, httpStatusCode);
  const detail = typeof e.message === 'string' && e.message ? `: ${e.message}` : '';
  return new AwsProviderError({
    code,
    state,
    operation,
    httpStatusCode,
    credentialFailure: CREDENTIAL_CODES.has(code),
    message: `${operation} failed with ${code}${detail}. ${adviceFor(code, state, operation)}`,
    cause: err,
  });
}

/** True for "the thing you asked about no longer exists" (deleted between List and Describe). */
export function isNotFound(err: AwsProviderError): boolean {
  if (err.code === 'ResourceNotFound' || err.code === 'ResourceNotFoundException') return true;
  // SageMaker answers Describe* of a deleted resource with ValidationException "Could not find ...".
  const cause = err.cause as SdkErrorLike | undefined;
  return err.code === 'ValidationException' && typeof cause?.message === 'string' && /could not find|does not exist/i.test(cause.message);
}
