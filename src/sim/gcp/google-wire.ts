import type { IncomingMessage } from 'node:http';
import type { FaultKind } from '../faults';
import type { EncodedResponse } from '../protocol/aws-json';

/**
 * Google's REST error model (AIP-193): `{"error": {"code": <http>, "message": ..., "status": "<google.rpc.Code>",
 * "details": [...]}}`, with a google.rpc.ErrorInfo detail naming the reason, the API domain and (for IAM denials)
 * the permission.
 */
export class GoogleError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string,
    readonly details: Array<Record<string, unknown>> = [],
  ) {
    super(message);
    this.name = 'GoogleError';
  }
}

export const invalidArgument = (m: string) => new GoogleError(400, 'INVALID_ARGUMENT', m);
export const failedPrecondition = (m: string) => new GoogleError(400, 'FAILED_PRECONDITION', m);
export const notFound = (m: string) => new GoogleError(404, 'NOT_FOUND', m);

/** The answer for a project the fleet does not have (Google does not say whether it exists). */
export function projectDenied(project: string, domain: string, permission: string): GoogleError {
  return new GoogleError(403, 'PERMISSION_DENIED', `Permission '${permission}' denied on resource '//${domain}/projects/${project}' (or it may not exist).`, [
    errorInfo('IAM_PERMISSION_DENIED', domain, { permission }),
  ]);
}

export function errorInfo(reason: string, domain: string, metadata: Record<string, string> = {}): Record<string, unknown> {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

export function googleJson(body: unknown, statusCode = 200): EncodedResponse {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

export function encodeGoogleError(err: GoogleError): EncodedResponse {
  return googleJson({ error: { code: err.httpStatus, message: err.message, status: err.status, ...(err.details.length ? { details: err.details } : {}) } }, err.httpStatus);
}

/**
 * Google answers a request without credentials with 401 UNAUTHENTICATED ("Request is missing required
 * authentication credential. Expected OAuth 2 access token ..."), ErrorInfo reason CREDENTIALS_MISSING.
 */
export function missingBearer(headers: IncomingMessage['headers'], domain: string): GoogleError | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth)) return undefined;
  return new GoogleError(
    401,
    'UNAUTHENTICATED',
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [errorInfo('CREDENTIALS_MISSING', domain, { method: domain })],
  );
}

/** Injected faults in Google's format. `permission` is the IAM permission the operation needs. */
export function googleFault(kind: Exclude<FaultKind, 'delay'>, domain: string, permission: string): EncodedResponse {
  switch (kind) {
    case 'throttle':
      return encodeGoogleError(
        new GoogleError(429, 'RESOURCE_EXHAUSTED', `Quota exceeded for quota metric 'Read requests' of service '${domain}'.`, [
          errorInfo('RATE_LIMIT_EXCEEDED', domain, { service: domain }),
        ]),
      );
    case 'server-error':
      return encodeGoogleError(new GoogleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'));
    case 'expired-token':
      return encodeGoogleError(
        new GoogleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', [
          errorInfo('ACCESS_TOKEN_EXPIRED', domain, { service: domain }),
        ]),
      );
    case 'access-denied':
      return encodeGoogleError(
        new GoogleError(403, 'PERMISSION_DENIED', `Permission '${permission}' denied on the resource (or it may not exist).`, [
          errorInfo('IAM_PERMISSION_DENIED', domain, { permission }),
        ]),
      );
  }
}

/**
 * Opaque page tokens carrying the offset and a fingerprint of the query, so a token reused with another query is
 * refused (INVALID_ARGUMENT), as Google does.
 */
export function pageOf<T>(all: readonly T[], query: URLSearchParams, fingerprint: string, maxSize: number, defaultSize: number): { items: T[]; nextPageToken?: string } {
  const raw = query.get('pageSize');
  let size = defaultSize;
  if (raw !== null && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw invalidArgument(`Invalid value for pageSize: ${raw}`);
    // AIP-158: 0 means "server default"; above the maximum is coerced to the maximum.
    size = n === 0 ? defaultSize : Math.min(n, maxSize);
  }
  const token = query.get('pageToken');
  const offset = token ? decodePageToken(token, fingerprint) : 0;
  if (offset === undefined) throw invalidArgument('The page token is invalid or does not belong to this request.');
  const items = all.slice(offset, offset + size);
  return offset + size < all.length ? { items, nextPageToken: encodePageToken(offset + size, fingerprint) } : { items };
}

export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

export function decodePageToken(token: string, fingerprint: string): number | undefined {
  try {
    const p = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    return typeof p.o === 'number' && Number.isInteger(p.o) && p.o >= 0 && p.f === fingerprint ? p.o : undefined;
  } catch {
    return undefined;
  }
}

/** The query without paging parameters and gax's `$alt`: the identity of a listing. */
export function queryFingerprint(path: string, query: URLSearchParams): string {
  const keep = [...query.entries()].filter(([k]) => k !== 'pageToken' && k !== 'pageSize' && !k.startsWith('$')).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([path, keep]);
}
