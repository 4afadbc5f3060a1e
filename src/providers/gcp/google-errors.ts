import type { ProviderState } from '../../domain/status';
import type { GoogleOperation } from './google-http';

/**
 * A classified Google API failure. `code` is the canonical status word (`PERMISSION_DENIED`, `NOT_FOUND`,
 * `RESOURCE_EXHAUSTED` ... from `error.status` of the JSON error body, google.rpc.Code) or a local word for failures
 * that never reached an API (`CREDENTIALS_MISSING`, `ETIMEDOUT`).
 */
export class GoogleApiError extends Error {
  readonly code: string;
  readonly state: Exclude<ProviderState, 'ok' | 'disabled'>;
  readonly operation: GoogleOperation;
  readonly httpStatus?: number;
  /** ErrorInfo.reason when Google sent one (IAM_PERMISSION_DENIED, SERVICE_DISABLED, notFound ...). */
  readonly reason?: string;
  /** The IAM permission Google named (ErrorInfo.metadata.permission), when it did. */
  readonly permission?: string;
  /** True when the credentials themselves are bad: every later call with them fails the same way. */
  readonly credentialFailure: boolean;

  constructor(opts: {
    code: string;
    state: GoogleApiError['state'];
    operation: GoogleOperation;
    message: string;
    httpStatus?: number;
    reason?: string;
    permission?: string;
    credentialFailure?: boolean;
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'GoogleApiError';
    this.code = opts.code;
    this.state = opts.state;
    this.operation = opts.operation;
    this.httpStatus = opts.httpStatus;
    this.reason = opts.reason;
    this.permission = opts.permission;
    this.credentialFailure = opts.credentialFailure ?? false;
  }
}

interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: { reason?: string; message?: string }[];
    details?: { '@type'?: string; reason?: string; metadata?: Record<string, string> }[];
  };
}

/** HTTP status -> canonical code, for bodies without `status` (BigQuery v2 sends only `errors[].reason`). */
const STATUS_WORDS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

interface GaxiosLike {
  message?: unknown;
  code?: unknown;
  status?: unknown;
  response?: { status?: number; data?: unknown };
}

function parseBody(data: unknown): GoogleErrorBody['error'] | undefined {
  if (typeof data === 'string') {
    try {
      return (JSON.parse(data) as GoogleErrorBody).error;
    } catch {
      return undefined;
    }
  }
  return typeof data === 'object' && data !== null ? (data as GoogleErrorBody).error : undefined;
}

/**
 * No usable credentials at all. google-auth-library says "Could not load the default credentials" when ADC finds
 * nothing; a token exchange that fails (revoked key, broken workload identity pool) answers `invalid_grant`.
 */
function credentialProblem(message: string): string | undefined {
  if (/could not load the default credentials/i.test(message)) return 'CREDENTIALS_MISSING';
  if (/invalid_grant|invalid_client|unauthorized_client/i.test(message)) return 'CREDENTIALS_INVALID';
  return undefined;
}

function stateFor(code: string, httpStatus: number | undefined): GoogleApiError['state'] {
  if (code === 'PERMISSION_DENIED' || code === 'UNAUTHENTICATED' || code.startsWith('CREDENTIALS_')) return 'auth-failed';
  if (code === 'RESOURCE_EXHAUSTED' || httpStatus === 429) return 'throttled';
  return 'error';
}

/** Turns anything a Google call threw into a GoogleApiError (idempotent). */
export function classifyGoogleError(err: unknown, operation: GoogleOperation): GoogleApiError {
  if (err instanceof GoogleApiError) return err;
  const e = (err ?? {}) as GaxiosLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const httpStatus = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  // google-auth-library 10 rejects non-2xx answers of gax's REST fallback (CloudCatalogClient) before gax decodes
  // them: the JSON error body then arrives as the message, with response.data unset.
  const body = parseBody(e.response?.data) ?? (message.startsWith('{"error"') ? parseBody(message) : undefined);
  const info = body?.details?.find((d) => d['@type']?.endsWith('google.rpc.ErrorInfo'));
  const credential = credentialProblem(message);
  const code =
    credential ??
    body?.status ??
    (httpStatus !== undefined ? STATUS_WORDS[httpStatus] : undefined) ??
    (typeof e.code === 'string' ? e.code : 'UNKNOWN');
  const reason = info?.reason ?? body?.errors?.[0]?.reason;
  const permission = info?.metadata?.permission;
  const state = stateFor(code, httpStatus);
  return new GoogleApiError({
    code,
    state,
    operation,
    message: body?.message ?? message,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(reason ? { reason } : {}),
    ...(permission ? { permission } : {}),
    credentialFailure: code === 'UNAUTHENTICATED' || credential !== undefined,
    cause: err,
  });
}

/** What a person should do next, in one or two sentences. */
export function googleAdvice(err: GoogleApiError): string {
  if (err.code === 'CREDENTIALS_MISSING') {
    return 'No Google credentials were found: run `gcloud auth application-default login` locally, or set clouds.gcp.credentials (ssm or secrets-manager) for Lambda.';
  }
  if (err.code === 'CREDENTIALS_UNAVAILABLE') return err.message;
  if (err.code === 'CREDENTIALS_INVALID' || err.code === 'UNAUTHENTICATED') {
    return 'Google rejected the credentials: check the service-account key or the workload identity federation config, and this machine\'s clock.';
  }
  if (err.reason === 'SERVICE_DISABLED' || err.reason === 'accessNotConfigured') {
    return `The API behind ${err.operation} is not enabled in the project: enable it (gcloud services enable) and run again.`;
  }
  if (err.state === 'auth-failed') {
    return err.permission
      ? `The watchdog's Google identity lacks ${err.permission}: grant a role that has it (see the README's GCP roles) and run again.`
      : `The watchdog's Google identity may not call ${err.operation}: grant the roles listed in the README and run again.`;
  }
  if (err.state === 'throttled') {
    return `Google kept throttling ${err.operation} after retries: lower clouds.gcp.maxConcurrency or run the scan less often.`;
  }
  return `${err.operation} failed (${err.code}); if it repeats, check the project, location and clouds.gcp.endpointUrl.`;
}
