import type { ResourceRef } from '../domain/cloud';
import type { CostBasis } from '../domain/cost';
import { sumByCurrency, type Money } from '../domain/money';
import { savingsOf, type RestoreToken } from '../domain/remediation';

/** One token's contribution to a period's savings, with the basis of its hourly figure. */
export interface SavingsItem {
  tokenId: string;
  ref: ResourceRef;
  hours: number;
  saved: Money;
  basis: CostBasis;
}

export interface SavingsReport {
  /** One entry per currency: Money of different currencies is never summed. */
  total: Money[];
  /** By currency, then largest saving first. */
  items: SavingsItem[];
}

/**
 * Hours parked within [since, until) x hourly saving (pure). The park runs from parkedAt to restoredAt, or to
 * `until` while still parked; clipping both ends to the period lets consecutive weekly reports add up without
 * counting an hour twice. The arithmetic is savingsOf's, so the ledger and the domain cannot disagree.
 */
export function clippedSavings(token: RestoreToken, since: Date, until: Date): { hours: number; saved: Money } {
  if (!token.parkedAt) return savingsOf(token, until);
  const start = Math.max(token.parkedAt.getTime(), since.getTime());
  const end = Math.min((token.restoredAt ?? until).getTime(), until.getTime());
  return savingsOf({ ...token, parkedAt: new Date(start), restoredAt: new Date(Math.max(start, end)) }, until);
}

/** The savings of `tokens` in [since, until); tokens with no parked time in the period are left out. */
export function savingsReport(tokens: readonly RestoreToken[], since: Date, until: Date): SavingsReport {
  const items: SavingsItem[] = [];
  for (const token of tokens) {
    const { hours, saved } = clippedSavings(token, since, until);
    if (hours > 0) items.push({ tokenId: token.tokenId, ref: token.ref, hours, saved, basis: token.basis });
  }
  const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  items.sort((a, b) => byText(a.saved.currency, b.saved.currency) || b.saved.amount - a.saved.amount || byText(a.tokenId, b.tokenId));
  return { total: sumByCurrency(items.map((i) => i.saved)), items };
}
