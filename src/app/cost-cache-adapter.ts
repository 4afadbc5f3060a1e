import type { CostCache } from '../providers/aws/cost-cache';
import type { StateStore } from '../state/state-store';

interface Stored {
  storedAt: string;
  value: unknown;
}

/**
 * Backs the Cost Explorer cache with the state store, so the $0.01-per-request answers survive between scheduled
 * runs (each Lambda container is short-lived). Entries expire in the store after `cacheHours`; freshness is also
 * checked by the reader. A read-only cache (the IAM-restricted HTTP audit) reads the store but keeps new answers in
 * memory only.
 */
export function storeBackedCostCache(
  store: Pick<StateStore, 'cacheGet' | 'cachePut'>,
  opts: { cacheHours: number; readOnly: boolean; now: () => Date },
): CostCache {
  const memory = new Map<string, Stored>();
  return {
    async get(key) {
      const hit = memory.get(key) ?? ((await store.cacheGet(`ce:${key}`, opts.now())) as Stored | undefined);
      return hit ? { storedAt: new Date(hit.storedAt), value: hit.value } : undefined;
    },
    async put(key, value, now) {
      const entry: Stored = { storedAt: now.toISOString(), value };
      memory.set(key, entry);
      if (!opts.readOnly) await store.cachePut(`ce:${key}`, entry, new Date(now.getTime() + opts.cacheHours * 3_600_000));
    },
  };
}
