import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../../src/state/file-state-store';
import { StateError } from '../../../src/state/state-error';
import type { AlertRecord } from '../../../src/state/state-store';
import { stateStoreBehaviour, TTL_DAYS, type Clock } from './state-store.behaviour';

const root = mkdtempSync(join(tmpdir(), 'watchdog-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(root, `case-${n++}`, '.watchdog', 'state.json');

stateStoreBehaviour('FileStateStore', async (clock) => new FileStateStore({ file: freshPath(), findingsTtlDays: TTL_DAYS, now: () => clock.now }));

const NOW = new Date('2026-03-10T12:00:00.000Z');
const rec = (fp: string, at = NOW): AlertRecord => ({ fingerprint: fp, kind: 'idle-gpu', refKey: fp, firstSeenAt: at, lastSeenAt: at, sendCount: 0 });

function storeAt(file: string, clock: Clock = { now: NOW }): FileStateStore {
  return new FileStateStore({ file, findingsTtlDays: TTL_DAYS, now: () => clock.now });
}

async function rejection(promise: Promise<unknown>): Promise<StateError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StateError);
  return err as StateError;
}

describe('FileStateStore on disk', () => {
  it('reads a missing file as empty without creating it, and creates the folder on first write', async () => {
    const file = freshPath();
    const store = storeAt(file);
    expect(await store.getAlert('x')).toBeUndefined();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    await store.touchAlerts([rec('x')]);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { version: number; alerts: Record<string, unknown> };
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.alerts)).toEqual(['x']);
  });

  it('leaves no temp files behind', async () => {
    const file = freshPath();
    const store = storeAt(file);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.cachePut(`k${i}`, i, new Date(NOW.getTime() + 60_000))));
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
  });

  it('serialises concurrent writes in one process: no update is lost', async () => {
    const file = freshPath();
    const store = storeAt(file);
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => store.touchAlerts([rec(`fp-${i}`)])),
      ...Array.from({ length: 10 }, (_, i) => store.putIfAbsent('LEDGER#1', `item-${i}`, { i })),
    ]);
    const reopened = storeAt(file);
    expect((await reopened.getAlerts(Array.from({ length: 40 }, (_, i) => `fp-${i}`))).size).toBe(40);
    expect(await reopened.getItem('LEDGER#1', 'item-9')).toEqual({ i: 9 });
  });

  it('sees changes made through another instance (another process) on the same file', async () => {
    const file = freshPath();
    const a = storeAt(file);
    const b = storeAt(file);
    await a.touchAlerts([rec('one')]);
    expect(await b.getAlert('one')).toBeDefined();
    await b.touchAlerts([rec('two')]);
    expect((await a.getAlerts(['one', 'two'])).size).toBe(2);
  });

  it.each([
    ['not JSON', '{"version": 1, "alerts": {'],
    ['a JSON array', '[]'],
    ['another version', '{"version": 99, "alerts": {}, "findings": [], "cache": {}, "items": {}}'],
    ['a missing section', '{"version": 1, "alerts": {}, "findings": []}'],
  ])('reports a corrupt file (%s) on every operation and never overwrites it', async (_label, text) => {
    const file = freshPath();
    await storeAt(file).touchAlerts([rec('seed')]); // creates the folder
    writeFileSync(file, text);
    const store = storeAt(file);
    const err = await rejection(store.touchAlerts([rec('x')]));
    expect(err.code).toBe('STATE_FILE_CORRUPT');
    expect(err.message).toContain(file);
    expect(err.message).toContain('left untouched');
    expect((await rejection(store.getAlert('x'))).code).toBe('STATE_FILE_CORRUPT');
    expect((await rejection(store.markSent({ ...rec('x'), lastSentAt: NOW }, undefined))).code).toBe('STATE_FILE_CORRUPT');
    expect((await rejection(store.cachePut('k', 1, NOW))).code).toBe('STATE_FILE_CORRUPT');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('reports a stored record with a bad timestamp as corrupt', async () => {
    const file = freshPath();
    const store = storeAt(file);
    await store.touchAlerts([rec('x')]);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { alerts: Record<string, { lastSeenAt: string }> };
    (doc.alerts.x as { lastSeenAt: string }).lastSeenAt = 'yesterday';
    writeFileSync(file, JSON.stringify(doc));
    expect((await rejection(storeAt(file).getAlert('x'))).code).toBe('STATE_FILE_CORRUPT');
  });

  it('fails with STATE_IO when the folder cannot be created', async () => {
    const blocker = join(root, `blocker-${n++}`);
    writeFileSync(blocker, 'a file where a folder should be');
    const err = await rejection(storeAt(join(blocker, 'state.json')).touchAlerts([rec('x')]));
    expect(err.code).toBe('STATE_IO');
    expect(err.cause).toBeDefined();
  });

  it('drops expired history, cache entries, stale alerts and expired items from the file on write', async () => {
    const file = freshPath();
    const clock = { now: NOW };
    const store = storeAt(file, clock);
    const day = 86_400_000;
    await store.recordFindings(NOW, [{ fingerprint: 'f', kind: 'idle-gpu', refKey: 'r', detectedAt: NOW, monthlyCost: 1, currency: 'USD', severity: 'low', payload: {} }]);
    await store.cachePut('short', 1, new Date(NOW.getTime() + 1000));
    await store.cachePut('long', 2, new Date(NOW.getTime() + 90 * day));
    await store.touchAlerts([rec('stale')]);
    await store.putIfAbsent('LEDGER#1', 'a', { expiresAt: NOW.getTime() / 1000 + 10 });
    await store.putIfAbsent('LEDGER#1', 'b', { note: 'no expiry' });
    clock.now = new Date(NOW.getTime() + TTL_DAYS * day);
    await store.touchAlerts([rec('fresh', clock.now)]);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: unknown[]; cache: object; alerts: object; items: object };
    expect(doc.findings).toEqual([]);
    expect(Object.keys(doc.cache)).toEqual(['long']);
    expect(Object.keys(doc.alerts)).toEqual(['fresh']);
    expect(Object.values(doc.items).map((i: { sk: string }) => i.sk)).toEqual(['b']);
  });

  it('returns copies: mutating a returned value does not change the store', async () => {
    const store = storeAt(freshPath());
    await store.cachePut('k', { a: 1 }, new Date(NOW.getTime() + 60_000));
    const got = (await store.cacheGet('k', NOW)) as { a: number };
    got.a = 2;
    expect(await store.cacheGet('k', NOW)).toEqual({ a: 1 });
  });
});
