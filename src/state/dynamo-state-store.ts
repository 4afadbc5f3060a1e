import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../lib/map-limit';
import { batchGetAll, batchPutAll, DEFAULT_BATCH_OPTIONS, type BatchOptions } from './dynamo-batch';
import { backendError, isConditionFailure } from './dynamo-errors';
import { queryGenericItems, updateGenericItem } from './dynamo-generic-items';
import { alertExpiresAt, alertFromItem, alertKey, cacheItem, cacheKey, cacheValueFromItem, findingItem, findingJsonFromItem, findingsPk } from './dynamo-items';
import { addDays, compareFindings, daysInRange, findingFromJson, lastByKey, toIso, toJsonValue, validateGenericItem, validateMarkSent } from './records';
import { StateError } from './state-error';
import { itemQuery, itemUpdate } from './generic-items';
import type { AlertRecord, FindingRecord, ItemCondition, ListFindingsOptions, QueriedItem, QueryItemsOptions, StateStore, StoredFinding } from './state-store';
import { updateExpression } from './update-expression';

export { STATE_TABLE_KEYS, stateTableDefinition } from './dynamo-items';

export interface DynamoStateStoreOptions {
  /** Injected DocumentClient (the composition root builds it; tests point it at dynalite). */
  client: DynamoDBDocumentClient;
  tableName: string;
  findingsTtlDays: number;
  /** Clock for hiding history past its TTL (DynamoDB deletes expired items lazily, within days). */
  now: () => Date;
  batch?: Partial<BatchOptions>;
  /** Parallel single-item writes (touchAlerts): DynamoDB has no batch update. */
  writeConcurrency?: number;
}

/**
 * StateStore on one DynamoDB table (layout in dynamo-items.ts). Dedupe is enforced by conditional writes, so
 * two Lambda invocations racing on the same finding cannot both alert.
 */
export class DynamoStateStore implements StateStore {
  private readonly batch: BatchOptions;

