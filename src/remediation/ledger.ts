import type { ResourceRef } from '../domain/cloud';
import type { CostBasis } from '../domain/cost';
import type { RestoreToken, TokenState } from '../domain/remediation';
import { mapLimit } from '../lib/map-limit';
import type { QueriedItem, StateStore } from '../state/state-store';
import { claimOnce } from './claim-once';
import { LedgerError } from './ledger-error';
import { createLedgerIndex, isOpenPark } from './ledger-index';
import { ACTIONS_PK, ENDED_PARKS_PK, OPEN_PARKS_PK, pointedTokenId, resourcePk, TOKEN_SK, tokenIdFor, tokenPk } from './ledger-keys';
import { savingsReport } from './ledger-savings';
import { patchToSet, tokenFromItem, tokenToItem } from './restore-token-codec';

export { isTokenId, tokenIdFor } from './ledger-keys';

/**
 * The restore ledger: restore tokens in the state store, written before any change and kept for as long as the
 * table lives. Token items and their pointers never carry `expiresAt`, so neither DynamoDB TTL nor the file
 * store's pruning ever removes them: a restore must work days or months later from the token alone. Only claims
 * (claimOnce) and closed open-park markers, whose information lives on elsewhere, expire.
 */
export interface Ledger {
  /** Creates the token unless one exists for token.planId (conditional write); returns the stored one and whether it was created. */
  open(token: RestoreToken): Promise<{ token: RestoreToken; created: boolean }>;
  get(tokenId: string): Promise<RestoreToken | undefined>;
  /** Conditional state change: applies `patch` only if the stored state is one of `from`; undefined on conflict. */
  transition(tokenId: string, from: readonly TokenState[], patch: Partial<Omit<RestoreToken, 'tokenId' | 'planId'>>): Promise<RestoreToken | undefined>;
  /** Appends a completed step once (idempotent: a step already recorded is not added again). */
  recordStep(tokenId: string, step: string): Promise<RestoreToken>;
  /** Latest token for a resource (by refKey(ref)), any state. */
  latestFor(refKey: string): Promise<RestoreToken | undefined>;
  /** Tokens created in [since, until), newest first, optionally by state: the `actions` listing and the weekly report. */
  list(opts?: { since?: Date; until?: Date; states?: readonly TokenState[]; limit?: number }): Promise<RestoreToken[]>;
  /** Savings of the tokens parked in a period: hours parked x hourly saving, per currency, with each token's basis. */
  savings(opts: { since: Date; until: Date }): Promise<{
    total: { amount: number; currency: string }[];
    items: { tokenId: string; ref: ResourceRef; hours: number; saved: { amount: number; currency: string }; basis: CostBasis }[];
  }>;
  /** Idempotency for button clicks and Slack retries: true only the first time `key` is claimed within ttlHours. */
  claimOnce(key: string, ttlHours: number): Promise<boolean>;
}

/**
 * Compare-and-set attempts on one token. Every lost race means another writer changed the token, so the ledger as
 * a whole always progresses; a handful of concurrent writers per token (scan, Slack retry, a double click) is the
 * realistic worst case.
 */
const MAX_CAS_ATTEMPTS = 10;
/** Token reads in flight while listing. */
const READ_CONCURRENCY = 16;

interface Stored {
  item: Record<string, unknown>;
  token: RestoreToken;
  /** Bumped by every change: the compare-and-set version (state alone cannot order two recordSteps). */
  rev: number;
}

function notFound(tokenId: string): LedgerError {
  return new LedgerError('LEDGER_TOKEN_NOT_FOUND', `No restore token ${tokenId}; \`ml-watchdog actions\` lists the known ones.`);
}

function validDate(d: Date | undefined, what: string): void {
  if (d !== undefined && Number.isNaN(d.getTime())) throw new LedgerError('LEDGER_INVALID_INPUT', `${what} is an invalid Date`);
}

/** The item after an update (undefined removes), as the store will hold it. */
function applied(item: Record<string, unknown>, set: Record<string, unknown>): Record<string, unknown> {
  const next = { ...item, ...set };
  for (const [k, v] of Object.entries(set)) if (v === undefined) delete next[k];
  return next;
}

