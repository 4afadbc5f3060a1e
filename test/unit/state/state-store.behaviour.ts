import { describe, expect, it } from 'vitest';
import { StateError } from '../../../src/state/state-error';
import type { AlertRecord, FindingRecord, StateStore } from '../../../src/state/state-store';
import { genericItemsBehaviour } from './generic-items.behaviour';

/**
 * The StateStore contract, run against every adapter (Hono's common.case.test habit): the file store and the
 * DynamoDB store must be interchangeable, so one suite holds both to the same behaviour.
 */

export const TTL_DAYS = 30;

export interface Clock {
  now: Date;
}

/** Builds a fresh, empty store whose `now()` reads `clock.now`. */
export type StoreFactory = (clock: Clock) => Promise<StateStore>;

const T0 = new Date('2026-03-10T12:00:00.000Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

function alert(fp: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
  return { fingerprint: fp, kind: 'idle-gpu', refKey: `aws:123:us-east-1:endpoint:${fp}`, firstSeenAt: T0, lastSeenAt: T0, sendCount: 0, ...overrides };
}

function finding(fp: string, overrides: Partial<FindingRecord> = {}): FindingRecord {
  return {
    fingerprint: fp,
    kind: 'idle-gpu',
    refKey: `aws:123:us-east-1:endpoint:${fp}`,
    detectedAt: T0,
    monthlyCost: 1234.5,
    currency: 'USD',
    severity: 'high',
    payload: { title: `idle ${fp}`, lastInvocationAt: new Date('2026-03-09T00:00:00.000Z'), missing: undefined, nested: { gpus: [1, 2] } },
    ...overrides,
  };
}

async function stateErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(StateError);
    return (err as StateError).code;
  }
  throw new Error('expected a StateError');
}

