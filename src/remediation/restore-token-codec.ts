import { CLOUDS, RESOURCE_KINDS, refKey, type ResourceRef } from '../domain/cloud';
import type { CostBasis } from '../domain/cost';
import type { ParkAction } from '../domain/finding';
import type { Money } from '../domain/money';
import type { Approval, RestoreToken, TokenState } from '../domain/remediation';
import { LedgerError } from './ledger-error';

/**
 * RestoreToken <-> state store item. Every field has a codec in FIELDS, typed over keyof RestoreToken, so a field
 * added to the token fails `tsc` here until it is stored. Dates are ISO-8601 strings at rest; `prior` is a JSON
 * string so it round-trips exactly on both stores (a DynamoDB map nests at most 32 levels and its numbers are
 * limited to 38 digits, 1e-130..1e126; a string has neither limit).
 */

interface Codec<T> {
  encode(value: T, field: string): unknown;
  decode(value: unknown, field: string): T;
}

function invalid(field: string, value: unknown, want: string): LedgerError {
  return new LedgerError('LEDGER_RECORD_INVALID', `stored restore token field ${field} is not ${want}: ${JSON.stringify(value)}`);
}

const text: Codec<string> = {
  encode: (v) => v,
  decode: (v, f) => {
    if (typeof v !== 'string') throw invalid(f, v, 'a string');
    return v;
  },
};

const finite: Codec<number> = {
  encode: (v, f) => {
    if (!Number.isFinite(v)) throw new LedgerError('LEDGER_INVALID_INPUT', `${f} must be a finite number, got ${v}`);
    return v;
  },
  decode: (v, f) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(f, v, 'a number');
    return v;
  },
};

const date: Codec<Date> = {
  encode: (v, f) => {
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new LedgerError('LEDGER_INVALID_INPUT', `${f} must be a valid Date`);
    return v.toISOString();
  },
  decode: (v, f) => {
    const d = typeof v === 'string' ? new Date(v) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime())) throw invalid(f, v, 'an ISO timestamp');
    return d;
  },
};

/** A closed set of literals; Record<T, true> makes tsc list every member (a new ParkAction must be added here). */
function oneOf<T extends string>(members: Record<T, true>): Codec<T> {
  return {
    encode: (v) => v,
    decode: (v, f) => {
      if (typeof v !== 'string' || !Object.hasOwn(members, v)) throw invalid(f, v, `one of ${Object.keys(members).join(', ')}`);
      return v as T;
    },
  };
}

const TOKEN_STATES: Record<TokenState, true> = { pending: true, parking: true, parked: true, restoring: true, restored: true, failed: true };
const BASES: Record<CostBasis, true> = { billed: true, 'list-price': true, estimate: true };
const ACTIONS: Record<ParkAction, true> = {
  'ic-copies-to-zero': true,
  'async-min-capacity-zero': true,
  'delete-endpoint-keep-config': true,
  'provisioned-concurrency-zero': true,
  'undeploy-model': true,
  'min-replicas-zero': true,
  'delete-deployment': true,
  'stop-notebook': true,
  'delete-studio-app': true,
  'stop-training-job': true,
  none: true,
};
const APPROVERS: Record<Approval['by'], true> = { auto: true, slack: true, cli: true, http: true };

function record(v: unknown, f: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(f, v, 'an object');
  return v as Record<string, unknown>;
}

const approval: Codec<Approval> = {
  encode: (v, f) => ({ by: v.by, principal: v.principal, at: date.encode(v.at, `${f}.at`) }),
  decode: (v, f) => {
    const o = record(v, f);
    return { by: oneOf(APPROVERS).decode(o.by, `${f}.by`), principal: text.decode(o.principal, `${f}.principal`), at: date.decode(o.at, `${f}.at`) };
  },
};

const ref: Codec<ResourceRef> = {
  encode: (v) => ({ cloud: v.cloud, account: v.account, region: v.region, kind: v.kind, name: v.name, id: v.id }),
  decode: (v, f) => {
    const o = record(v, f);
    const cloud = o.cloud;
    const kind = o.kind;
    if (typeof cloud !== 'string' || !(CLOUDS as readonly string[]).includes(cloud)) throw invalid(`${f}.cloud`, cloud, `one of ${CLOUDS.join(', ')}`);
    if (typeof kind !== 'string' || !(RESOURCE_KINDS as readonly string[]).includes(kind)) throw invalid(`${f}.kind`, kind, 'a resource kind');
    return {
      cloud: cloud as ResourceRef['cloud'],
      account: text.decode(o.account, `${f}.account`),
      region: text.decode(o.region, `${f}.region`),
      kind: kind as ResourceRef['kind'],
      name: text.decode(o.name, `${f}.name`),
      id: text.decode(o.id, `${f}.id`),
    };
  },
};

