import { AwsServiceError } from '../protocol/aws-json';

/**
 * Opaque pagination tokens. Real tokens are opaque too; ours carry the offset and a fingerprint of the query so a
 * token reused with different filters is rejected, as the real services do.
 */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

/** Offset in a token, or undefined when it is malformed or belongs to a different query. */
export function decodeToken(token: string, fingerprint: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0 || parsed.f !== fingerprint) return undefined;
    return parsed.o;
  } catch {
    return undefined;
  }
}

/** Stable fingerprint of the request fields that shape a listing (everything but the paging fields). */
export function queryFingerprint(input: Record<string, unknown>, pagingFields: readonly string[]): string {
  const keys = Object.keys(input)
    .filter((k) => !pagingFields.includes(k))
    .sort();
  return JSON.stringify(keys.map((k) => [k, input[k]]));
}

/**
 * The smithy-validation message the JSON services send, e.g.
 * "1 validation error detected: Value '500' at 'maxResults' failed to satisfy constraint: Member must have value
 * less than or equal to 100".
 */
export function constraintError(field: string, value: unknown, constraint: string): AwsServiceError {
  const camel = field.charAt(0).toLowerCase() + field.slice(1);
  return new AwsServiceError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${camel}' failed to satisfy constraint: Member must ${constraint}`,
  );
}

/** Validates an optional integer page size against the service's range and returns it or the default. */
export function pageSize(field: string, value: unknown, min: number, max: number, dflt: number): number {
  if (value === undefined || value === null) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraintError(field, value, 'be an integer');
  if (value < min) throw constraintError(field, value, `have value greater than or equal to ${min}`);
  if (value > max) throw constraintError(field, value, `have value less than or equal to ${max}`);
  return value;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Slices a sorted listing; `invalidToken` builds the service's own error for a bad token. */
export function paginate<T>(
  all: readonly T[],
  token: string | undefined,
  size: number,
  fingerprint: string,
  invalidToken: () => AwsServiceError,
): Page<T> {
  const offset = token ? decodeToken(token, fingerprint) : 0;
  if (offset === undefined) throw invalidToken();
  const items = all.slice(offset, offset + size);
  const next = offset + size;
  return next < all.length ? { items, nextToken: encodeToken(next, fingerprint) } : { items };
}
