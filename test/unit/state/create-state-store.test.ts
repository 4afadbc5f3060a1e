import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stateSchema } from '../../../src/config/schema';
import { createStateDocumentClient, createStateStore } from '../../../src/state/create-state-store';
import { DynamoStateStore } from '../../../src/state/dynamo-state-store';
import { FileStateStore } from '../../../src/state/file-state-store';
import { costCacheFrom } from '../../../src/state/state-store';
import { startLocalDynamo, type LocalDynamo } from './dynalite-server';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const now = () => NOW;
let dir: string;
let dynamo: LocalDynamo;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchdog-create-'));
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dynamo.close();
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('createStateStore', () => {
  it('defaults to the file store, resolving a relative path against cwd', async () => {
    const store = createStateStore(stateSchema.parse({}), { now, cwd: dir });
    expect(store).toBeInstanceOf(FileStateStore);
    await store.cachePut('k', 1, new Date(NOW.getTime() + 1000));
    expect(JSON.parse(readFileSync(join(dir, '.watchdog', 'state.json'), 'utf8'))).toMatchObject({ cache: { k: { value: 1 } } });
  });

  it('uses an injected DocumentClient for the dynamodb backend', async () => {
    await dynamo.createTable('injected-table');
    const store = createStateStore(stateSchema.parse({ backend: 'dynamodb', tableName: 'injected-table' }), { now, documentClient: dynamo.doc });
    expect(store).toBeInstanceOf(DynamoStateStore);
    const cache = costCacheFrom(store);
    await cache.put('ce:q', { total: 3 }, new Date(NOW.getTime() + 1000));
    expect(await cache.get('ce:q', NOW)).toEqual({ total: 3 });
  });

  it('builds a DocumentClient from state.endpointUrl when none is injected', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    await dynamo.createTable('built-table');
    const state = stateSchema.parse({ backend: 'dynamodb', tableName: 'built-table', endpointUrl: dynamo.endpoint });
    const doc = createStateDocumentClient(state, 'us-east-1');
    try {
      const store = createStateStore(state, { now, documentClient: doc });
      expect(await store.putIfAbsent('LEDGER#1', 'A', { optional: undefined, n: 1 })).toBe(true);
      expect(await store.getItem('LEDGER#1', 'A')).toEqual({ n: 1 });
    } finally {
      doc.destroy();
    }
  });
});
