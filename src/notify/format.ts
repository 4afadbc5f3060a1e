import type { CostBasis } from '../domain/cost';
import { formatMoney, type Money } from '../domain/money';

const HOUR_MS = 3_600_000;

/** "45 min", "18 h", "2 d 3 h": durations people read at a glance; never fractional hours. */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return 'unknown';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  const whole = Math.floor(hours);
  if (whole < 48) return `${whole} h`;
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

/** "2026-11-03 14:05 UTC": unambiguous across the teams' time zones (Slack date tokens need a link fallback). */
export function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 d 4 h ago" relative to the run's clock (never the wall clock). */
export function formatAgo(then: Date, now: Date): string {
  const hours = (now.getTime() - then.getTime()) / HOUR_MS;
  return hours < 0 ? 'in the future' : `${formatHours(hours)} ago`;
}

export { formatMoney };

/** "$7.09/h". */
export function formatHourly(m: Money): string {
  return `${formatMoney(m)}/h`;
}

/** "$5,175.70/month". */
export function formatMonthly(m: Money): string {
  return `${formatMoney(m)}/month`;
}

/** Several currencies never sum: "$1,200.00 + €300.00". */
export function formatMoneyList(items: readonly Money[]): string {
  return items.length === 0 ? formatMoney({ amount: 0, currency: 'USD' }) : items.map((m) => formatMoney(m)).join(' + ');
}

/** The words shown next to every figure for where it came from (alerts, CLI, weekly report). */
export const BASIS_WORDS: Readonly<Record<CostBasis, string>> = {
  billed: 'billed',
  'list-price': 'list price',
  estimate: 'estimate',
};

/** Ratio 0..1 -> "95%". */
export function formatRatioPct(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
