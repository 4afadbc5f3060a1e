import type { StateStore } from '../state/state-store';
import { LedgerError } from './ledger-error';
import { CLAIM_SK, claimPk } from './ledger-keys';

/** Attempts before concluding someone else holds the claim; each lost race means another claimer succeeded. */
const MAX_ATTEMPTS = 3;

/**
 * True only the first time `key` is claimed within `ttlHours` (Slack retries a delivery up to 3 times and people
 * double-click; the key is e.g. the action's trigger id). The claim carries `expiresAt`, so it is the one kind of
 * ledger item that expires. DynamoDB TTL deletes lazily (typically within days) and the file store prunes on
 * write, so an expired claim may still be there: it is taken over with a compare-and-set on its expiresAt, so two
 * late claimers cannot both win.
 */
export async function claimOnce(store: Pick<StateStore, 'putIfAbsent' | 'getItem' | 'updateItem'>, now: () => Date, key: string, ttlHours: number): Promise<boolean> {
  if (!key) throw new LedgerError('LEDGER_INVALID_INPUT', 'claimOnce needs a non-empty key');
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) throw new LedgerError('LEDGER_INVALID_INPUT', `claimOnce ttlHours must be a positive number, got ${ttlHours}`);
  const pk = claimPk(key);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const at = now();
    const claim = { claimedAt: at.toISOString(), expiresAt: Math.ceil((at.getTime() + ttlHours * 3_600_000) / 1000) };
    if (await store.putIfAbsent(pk, CLAIM_SK, claim)) return true;
    const held = await store.getItem(pk, CLAIM_SK);
    if (!held) continue; // deleted by TTL between our two calls: create it again
    const expiresAt = held.expiresAt;
    if (typeof expiresAt !== 'number') throw new LedgerError('LEDGER_RECORD_INVALID', `claim ${key} has no numeric expiresAt; delete item ${pk}/${CLAIM_SK}`);
    if (expiresAt > at.getTime() / 1000) return false;
    if (await store.updateItem(pk, CLAIM_SK, claim, { equals: { expiresAt } })) return true;
  }
  return false;
}
