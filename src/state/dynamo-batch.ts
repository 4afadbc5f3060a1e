import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from './dynamo-items';
import { StateError } from './state-error';
import { chunk, mapLimit } from '../lib/map-limit';

/**
 * BatchGetItem / BatchWriteItem with DynamoDB's partial-success contract handled: a 200 response may list
 * UnprocessedKeys / UnprocessedItems (throttling, 16 MB response cap), which must be resent with backoff
 * ("Working with batch operations", DynamoDB developer guide). Limits: 100 keys per get, 25 puts per write.
 */

export const BATCH_GET_MAX_KEYS = 100;
export const BATCH_WRITE_MAX_ITEMS = 25;

export interface BatchOptions {
  /** Resends of unprocessed keys/items before giving up with STATE_THROTTLED. */
  maxRetries: number;
  /** First backoff; doubles each retry, with full jitter. */
  retryBaseMs: number;
  /** Batches in flight at once. */
  concurrency: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = {
  maxRetries: 8,
  retryBaseMs: 50,
  concurrency: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function backoffMs(attempt: number, opts: BatchOptions): number {
  return Math.random() * opts.retryBaseMs * 2 ** attempt;
}

export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  opts: BatchOptions,
): Promise<Record<string, unknown>[]> {
  const pages = await mapLimit(chunk(keys, BATCH_GET_MAX_KEYS), opts.concurrency, async (batch) => {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > opts.maxRetries) {
        throw new StateError('STATE_THROTTLED', `DynamoDB left ${pending.length} keys unprocessed after ${opts.maxRetries} retries (table ${tableName})`);
      }
      if (attempt > 0) await opts.sleep(backoffMs(attempt, opts));
      const out = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
    return found;
  });
  return pages.flat();
}

export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  opts: BatchOptions,
): Promise<void> {
  await mapLimit(chunk(items, BATCH_WRITE_MAX_ITEMS), opts.concurrency, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > opts.maxRetries) {
        throw new StateError('STATE_THROTTLED', `DynamoDB left ${pending.length} writes unprocessed after ${opts.maxRetries} retries (table ${tableName})`);
      }
      if (attempt > 0) await opts.sleep(backoffMs(attempt, opts));
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
    }
  });
}
