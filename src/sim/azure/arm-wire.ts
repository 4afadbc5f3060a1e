import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FaultKind } from '../faults';
import type { EncodedResponse } from '../protocol/aws-json';

/**
 * Azure Resource Manager's wire conventions: the error body `{"error": {"code", "message", "details"?}}`, JSON
 * answers with x-ms-request-id / x-ms-correlation-request-id, and follow-up URLs (nextLink, Azure-AsyncOperation,
 * Location) on the public ARM origin, which the watchdog's redirecting http client sends back to the simulator.
 */
export const ARM_ORIGIN = 'https://management.azure.com';

export class ArmError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: Array<{ code: string; message: string }>,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new ArmError(400, code, message);
export const notFound = (message: string, code = 'ResourceNotFound') => new ArmError(404, code, message);
export const conflict = (message: string, code = 'Conflict') => new ArmError(409, code, message);

/** What a handler answers when it is not a plain 200 JSON body: status, body (undefined = empty) and headers. */
export class ArmReply {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function baseHeaders(): Record<string, string> {
  const id = randomUUID();
  return { 'x-ms-request-id': id, 'x-ms-correlation-request-id': id, 'cache-control': 'no-cache' };
}

export function armJson(body: unknown, statusCode = 200, headers: Record<string, string> = {}): EncodedResponse {
  if (body === undefined) return { statusCode, headers: { ...baseHeaders(), ...headers }, body: '' };
  return { statusCode, headers: { ...baseHeaders(), 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function encodeArmError(err: ArmError): EncodedResponse {
  return armJson({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, err.httpStatus, {
    'x-ms-failure-cause': err.httpStatus >= 500 ? 'service' : 'gateway',
    ...err.headers,
  });
}

/** ARM without `Authorization: Bearer`: 401 AuthenticationFailed (WWW-Authenticate names the authority). */
export function missingBearer(headers: IncomingMessage['headers']): ArmError | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth)) return undefined;
  return new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
    'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
  });
}

/** The 403 of an RBAC denial, naming the action and the scope as Azure does. */
export function authorizationFailed(action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '00000000-0000-0000-0000-000000000000' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** Injected faults in ARM's format; `action` is the RBAC action of the operation, `scope` the path it was called on. */
export function armFault(kind: Exclude<FaultKind, 'delay'>, action: string, scope: string, extraThrottleHeaders: Record<string, string> = {}): EncodedResponse {
  switch (kind) {
    case 'throttle':
      return encodeArmError(
        new ArmError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. Please retry after the time specified in the Retry-After header.', {
          'retry-after': '5',
          ...extraThrottleHeaders,
        }),
      );
    case 'server-error':
      return encodeArmError(new ArmError(500, 'InternalServerError', 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id, request correlation id.'));
    case 'expired-token':
      return encodeArmError(
        new ArmError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.', {
          'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."',
        }),
      );
    case 'access-denied':
      return encodeArmError(authorizationFailed(action, scope));
  }
}

/** ISO 8601 in the 7-digit fractional form ARM uses ("2026-11-18T15:00:00.0000000Z"). */
export function armTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * One page of a list, ARM style: `{value, nextLink?}`, nextLink = the same URL on the ARM origin with `$skipToken`
 * (an offset; Azure's tokens are opaque, the simulator's are decimal). `$skip` is read too: Azure ML's own list
 * operations name their continuation parameter `$skip`.
 */
export function armPage<T>(all: readonly T[], url: URL, pageSize: number): { value: T[]; nextLink?: string } {
  const token = url.searchParams.get('$skipToken') ?? url.searchParams.get('$skiptoken') ?? url.searchParams.get('$skip');
  let offset = 0;
  if (token !== null) {
    offset = Number(token);
    if (!Number.isInteger(offset) || offset < 0) throw badRequest(`The continuation token '${token}' is invalid.`, 'InvalidSkipToken');
  }
  const value = all.slice(offset, offset + pageSize);
  if (offset + pageSize >= all.length) return { value };
  const next = new URL(`${ARM_ORIGIN}${url.pathname}`);
  for (const [k, v] of url.searchParams) if (!/^\$skip(token)?$/i.test(k)) next.searchParams.append(k, v);
  next.searchParams.set('$skipToken', String(offset + pageSize));
  return { value, nextLink: next.toString() };
}
