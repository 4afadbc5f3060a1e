import { describe, expect, it } from 'vitest';
import type { TokenState } from '../../../src/domain/remediation';
import { createLedger, tokenIdFor, type Ledger } from '../../../src/remediation/ledger';
import type { StateStore } from '../../../src/state/state-store';
import type { LedgerHarness } from './ledger.behaviour';
import { hoursAfter, pendingToken, T0 } from './ledger-fixtures';

/**
 * "After a crash between any two steps, converges to the same end state and never loses a token": a process dies
 * just before, or just after, each one of the ledger's writes in a full park -> restore; a healthy re-run then
 * finishes. Every variant must end with the same token, listing, latestFor and savings.
 */

class Crash extends Error {}

const WRITES = new Set<PropertyKey>(['putIfAbsent', 'updateItem']);

/** The store as a process that dies at its `crashAt`-th write: that write and every later one never happen (or, `after`, it lands first). */
function dyingStore(store: StateStore, crashAt: number, mode: 'before' | 'after'): { store: StateStore; writes: () => number } {
  let writes = 0;
  let dead = false;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
      if (!WRITES.has(prop)) return method;
      return async (...args: unknown[]) => {
        const k = ++writes;
        if (dead || (k === crashAt && mode === 'before')) {
          dead = true;
          throw new Crash(`crash before write ${k}`);
        }
        const result = await method(...args);
        if (k === crashAt && mode === 'after') {
          dead = true;
          throw new Crash(`crash after write ${k}`);
        }
        return result;
      };
    },
  });
  return { store: proxy, writes: () => writes };
}

const PLAN = 'idle-gpu:churn-model-prod#first';
const PARKED_AT = hoursAfter(10);
const RESTORED_AT = hoursAfter(20);
const STEPS = ['park:save-tags', 'park:delete-endpoint'];

/** What executePark does, re-runnable from any state: an existing token is resumed without open(). */
async function parkPhase(ledger: Ledger): Promise<void> {
  const id = tokenIdFor(PLAN);
  const resumable: TokenState[] = ['pending', 'parking', 'failed'];
  const existing = await ledger.get(id);
  if (existing && !resumable.includes(existing.state)) return;
  if (!existing) await ledger.open(pendingToken(PLAN, { createdAt: hoursAfter(1) }));
  await ledger.transition(id, resumable, { state: 'parking' });
  for (const step of STEPS) await ledger.recordStep(id, step);
  await ledger.transition(id, ['parking'], { state: 'parked', parkedAt: PARKED_AT });
}

/** What executeRestore does, from the token id alone (`ml-watchdog restore <token>`): no open() to repair anything. */
async function restorePhase(ledger: Ledger): Promise<void> {
  const id = tokenIdFor(PLAN);
  if ((await ledger.get(id))?.state === 'restored') return;
  await ledger.transition(id, ['parked', 'restoring'], { state: 'restoring', restoreRequestedAt: RESTORED_AT });
  await ledger.recordStep(id, 'restore:create-endpoint');
  await ledger.transition(id, ['restoring'], { state: 'restored', restoredAt: RESTORED_AT, restoreSeconds: 420 });
}

export function ledgerCrashBehaviour(name: string, factory: () => Promise<LedgerHarness>): void {
  describe(`${name}: restore ledger after a crash at any write`, () => {
    it('converges to one restored token, listed, found by resource and counted in savings', async () => {
      const healthyRun = await factory();
      const counting = dyingStore(healthyRun.store, Number.POSITIVE_INFINITY, 'before');
      const countingLedger = createLedger(counting.store, () => healthyRun.clock.now);
      await parkPhase(countingLedger);
      await restorePhase(countingLedger);
      const totalWrites = counting.writes();
      expect(totalWrites).toBeGreaterThan(10);
      const expected = await createLedger(healthyRun.store, () => healthyRun.clock.now).latestFor('aws:123456789012:us-east-1:endpoint:churn-model-prod');
      expect(expected).toMatchObject({ state: 'restored', parkedAt: PARKED_AT, restoredAt: RESTORED_AT, stepsDone: [...STEPS, 'restore:create-endpoint'] });

      for (let crashAt = 1; crashAt <= totalWrites; crashAt++) {
        for (const mode of ['before', 'after'] as const) {
          const { store, clock } = await factory();
          const now = () => clock.now;
          const dying = createLedger(dyingStore(store, crashAt, mode).store, now);
          let phase: 'park' | 'restore' = 'park';
          const crashed = await (async () => {
            await parkPhase(dying);
            phase = 'restore';
            await restorePhase(dying);
          })().then(
            () => false,
            (err: unknown) => {
              if (!(err instanceof Crash)) throw err;
              return true;
            },
          );
          expect(crashed, `${mode} write ${crashAt}`).toBe(true);
          // The scan re-runs the park; a person re-runs the restore.
          const ledger = createLedger(store, now);
          const where = `crash ${mode} write ${crashAt}`;
          if (phase === 'park') {
            await parkPhase(ledger);
            // Still parked: the savings ledger already counts it, up to `until`.
            const parkedSoFar = await ledger.savings({ since: T0, until: hoursAfter(15) });
            expect(parkedSoFar.items.map((i) => i.hours), where).toEqual([5]);
          }
          await restorePhase(ledger);
          expect(await ledger.latestFor('aws:123456789012:us-east-1:endpoint:churn-model-prod'), where).toEqual(expected);
          expect(await ledger.list(), where).toEqual([expected]);
          const savings = await ledger.savings({ since: T0, until: hoursAfter(24) });
          expect(savings.items.map((i) => i.hours), where).toEqual([10]);
          expect(await ledger.savings({ since: hoursAfter(21), until: hoursAfter(48) }), where).toEqual({ total: [], items: [] });
        }
      }
    });
  });
}