export function createLedger(store: StateStore, now: () => Date): Ledger {
  const index = createLedgerIndex(store, now);

  const read = async (tokenId: string): Promise<Stored | undefined> => {
    const item = await store.getItem(tokenPk(tokenId), TOKEN_SK);
    if (!item) return undefined;
    if (typeof item.rev !== 'number') throw new LedgerError('LEDGER_RECORD_INVALID', `restore token ${tokenId} has no numeric rev`);
    return { item, token: tokenFromItem(item), rev: item.rev };
  };

  /** Writes `set` if `rev` is unchanged (and the state is one of `states`); undefined when someone else wrote first. */
  const casWrite = async (current: Stored, set: Record<string, unknown>, states?: readonly TokenState[]): Promise<RestoreToken | undefined> => {
    const full = { ...set, rev: current.rev + 1 };
    const condition = { equals: { rev: current.rev }, ...(states ? { in: { attr: 'state', values: states } } : {}) };
    const won = await store.updateItem(tokenPk(current.token.tokenId), TOKEN_SK, full, condition);
    return won ? tokenFromItem(applied(current.item, full)) : undefined;
  };

  const get = async (tokenId: string): Promise<RestoreToken | undefined> => (tokenId ? (await read(tokenId))?.token : undefined);

  /** Tokens named by pointer items, in pointer order; a pointer to a missing token is skipped. */
  const tokensOf = async (pointers: readonly QueriedItem[]): Promise<RestoreToken[]> => {
    const ids = [...new Set(pointers.map((p) => pointedTokenId(p.item)).filter((id): id is string => id !== undefined))];
    const tokens = await mapLimit(ids, READ_CONCURRENCY, get);
    return tokens.filter((t): t is RestoreToken => t !== undefined);
  };

  return {
    async open(token) {
      if (token.tokenId !== tokenIdFor(token.planId)) {
        throw new LedgerError('LEDGER_INVALID_INPUT', `tokenId ${token.tokenId} is not tokenIdFor(${JSON.stringify(token.planId)}) = ${tokenIdFor(token.planId)}`);
      }
      const item = { ...tokenToItem(token), rev: 0 };
      const created = await store.putIfAbsent(tokenPk(token.tokenId), TOKEN_SK, item);
      const stored = created ? tokenFromItem(item) : await get(token.tokenId);
      if (!stored) throw notFound(token.tokenId);
      if (stored.planId !== token.planId) {
        throw new LedgerError('LEDGER_CONFLICT', `token id ${token.tokenId} already belongs to plan ${stored.planId}, not ${token.planId} (hash collision)`);
      }
      // Also on `created: false`: a run that crashed between the token and its pointers is repaired by the re-run.
      await index.ensure(stored);
      return { token: stored, created };
    },

    get,

    async transition(tokenId, from, patch) {
      const set = patchToSet(patch);
      const touchesPark = 'parkedAt' in set || 'restoredAt' in set;
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const current = await read(tokenId);
        if (!current) throw notFound(tokenId);
        if (!from.includes(current.token.state)) return undefined;
        // Callers resume an existing token without open() (executePark does): if a crash fell between the token and
        // its pointers, the first transition out of `pending` (before any cloud change) writes them.
        if (current.token.state === 'pending') await index.ensure(current.token);
        const next = tokenFromItem(applied(current.item, set));
        if (touchesPark && isOpenPark(next)) await index.openPark(tokenId);
        const written = await casWrite(current, set, from);
        if (!written) continue;
        if (touchesPark && written.restoredAt) await index.endPark(written);
        return written;
      }
      throw new LedgerError('LEDGER_CONFLICT', `restore token ${tokenId} kept changing under ${MAX_CAS_ATTEMPTS} attempts to update it; run again`);
    },

    async recordStep(tokenId, step) {
      if (!step) throw new LedgerError('LEDGER_INVALID_INPUT', 'recordStep needs a step name');
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const current = await read(tokenId);
        if (!current) throw notFound(tokenId);
        if (current.token.stepsDone.includes(step)) return current.token;
        const written = await casWrite(current, { stepsDone: [...current.token.stepsDone, step] });
        if (written) return written;
      }
      throw new LedgerError('LEDGER_CONFLICT', `restore token ${tokenId} kept changing under ${MAX_CAS_ATTEMPTS} attempts to record ${step}; run again`);
    },

    async latestFor(refKey) {
      const [latest] = await store.queryItems(resourcePk(refKey), { newestFirst: true, limit: 1 });
      return latest ? (await tokensOf([latest]))[0] : undefined;
    },

    async list(opts = {}) {
      const { since, until, states, limit } = opts;
      validDate(since, 'since');
      validDate(until, 'until');
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new LedgerError('LEDGER_INVALID_INPUT', `limit must be a positive integer, got ${limit}`);
      if (since && until && since.getTime() >= until.getTime()) return [];
      const wanted = states ? new Set<TokenState>(states) : undefined;
      // With a state filter, read pointers a page at a time until `limit` tokens match. Pages overlap by the
      // cursor item (bounds are inclusive), hence at least 2 per page.
      const pageSize = limit === undefined ? undefined : Math.max(2, wanted ? limit * 2 : limit);
      const skFrom = since?.toISOString();
      let skTo = until?.toISOString();
      let cursor: string | undefined;
      const out: RestoreToken[] = [];
      for (;;) {
        const page = await store.queryItems(ACTIONS_PK, {
          newestFirst: true,
          ...(skFrom !== undefined ? { skFrom } : {}),
          ...(skTo !== undefined ? { skTo } : {}),
          ...(pageSize !== undefined ? { limit: pageSize } : {}),
        });
        for (const token of await tokensOf(page.filter((p) => p.sk !== cursor))) if (!wanted || wanted.has(token.state)) out.push(token);
        if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
        const last = page[page.length - 1];
        if (pageSize === undefined || page.length < pageSize || !last) return out;
        cursor = skTo = last.sk;
      }
    },

    async savings({ since, until }) {
      validDate(since, 'since');
      validDate(until, 'until');
      if (since.getTime() >= until.getTime()) return { total: [], items: [] };
      // Candidates: parks still open (any age) and parks that ended at or after `since`. Closed open-markers are
      // skipped: their ended marker stands in for them. The tokens themselves decide what counts.
      const [open, ended] = await Promise.all([
        store.queryItems(OPEN_PARKS_PK),
        store.queryItems(ENDED_PARKS_PK, { skFrom: since.toISOString() }),
      ]);
      const tokens = await tokensOf([...open.filter((m) => m.item.closedAt === undefined), ...ended]);
      return savingsReport(tokens, since, until);
    },

    claimOnce: (key, ttlHours) => claimOnce(store, now, key, ttlHours),
  };
}
