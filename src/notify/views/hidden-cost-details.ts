import type { HiddenCostFinding, HiddenCostPart } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import { CATEGORY_LABELS } from '../../detectors/hidden-cost';
import type { AlertFact } from '../alert-view';
import { shortName } from './cost-anomaly-details';
import type { KindDetails } from './kind-details';

export const pctText = (x: number | undefined): string => (x === undefined ? 'new' : `${Math.round(x) >= 0 ? '+' : ''}${Math.round(x) === 0 ? 0 : Math.round(x)}%`);

/** Evidence of a hidden cost: the category's week against the one before, next to the platform's. */
export function hiddenCostDetails(f: HiddenCostFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 2);
  const part = (p: HiddenCostPart) => `${shortName(p.name)} ${m(p.last7Days)} (${pctText(p.previous7Days > 0 ? (p.last7Days / p.previous7Days - 1) * 100 : undefined)})`;
  const facts: AlertFact[] = [
    { label: 'Category', value: CATEGORY_LABELS[e.category], brief: true },
    { label: 'Last 7 days', value: `${m(e.last7Days)} (${e.period.last[0]} .. ${e.period.last[1]}), ${pctText(e.growthPct)} on the 7 before (${m(e.previous7Days)})`, brief: true },
    { label: 'Platform', value: `${m(e.platformLast7Days)} in the same days, ${pctText(e.platformGrowthPct)}; this category is ${e.sharePct.toFixed(0)}% of it`, brief: true },
    { label: 'Why', value: e.rules.map((r) => (r === 'outgrows-platform' ? 'grows faster than the platform' : 'large share of the platform')).join(' and ') },
    { label: 'Services', value: e.services.map(part).join('; ') },
  ];
  if (e.resources.length) facts.push({ label: 'Resources', value: e.resources.map(part).join('; ') });
  return { kindLabel: 'Hidden cost', facts };
}
