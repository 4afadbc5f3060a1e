import type { ProviderStatus } from '../domain/status';
import type { CloudReader } from '../providers/types';
import type { ApiCallCount } from './usage-record';

/**
 * The API calls of one run, from the readers' statuses. Readers live as long as the Lambda container and keep each
 * component's latest status, so a warm invocation that skips a component (no endpoints to read metrics for) still
 * lists the previous run's status for it. Statuses are new objects whenever a component runs, so the ones that were
 * already there before the run (by identity) are left out: they were counted by the run that made them.
 */
export interface RunStatuses {
  /**
   * The statuses that belong to this run: everything the readers report now that was not there at the start. A reader
   * keeps one status per component, so a run that reads a component twice (the weekly report's week of traffic after
   * the collection) passes the statuses it kept from the first read as `also`, or their calls are lost.
   */
  since(also?: readonly ProviderStatus[]): ProviderStatus[];
}

export function watchStatuses(readers: readonly Pick<CloudReader, 'status'>[]): RunStatuses {
  const before = new Set(readers.flatMap((r) => r.status()));
  return { since: (also = []) => [...new Set([...also, ...readers.flatMap((r) => r.status())])].filter((s) => !before.has(s)) };
}

/** Calls (and billable units) summed per cloud and operation, sorted for stable records. */
export function callsOf(statuses: readonly ProviderStatus[]): ApiCallCount[] {
  const byOp = new Map<string, ApiCallCount>();
  for (const s of statuses) {
    for (const [operation, n] of Object.entries(s.calls ?? {})) {
      if (!Number.isFinite(n) || n <= 0) continue;
      const key = `${s.cloud}\u0000${operation}`;
      const entry = byOp.get(key) ?? { cloud: s.cloud, operation, calls: 0 };
      entry.calls += n;
      const units = s.units?.[operation];
      if (units !== undefined && Number.isFinite(units)) entry.units = (entry.units ?? 0) + units;
      byOp.set(key, entry);
    }
  }
  return [...byOp.values()].sort((a, b) => a.cloud.localeCompare(b.cloud) || a.operation.localeCompare(b.operation));
}
