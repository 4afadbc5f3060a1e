import type { FleetState } from '../fleet-model';

const MAX_ENTRIES = 32;
const caches = new WeakMap<FleetState, Map<string, { version: number; rows: unknown[] }>>();

/**
 * Memoizes a filtered, sorted listing per fleet version: paging through 10,000 endpoints 100 at a time would
 * otherwise filter and sort the whole fleet on every page. `key` must cover everything the rows depend on
 * (operation, region, filters, sort, and the clock when the rows do).
 */
export function cachedRows<T>(state: FleetState, key: string, build: () => T[]): T[] {
  let cache = caches.get(state);
  if (!cache) caches.set(state, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === state.version) return hit.rows as T[];
  const rows = build();
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { version: state.version, rows });
  return rows;
}
