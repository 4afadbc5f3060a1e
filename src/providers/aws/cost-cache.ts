import { createHash } from 'node:crypto';

/**
 * Where Cost Explorer answers are kept between runs. Each GetCostAndUsage request costs $0.01, and an hourly scan
 * over a 14-day window would otherwise pay for the same numbers 24 times a day. The lead backs this port with the
 * state store; InMemoryCostCache serves tests and single-process runs.
 */
export interface CostCache {
  get(key: string): Promise<{ storedAt: Date; value: unknown } | undefined>;
  put(key: string, value: unknown, now: Date): Promise<void>;
}

export class InMemoryCostCache implements CostCache {
  private readonly entries = new Map<string, { storedAt: Date; value: unknown }>();

  async get(key: string): Promise<{ storedAt: Date; value: unknown } | undefined> {
    const e = this.entries.get(key);
    // Hand out a copy so a caller mutating the answer cannot corrupt the cache (a real store would serialise).
    return e ? { storedAt: new Date(e.storedAt), value: structuredClone(e.value) } : undefined;
  }

  async put(key: string, value: unknown, now: Date): Promise<void> {
    this.entries.set(key, { storedAt: new Date(now), value: structuredClone(value) });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Fresh means stored less than `cacheHours` ago (and not in the future, which a skewed clock could produce). */
export function isFresh(storedAt: Date, now: Date, cacheHours: number): boolean {
  const ageMs = now.getTime() - storedAt.getTime();
  return ageMs >= 0 && ageMs < cacheHours * 3_600_000;
}

/** JSON with object keys sorted, so two equal requests always serialise (and hash) the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Cache key of a GetCostAndUsage request: a hash of the request WITHOUT NextPageToken (the cache holds all pages
 * of one query). Callers align TimePeriod to whole days first, so every run within a day asks the same question.
 */
export function costCacheKey(request: object): string {
  const { NextPageToken: _ignored, ...rest } = request as Record<string, unknown>;
  return `aws-ce:${createHash('sha256').update(stableStringify(rest)).digest('hex')}`;
}
