import type { AnomalyDriver, AnomalySource, CostAnomalyFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

const SOURCES: Record<AnomalySource, string> = { 'ml-watchdog': 'ml-watchdog baseline', 'aws-cost-anomaly-detection': 'AWS Cost Anomaly Detection' };
const DRIVER_LABELS: Record<AnomalyDriver['kind'], string> = {
  service: 'Services',
  resource: 'Resources',
  owner: 'Owners',
  'usage-type': 'AWS root causes',
  'new-resource': 'Started since',
};

/** The last path segment of an ARM id or Google resource name, which is what people call the resource. */
export function shortName(name: string): string {
  return name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
}

/** "llama3-8b-sft (+$1,620/day, 83%)". */
export function driverText(d: AnomalyDriver, currency: string): string {
  const share = d.sharePct !== undefined ? `, ${d.sharePct}%` : '';
  const detail = d.kind === 'new-resource' && d.detail ? `: ${d.detail}` : '';
  return `${shortName(d.name)} (+${formatMoney({ amount: d.deltaPerDay, currency }, 0)}/day${share}${detail})`;
}

/** "6.2x", or "new" when the baseline is nothing. */
export function ratioText(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x` : 'new';
}

/** Evidence of a cost anomaly: the day against its baseline, who saw it, and what drove it. */
export function costAnomalyDetails(f: CostAnomalyFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 2);
  const facts: AlertFact[] = [];
  const s = e.statistics;
  if (s) {
    const day = s.partialDay ? `today so far (${s.judgedDay}, partial)` : s.judgedDay;
    facts.push({ label: 'Spend', value: `${m(s.spend)} on ${day}, ${ratioText(s.ratio)} the baseline of ${m(s.baseline)}`, brief: true });
    facts.push({
      label: 'Baseline',
      value: `${s.baselineMethod === 'same-weekday' ? 'same weekday' : 'recent days'}: ${s.baselineDays.join(', ')}; robust z ${s.zScore.toFixed(1)}`,
    });
  }
  facts.push({ label: 'Since', value: e.startDay, brief: true });
  facts.push({ label: 'Seen by', value: e.detectedBy.map((d) => SOURCES[d]).join(' and '), brief: true });
  if (e.native) {
    const n = e.native;
    const total = n.totalImpact !== undefined ? `${m(n.totalImpact)} total impact` : `${m(n.maxImpact)} max daily impact`;
    const spend = n.totalActualSpend !== undefined && n.totalExpectedSpend !== undefined ? `, ${m(n.totalActualSpend)} actual vs ${m(n.totalExpectedSpend)} expected` : '';
    facts.push({ label: 'AWS impact', value: `${total}${spend} (${n.startDay} .. ${n.endDay ?? 'ongoing'})` });
  }
  for (const kind of ['new-resource', 'resource', 'service', 'owner', 'usage-type'] as const) {
    const of = e.drivers.filter((d) => d.kind === kind);
    if (of.length) facts.push({ label: DRIVER_LABELS[kind], value: of.map((d) => driverText(d, e.currency)).join('; '), brief: kind !== 'usage-type' });
  }
  if (e.mergedOwners?.length) facts.push({ label: 'Owner jumps included', value: e.mergedOwners.join(', ') });
  return { kindLabel: 'Cost anomaly', facts };
}
