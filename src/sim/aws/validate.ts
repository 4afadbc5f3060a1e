import type { Tags } from '../../domain/cloud';
import { AwsServiceError } from '../protocol/aws-json';
import { constraintError } from './paging';

/**
 * Request validation as the JSON services do it before any handler logic: smithy constraint errors name the member
 * in camelCase ("1 validation error detected: Value null at 'endpointName' failed to satisfy constraint: Member
 * must not be null").
 */
export function required<T>(field: string, value: T | undefined | null): T {
  if (value === undefined || value === null || (typeof value === 'string' && value === '')) {
    const camel = field.charAt(0).toLowerCase() + field.slice(1);
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value null at '${camel}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function intInRange(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraintError(field, value, 'be an integer');
  if (value < min) throw constraintError(field, value, `have value greater than or equal to ${min}`);
  if (value > max) throw constraintError(field, value, `have value less than or equal to ${max}`);
  return value;
}

/** SageMaker resource names: EndpointName, EndpointConfigName, InferenceComponentName ... */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function sageMakerName(field: string, value: string | undefined): string {
  const name = required(field, value);
  if (!NAME_PATTERN.test(name)) throw constraintError(field, name, `satisfy regular expression pattern: ${NAME_PATTERN.source.slice(1, -1)}`);
  return name;
}

const TAG_KEY = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const MAX_TAGS_PER_RESOURCE = 50;

/** SageMaker Tag lists: at most 50, keys 1..128 characters (no "aws:" prefix, reserved for AWS), values up to 256. */
export function sageMakerTags(field: string, tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Tags {
  const list = tags ?? [];
  if (list.length > MAX_TAGS_PER_RESOURCE) throw constraintError(field, `[${list.length} tags]`, `have length less than or equal to ${MAX_TAGS_PER_RESOURCE}`);
  const out: Tags = {};
  for (const t of list) {
    const key = required(`${field}.member.key`, t.Key);
    if (key.length > 128 || !TAG_KEY.test(key)) throw constraintError(`${field}.member.key`, key, 'have length less than or equal to 128 and match [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    if (key.toLowerCase().startsWith('aws:')) throw new AwsServiceError('ValidationException', `Tag key "${key}" uses the reserved prefix "aws:".`);
    const value = t.Value ?? '';
    if (value.length > 256) throw constraintError(`${field}.member.value`, value, 'have length less than or equal to 256');
    out[key] = value;
  }
  return out;
}
