import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStateStore, STATE_TABLE_KEYS } from '../../../src/state/dynamo-state-store';
import { StateError } from '../../../src/state/state-error';
import { startLocalDynamo, type LocalDynamo } from './dynalite-server';
import { stateStoreBehaviour, TTL_DAYS, type Clock } from './state-store.behaviour';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

let n = 0;
async function freshStore(clock: Clock): Promise<{ store: DynamoStateStore; table: string }> {
  const table = `watchdog-state-${n++}`;
  await dynamo.createTable(table);
  return { table, store: new DynamoStateStore({ client: dynamo.doc, tableName: table, findingsTtlDays: TTL_DAYS, now: () => clock.now }) };
}

stateStoreBehaviour('DynamoStateStore (dynalite)', async (clock) => (await freshStore(clock)).store);

const NOW = new Date('2026-03-10T12:00:00.000Z');
const epoch = (d: Date) => Math.ceil(d.getTime() / 1000);

describe('DynamoStateStore item layout', () => {
  it('exports the table keys serverless.yml must use', () => {
    expect(STATE_TABLE_KEYS).toEqual({ partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' });
  });

  it('writes alerts, findings and cache entries under their keys with an epoch-seconds TTL', async () => {
    const { store, table } = await freshStore({ now: NOW });
    const get = async (pk: string, sk: string) => (await dynamo.doc.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item;
    await store.touchAlerts([{ fingerprint: 'idle-gpu:ep', kind: 'idle-gpu', refKey: 'ep', firstSeenAt: NOW, lastSeenAt: NOW, sendCount: 0 }]);
    expect(await get('ALERT#idle-gpu:ep', 'ALERT')).toMatchObject({ lastSeenAt: NOW.toISOString(), expiresAt: epoch(NOW) + TTL_DAYS * 86_400 });

    const runAt = new Date('2026-03-10T23:59:59.999Z');
    await store.recordFindings(runAt, [
      { fingerprint: 'idle-gpu:ep', kind: 'idle-gpu', refKey: 'ep', detectedAt: runAt, monthlyCost: 10, currency: 'USD', severity: 'low', payload: { a: 1 } },
    ]);
    expect(await get('FINDINGS#2026-03-10', `${runAt.toISOString()}#idle-gpu:ep`)).toMatchObject({
      expiresAt: epoch(runAt) + TTL_DAYS * 86_400,
      payload: '{"a":1}',
    });

    const expiresAt = new Date(NOW.getTime() + 3_600_500);
    await store.cachePut('ce:small', { ok: true }, expiresAt);
    expect(await get('CACHE#ce:small', 'CACHE')).toMatchObject({ value: '{"ok":true}', validUntil: expiresAt.toISOString(), expiresAt: epoch(expiresAt) });
  });

  it('gzips large cache values and refuses values that cannot fit in an item', async () => {
    const { store, table } = await freshStore({ now: NOW });
    const big = Array.from({ length: 5000 }, (_, i) => ({ endpoint: `endpoint-${i}`, amount: '12.34', unit: 'USD' }));
    await store.cachePut('ce:big', big, new Date(NOW.getTime() + 60_000));
    const raw = (await dynamo.doc.send(new GetCommand({ TableName: table, Key: { pk: 'CACHE#ce:big', sk: 'CACHE' } }))).Item;
    expect(raw?.value).toBeUndefined();
    expect(raw?.valueGz).toBeInstanceOf(Uint8Array);
    expect(await store.cacheGet('ce:big', NOW)).toEqual(big);

    const incompressible = randomBytes(450 * 1024).toString('base64');
    const err = await store.cachePut('ce:huge', incompressible, new Date(NOW.getTime() + 60_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_VALUE_TOO_LARGE');
  });

  it('maps a missing table to STATE_BACKEND with what to do', async () => {
    const store = new DynamoStateStore({ client: dynamo.doc, tableName: 'no-such-table', findingsTtlDays: TTL_DAYS, now: () => NOW });
    const err = await store.getAlert('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).code).toBe('STATE_BACKEND');
    expect((err as StateError).message).toContain('state.tableName');
    expect((err as StateError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
    const markErr = await store.markSent({ fingerprint: 'x', kind: 'k', refKey: 'r', firstSeenAt: NOW, lastSeenAt: NOW, lastSentAt: NOW, sendCount: 1 }, undefined).catch((e: unknown) => e);
    expect((markErr as StateError).code).toBe('STATE_BACKEND');
  });
});
