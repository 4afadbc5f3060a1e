import type { CostBasis } from '../domain/cost';
import { formatMoney, type Money } from '../domain/money';
import { BASIS_WORDS, formatUtc } from '../notify/format';

export { BASIS_WORDS };

/** Formatting shared by the HTML document and the Slack summary, so both show the same words for the same figure. */

export const money = (amount: number, currency: string, digits = 2): string => formatMoney({ amount, currency }, digits);

export function moneyList(items: readonly Money[], digits = 2): string {
  return items.length === 0 ? 'none' : items.map((m) => formatMoney(m, digits)).join(' + ');
}

/** "+8 %", "−12 %", "0 %"; "new" when the base was zero and now is not; "n/a" without a base. */
export function change(now: number, base: number | undefined): string {
  if (base === undefined) return 'n/a';
  if (base === 0) return now === 0 ? '0 %' : 'new';
  const pct = ((now - base) / base) * 100;
  const r = Math.round(pct);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)} %`;
}

export function basisLabel(basis: CostBasis, partlyEstimated = false): string {
  return partlyEstimated ? `${BASIS_WORDS[basis]} (cloud still estimating)` : BASIS_WORDS[basis];
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const min = seconds / 60;
  return min < 90 ? `${Math.round(min)} min` : `${(min / 60).toFixed(1)} h`;
}

export function hours(h: number): string {
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;
}

export function pct(p: number): string {
  return `${Math.round(p)} %`;
}

export function count(n: number): string {
  return new Intl.NumberFormat('en-US').format(Math.round(n));
}

export const utc = formatUtc;

export const CLOUD_NAMES = { aws: 'AWS SageMaker AI', gcp: 'Google Vertex AI', azure: 'Azure ML' } as const;
