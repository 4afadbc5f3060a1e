import type { Cloud } from '../domain/cloud';
import type { StateStore } from '../state/state-store';
import { UsageRecordError, validateUsageRecord, type ApiCallCount, type LambdaArchitecture, type UsageRecord, type WatchdogFunction } from './usage-record';

/**
 * Where usage records live in the state store (generic items; the store owns ALERT#, FINDINGS#, CACHE#):
 *
 *   USAGE#<YYYY-MM-DD>   <startedAt ISO>#<function>#<runId>   the record; expires USAGE_TTL_DAYS after startedAt
 *
 * One partition per UTC day: a week is seven Queries (run in parallel), a day of hourly scans is a couple of dozen
 * small items, far below DynamoDB's per-partition limits, and the ISO-first sort key lets a Query cut a partial day.
 */
export const USAGE_PK_PREFIX = 'USAGE#';
/** Long enough for a quarter's comparison, short enough that the table does not grow forever. */
export const USAGE_TTL_DAYS = 90;
/** A guard against a typo'd period reading thousands of partitions (a quarter and a bit is plenty for a report). */
export const MAX_USAGE_PERIOD_DAYS = 120;

const DAY_MS = 86_400_000;

export const usagePk = (at: Date): string => `${USAGE_PK_PREFIX}${at.toISOString().slice(0, 10)}`;
export const usageSk = (r: Pick<UsageRecord, 'startedAt' | 'functionName' | 'runId'>): string => `${r.startedAt.toISOString()}#${r.functionName}#${r.runId}`;

/** The stored attributes: JSON values only (Dates as ISO), and `expiresAt` in epoch seconds for DynamoDB TTL. */
export function usageItem(r: UsageRecord): Record<string, unknown> {
  return {
    functionName: r.functionName,
    runId: r.runId,
    startedAt: r.startedAt.toISOString(),
    durationMs: r.durationMs,
    ...(r.memoryMb !== undefined ? { memoryMb: r.memoryMb } : {}),
    ...(r.architecture ? { architecture: r.architecture } : {}),
    onLambda: r.onLambda,
    calls: r.calls.map((c) => ({ cloud: c.cloud, operation: c.operation, calls: c.calls, ...(c.units !== undefined ? { units: c.units } : {}) })),
    expiresAt: Math.floor(r.startedAt.getTime() / 1000) + USAGE_TTL_DAYS * 86_400,
  };
}

/** Reads a stored item back; a malformed one (a hand edit) is a UsageRecordError naming its key. */
export function usageFromItem(pk: string, sk: string, item: Record<string, unknown>): UsageRecord {
  try {
    const calls = Array.isArray(item.calls) ? (item.calls as Record<string, unknown>[]) : undefined;
    const record: UsageRecord = {
      functionName: item.functionName as WatchdogFunction,
      runId: item.runId as string,
      startedAt: new Date(typeof item.startedAt === 'string' ? item.startedAt : NaN),
      durationMs: item.durationMs as number,
      onLambda: item.onLambda as boolean,
      calls: (calls ?? []).map(
        (c): ApiCallCount => ({
          cloud: c.cloud as Cloud,
          operation: c.operation as string,
          calls: c.calls as number,
          ...(c.units !== undefined ? { units: c.units as number } : {}),
        }),
      ),
      ...(item.memoryMb !== undefined ? { memoryMb: item.memoryMb as number } : {}),
      ...(item.architecture !== undefined ? { architecture: item.architecture as LambdaArchitecture } : {}),
    };
    if (!calls) throw new UsageRecordError('calls must be an array');
    return validateUsageRecord(record);
  } catch (err) {
    throw new UsageRecordError(`stored usage item ${pk} / ${sk} is malformed: ${(err as Error).message}`);
  }
}

/** Writes one record; idempotent (a second write of the same run is ignored). */
export async function recordWatchdogUsage(store: Pick<StateStore, 'putIfAbsent'>, record: UsageRecord): Promise<void> {
  validateUsageRecord(record);
  await store.putIfAbsent(usagePk(record.startedAt), usageSk(record), usageItem(record));
}

export interface UsagePeriod {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** The UTC days a period touches, oldest first. */
export function usageDays(period: UsagePeriod): Date[] {
  const { start, end } = period;
  if (!(start instanceof Date) || !(end instanceof Date) || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw new UsageRecordError('the usage period needs a valid start and end Date');
  }
  if (end.getTime() <= start.getTime()) throw new UsageRecordError(`the usage period must end after it starts (${start.toISOString()} .. ${end.toISOString()})`);
  if (end.getTime() - start.getTime() > MAX_USAGE_PERIOD_DAYS * DAY_MS) throw new UsageRecordError(`the usage period may span at most ${MAX_USAGE_PERIOD_DAYS} days`);
  const days: Date[] = [];
  const last = new Date(end.getTime() - 1);
  for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); d <= last.getTime(); d += DAY_MS) days.push(new Date(d));
  return days;
}

/**
 * The records of runs that started in [start, end), oldest first: one Query per UTC day (queryItems follows every
 * DynamoDB page). The sort key range cuts partial first and last days; `skTo` at the end instant excludes it.
 */
export async function readWatchdogUsage(store: Pick<StateStore, 'queryItems'>, period: UsagePeriod): Promise<UsageRecord[]> {
  const days = usageDays(period);
  const from = period.start.toISOString();
  const to = period.end.toISOString();
  const pages = await Promise.all(
    days.map(async (day) => {
      const pk = usagePk(day);
      const items = await store.queryItems(pk, { skFrom: from, skTo: to });
      return items.map((q) => usageFromItem(pk, q.sk, q.item));
    }),
  );
  const start = period.start.getTime();
  const end = period.end.getTime();
  return pages.flat().filter((r) => r.startedAt.getTime() >= start && r.startedAt.getTime() < end);
}