  constructor(private readonly opts: DynamoStateStoreOptions) {
    this.batch = { ...DEFAULT_BATCH_OPTIONS, ...opts.batch };
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw backendError(operation, this.opts.tableName, err);
    }
  }

  private get table(): string {
    return this.opts.tableName;
  }

  async getAlert(fingerprint: string): Promise<AlertRecord | undefined> {
    const out = await this.call('GetItem', () =>
      this.opts.client.send(new GetCommand({ TableName: this.table, Key: alertKey(fingerprint), ConsistentRead: true })),
    );
    return out.Item ? alertFromItem(out.Item) : undefined;
  }

  async getAlerts(fingerprints: readonly string[]): Promise<Map<string, AlertRecord>> {
    const keys = [...new Set(fingerprints)].map(alertKey);
    const items = await this.call('BatchGetItem', () => batchGetAll(this.opts.client, this.table, keys, this.batch));
    const out = new Map<string, AlertRecord>();
    for (const item of items) {
      const rec = alertFromItem(item);
      out.set(rec.fingerprint, rec);
    }
    return out;
  }

  async markSent(rec: AlertRecord, expectedLastSentAt: Date | undefined): Promise<boolean> {
    validateMarkSent(rec);
    const update = updateExpression({
      set: {
        fingerprint: rec.fingerprint,
        kind: rec.kind,
        refKey: rec.refKey,
        lastSeenAt: toIso(rec.lastSeenAt),
        lastSentAt: toIso(rec.lastSentAt as Date),
        sendCount: rec.sendCount,
        lastSentMonthlyCost: rec.lastSentMonthlyCost,
        currency: rec.currency,
        expiresAt: alertExpiresAt(rec.lastSeenAt, this.opts.findingsTtlDays),
      },
      setIfNotExists: { firstSeenAt: toIso(rec.firstSeenAt) },
      removeWhenUndefined: ['lastSentMonthlyCost', 'currency'],
      condition: expectedLastSentAt
        ? { equals: { lastSentAt: toIso(expectedLastSentAt) } }
        : { notExists: 'lastSentAt' },
    });
    return this.conditionalUpdate(rec.fingerprint, update);
  }

  async releaseSent(fingerprint: string, claimedAt: Date, previous: AlertRecord | undefined): Promise<boolean> {
    const sent = previous?.lastSentAt;
    const update = updateExpression({
      set: {
        lastSentAt: sent ? toIso(sent) : undefined,
        lastSentMonthlyCost: sent ? previous?.lastSentMonthlyCost : undefined,
        currency: sent ? previous?.currency : undefined,
        sendCount: previous?.sendCount ?? 0,
      },
      removeWhenUndefined: ['lastSentAt', 'lastSentMonthlyCost', 'currency'],
      condition: { equals: { lastSentAt: toIso(claimedAt) } },
    });
    return this.conditionalUpdate(fingerprint, update);
  }

  /** An UpdateItem on an alert whose condition failing is an answer (false), not an error. */
  private async conditionalUpdate(fingerprint: string, update: ReturnType<typeof updateExpression>): Promise<boolean> {
    try {
      await this.opts.client.send(new UpdateCommand({ TableName: this.table, Key: alertKey(fingerprint), ...update }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw backendError('UpdateItem', this.table, err);
    }
  }

  async touchAlerts(recs: readonly AlertRecord[]): Promise<void> {
    const unique = lastByKey(recs, (r) => r.fingerprint);
    await mapLimit(unique, this.opts.writeConcurrency ?? 16, (rec) => {
      const update = updateExpression({
        set: {
          fingerprint: rec.fingerprint,
          kind: rec.kind,
          refKey: rec.refKey,
          lastSeenAt: toIso(rec.lastSeenAt),
          expiresAt: alertExpiresAt(rec.lastSeenAt, this.opts.findingsTtlDays),
        },
        setIfNotExists: { firstSeenAt: toIso(rec.firstSeenAt), sendCount: 0 },
      });
      return this.call('UpdateItem', () =>
        this.opts.client.send(new UpdateCommand({ TableName: this.table, Key: alertKey(rec.fingerprint), ...update })),
      );
    });
  }

  async snooze(fingerprint: string, until: Date): Promise<void> {
    const update = updateExpression({ set: { snoozedUntil: toIso(until) }, condition: { exists: 'pk' } });
    try {
      await this.opts.client.send(new UpdateCommand({ TableName: this.table, Key: alertKey(fingerprint), ...update }));
    } catch (err) {
      if (isConditionFailure(err)) throw new StateError('STATE_ALERT_NOT_FOUND', `No alert with fingerprint ${fingerprint} to snooze`, { cause: err });
      throw backendError('UpdateItem', this.table, err);
    }
  }

  async recordFindings(runAt: Date, findings: readonly FindingRecord[]): Promise<void> {
    const items = lastByKey(findings, (f) => f.fingerprint).map((f) => findingItem(runAt, f, this.opts.findingsTtlDays));
    await this.call('BatchWriteItem', () => batchPutAll(this.opts.client, this.table, items, this.batch));
  }

  async listFindings(opts: ListFindingsOptions): Promise<StoredFinding[]> {
    const now = this.opts.now();
    const oldestIso = toIso(addDays(now, -this.opts.findingsTtlDays));
    // Older partitions hold only expired runs: never scan them, however far back `since` reaches.
    const lower = opts.since.getTime() > Date.parse(oldestIso) ? opts.since : new Date(oldestIso);
    const upper = opts.until ?? addDays(now, 2); // open-ended: runs up to now, plus clock skew
    if (lower.getTime() >= upper.getTime()) return [];
    const fromSk = toIso(lower);
    // `<runAt ISO>#<fp>` BETWEEN since AND until is [since, until): `untilIso#...` sorts after `untilIso`.
    const toSk = opts.until ? toIso(opts.until) : '~';
    const days = daysInRange(lower, upper);
    const pages = await mapLimit(days, this.batch.concurrency, (day) => this.queryDay(day, fromSk, toSk, opts.kind));
    return pages
      .flat()
      .map((item) => findingFromJson(findingJsonFromItem(item)))
      .filter((f) => toIso(f.runAt) > oldestIso)
      .sort(compareFindings);
  }

  private async queryDay(day: string, fromSk: string, toSk: string, kind: string | undefined): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.call('Query', () =>
        this.opts.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...(kind !== undefined ? { '#kind': 'kind' } : {}) },
            ExpressionAttributeValues: { ':pk': findingsPk(day), ':from': fromSk, ':to': toSk, ...(kind !== undefined ? { ':kind': kind } : {}) },
            ...(kind !== undefined ? { FilterExpression: '#kind = :kind' } : {}),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async cacheGet(key: string, now: Date): Promise<unknown | undefined> {
    const out = await this.call('GetItem', () => this.opts.client.send(new GetCommand({ TableName: this.table, Key: cacheKey(key) })));
    const item = out.Item;
    if (!item || typeof item.validUntil !== 'string' || item.validUntil <= toIso(now)) return undefined;
    return cacheValueFromItem(item);
  }

  async cachePut(key: string, value: unknown, expiresAt: Date): Promise<void> {
    const item = cacheItem(key, toJsonValue(value), expiresAt);
    await this.call('PutItem', () => this.opts.client.send(new PutCommand({ TableName: this.table, Item: item })));
  }

  async putIfAbsent(pk: string, sk: string, item: Record<string, unknown>): Promise<boolean> {
    validateGenericItem(pk, sk, item);
    const stored = (toJsonValue(item) ?? {}) as Record<string, unknown>;
    try {
      await this.opts.client.send(
        new PutCommand({ TableName: this.table, Item: { ...stored, pk, sk }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw backendError('PutItem', this.table, err);
    }
  }

  async getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.call('GetItem', () =>
      this.opts.client.send(new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true })),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = out.Item;
    return rest;
  }

  async updateItem(pk: string, sk: string, set: Record<string, unknown>, condition?: ItemCondition): Promise<boolean> {
    const update = itemUpdate(pk, sk, set, condition);
    return update.impossible ? false : updateGenericItem(this.opts.client, this.table, { pk, sk }, update);
  }

  async queryItems(pk: string, opts?: QueryItemsOptions): Promise<QueriedItem[]> {
    const query = itemQuery(pk, opts);
    return query.empty ? [] : queryGenericItems(this.opts.client, this.table, pk, query);
  }
}
