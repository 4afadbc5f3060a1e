import type { FaultKind } from '../faults';
import type { EncodedResponse } from '../protocol/aws-json';
import type { SimHttpContext } from '../server';

/**
 * Google REST plumbing shared by the simulated Cloud Billing Catalog and BigQuery: JSON answers, the two error
 * dialects (google.rpc.Status with ErrorInfo details for the Catalog; BigQuery v2's `errors[]` with `reason`), the
 * Bearer check and injected faults.
 */

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

export function jsonResponse(body: unknown, statusCode = 200): EncodedResponse {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

const STATUS_OF: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface ErrorInfo {
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}

/** google.rpc.Status as Google's REST front ends render it (AIP-193). */
export function googleError(code: number, message: string, info?: ErrorInfo): EncodedResponse {
  return jsonResponse(
    {
      error: {
        code,
        message,
        status: STATUS_OF[code] ?? 'UNKNOWN',
        ...(info ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', ...info }] } : {}),
      },
    },
    code,
  );
}

/** BigQuery v2 errors: `errors[].reason` (notFound, invalidQuery, bytesBilledLimitExceeded ...) plus `status`. */
export function bigQueryError(code: number, reason: string, message: string, extra: Record<string, string> = {}): EncodedResponse {
  return jsonResponse({ error: { code, message, errors: [{ message, domain: 'global', reason, ...extra }], status: STATUS_OF[code] ?? 'UNKNOWN' } }, code);
}

/** A typed failure inside a handler; the route turns it into its API's error body. */
export class SimGoogleError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimGoogleError';
  }
}

const MISSING_CREDENTIALS =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** True when the request carries `Authorization: Bearer <token>` (the simulator accepts any token). */
export function hasBearer(ctx: Pick<SimHttpContext, 'headers'>): boolean {
  const h = ctx.headers.authorization;
  return typeof h === 'string' && /^Bearer\s+\S+/i.test(h);
}

/** Google's 401 for a call without credentials, in either dialect. */
export function unauthenticated(dialect: 'google' | 'bigquery', domain: string): EncodedResponse {
  return dialect === 'bigquery'
    ? bigQueryError(401, 'required', MISSING_CREDENTIALS, { location: 'Authorization', locationType: 'header' })
    : googleError(401, MISSING_CREDENTIALS, { reason: 'CREDENTIALS_MISSING', domain });
}

/**
 * Injected faults. Throttling is 429 RESOURCE_EXHAUSTED and failures 503 UNAVAILABLE as the shared brief fixes
 * (⚠️ BigQuery also reports rate limits as 403 `rateLimitExceeded`; the simulator uses 429 for both APIs).
 */
export function googleFault(
  kind: Exclude<FaultKind, 'delay'>,
  opts: { dialect: 'google' | 'bigquery'; domain: string; permission: string; denial?: { message: string; info: ErrorInfo } },
): EncodedResponse {
  const bq = opts.dialect === 'bigquery';
  switch (kind) {
    case 'throttle': {
      const message = `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service '${opts.domain}'.`;
      return bq ? bigQueryError(429, 'rateLimitExceeded', message) : googleError(429, message, { reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service: opts.domain } });
    }
    case 'server-error':
      return bq ? bigQueryError(503, 'backendError', 'Error encountered during execution. Retrying may solve the problem.') : googleError(503, 'The service is currently unavailable.');
    case 'access-denied': {
      if (opts.denial && !bq) return googleError(403, opts.denial.message, opts.denial.info);
      const message = `Permission '${opts.permission}' denied on resource (or it may not exist).`;
      return bq
        ? bigQueryError(403, 'accessDenied', `Access Denied: User does not have ${opts.permission} permission.`)
        : googleError(403, message, { reason: 'IAM_PERMISSION_DENIED', domain: opts.domain, metadata: { permission: opts.permission } });
    }
    case 'expired-token': {
      const message = 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
      return bq
        ? bigQueryError(401, 'authError', message, { location: 'Authorization', locationType: 'header' })
        : googleError(401, message, { reason: 'ACCESS_TOKEN_EXPIRED', domain: 'googleapis.com' });
    }
  }
}

/** Opaque page tokens bound to what they page (a query fingerprint or a job id): a foreign token is rejected. */
export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(`${scope}|${offset}`, 'utf8').toString('base64url');
}

export function decodePageToken(token: string | null, scope: string): number | undefined {
  if (!token) return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const bar = text.lastIndexOf('|');
  const offset = Number(text.slice(bar + 1));
  if (bar < 0 || text.slice(0, bar) !== scope || !Number.isInteger(offset) || offset < 0) return undefined;
  return offset;
}
