import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../fixtures/aws');

/**
 * Wire timestamps become Dates the way the SDK deserialisers do it: awsJson services send epoch seconds
 * (`CreationTime: 1762160400.123`), CloudWatch sends ISO strings in `Timestamps`.
 */
function revive(key: string, value: unknown): unknown {
  if (key === 'Timestamps' && Array.isArray(value)) return value.map((v) => new Date(v as string));
  if (/(Time|Timestamp)$/.test(key)) {
    if (typeof value === 'number') return new Date(value * 1000);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  }
  return value;
}

/** Loads test/fixtures/aws/<service>/<Operation>.<scenario>.json as the SDK would hand it back. */
export function fixture<T = any>(service: string, name: string): T {
  return JSON.parse(readFileSync(join(ROOT, service, `${name}.json`), 'utf8'), revive) as T;
}
