import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addDays, alertFromJson, epochSeconds, findingToJson, toIso } from './records';
import { StateError } from './state-error';
import type { AlertRecord, FindingRecord } from './state-store';

/**
 * Single-table layout of the DynamoDB state store. serverless.yml and the tests build the table from these
 * constants so the deployed table and the code cannot disagree.
 *
 *   alert     pk ALERT#<fingerprint>      sk ALERT
 *   finding   pk FINDINGS#<yyyy-mm-dd>    sk <runAt ISO>#<fingerprint>   (one partition per UTC day of runs)
 *   cache     pk CACHE#<key>              sk CACHE
 *   ledger    pk/sk chosen by the caller (putIfAbsent, updateItem, queryItems): see remediation/ledger-keys.ts
 */
export const STATE_TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' } as const;

/** CreateTable input (and the shape of serverless.yml's AWS::DynamoDB::Table): on-demand, string pk/sk. */
export function stateTableDefinition(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: STATE_TABLE_KEYS.partitionKey, AttributeType: 'S' as const },
      { AttributeName: STATE_TABLE_KEYS.sortKey, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: STATE_TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: STATE_TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
  };
}

export type Key = { pk: string; sk: string };

export const alertKey = (fingerprint: string): Key => ({ pk: `ALERT#${fingerprint}`, sk: 'ALERT' });
export const findingsPk = (day: string): string => `FINDINGS#${day}`;

/** DynamoDB caps a partition key at 2048 bytes; long cache keys (serialised queries) are hashed. */
export function cacheKey(key: string): Key {
  const safe = Buffer.byteLength(key) > 512 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
  return { pk: `CACHE#${safe}`, sk: 'CACHE' };
}

/** Alerts expire findingsTtlDays after they were last seen: a resource gone that long starts afresh. */
export function alertExpiresAt(lastSeenAt: Date, ttlDays: number): number {
  return epochSeconds(addDays(lastSeenAt, ttlDays));
}

export function alertFromItem(item: Record<string, unknown>): AlertRecord {
  return alertFromJson(item);
}

export function findingItem(runAt: Date, f: FindingRecord, ttlDays: number): Record<string, unknown> {
  const json = findingToJson(runAt, f);
  return {
    pk: findingsPk(json.runAt.slice(0, 10)),
    sk: `${json.runAt}#${f.fingerprint}`,
    ...json,
    // Payload as a JSON string: finding evidence may hold empty maps, nested undefined or numbers DynamoDB
    // would coerce; a string round-trips exactly like the file store.
    payload: JSON.stringify(json.payload),
    [STATE_TABLE_KEYS.ttlAttribute]: epochSeconds(addDays(runAt, ttlDays)),
  };
}

export function findingJsonFromItem(item: Record<string, unknown>): Record<string, unknown> {
  const payload = typeof item.payload === 'string' ? (JSON.parse(item.payload) as unknown) : null;
  return { ...item, payload };
}

/** Values up to this size are stored as a JSON string; larger ones are gzipped (Cost Explorer answers compress ~10x). */
const INLINE_LIMIT_BYTES = 32 * 1024;
/** Item limit is 400 KB including attribute names and keys; leave room for them. */
const MAX_VALUE_BYTES = 380 * 1024;

export function cacheItem(key: string, value: unknown, expiresAt: Date): Record<string, unknown> {
  const json = JSON.stringify(value ?? null);
  const base = { ...cacheKey(key), validUntil: toIso(expiresAt), [STATE_TABLE_KEYS.ttlAttribute]: epochSeconds(expiresAt) };
  if (Buffer.byteLength(json) <= INLINE_LIMIT_BYTES) return { ...base, value: json };
  const gz = gzipSync(json);
  if (gz.byteLength > MAX_VALUE_BYTES) {
    throw new StateError('STATE_VALUE_TOO_LARGE', `Cache value for ${key} is ${gz.byteLength} bytes gzipped; DynamoDB items are limited to 400 KB`);
  }
  return { ...base, valueGz: new Uint8Array(gz) };
}

export function cacheValueFromItem(item: Record<string, unknown>): unknown {
  if (typeof item.value === 'string') return JSON.parse(item.value) as unknown;
  if (item.valueGz instanceof Uint8Array) return JSON.parse(gunzipSync(item.valueGz).toString('utf8')) as unknown;
  return undefined;
}
