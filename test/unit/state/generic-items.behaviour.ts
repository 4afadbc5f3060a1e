import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/state/state-error';
import type { StateStore } from '../../../src/state/state-store';

/**
 * The generic item API (putIfAbsent's companions updateItem and queryItems), part of the StateStore behaviour
 * suite: called from state-store.behaviour.ts so every adapter runs it.
 */

async function stateErrorCode(promise: Promise<unknown>): Promise<string> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StateError);
  return (err as StateError).code;
}

const at = (iso: string) => new Date(`2026-03-${iso}Z`);

export function genericItemsBehaviour(setup: () => Promise<{ store: StateStore }>): void {
  describe('updateItem', () => {
    it('sets and removes attributes of an existing item, storing values as JSON', async () => {
      const { store } = await setup();
      await store.putIfAbsent('TOKEN#a', 'TOKEN', { state: 'pending', rev: 0, lastError: 'boom', name: 'ep' });
      const ok = await store.updateItem('TOKEN#a', 'TOKEN', { state: 'parked', rev: 1, parkedAt: at('10T12:00:00.000'), lastError: undefined, steps: ['a', 'b'] });
      expect(ok).toBe(true);
      // `state` and `name` are DynamoDB reserved words: they must work as attribute names
      expect(await store.getItem('TOKEN#a', 'TOKEN')).toEqual({ state: 'parked', rev: 1, name: 'ep', parkedAt: '2026-03-10T12:00:00.000Z', steps: ['a', 'b'] });
    });

    it('never creates an item: false when it is missing', async () => {
      const { store } = await setup();
      expect(await store.updateItem('TOKEN#ghost', 'TOKEN', { state: 'parked' })).toBe(false);
      expect(await store.updateItem('TOKEN#ghost', 'TOKEN', { state: 'parked' }, { in: { attr: 'state', values: ['pending'] } })).toBe(false);
      expect(await store.getItem('TOKEN#ghost', 'TOKEN')).toBeUndefined();
    });

    it('applies the change only when every equals and the in condition hold', async () => {
      const { store } = await setup();
      await store.putIfAbsent('TOKEN#c', 'TOKEN', { state: 'parking', rev: 3, ok: true, when: '2026-03-10T12:00:00.000Z' });
      const key = ['TOKEN#c', 'TOKEN'] as const;
      expect(await store.updateItem(...key, { note: 'x' }, { equals: { rev: 2 } })).toBe(false);
      expect(await store.updateItem(...key, { note: 'x' }, { equals: { rev: '3' } })).toBe(false); // types differ, as in DynamoDB
      expect(await store.updateItem(...key, { note: 'x' }, { equals: { missing: 'a' } })).toBe(false);
      expect(await store.updateItem(...key, { note: 'x' }, { in: { attr: 'state', values: ['parked', 'restoring'] } })).toBe(false);
      expect(await store.updateItem(...key, { note: 'x' }, { in: { attr: 'state', values: [] } })).toBe(false);
      expect(await store.updateItem(...key, { note: 'x' }, { equals: { rev: 3 }, in: { attr: 'state', values: ['restoring'] } })).toBe(false);
      expect(await store.getItem(...key)).not.toHaveProperty('note');
      const both = { equals: { rev: 3, ok: true, when: at('10T12:00:00.000') }, in: { attr: 'state', values: ['pending', 'parking'] } };
      expect(await store.updateItem(...key, { note: 'x', rev: 4 }, both)).toBe(true);
      expect(await store.getItem(...key)).toMatchObject({ note: 'x', rev: 4 });
    });

    it('lets exactly one of concurrent compare-and-set writers win', async () => {
      const { store } = await setup();
      await store.putIfAbsent('TOKEN#race', 'TOKEN', { state: 'parked', rev: 7 });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.updateItem('TOKEN#race', 'TOKEN', { state: 'restoring', rev: 8, writer: i }, { equals: { rev: 7 }, in: { attr: 'state', values: ['parked'] } })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.getItem('TOKEN#race', 'TOKEN')).toEqual({ state: 'restoring', rev: 8, writer: results.indexOf(true) });
    });

    it('keeps attributes whose names collide once punctuation is replaced apart', async () => {
      const { store } = await setup();
      await store.putIfAbsent('X#1', 'A', {});
      expect(await store.updateItem('X#1', 'A', { 'a-b': 1, a_b: 2, 'a.b': 3 })).toBe(true);
      expect(await store.getItem('X#1', 'A')).toEqual({ 'a-b': 1, a_b: 2, 'a.b': 3 });
    });

    it('refuses reserved prefixes, key attributes, empty updates and uncomparable condition values', async () => {
      const { store } = await setup();
      expect(await stateErrorCode(store.updateItem('ALERT#x', 'ALERT', { a: 1 }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.updateItem('FINDINGS#2026-03-10', 'x', { a: 1 }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.updateItem('X#1', 'A', { sk: 'B' }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.updateItem('X#1', 'A', {}))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.updateItem('X#1', '', { a: 1 }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.updateItem('X#1', 'A', { a: 1 }, { equals: { a: { nested: 1 } } }))).toBe('STATE_INVALID_INPUT');
      const many = Array.from({ length: 101 }, (_, i) => `s${i}`);
      expect(await stateErrorCode(store.updateItem('X#1', 'A', { a: 1 }, { in: { attr: 'a', values: many } }))).toBe('STATE_INVALID_INPUT');
    });
  });

  describe('queryItems', () => {
    const seed = async (store: StateStore) => {
      const times = ['10T09:00:00.000', '10T12:00:00.000', '11T08:30:00.000', '12T23:59:59.999'];
      for (const [i, t] of times.entries()) await store.putIfAbsent('ACTIONS', `${at(t).toISOString()}#wd-${i}`, { tokenId: `wd-${i}` });
      await store.putIfAbsent('ACTIONS#other', `${at('10T12:00:00.000').toISOString()}#wd-9`, { tokenId: 'wd-9' });
      await store.putIfAbsent('RESOURCE#aws:1:us-east-1:endpoint:ep', 'x', { tokenId: 'wd-0' });
    };

    it('lists one partition in sort key order, without pk/sk in the items', async () => {
      const { store } = await setup();
      await seed(store);
      const all = await store.queryItems('ACTIONS');
      expect(all.map((r) => r.item.tokenId)).toEqual(['wd-0', 'wd-1', 'wd-2', 'wd-3']);
      expect(all[0]).toEqual({ sk: '2026-03-10T09:00:00.000Z#wd-0', item: { tokenId: 'wd-0' } });
      expect((await store.queryItems('ACTIONS', { newestFirst: true, limit: 2 })).map((r) => r.item.tokenId)).toEqual(['wd-3', 'wd-2']);
      expect(await store.queryItems('NOTHING#here')).toEqual([]);
    });

    it('bounds sort keys inclusively: an ISO bound includes `<iso>#...` from below and excludes it from above', async () => {
      const { store } = await setup();
      await seed(store);
      const ids = async (opts: Parameters<StateStore['queryItems']>[1]) => (await store.queryItems('ACTIONS', opts)).map((r) => r.item.tokenId);
      const [from, to] = [at('10T12:00:00.000').toISOString(), at('12T23:59:59.999').toISOString()];
      expect(await ids({ skFrom: from, skTo: to })).toEqual(['wd-1', 'wd-2']);
      expect(await ids({ skFrom: from, skTo: `${to}#wd-3` })).toEqual(['wd-1', 'wd-2', 'wd-3']);
      expect(await ids({ skFrom: from })).toEqual(['wd-1', 'wd-2', 'wd-3']);
      expect(await ids({ skTo: from, newestFirst: true })).toEqual(['wd-0']);
      expect(await ids({ skFrom: to, skTo: from })).toEqual([]);
      expect(await ids({ skBeginsWith: '2026-03-10' })).toEqual(['wd-0', 'wd-1']);
      expect(await ids({ skBeginsWith: '2026-03-1', newestFirst: true, limit: 3 })).toEqual(['wd-3', 'wd-2', 'wd-1']);
    });

    it('orders sort keys by UTF-8 bytes like DynamoDB', async () => {
      const { store } = await setup();
      // UTF-8 bytes: U+FF5E is EF BD 9E, U+1F600 is F0 9F 98 80, so U+FF5E first. JavaScript's `<` compares UTF-16
      // units (0xFF5E against the surrogate 0xD83D) and would put the emoji first.
      for (const sk of ['\u{1F600}', '\uFF5E', 'z']) await store.putIfAbsent('ORDER', sk, { sk_: sk });
      expect((await store.queryItems('ORDER')).map((r) => r.sk)).toEqual(['z', '\uFF5E', '\u{1F600}']);
    });

    it('pages through more than one DynamoDB response (1 MB each), with and without a limit', async () => {
      const { store } = await setup();
      const blob = 'x'.repeat(60 * 1024);
      for (let i = 0; i < 20; i++) await store.putIfAbsent('BIG', `k${String(i).padStart(2, '0')}`, { blob, i });
      const all = await store.queryItems('BIG');
      expect(all.map((r) => r.item.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect((await store.queryItems('BIG', { newestFirst: true, limit: 19 })).map((r) => r.item.i)).toEqual(Array.from({ length: 19 }, (_, i) => 19 - i));
    });

    it('refuses reserved prefixes, mixed sort key conditions and bad limits', async () => {
      const { store } = await setup();
      expect(await stateErrorCode(store.queryItems('ALERT#x'))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.queryItems('CACHE#x'))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.queryItems(''))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.queryItems('ACTIONS', { skBeginsWith: '2026', skFrom: '2025' }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.queryItems('ACTIONS', { limit: 0 }))).toBe('STATE_INVALID_INPUT');
      expect(await stateErrorCode(store.queryItems('ACTIONS', { limit: 1.5 }))).toBe('STATE_INVALID_INPUT');
    });
  });
}
