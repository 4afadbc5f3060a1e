import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunk, mapLimit } from '../../../src/lib/map-limit';
import { batchGetAll, batchPutAll, type BatchOptions } from '../../../src/state/dynamo-batch';
import { DynamoStateStore } from '../../../src/state/dynamo-state-store';
import { StateError } from '../../../src/state/state-error';

/**
 * DynamoDB's partial-success paths (UnprocessedKeys/UnprocessedItems, paged Query) cannot be provoked in
 * dynalite, so they are driven with aws-sdk-client-mock here; the happy paths run against dynalite.
 */

const ddbMock = mockClient(DynamoDBDocumentClient);
afterEach(() => ddbMock.reset());
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
const TABLE = 'state-table';
const keyOf = (i: number) => ({ pk: `ALERT#fp-${i}`, sk: 'ALERT' });

function options(overrides: Partial<BatchOptions> = {}): BatchOptions {
  return { maxRetries: 3, retryBaseMs: 10, concurrency: 2, sleep: vi.fn(async () => undefined), ...overrides };
}

describe('batchGetAll', () => {
  it('splits into calls of at most 100 keys and resends unprocessed keys with backoff', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => keyOf(i));
    const opts = options({ concurrency: 1 });
    ddbMock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: keys.slice(0, 60) }, UnprocessedKeys: { [TABLE]: { Keys: keys.slice(60, 100) } } })
      .resolvesOnce({ Responses: { [TABLE]: keys.slice(60, 100) } })
      .resolvesOnce({ Responses: { [TABLE]: keys.slice(100) } });
    const items = await batchGetAll(client, TABLE, keys, opts);
    expect(items).toHaveLength(150);
    const calls = ddbMock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys?.length);
    expect(calls).toEqual([100, 40, 50]);
    expect(ddbMock.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[TABLE]?.ConsistentRead).toBe(true);
    expect(opts.sleep).toHaveBeenCalledTimes(1);
  });

  it('gives up with STATE_THROTTLED when keys stay unprocessed', async () => {
    ddbMock.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [keyOf(1)] } } });
    const err = await batchGetAll(client, TABLE, [keyOf(1)], options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_THROTTLED');
    expect(ddbMock.commandCalls(BatchGetCommand)).toHaveLength(4);
  });
});

describe('batchPutAll', () => {
  it('writes 25 items per call and resends unprocessed items', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ ...keyOf(i), n: i }));
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: items[3] } }] } })
      .resolves({});
    await batchPutAll(client, TABLE, items, options({ concurrency: 1 }));
    const sizes = ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 1, 5]);
    expect(ddbMock.commandCalls(BatchWriteCommand)[1]?.args[0].input.RequestItems?.[TABLE]?.[0]?.PutRequest?.Item).toEqual(items[3]);
  });
});

describe('DynamoStateStore.listFindings paging', () => {
  const NOW = new Date('2026-03-10T12:00:00.000Z');
  const row = (fp: string) => ({
    pk: 'FINDINGS#2026-03-10',
    sk: `2026-03-10T06:00:00.000Z#${fp}`,
    runAt: '2026-03-10T06:00:00.000Z',
    fingerprint: fp,
    kind: 'idle-gpu',
    refKey: fp,
    detectedAt: '2026-03-10T06:00:00.000Z',
    monthlyCost: 1,
    currency: 'USD',
    severity: 'low',
    payload: '{}',
  });

  it('follows LastEvaluatedKey and queries only the days in range', async () => {
    ddbMock
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FINDINGS#2026-03-10', ':from': '2026-03-09T00:00:00.000Z', ':to': '2026-03-10T12:00:00.000Z' } })
      .resolvesOnce({ Items: [row('b')], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [row('a')] });
    ddbMock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'FINDINGS#2026-03-09' } }).resolves({ Items: [] });
    const store = new DynamoStateStore({ client, tableName: TABLE, findingsTtlDays: 30, now: () => NOW });
    const found = await store.listFindings({ since: new Date('2026-03-09T00:00:00.000Z'), until: NOW });
    expect(found.map((f) => f.fingerprint)).toEqual(['a', 'b']);
    const calls = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.ExpressionAttributeValues?.[':pk'])).toEqual(['FINDINGS#2026-03-09', 'FINDINGS#2026-03-10', 'FINDINGS#2026-03-10']);
    expect(calls[2]?.ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });

  it('never queries partitions older than the TTL, however far back `since` is', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    const store = new DynamoStateStore({ client, tableName: TABLE, findingsTtlDays: 7, now: () => NOW });
    await store.listFindings({ since: new Date('2000-01-01T00:00:00.000Z'), kind: 'idle-gpu' });
    const calls = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    // 2026-03-03 (TTL edge) through 2026-03-12 (now + 2 days of clock skew)
    expect(calls).toHaveLength(10);
    expect(calls[0]?.ExpressionAttributeValues).toMatchObject({ ':pk': 'FINDINGS#2026-03-03', ':kind': 'idle-gpu' });
    expect(calls[0]?.FilterExpression).toBe('#kind = :kind');
  });
});

describe('helpers', () => {
  it('chunk and mapLimit keep order and bound concurrency', async () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async (x) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, x));
      active--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });
});
