/**
 * The StateStore port: what the watchdog remembers between runs. Two adapters implement it (a JSON file for
 * the CLI, DynamoDB for Lambda) and one behaviour suite (test/unit/state/state-store.behaviour.ts) holds them
 * to the same contract. Dates are Date objects here and ISO-8601 strings at rest.
 */

/** One alert fingerprint (`${kind}:${refKey}`): when it was seen and when we last told someone. */
export interface AlertRecord {
  fingerprint: string;
  kind: string;
  refKey: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastSentAt?: Date;
  /** Monthly cost in the last alert, so a re-alert can be justified by growth (realertGrowthPct). */
  lastSentMonthlyCost?: number;
  currency?: string;
  sendCount: number;
  snoozedUntil?: Date;
}

/** One finding in the history (the weekly report reads these). */
export interface FindingRecord {
  fingerprint: string;
  kind: string;
  refKey: string;
  detectedAt: Date;
  monthlyCost: number;
  currency: string;
  severity: string;
  /** The finding itself. Stored as JSON: Dates come back as ISO strings, undefined fields are dropped. */
  payload: unknown;
}

/** A finding as listed: with the run that recorded it. */
export interface StoredFinding extends FindingRecord {
  runAt: Date;
}

export interface ListFindingsOptions {
  /** Inclusive lower bound on the run time. */
  since: Date;
  /** Exclusive upper bound on the run time; open-ended when omitted. */
  until?: Date;
  kind?: string;
}

/**
 * The condition of an updateItem: every `equals` attribute has exactly that value and `in.attr` holds one of
 * `in.values` (at most 100). Values compare as stored (JSON: a Date is its ISO string); only strings, numbers,
 * booleans and Dates may be compared. A missing attribute equals nothing.
 */
export interface ItemCondition {
  equals?: Record<string, unknown>;
  in?: { attr: string; values: readonly unknown[] };
}

export interface QueryItemsOptions {
  /** Sort keys starting with this prefix; cannot be combined with skFrom/skTo (one sort key condition per Query). */
  skBeginsWith?: string;
  /** Inclusive lower bound on the sort key. Sort keys order by their UTF-8 bytes, as in DynamoDB. */
  skFrom?: string;
  /** Inclusive upper bound on the sort key (`<ISO>#id` keys: pass the ISO time to exclude that instant). */
  skTo?: string;
  /** Descending sort key order (the newest first for time-prefixed keys). */
  newestFirst?: boolean;
  /** At most this many items. */
  limit?: number;
}

/** One generic item as listed: its sort key and its attributes (without pk/sk). */
export interface QueriedItem {
  sk: string;
  item: Record<string, unknown>;
}

export interface StateStore {
  getAlert(fingerprint: string): Promise<AlertRecord | undefined>;
  /** Batch read; fingerprints with no record are absent from the map. */
  getAlerts(fingerprints: readonly string[]): Promise<Map<string, AlertRecord>>;
  /**
   * Records a send only if nobody else sent since `expectedLastSentAt` (undefined: nobody ever sent), so two
   * concurrent scans never both alert. Writes every field of `rec` except `snoozedUntil` (owned by snooze());
   * `firstSeenAt` is kept when a record exists. `rec.lastSentAt` is required. False when the condition failed.
   */
  markSent(rec: AlertRecord, expectedLastSentAt: Date | undefined): Promise<boolean>;
  /**
   * Undoes a markSent whose alert could not be delivered: only if `lastSentAt` is still `claimedAt` (nobody sent
   * since), puts back the send state of `previous` (or clears it when there was none), so the next run alerts again.
   * False when the condition failed.
   */
  releaseSent(fingerprint: string, claimedAt: Date, previous: AlertRecord | undefined): Promise<boolean>;
  /** Upserts kind/refKey/lastSeenAt (firstSeenAt on creation) without touching send state or snoozes. */
  touchAlerts(recs: readonly AlertRecord[]): Promise<void>;
  /** Snoozes an existing alert; throws StateError STATE_ALERT_NOT_FOUND for an unknown fingerprint. */
  snooze(fingerprint: string, until: Date): Promise<void>;
  /** Appends a run's findings to the history; they expire findingsTtlDays after runAt. */
  recordFindings(runAt: Date, findings: readonly FindingRecord[]): Promise<void>;
  /** Findings recorded in [since, until), oldest run first, then by fingerprint. Expired history is never returned. */
  listFindings(opts: ListFindingsOptions): Promise<StoredFinding[]>;
  /** The cached value, or undefined when missing or expired at `now` (DynamoDB TTL deletes lazily, so we check). */
  cacheGet(key: string, now: Date): Promise<unknown | undefined>;
  /** Stores a JSON-serialisable value until `expiresAt`. */
  cachePut(key: string, value: unknown, expiresAt: Date): Promise<void>;
  /**
   * Creates the item only if (pk, sk) does not exist yet: the idempotency primitive for the restore ledger.
   * pk must not use the store's own prefixes (ALERT#, FINDINGS#, CACHE#); a numeric `expiresAt` (epoch seconds)
   * in the item makes it expire. Values are stored as JSON. False when the item already existed.
   */
  putIfAbsent(pk: string, sk: string, item: Record<string, unknown>): Promise<boolean>;
  /** Reads an item written by putIfAbsent (without pk/sk), or undefined. */
  getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Sets attributes of an existing generic item (a value of undefined removes the attribute) if `condition` holds;
   * never creates one. Same key rules as putIfAbsent; values are stored as JSON. False when the item is missing
   * or the condition failed: the compare-and-set primitive of the restore ledger.
   */
  updateItem(pk: string, sk: string, set: Record<string, unknown>, condition?: ItemCondition): Promise<boolean>;
  /**
   * The generic items of one partition in sort key order (ascending unless newestFirst), read consistently and
   * across every DynamoDB page. Items past their `expiresAt` may still be listed until the store deletes them
   * (DynamoDB TTL is lazy, the file store prunes on write), as with getItem: check expiresAt where it matters.
   */
  queryItems(pk: string, opts?: QueryItemsOptions): Promise<QueriedItem[]>;
}

/** The narrow view the Cost Explorer reader needs: a keyed cache with expiry. */
export interface CostCache {
  get(key: string, now: Date): Promise<unknown | undefined>;
  put(key: string, value: unknown, expiresAt: Date): Promise<void>;
}

export function costCacheFrom(store: Pick<StateStore, 'cacheGet' | 'cachePut'>): CostCache {
  return {
    get: (key, now) => store.cacheGet(key, now),
    put: (key, value, expiresAt) => store.cachePut(key, value, expiresAt),
  };
}