const money: Codec<Money> = {
  encode: (v, f) => ({ amount: finite.encode(v.amount, `${f}.amount`), currency: v.currency }),
  decode: (v, f) => {
    const o = record(v, f);
    return { amount: finite.decode(o.amount, `${f}.amount`), currency: text.decode(o.currency, `${f}.currency`) };
  },
};

const steps: Codec<string[]> = {
  encode: (v) => [...v],
  decode: (v, f) => {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw invalid(f, v, 'a list of step names');
    return [...v] as string[];
  },
};

/** Well above any real prior (a few KB) and below DynamoDB's 400 KB item limit with the rest of the token. */
export const MAX_PRIOR_BYTES = 300 * 1024;

const prior: Codec<Record<string, unknown>> = {
  encode: (v, f) => {
    const json = JSON.stringify(record(v, f));
    if (Buffer.byteLength(json) > MAX_PRIOR_BYTES) {
      throw new LedgerError('LEDGER_INVALID_INPUT', `${f} is ${Buffer.byteLength(json)} bytes of JSON; a restore token holds at most ${MAX_PRIOR_BYTES}`);
    }
    return json;
  },
  decode: (v, f) => {
    if (typeof v !== 'string') throw invalid(f, v, 'a JSON string');
    try {
      return record(JSON.parse(v), f);
    } catch (err) {
      if (err instanceof LedgerError) throw err;
      throw new LedgerError('LEDGER_RECORD_INVALID', `stored restore token field ${f} is not valid JSON`, { cause: err });
    }
  },
};

type Codecs = { [K in keyof RestoreToken]-?: Codec<NonNullable<RestoreToken[K]>> };

const FIELDS: Codecs = {
  tokenId: text,
  planId: text,
  ref,
  action: oneOf(ACTIONS),
  prior,
  approval,
  state: oneOf(TOKEN_STATES),
  stepsDone: steps,
  createdAt: date,
  parkedAt: date,
  restoreRequestedAt: date,
  restoreApproval: approval,
  restoredAt: date,
  restoreSeconds: finite,
  hourlySaving: money,
  basis: oneOf(BASES),
  lastError: text,
};

type RequiredKey = { [K in keyof RestoreToken]-?: object extends Pick<RestoreToken, K> ? never : K }[keyof RestoreToken];
/** tsc checks this lists exactly the required fields: they must be present in a stored token and cannot be removed. */
const REQUIRED: Record<RequiredKey, true> = {
  tokenId: true,
  planId: true,
  ref: true,
  action: true,
  prior: true,
  approval: true,
  state: true,
  stepsDone: true,
  createdAt: true,
  hourlySaving: true,
  basis: true,
};

/** Fields the ledger's indexes are keyed on: a patch may not change them. */
const IMMUTABLE = new Set<string>(['tokenId', 'planId', 'ref', 'createdAt']);

type Field = keyof RestoreToken;
const isField = (k: string): k is Field => Object.hasOwn(FIELDS, k);
const encodeField = (k: Field, v: unknown): unknown => (FIELDS[k] as Codec<unknown>).encode(v, k);

/** The stored attributes of a token, plus `refKey` for people reading the table. */
export function tokenToItem(token: RestoreToken): Record<string, unknown> {
  const item: Record<string, unknown> = { refKey: refKey(token.ref) };
  for (const [k, v] of Object.entries(token)) {
    if (v === undefined) continue;
    if (!isField(k)) throw new LedgerError('LEDGER_INVALID_INPUT', `unknown restore token field ${k}`);
    item[k] = encodeField(k, v);
  }
  for (const k of Object.keys(REQUIRED)) if (item[k] === undefined) throw new LedgerError('LEDGER_INVALID_INPUT', `restore token needs ${k}`);
  return item;
}

/** Decodes a stored token; attributes that are not token fields (rev, refKey) are ignored. */
export function tokenFromItem(item: Record<string, unknown>): RestoreToken {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(FIELDS) as Field[]) {
    const v = item[k];
    if (v === undefined || v === null) {
      if (Object.hasOwn(REQUIRED, k)) throw invalid(k, v, 'present');
      continue;
    }
    out[k] = (FIELDS[k] as Codec<unknown>).decode(v, k);
  }
  return out as unknown as RestoreToken;
}

/** A transition patch as the attributes to SET (undefined: REMOVE, for optional fields only). */
export function patchToSet(patch: Partial<RestoreToken>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (!isField(k)) throw new LedgerError('LEDGER_INVALID_INPUT', `unknown restore token field ${k}`);
    if (IMMUTABLE.has(k)) throw new LedgerError('LEDGER_INVALID_INPUT', `${k} is fixed when the token is opened and cannot be patched`);
    if (v === undefined && Object.hasOwn(REQUIRED, k)) throw new LedgerError('LEDGER_INVALID_INPUT', `${k} is required and cannot be removed`);
    set[k] = v === undefined ? undefined : encodeField(k, v);
  }
  return set;
}
