import type { RestoreToken } from '../domain/remediation';
import type { StateStore } from '../state/state-store';
import { ACTIONS_PK, ENDED_PARKS_PK, OPEN_PARKS_PK, resourcePk, timeSk } from './ledger-keys';
import { refKey } from '../domain/cloud';

/**
 * The ledger's secondary items (layout in ledger-keys.ts). The token item is the truth; these are pointers that
 * let list, latestFor and savings read a partition instead of scanning the table. Every write is idempotent
 * (putIfAbsent, or an update that converges), so re-running open() or a transition repairs what a crash left out.
 *
 * Ordering rule, so that a crash between two writes never hides a park from the savings ledger:
 * - the open-park marker is written BEFORE the transition that sets parkedAt (a marker for a park that did not
 *   happen costs one extra read: readers compute from the token);
 * - at restore, the ended-park marker is written after the transition and BEFORE the open marker is closed, so
 *   a token is always reachable from one of the two.
 */
export interface LedgerIndex {
  /** Pointers by creation and by resource, and the park markers the token's times call for. */
  ensure(token: RestoreToken): Promise<void>;
  openPark(tokenId: string): Promise<void>;
  endPark(token: RestoreToken): Promise<void>;
}

/** Parked and not restored: what the open-park marker stands for. */
export const isOpenPark = (token: RestoreToken): boolean => token.parkedAt !== undefined && token.restoredAt === undefined;

export function createLedgerIndex(store: StateStore, now: () => Date): LedgerIndex {
  const openPark = async (tokenId: string): Promise<void> => {
    if (await store.putIfAbsent(OPEN_PARKS_PK, tokenId, { tokenId })) return;
    // Parked again after a restore: reopen the closed marker (and cancel its expiry).
    await store.updateItem(OPEN_PARKS_PK, tokenId, { tokenId, closedAt: undefined, expiresAt: undefined });
  };

  const endPark = async (token: RestoreToken): Promise<void> => {
    if (!token.restoredAt) return;
    await store.putIfAbsent(ENDED_PARKS_PK, timeSk(token.restoredAt, token.tokenId), { tokenId: token.tokenId });
    // A closed marker is covered by the ended one, so it may go: the only ledger item besides claims that expires.
    const at = now();
    await store.updateItem(OPEN_PARKS_PK, token.tokenId, { closedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) });
  };

  return {
    openPark,
    endPark,
    async ensure(token) {
      const pointer = { tokenId: token.tokenId };
      const sk = timeSk(token.createdAt, token.tokenId);
      await Promise.all([
        store.putIfAbsent(ACTIONS_PK, sk, pointer),
        store.putIfAbsent(resourcePk(refKey(token.ref)), sk, pointer),
        isOpenPark(token) ? openPark(token.tokenId) : endPark(token),
      ]);
    },
  };
}
