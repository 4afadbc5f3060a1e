import { describe, expect, it } from 'vitest';
import { createLedger, tokenIdFor, type Ledger } from '../../../src/remediation/ledger';
import { LedgerError } from '../../../src/remediation/ledger-error';
import { tokenToItem } from '../../../src/remediation/restore-token-codec';
import type { StateStore } from '../../../src/state/state-store';
import { endpointRef, hoursAfter, pendingToken, T0 } from './ledger-fixtures';

/**
 * The restore ledger over each StateStore adapter. `peer` is a second process's view of the same state (another
 * DynamoDB client; for the file store the same instance, since two processes on one file are not coordinated).
 */
export interface LedgerHarness {
  clock: { now: Date };
  store: StateStore;
  peer: StateStore;
}

async function ledgerErrorCode(promise: Promise<unknown>): Promise<string> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LedgerError);
  return (err as LedgerError).code;
}

export function ledgerBehaviour(name: string, factory: () => Promise<LedgerHarness>): void {
  describe(`${name}: restore ledger`, () => {
    const setup = async () => {
      const h = await factory();
      const now = () => h.clock.now;
      return { ...h, ledger: createLedger(h.store, now), peerLedger: createLedger(h.peer, now) };
    };

    /** Opens and parks a token the way executePark does. */
    const park = async (ledger: Ledger, planId: string, createdAt: Date, parkedAt: Date, overrides = {}) => {
      const { token } = await ledger.open(pendingToken(planId, { createdAt, ...overrides }));
      await ledger.transition(token.tokenId, ['pending'], { state: 'parking' });
      return ledger.transition(token.tokenId, ['parking'], { state: 'parked', parkedAt });
    };
    const restore = async (ledger: Ledger, tokenId: string, restoredAt: Date) => {
      await ledger.transition(tokenId, ['parked'], { state: 'restoring', restoreRequestedAt: restoredAt });
      return ledger.transition(tokenId, ['restoring'], { state: 'restored', restoredAt, restoreSeconds: 312 });
    };

    describe('open and get', () => {
      it('creates once: opening the same plan again returns the stored token, Dates as Dates, prior as JSON', async () => {
        const { ledger } = await setup();
        const first = pendingToken('idle-gpu:ep#first', { prior: { when: T0, gone: undefined, nested: { n: [1, 2.5, null] } } });
        const opened = await ledger.open(first);
        expect(opened.created).toBe(true);
        const expected = { ...first, prior: { when: T0.toISOString(), nested: { n: [1, 2.5, null] } } };
        expect(opened.token).toEqual(expected);
        expect(opened.token.createdAt).toBeInstanceOf(Date);
        const again = await ledger.open({ ...first, createdAt: hoursAfter(5), prior: { other: true }, approval: { by: 'cli', principal: 'ops', at: hoursAfter(5) } });
        expect(again).toEqual({ token: expected, created: false });
        expect(await ledger.get(first.tokenId)).toEqual(expected);
      });

      it('gives concurrent openers of one plan the same token: exactly one creates it', async () => {
        const { ledger, peerLedger } = await setup();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? peerLedger : ledger).open(pendingToken('idle-gpu:ep#race', { prior: { writer: i }, createdAt: hoursAfter(i) }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const winner = results.find((r) => r.created)?.token;
        for (const r of results) expect(r.token).toEqual(winner);
        expect(await ledger.list()).toEqual([winner]);
      });

      it('refuses a token id that is not derived from the plan id, and answers undefined for unknown ids', async () => {
        const { ledger } = await setup();
        expect(await ledgerErrorCode(ledger.open({ ...pendingToken('p#1'), tokenId: tokenIdFor('p#2') }))).toBe('LEDGER_INVALID_INPUT');
        expect(await ledger.get(tokenIdFor('never-opened'))).toBeUndefined();
        expect(await ledger.get('')).toBeUndefined();
      });

      it('repairs the listing pointers when a run crashed between writing the token and its pointers', async () => {
        const { ledger, store } = await setup();
        const token = pendingToken('idle-gpu:ep#crash');
        // What a crash right after the token's conditional write leaves behind.
        expect(await store.putIfAbsent(`TOKEN#${token.tokenId}`, 'TOKEN', { ...tokenToItem(token), rev: 0 })).toBe(true);
        expect(await ledger.latestFor('aws:123456789012:us-east-1:endpoint:churn-model-prod')).toBeUndefined();
        expect((await ledger.open(token)).created).toBe(false);
        expect(await ledger.latestFor('aws:123456789012:us-east-1:endpoint:churn-model-prod')).toEqual(token);
        expect(await ledger.list()).toEqual([token]);
      });

      it('keeps tokens for good: no expiry on the token, found again a year later after the store pruned', async () => {
        const { ledger, store, clock } = await setup();
        const parked = await park(ledger, 'idle-gpu:ep#old', T0, hoursAfter(1));
        expect(await store.getItem(`TOKEN#${parked?.tokenId}`, 'TOKEN')).not.toHaveProperty('expiresAt');
        clock.now = hoursAfter(24 * 400);
        expect(await ledger.claimOnce('prune-trigger', 1)).toBe(true); // a write: the file store prunes expired items
        expect(await ledger.get(parked?.tokenId ?? '')).toEqual(parked);
      });
    });

    describe('transition and recordStep', () => {
      it('applies a patch only from the listed states; undefined removes an optional field', async () => {
        const { ledger } = await setup();
        const { token } = await ledger.open(pendingToken('p#t'));
        expect(await ledger.transition(token.tokenId, ['parked'], { state: 'restoring' })).toBeUndefined();
        const failed = await ledger.transition(token.tokenId, ['pending'], { state: 'failed', lastError: 'ThrottlingException' });
        expect(failed).toEqual({ ...token, state: 'failed', lastError: 'ThrottlingException' });
        const parking = await ledger.transition(token.tokenId, ['pending', 'failed'], { state: 'parking', lastError: undefined });
        expect(parking).toEqual({ ...token, state: 'parking' });
        expect(await ledger.get(token.tokenId)).toEqual(parking);
        expect(await ledger.transition(token.tokenId, [], { state: 'parked' })).toBeUndefined();
      });

      it('refuses unknown tokens, immutable fields and removing required ones', async () => {
        const { ledger } = await setup();
        const { token } = await ledger.open(pendingToken('p#bad'));
        expect(await ledgerErrorCode(ledger.transition(tokenIdFor('ghost'), ['pending'], { state: 'parking' }))).toBe('LEDGER_TOKEN_NOT_FOUND');
        expect(await ledgerErrorCode(ledger.recordStep(tokenIdFor('ghost'), 'a'))).toBe('LEDGER_TOKEN_NOT_FOUND');
        expect(await ledgerErrorCode(ledger.transition(token.tokenId, ['pending'], { ref: endpointRef('other') }))).toBe('LEDGER_INVALID_INPUT');
        expect(await ledgerErrorCode(ledger.transition(token.tokenId, ['pending'], { state: undefined }))).toBe('LEDGER_INVALID_INPUT');
        expect(await ledgerErrorCode(ledger.transition(token.tokenId, ['pending'], { parkedAt: new Date(Number.NaN) }))).toBe('LEDGER_INVALID_INPUT');
        expect(await ledger.get(token.tokenId)).toEqual(token);
      });

      it('lets exactly one of two processes win a transition from the same state', async () => {
        const { ledger, peerLedger } = await setup();
        const parked = await park(ledger, 'p#race', T0, hoursAfter(1));
        const id = parked?.tokenId ?? '';
        const approvals = [
          { by: 'slack' as const, principal: 'U1', at: hoursAfter(2) },
          { by: 'cli' as const, principal: 'ops', at: hoursAfter(2) },
        ];
        const [a, b] = await Promise.all(approvals.map((approval, i) => (i ? peerLedger : ledger).transition(id, ['parked'], { state: 'restoring', restoreApproval: approval })));
        expect([a, b].filter(Boolean)).toHaveLength(1);
        const winner = a ?? b;
        expect(await ledger.get(id)).toEqual(winner);
        expect(winner?.restoreApproval).toEqual(a ? approvals[0] : approvals[1]);
      });

      it('records each step once, keeps every concurrent step, and survives a transition racing a step', async () => {
        const { ledger, peerLedger } = await setup();
        const { token } = await ledger.open(pendingToken('p#steps'));
        await ledger.transition(token.tokenId, ['pending'], { state: 'parking' });
        expect((await ledger.recordStep(token.tokenId, 'park:describe')).stepsDone).toEqual(['park:describe']);
        expect((await ledger.recordStep(token.tokenId, 'park:describe')).stepsDone).toEqual(['park:describe']);
        const steps = ['park:tag', 'park:delete-endpoint', 'park:wait-deleted', 'park:verify'];
        await Promise.all([...steps, ...steps].map((s, i) => (i % 2 ? peerLedger : ledger).recordStep(token.tokenId, s)));
        const [, parked] = await Promise.all([
          ledger.recordStep(token.tokenId, 'park:audit-tag'),
          peerLedger.transition(token.tokenId, ['parking'], { state: 'parked', parkedAt: hoursAfter(1) }),
        ]);
        expect(parked?.state).toBe('parked');
        const stored = await ledger.get(token.tokenId);
        expect(stored?.state).toBe('parked');
        expect(stored?.stepsDone[0]).toBe('park:describe');
        expect([...(stored?.stepsDone ?? [])].sort()).toEqual(['park:describe', 'park:audit-tag', ...steps].sort());
      });
    });

    describe('latestFor and list', () => {
      const epA = 'aws:123456789012:us-east-1:endpoint:churn-model-prod';

      it('finds the newest episode of a resource, in its current state', async () => {
        const { ledger } = await setup();
        const first = await park(ledger, 'idle-gpu:a#first', T0, hoursAfter(1));
        await restore(ledger, first?.tokenId ?? '', hoursAfter(30));
        const second = await park(ledger, `idle-gpu:a#${hoursAfter(30).toISOString()}`, hoursAfter(48), hoursAfter(49));
        await park(ledger, 'idle-gpu:b#first', hoursAfter(60), hoursAfter(61), { ref: endpointRef('fraud-v2') });
        expect(await ledger.latestFor(epA)).toEqual(second);
        await restore(ledger, second?.tokenId ?? '', hoursAfter(70));
        expect(await ledger.latestFor(epA)).toMatchObject({ tokenId: second?.tokenId, state: 'restored', restoredAt: hoursAfter(70) });
        expect((await ledger.latestFor('aws:123456789012:us-east-1:endpoint:fraud-v2'))?.planId).toBe('idle-gpu:b#first');
        expect(await ledger.latestFor('aws:123456789012:eu-west-1:endpoint:churn-model-prod')).toBeUndefined();
      });

      it('lists [since, until) newest first, by state, with a limit that pages past non-matching tokens', async () => {
        const { ledger } = await setup();
        const ids: string[] = [];
        for (let i = 0; i < 9; i++) {
          const planId = `idle-gpu:ep-${i}#first`;
          // the two oldest stay pending, the rest are parked
          if (i < 2) ids.push((await ledger.open(pendingToken(planId, { createdAt: hoursAfter(i) }))).token.tokenId);
          else ids.push((await park(ledger, planId, hoursAfter(i), hoursAfter(i + 0.5)))?.tokenId ?? '');
        }
        const listed = async (opts: Parameters<Ledger['list']>[0]) => (await ledger.list(opts)).map((t) => ids.indexOf(t.tokenId));
        expect(await listed({})).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(await listed({ since: hoursAfter(2), until: hoursAfter(5) })).toEqual([4, 3, 2]);
        expect(await listed({ until: hoursAfter(1) })).toEqual([0]);
        expect(await listed({ since: hoursAfter(7) })).toEqual([8, 7]);
        expect(await listed({ limit: 3 })).toEqual([8, 7, 6]);
        expect(await listed({ states: ['pending'], limit: 1 })).toEqual([1]);
        expect(await listed({ states: ['pending'], limit: 2 })).toEqual([1, 0]);
        expect(await listed({ states: ['pending', 'restored'] })).toEqual([1, 0]);
        expect(await listed({ states: ['parked'], since: hoursAfter(4), limit: 10 })).toEqual([8, 7, 6, 5, 4]);
        expect(await listed({ since: hoursAfter(5), until: hoursAfter(5) })).toEqual([]);
        expect((await ledger.list({ limit: 1 }))[0]).toMatchObject({ state: 'parked', parkedAt: hoursAfter(8.5) });
      });
    });

    describe('savings', () => {
      const week = { since: hoursAfter(24 * 7), until: hoursAfter(24 * 14) };
      const H = (h: number) => hoursAfter(24 * 7 + h); // hours into the reported week

      it('counts hours parked inside the period x hourly saving, per currency, with each basis', async () => {
        const { ledger } = await setup();
        const usd = (amount: number) => ({ hourlySaving: { amount, currency: 'USD' } });
        const ep = (n: string) => ({ ref: endpointRef(n) });
        const inside = await park(ledger, 'inside', H(1), H(2), { ...usd(2), ...ep('inside') });
        await restore(ledger, inside?.tokenId ?? '', H(6)); // 4 h x 2
        await park(ledger, 'long-ago', hoursAfter(-24 * 30), hoursAfter(-24 * 30), { ...usd(1), ...ep('long-ago') }); // whole week: 168 h x 1
        const over = await park(ledger, 'over-the-end', H(160), H(160), { ...usd(3), ...ep('over'), basis: 'billed' });
        await restore(ledger, over?.tokenId ?? '', hoursAfter(24 * 15)); // 8 h x 3 inside the week
        const before = await park(ledger, 'before', hoursAfter(0), hoursAfter(1), usd(100));
        await restore(ledger, before?.tokenId ?? '', week.since); // ends exactly where the week starts: nothing
        await park(ledger, 'after', week.until, week.until, usd(100)); // starts at the exclusive end: nothing
        await ledger.open(pendingToken('never-parked', { createdAt: H(3), ...usd(100) }));
        await park(ledger, 'euro', H(100), H(110), { hourlySaving: { amount: 1.5, currency: 'EUR' }, ...ep('euro'), basis: 'estimate' }); // 58 h

        const report = await ledger.savings(week);
        expect(report.items.map((i) => [i.ref.name, i.hours, i.saved.amount, i.saved.currency, i.basis])).toEqual([
          ['euro', 58, 87, 'EUR', 'estimate'],
          ['long-ago', 168, 168, 'USD', 'list-price'],
          ['over', 8, 24, 'USD', 'billed'],
          ['inside', 4, 8, 'USD', 'list-price'],
        ]);
        expect(report.total).toEqual([{ amount: 87, currency: 'EUR' }, { amount: 200, currency: 'USD' }]);
        expect(await ledger.savings({ since: week.until, until: week.since })).toEqual({ total: [], items: [] });
      });

      it('counts a token parked again after a restore from its new parkedAt (its closed marker reopens)', async () => {
        const { ledger, clock } = await setup();
        const first = await park(ledger, 'again', H(0), H(0));
        const id = first?.tokenId ?? '';
        clock.now = H(10);
        await restore(ledger, id, H(10));
        expect((await ledger.savings(week)).items).toMatchObject([{ tokenId: id, hours: 10 }]);
        clock.now = H(150);
        const again = await ledger.transition(id, ['restored'], { state: 'parked', parkedAt: H(150), restoredAt: undefined, restoreRequestedAt: undefined });
        expect(again?.restoredAt).toBeUndefined();
        // A week later the old ended-park marker is out of range: only the reopened marker can find the token.
        const nextWeek = { since: week.until, until: hoursAfter(24 * 21) };
        expect((await ledger.savings(nextWeek)).items).toMatchObject([{ tokenId: id, hours: 168 }]);
      });

      it('still counts a restored park when the run crashed before its ended-park marker', async () => {
        const { ledger, store } = await setup();
        const parked = await park(ledger, 'crash-at-restore', H(0), H(10));
        const id = parked?.tokenId ?? '';
        // The token says restored, but the ledger's index writes after it never happened.
        await store.updateItem(`TOKEN#${id}`, 'TOKEN', { state: 'restored', restoredAt: H(20).toISOString() });
        const report = await ledger.savings(week);
        expect(report.items).toMatchObject([{ tokenId: id, hours: 10 }]);
        expect(report.total).toEqual([{ amount: 24.24, currency: 'USD' }]);
      });
    });

    describe('claimOnce', () => {
      it('is true once per key until the claim expires, then once again', async () => {
        const { ledger, peerLedger, clock } = await setup();
        clock.now = T0;
        const key = 'slack:action:1700000000.000100:U024BE7LH:park';
        const first = await Promise.all([ledger.claimOnce(key, 24), peerLedger.claimOnce(key, 24), ledger.claimOnce(key, 24)]);
        expect(first.filter(Boolean)).toHaveLength(1);
        expect(await ledger.claimOnce('another-key', 24)).toBe(true);
        clock.now = hoursAfter(23.99);
        expect(await ledger.claimOnce(key, 24)).toBe(false);
        clock.now = hoursAfter(24);
        const later = await Promise.all([ledger.claimOnce(key, 1), peerLedger.claimOnce(key, 1)]);
        expect(later.filter(Boolean)).toHaveLength(1);
        expect(await ledger.claimOnce(key, 1)).toBe(false);
        expect(await ledger.claimOnce('x'.repeat(3000), 1)).toBe(true);
        expect(await ledger.claimOnce('x'.repeat(3000), 1)).toBe(false);
        expect(await ledgerErrorCode(ledger.claimOnce(key, 0))).toBe('LEDGER_INVALID_INPUT');
        expect(await ledgerErrorCode(ledger.claimOnce('', 1))).toBe('LEDGER_INVALID_INPUT');
      });
    });
  });
}
