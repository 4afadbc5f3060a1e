import { StateError } from './state-error';
import type { AlertRecord, FindingRecord, StoredFinding } from './state-store';

/**
 * Pure helpers shared by both adapters, so the file store and DynamoDB agree on keys, expiry and how values
 * are serialised. Records at rest use ISO-8601 strings (fixed width for years 0-9999, so they sort as text).
 */

const MS_PER_DAY = 86_400_000;

/** Key prefixes the store owns; generic items (putIfAbsent) may not use them. */
export const RESERVED_PK_PREFIXES = ['ALERT#', 'FINDINGS#', 'CACHE#'] as const;

export interface AlertJson {
  fingerprint: string;
  kind: string;
  refKey: string;
  firstSeenAt: string;
  lastSeenAt: string;
  lastSentAt?: string;
  lastSentMonthlyCost?: number;
  currency?: string;
  sendCount: number;
  snoozedUntil?: string;
}

export interface FindingJson {
  runAt: string;
  fingerprint: string;
  kind: string;
  refKey: string;
  detectedAt: string;
  monthlyCost: number;
  currency: string;
  severity: string;
  payload: unknown;
}

export function toIso(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new StateError('STATE_INVALID_INPUT', 'invalid Date passed to the state store');
  return date.toISOString();
}

export function fromIso(text: unknown, what: string): Date {
  const date = typeof text === 'string' ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new StateError('STATE_RECORD_INVALID', `stored ${what} is not a timestamp: ${JSON.stringify(text)}`);
  return date;
}

export function epochSeconds(date: Date): number {
  return Math.ceil(date.getTime() / 1000);
}

/** UTC calendar day of a date, the findings partition: `2026-03-01`. */
export function dayKey(date: Date): string {
  return toIso(date).slice(0, 10);
}

/** Every UTC day touched by [since, until), in order. */
export function daysInRange(since: Date, until: Date): string[] {
  const days: string[] = [];
  if (until.getTime() <= since.getTime()) return days;
  const last = until.getTime() - 1;
  for (let t = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); t <= last; t += MS_PER_DAY) {
    days.push(dayKey(new Date(t)));
  }
  return days;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

/** JSON round-trip: what either backend gives back (Dates become ISO strings, undefined fields vanish). */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

export function alertToJson(rec: AlertRecord): AlertJson {
  const json: AlertJson = {
    fingerprint: rec.fingerprint,
    kind: rec.kind,
    refKey: rec.refKey,
    firstSeenAt: toIso(rec.firstSeenAt),
    lastSeenAt: toIso(rec.lastSeenAt),
    sendCount: rec.sendCount,
  };
  if (rec.lastSentAt) json.lastSentAt = toIso(rec.lastSentAt);
  if (rec.lastSentMonthlyCost !== undefined) json.lastSentMonthlyCost = rec.lastSentMonthlyCost;
  if (rec.currency !== undefined) json.currency = rec.currency;
  if (rec.snoozedUntil) json.snoozedUntil = toIso(rec.snoozedUntil);
  return json;
}

export function alertFromJson(json: Record<string, unknown>): AlertRecord {
  const rec: AlertRecord = {
    fingerprint: String(json.fingerprint),
    kind: String(json.kind),
    refKey: String(json.refKey),
    firstSeenAt: fromIso(json.firstSeenAt, 'firstSeenAt'),
    lastSeenAt: fromIso(json.lastSeenAt, 'lastSeenAt'),
    sendCount: typeof json.sendCount === 'number' ? json.sendCount : 0,
  };
  if (json.lastSentAt !== undefined) rec.lastSentAt = fromIso(json.lastSentAt, 'lastSentAt');
  if (typeof json.lastSentMonthlyCost === 'number') rec.lastSentMonthlyCost = json.lastSentMonthlyCost;
  if (typeof json.currency === 'string') rec.currency = json.currency;
  if (json.snoozedUntil !== undefined) rec.snoozedUntil = fromIso(json.snoozedUntil, 'snoozedUntil');
  return rec;
}

export function findingToJson(runAt: Date, f: FindingRecord): FindingJson {
  return {
    runAt: toIso(runAt),
    fingerprint: f.fingerprint,
    kind: f.kind,
    refKey: f.refKey,
    detectedAt: toIso(f.detectedAt),
    monthlyCost: f.monthlyCost,
    currency: f.currency,
    severity: f.severity,
    payload: toJsonValue(f.payload) ?? null,
  };
}

export function findingFromJson(json: Record<string, unknown>): StoredFinding {
  return {
    runAt: fromIso(json.runAt, 'runAt'),
    fingerprint: String(json.fingerprint),
    kind: String(json.kind),
    refKey: String(json.refKey),
    detectedAt: fromIso(json.detectedAt, 'detectedAt'),
    monthlyCost: Number(json.monthlyCost),
    currency: String(json.currency),
    severity: String(json.severity),
    payload: json.payload ?? null,
  };
}

/** Later duplicates of a key win; DynamoDB rejects a batch that names one key twice, so both stores dedupe. */
export function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k); // re-insert so order follows the last occurrence
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

/** Sort order of listFindings: run time, then fingerprint (the DynamoDB sort key order). */
export function compareFindings(a: StoredFinding, b: StoredFinding): number {
  return a.runAt.getTime() - b.runAt.getTime() || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}

export function validateMarkSent(rec: AlertRecord): void {
  if (!rec.lastSentAt) throw new StateError('STATE_INVALID_INPUT', `markSent(${rec.fingerprint}) needs rec.lastSentAt (the time of this send)`);
}

/** Generic items (putIfAbsent, updateItem, queryItems) live beside the store's own records, never among them. */
export function validateItemKey(operation: string, pk: string, sk?: string): void {
  if (!pk || sk === '') throw new StateError('STATE_INVALID_INPUT', `${operation} needs a non-empty pk${sk === undefined ? '' : ' and sk'}`);
  const reserved = RESERVED_PK_PREFIXES.find((p) => pk.startsWith(p));
  if (reserved) throw new StateError('STATE_INVALID_INPUT', `pk prefix ${reserved} is reserved for the state store's own records`);
}

/** Guards putIfAbsent callers from clobbering the store's own records or the key attributes. */
export function validateGenericItem(pk: string, sk: string, item: Record<string, unknown>): void {
  validateItemKey('putIfAbsent', pk, sk);
  if ('pk' in item || 'sk' in item) throw new StateError('STATE_INVALID_INPUT', 'the item must not contain pk or sk; pass them as arguments');
}
