import { toJsonValue, validateItemKey } from './records';
import { StateError } from './state-error';
import type { ItemCondition, QueryItemsOptions } from './state-store';

/**
 * Pure rules for the generic item API (updateItem, queryItems), shared by both adapters so the file store and
 * DynamoDB accept the same input and answer the same way.
 */

/** What a condition may compare: DynamoDB `=` and `IN` on maps and lists are not worth the ambiguity. */
export type ItemScalar = string | number | boolean;

/** DynamoDB: "The IN operator ... can contain up to 100 values" (Comparison operator reference). */
export const MAX_IN_VALUES = 100;

export interface ItemUpdate {
  /** JSON values to SET; attributes mapped to undefined are REMOVEd. */
  set: Record<string, unknown>;
  equals: Record<string, ItemScalar>;
  in?: { attr: string; values: ItemScalar[] };
  /** `in` with no values: nothing can satisfy it, so no store is asked. */
  impossible: boolean;
}

export interface ItemQuery {
  beginsWith?: string;
  from?: string;
  to?: string;
  descending: boolean;
  limit?: number;
  /** from > to: an empty range (DynamoDB would reject the BETWEEN with a ValidationException). */
  empty: boolean;
}

function scalar(value: unknown, what: string): ItemScalar {
  const json = toJsonValue(value); // a Date compares as its stored ISO string
  if (typeof json === 'string' || typeof json === 'boolean' || (typeof json === 'number' && Number.isFinite(json))) return json;
  throw new StateError('STATE_INVALID_INPUT', `${what} must be a string, number, boolean or Date, got ${JSON.stringify(value) ?? String(value)}`);
}

function attrName(attr: string): string {
  if (!attr) throw new StateError('STATE_INVALID_INPUT', 'attribute names must be non-empty');
  if (attr === 'pk' || attr === 'sk') throw new StateError('STATE_INVALID_INPUT', 'pk and sk are the item key: they cannot be updated or compared');
  return attr;
}

/** Validates and normalises an updateItem call: values become what the stores keep (JSON). */
export function itemUpdate(pk: string, sk: string, set: Record<string, unknown>, condition?: ItemCondition): ItemUpdate {
  validateItemKey('updateItem', pk, sk);
  const entries = Object.entries(set);
  if (!entries.length) throw new StateError('STATE_INVALID_INPUT', 'updateItem needs at least one attribute to set or remove');
  const normalised: Record<string, unknown> = {};
  for (const [attr, value] of entries) normalised[attrName(attr)] = toJsonValue(value);
  const equals: Record<string, ItemScalar> = {};
  for (const [attr, value] of Object.entries(condition?.equals ?? {})) equals[attrName(attr)] = scalar(value, `condition.equals.${attr}`);
  const update: ItemUpdate = { set: normalised, equals, impossible: false };
  if (condition?.in) {
    const { attr, values } = condition.in;
    if (values.length > MAX_IN_VALUES) throw new StateError('STATE_INVALID_INPUT', `condition.in accepts at most ${MAX_IN_VALUES} values (DynamoDB's IN limit)`);
    update.in = { attr: attrName(attr), values: values.map((v) => scalar(v, `condition.in.${attr}`)) };
    update.impossible = values.length === 0;
  }
  return update;
}

/** Does a stored item satisfy the condition? Stored values are JSON, so scalars compare with ===, as DynamoDB's `=`. */
export function conditionHolds(item: Record<string, unknown>, update: ItemUpdate): boolean {
  if (update.impossible) return false;
  for (const [attr, expected] of Object.entries(update.equals)) if (item[attr] !== expected) return false;
  return !update.in || update.in.values.includes(item[update.in.attr] as ItemScalar);
}

/** Applies a normalised SET/REMOVE to a stored item (the file store's UpdateItem). */
export function applyItemUpdate(item: Record<string, unknown>, update: ItemUpdate): Record<string, unknown> {
  const next = { ...item };
  for (const [attr, value] of Object.entries(update.set)) {
    if (value === undefined) delete next[attr];
    else next[attr] = value;
  }
  return next;
}

/** Validates and normalises a queryItems call. */
export function itemQuery(pk: string, opts: QueryItemsOptions = {}): ItemQuery {
  validateItemKey('queryItems', pk);
  const { skBeginsWith, skFrom, skTo, newestFirst, limit } = opts;
  if (skBeginsWith !== undefined && (skFrom !== undefined || skTo !== undefined)) {
    // DynamoDB allows one sort key condition per Query, and a filter may not name a key attribute.
    throw new StateError('STATE_INVALID_INPUT', 'queryItems takes either skBeginsWith or a skFrom/skTo range, not both');
  }
  if (skBeginsWith === '') throw new StateError('STATE_INVALID_INPUT', 'skBeginsWith must be non-empty (omit it to read the whole partition)');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new StateError('STATE_INVALID_INPUT', `limit must be a positive integer, got ${limit}`);
  const query: ItemQuery = { descending: newestFirst === true, empty: false };
  if (skBeginsWith !== undefined) query.beginsWith = skBeginsWith;
  if (skFrom !== undefined) query.from = skFrom;
  if (skTo !== undefined) query.to = skTo;
  if (limit !== undefined) query.limit = limit;
  query.empty = skFrom !== undefined && skTo !== undefined && compareSk(skFrom, skTo) > 0;
  return query;
}

/** DynamoDB orders string sort keys by their UTF-8 bytes, not by UTF-16 code units as `<` does. */
export function compareSk(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The file store's Query: the partition's items that match, in sort key order, up to the limit (pure). */
export function selectItems<T extends { pk: string; sk: string }>(items: Iterable<T>, pk: string, query: ItemQuery): T[] {
  if (query.empty) return [];
  const matched: T[] = [];
  for (const entry of items) if (entry.pk === pk && skMatches(entry.sk, query)) matched.push(entry);
  matched.sort((a, b) => (query.descending ? compareSk(b.sk, a.sk) : compareSk(a.sk, b.sk)));
  return query.limit === undefined ? matched : matched.slice(0, query.limit);
}

/** The file store's key condition: what a DynamoDB Query with the same options would match. */
export function skMatches(sk: string, query: ItemQuery): boolean {
  if (query.empty) return false;
  if (query.beginsWith !== undefined && !sk.startsWith(query.beginsWith)) return false;
  if (query.from !== undefined && compareSk(sk, query.from) < 0) return false;
  return query.to === undefined || compareSk(sk, query.to) <= 0;
}
