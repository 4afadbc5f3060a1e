import { createHash } from 'node:crypto';

/**
 * Where the restore ledger keeps things in the state store (generic items; the store owns ALERT#, FINDINGS#, CACHE#).
 *
 *   token          TOKEN#<tokenId>        TOKEN                       the RestoreToken: the source of truth
 *   by creation    ACTIONS                <createdAt ISO>#<tokenId>   { tokenId }: `actions` listing, weekly report
 *   by resource    RESOURCE#<refKey>      <createdAt ISO>#<tokenId>   { tokenId }: latestFor
 *   open parks     PARKS#OPEN             <tokenId>                   { tokenId, closedAt? }: parked, not yet restored
 *   ended parks    PARKS#ENDED            <restoredAt ISO>#<tokenId>  { tokenId }: restored, for savings by period
 *   claims         CLAIM#<key>            CLAIM                       { claimedAt, expiresAt }: button idempotency
 *
 * ACTIONS and the PARKS partitions are single partitions on purpose: the ledger writes a handful of items per park,
 * far below DynamoDB's 1,000 writes/s per partition, and one partition is read by one Query with a sort key range.
 */

export const TOKEN_SK = 'TOKEN';
export const ACTIONS_PK = 'ACTIONS';
export const OPEN_PARKS_PK = 'PARKS#OPEN';
export const ENDED_PARKS_PK = 'PARKS#ENDED';
export const CLAIM_SK = 'CLAIM';

export const tokenPk = (tokenId: string): string => `TOKEN#${tokenId}`;
export const resourcePk = (refKey: string): string => `RESOURCE#${refKey}`;

/** `<ISO>#<tokenId>`: ISO-8601 UTC is fixed width, so these sort by time; the id breaks ties. */
export const timeSk = (at: Date, tokenId: string): string => `${at.toISOString()}#${tokenId}`;

/** DynamoDB caps a partition key at 2,048 bytes; Slack payload keys are short, but a long one is hashed. */
export function claimPk(key: string): string {
  const safe = Buffer.byteLength(key) > 512 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
  return `CLAIM#${safe}`;
}

const TOKEN_ID = /^wd-[0-9a-f]{12}$/;

/**
 * The token id of a plan: deterministic (the same plan always maps to the same token, which is what makes open()
 * idempotent), short and safe in a URL, a Slack button value and a shell argument. 48 bits: a collision needs
 * millions of plans, and open() refuses one rather than mixing two plans.
 */
export function tokenIdFor(planId: string): string {
  return `wd-${createHash('sha256').update(planId).digest('hex').slice(0, 12)}`;
}

/** True for strings shaped like a token id (the CLI's `restore <resource|token>` tells them apart with this). */
export function isTokenId(text: string): boolean {
  return TOKEN_ID.test(text);
}

/** The token a pointer item names; pointers are written by the ledger only, so anything else is a hand edit. */
export function pointedTokenId(item: Record<string, unknown>): string | undefined {
  return typeof item.tokenId === 'string' ? item.tokenId : undefined;
}