export function stateStoreBehaviour(name: string, factory: StoreFactory): void {
  describe(`${name}: StateStore behaviour`, () => {
    const setup = async () => {
      const clock: Clock = { now: hours(1) };
      return { clock, store: await factory(clock) };
    };

    describe('alerts', () => {
      it('returns undefined for an unknown fingerprint and creates records on touch', async () => {
        const { store } = await setup();
        expect(await store.getAlert('idle-gpu:a')).toBeUndefined();
        await store.touchAlerts([alert('idle-gpu:a', { sendCount: 7, lastSentAt: hours(-5) })]);
        // touch never writes send state, whatever the record passed in says
        expect(await store.getAlert('idle-gpu:a')).toEqual(alert('idle-gpu:a'));
      });

      it('keeps firstSeenAt, send state and snoozes when touched again', async () => {
        const { store } = await setup();
        await store.touchAlerts([alert('fp')]);
        expect(await store.markSent(alert('fp', { lastSentAt: hours(1), sendCount: 1, lastSentMonthlyCost: 900, currency: 'USD' }), undefined)).toBe(true);
        await store.snooze('fp', hours(48));
        await store.touchAlerts([alert('fp', { firstSeenAt: hours(5), lastSeenAt: hours(5), refKey: 'renamed' })]);
        expect(await store.getAlert('fp')).toEqual({
          ...alert('fp'),
          refKey: 'renamed',
          lastSeenAt: hours(5),
          lastSentAt: hours(1),
          lastSentMonthlyCost: 900,
          currency: 'USD',
          sendCount: 1,
          snoozedUntil: hours(48),
        });
      });

      it('markSent succeeds once per expectation: a writer with a stale expectation gets false', async () => {
        const { store } = await setup();
        const first = alert('fp', { lastSentAt: hours(1), sendCount: 1 });
        expect(await store.markSent(first, undefined)).toBe(true);
        // a second scan that read the record before the first send still expects "never sent"
        expect(await store.markSent(alert('fp', { lastSentAt: hours(2), sendCount: 1 }), undefined)).toBe(false);
        expect(await store.markSent(alert('fp', { lastSentAt: hours(3), sendCount: 2 }), hours(0))).toBe(false);
        expect((await store.getAlert('fp'))?.lastSentAt).toEqual(hours(1));
        // the writer that saw the first send may re-alert
        expect(await store.markSent(alert('fp', { lastSentAt: hours(30), sendCount: 2 }), hours(1))).toBe(true);
        expect(await store.getAlert('fp')).toMatchObject({ lastSentAt: hours(30), sendCount: 2 });
      });

      it('releaseSent puts back the previous send state, only while the claim is still the latest', async () => {
        const { store } = await setup();
        const before = alert('rel', { lastSentAt: hours(1), sendCount: 1, lastSentMonthlyCost: 500, currency: 'USD' });
        expect(await store.markSent(before, undefined)).toBe(true);
        const previous = await store.getAlert('rel');
        expect(await store.markSent(alert('rel', { lastSentAt: hours(30), sendCount: 2, lastSentMonthlyCost: 900, currency: 'USD' }), hours(1))).toBe(true);
        // a stale claim time does not release someone else's send
        expect(await store.releaseSent('rel', hours(29), previous)).toBe(false);
        expect(await store.releaseSent('rel', hours(30), previous)).toBe(true);
        expect(await store.getAlert('rel')).toMatchObject({ lastSentAt: hours(1), sendCount: 1, lastSentMonthlyCost: 500 });
        // released to "never sent" when there was no previous record
        expect(await store.markSent(alert('new', { lastSentAt: hours(2), sendCount: 1, lastSentMonthlyCost: 10, currency: 'USD' }), undefined)).toBe(true);
        expect(await store.releaseSent('new', hours(2), undefined)).toBe(true);
        const cleared = await store.getAlert('new');
        expect(cleared?.lastSentAt).toBeUndefined();
        expect(cleared?.lastSentMonthlyCost).toBeUndefined();
        expect(cleared?.sendCount).toBe(0);
        expect(await store.markSent(alert('new', { lastSentAt: hours(3), sendCount: 1 }), undefined)).toBe(true);
      });

      it('lets exactly one of two concurrent senders win', async () => {
        const { store } = await setup();
        await store.touchAlerts([alert('race')]);
        const results = await Promise.all([
          store.markSent(alert('race', { lastSentAt: hours(2), sendCount: 1, lastSentMonthlyCost: 10 }), undefined),
          store.markSent(alert('race', { lastSentAt: hours(3), sendCount: 1, lastSentMonthlyCost: 20 }), undefined),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? { at: hours(2), cost: 10 } : { at: hours(3), cost: 20 };
        expect(await store.getAlert('race')).toMatchObject({ lastSentAt: winner.at, lastSentMonthlyCost: winner.cost, sendCount: 1 });
      });

      it('markSent creates a missing record, keeps an existing firstSeenAt and drops cost fields not passed', async () => {
        const { store } = await setup();
        expect(await store.markSent(alert('new', { firstSeenAt: hours(-3), lastSentAt: hours(1), sendCount: 1, lastSentMonthlyCost: 5, currency: 'EUR' }), undefined)).toBe(true);
        expect(await store.markSent(alert('new', { firstSeenAt: hours(1), lastSentAt: hours(2), sendCount: 2 }), hours(1))).toBe(true);
        const rec = await store.getAlert('new');
        expect(rec).toEqual(alert('new', { firstSeenAt: hours(-3), lastSentAt: hours(2), sendCount: 2 }));
      });

      it('rejects markSent without lastSentAt', async () => {
        const { store } = await setup();
        expect(await stateErrorCode(store.markSent(alert('x'), undefined))).toBe('STATE_INVALID_INPUT');
      });

      it('batch-reads more than 100 fingerprints, skipping unknown and repeated ones', async () => {
        const { store } = await setup();
        const fps = Array.from({ length: 250 }, (_, i) => `idle-gpu:ep-${String(i).padStart(3, '0')}`);
        await store.touchAlerts(fps.map((fp, i) => alert(fp, { lastSeenAt: hours(i % 5) })));
        const asked = [...fps, 'idle-gpu:nope-1', 'idle-gpu:nope-2', fps[0] ?? ''];
        const found = await store.getAlerts(asked);
        expect(found.size).toBe(250);
        expect(found.get('idle-gpu:ep-137')).toEqual(alert('idle-gpu:ep-137', { lastSeenAt: hours(137 % 5) }));
        expect(found.has('idle-gpu:nope-1')).toBe(false);
        expect(await store.getAlerts([])).toEqual(new Map());
      });

      it('snoozes an existing alert and refuses an unknown one', async () => {
        const { store } = await setup();
        await store.touchAlerts([alert('s')]);
        await store.snooze('s', hours(24 * 7));
        expect((await store.getAlert('s'))?.snoozedUntil).toEqual(hours(24 * 7));
        await store.snooze('s', hours(2)); // a later snooze replaces, even a shorter one
        expect((await store.getAlert('s'))?.snoozedUntil).toEqual(hours(2));
        expect(await stateErrorCode(store.snooze('ghost', hours(2)))).toBe('STATE_ALERT_NOT_FOUND');
        expect(await store.getAlert('ghost')).toBeUndefined();
      });
    });

    describe('findings history', () => {
      const runs = {
        lateDay1: new Date('2026-03-10T23:30:00.000Z'),
        earlyDay2: new Date('2026-03-11T00:30:00.000Z'),
        midDay3: new Date('2026-03-12T12:00:00.000Z'),
      };

      it('lists by run time across UTC days: since inclusive, until exclusive, oldest first', async () => {
        const { store, clock } = await setup();
        clock.now = new Date('2026-03-12T13:00:00.000Z');
        await store.recordFindings(runs.lateDay1, [finding('b'), finding('a')]);
        await store.recordFindings(runs.earlyDay2, [finding('c', { kind: 'cost-anomaly' })]);
        await store.recordFindings(runs.midDay3, [finding('d')]);

        const twoDays = await store.listFindings({ since: runs.lateDay1, until: runs.midDay3 });
        expect(twoDays.map((f) => [f.runAt.toISOString(), f.fingerprint])).toEqual([
          [runs.lateDay1.toISOString(), 'a'],
          [runs.lateDay1.toISOString(), 'b'],
          [runs.earlyDay2.toISOString(), 'c'],
        ]);
        const later = await store.listFindings({ since: new Date('2026-03-11T00:00:00.000Z') });
        expect(later.map((f) => f.fingerprint)).toEqual(['c', 'd']);
        expect((await store.listFindings({ since: runs.lateDay1, kind: 'cost-anomaly' })).map((f) => f.fingerprint)).toEqual(['c']);
        expect(await store.listFindings({ since: runs.midDay3, until: runs.midDay3 })).toEqual([]);
      });

      it('round-trips a finding, payload as JSON', async () => {
        const { store } = await setup();
        await store.recordFindings(runs.lateDay1, [finding('a')]);
        const [stored] = await store.listFindings({ since: runs.lateDay1 });
        expect(stored).toEqual({
          ...finding('a'),
          runAt: runs.lateDay1,
          payload: { title: 'idle a', lastInvocationAt: '2026-03-09T00:00:00.000Z', nested: { gpus: [1, 2] } },
        });
      });

      it('replaces a fingerprint recorded twice for the same run (last wins)', async () => {
        const { store } = await setup();
        await store.recordFindings(runs.lateDay1, [finding('a', { monthlyCost: 1 }), finding('a', { monthlyCost: 2 })]);
        await store.recordFindings(runs.lateDay1, [finding('a', { monthlyCost: 3 })]);
        await store.recordFindings(runs.lateDay1, []);
        const listed = await store.listFindings({ since: runs.lateDay1 });
        expect(listed.map((f) => f.monthlyCost)).toEqual([3]);
      });

      it('hides history older than findingsTtlDays, however far back `since` reaches', async () => {
        const { store, clock } = await setup();
        clock.now = runs.lateDay1;
        await store.recordFindings(runs.lateDay1, [finding('old')]);
        clock.now = new Date(runs.lateDay1.getTime() + (TTL_DAYS - 1) * 86_400_000);
        expect(await store.listFindings({ since: new Date(0) })).toHaveLength(1);
        clock.now = new Date(runs.lateDay1.getTime() + TTL_DAYS * 86_400_000);
        expect(await store.listFindings({ since: new Date(0) })).toEqual([]);
      });
    });

    describe('cache', () => {
      it('returns a value until it expires, then undefined', async () => {
        const { store } = await setup();
        const value = { ResultsByTime: [{ TimePeriod: { Start: '2026-03-01' }, Total: { UnblendedCost: { Amount: '12.5' } } }] };
        await store.cachePut('ce:q1', value, hours(6));
        expect(await store.cacheGet('ce:q1', hours(5.99))).toEqual(value);
        expect(await store.cacheGet('ce:q1', hours(6))).toBeUndefined();
        expect(await store.cacheGet('ce:missing', hours(1))).toBeUndefined();
        await store.cachePut('ce:q1', [1, 2, 3], hours(12));
        expect(await store.cacheGet('ce:q1', hours(7))).toEqual([1, 2, 3]);
      });

      it('stores large values and long keys', async () => {
        const { store } = await setup();
        const rows = Array.from({ length: 4000 }, (_, i) => ({ day: `2026-03-${(i % 28) + 1}`, endpoint: `endpoint-${i}`, cost: i * 0.37 }));
        const longKey = `ce:${'GroupBy=ResourceId;'.repeat(60)}`;
        await store.cachePut(longKey, rows, hours(6));
        expect(await store.cacheGet(longKey, hours(1))).toEqual(rows);
        expect(await store.cacheGet(longKey.slice(0, -1), hours(1))).toBeUndefined();
      });
    });

    describe('putIfAbsent', () => {
      it('creates once; a second create with the same key is refused and changes nothing', async () => {
        const { store } = await setup();
        const first = { token: { endpointName: 'ep', configName: 'cfg' }, createdAt: hours(1), expiresAt: 1_900_000_000 };
        expect(await store.putIfAbsent('RESTORE#ep', 'TOKEN', first)).toBe(true);
        expect(await store.putIfAbsent('RESTORE#ep', 'TOKEN', { token: 'other' })).toBe(false);
        expect(await store.getItem('RESTORE#ep', 'TOKEN')).toEqual({ ...first, createdAt: hours(1).toISOString() });
        expect(await store.putIfAbsent('RESTORE#ep', 'TOKEN#2', { token: 'other' })).toBe(true);
        expect(await store.getItem('RESTORE#nope', 'TOKEN')).toBeUndefined();
      });

      it('lets exactly one of concurrent creators win', async () => {
        const { store } = await setup();
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.putIfAbsent('LEDGER#run-1', 'PARK#ep', { writer: i })));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getItem('LEDGER#run-1', 'PARK#ep')).toEqual({ writer: results.indexOf(true) });
      });

      it("refuses the store's own key prefixes and pk/sk inside the item", async () => {
        const { store } = await setup();
        expect(await stateErrorCode(store.putIfAbsent('ALERT#x', 'ALERT', {}))).toBe('STATE_INVALID_INPUT');
        expect(await stateErrorCode(store.putIfAbsent('CACHE#x', 'CACHE', {}))).toBe('STATE_INVALID_INPUT');
        expect(await stateErrorCode(store.putIfAbsent('LEDGER#x', 'A', { pk: 'y' }))).toBe('STATE_INVALID_INPUT');
        expect(await stateErrorCode(store.putIfAbsent('', 'A', {}))).toBe('STATE_INVALID_INPUT');
      });
    });

    genericItemsBehaviour(setup);
  });
}
