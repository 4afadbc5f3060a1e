import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { AnomalyDriver, AnomalySource, AnomalyStatistics, CostAnomalyFinding, Severity } from '../domain/finding';
import { formatMoney, type Money } from '../domain/money';
import type { NativeCostAnomaly } from '../domain/native-cost-anomaly';
import { severityFor } from './idle-gpu';
import { nativeDays, summary } from './native-anomalies';
import { adjacentCategory } from './spend';
import { scopeRef, type SpendScope } from './spend-scopes';

/** Days in an average month: a daily excess x 30.4 is its monthly run-rate. */
export const DAYS_PER_MONTH = 30.4;

/** One anomaly before it becomes a finding: ours, AWS's, or both merged. */
export interface AnomalyCandidate {
  scope: Pick<SpendScope, 'kind' | 'cloud' | 'account' | 'service' | 'owner' | 'currency'>;
  startDay: string;
  /** Last day it is known for: the judged day (ours) or AWS's end day. */
  endDay: string;
  stats?: AnomalyStatistics;
  excessPerDay: number;
  drivers: AnomalyDriver[];
  native?: NativeCostAnomaly;
  detectedBy: AnomalySource[];
  mergedOwners: string[];
}

const money = (amount: number, currency: string, digits = 0): string => formatMoney({ amount, currency } as Money, digits);

function ratioText(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x` : 'new spend, from nothing to';
}

function scopeLabel(c: AnomalyCandidate): string {
  return c.scope.kind === 'owner' ? `Spend of owner ${c.scope.owner}` : `${c.scope.service} spend`;
}

function title(c: AnomalyCandidate, today: string): string {
  const cur = c.scope.currency;
  const s = c.stats;
  if (!s) return `AWS Cost Anomaly Detection: ${c.scope.service} ${money(c.excessPerDay, cur)}/day above expected since ${c.startDay}`;
  const when = s.partialDay ? 'so far today' : `on ${s.judgedDay}`;
  const jump = Number.isFinite(s.ratio) ? `${ratioText(s.ratio)} its usual` : 'new';
  const since = c.startDay < s.judgedDay && !(s.partialDay && c.startDay === today) ? ` (since ${c.startDay})` : '';
  return `${scopeLabel(c)} ${jump}: ${money(s.spend, cur)} ${when} vs ${money(s.baseline, cur)} a day${since}`;
}

function baselineWords(s: AnomalyStatistics, weeks: number): string {
  const days = s.baselineDays.join(', ');
  return s.baselineMethod === 'same-weekday'
    ? `median of the same weekday in the previous ${weeks} weeks (${days})`
    : `median of the previous ${s.baselineDays.length} days with data (${s.baselineDays[s.baselineDays.length - 1]} .. ${s.baselineDays[0]})`;
}

function nativeWords(a: NativeCostAnomaly, today: string): string {
  const i = a.impact;
  const figures = [
    i.totalImpact !== undefined ? `${money(i.totalImpact, a.currency, 2)} total impact` : `max ${money(i.maxImpact, a.currency, 2)}/day impact`,
    i.totalExpectedSpend !== undefined && i.totalActualSpend !== undefined
      ? `${money(i.totalActualSpend, a.currency, 2)} actual vs ${money(i.totalExpectedSpend, a.currency, 2)} expected`
      : undefined,
  ].filter(Boolean);
  return `AWS Cost Anomaly Detection: anomaly ${a.id} since ${a.startDay} (${nativeDays(a, today)} day(s)), ${figures.join(', ')}`;
}

function explanation(c: AnomalyCandidate, weeks: number, today: string): string {
  const cur = c.scope.currency;
  const run = `${money(c.excessPerDay, cur, 2)}/day above it x ${DAYS_PER_MONTH} days (monthly run-rate of the excess)`;
  const s = c.stats;
  if (!s) return `${nativeWords(c.native!, today)}: ${run.replace('above it', 'above expected')}`;
  const spent = s.partialDay ? `billed ${money(s.spend, cur, 2)} today so far (a partial day, not scaled up)` : `billed ${money(s.spend, cur, 2)} on ${s.judgedDay}`;
  const ours = `${spent} against a baseline of ${money(s.baseline, cur, 2)} (${baselineWords(s, weeks)}; robust z ${s.zScore.toFixed(1)}): ${run}`;
  return c.native ? `${ours}. Seen by both: ${nativeWords(c.native, today)}` : ours;
}

function recommendation(c: AnomalyCandidate): string {
  const top = c.drivers.find((d) => d.kind !== 'usage-type' && d.kind !== 'owner') ?? c.drivers[0];
  const what = top ? `${top.kind === 'new-resource' ? 'what started: ' : ''}${top.name}${top.sharePct !== undefined ? ` (${top.sharePct}% of the jump)` : ''}` : `what changed in ${c.scope.service ?? 'this spend'}`;
  const aws = c.native ? ', or give the AWS anomaly feedback "planned activity"' : '';
  return `Check ${what} since ${c.startDay}: stop or scale down what is not planned; if it is planned, expect it in the budget${aws}.`;
}

/** High at least for the seed's case (a day at 5x its usual or more); otherwise the monthly excess decides, at least medium. */
function severityOf(c: AnomalyCandidate, monthly: number): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  const byCost = severityFor(monthly);
  const ratio = c.stats?.ratio ?? (c.native?.impact.totalExpectedSpend ? (c.native.impact.totalActualSpend ?? 0) / c.native.impact.totalExpectedSpend : 0);
  const floor: Severity = ratio >= 5 ? 'high' : 'medium';
  return order.indexOf(byCost) >= order.indexOf(floor) ? byCost : floor;
}

/** The finding of one candidate; `owner` routes it (the scope's owner, or an owner driver explaining most of it). */
export function toFinding(c: AnomalyCandidate, config: WatchdogConfig, now: Date, today: string): CostAnomalyFinding {
  const ref = scopeRef(c.scope);
  const monthly = c.excessPerDay * DAYS_PER_MONTH;
  const topOwner = c.drivers.find((d) => d.kind === 'owner' && (d.sharePct ?? 0) >= 50)?.name;
  const owner = c.scope.owner ?? topOwner;
  const category = c.scope.service ? adjacentCategory({ ServiceName: c.scope.service }) : undefined;
  return {
    kind: 'cost-anomaly',
    fingerprint: `cost-anomaly:${refKey(ref)}:${c.startDay}`,
    ref,
    tags: owner ? { [config.ownerTag]: owner } : {},
    ...(owner ? { owner } : {}),
    title: title(c, today),
    severity: severityOf(c, monthly),
    detectedAt: now,
    cost: {
      monthly: { amount: monthly, currency: c.scope.currency },
      basis: 'billed',
      explanation: explanation(c, config.detectors['cost-anomaly'].baselineWeeks, today),
    },
    recommendation: { action: 'none', summary: recommendation(c), reversible: false },
    // One alert per anomaly (the start day is in the fingerprint); a lasting new level is the budget checks' to watch.
    alertOnce: true,
    evidence: {
      scopeKind: c.scope.kind,
      ...(c.scope.service ? { service: c.scope.service } : {}),
      ...(category ? { category } : {}),
      ...(c.scope.owner ? { owner: c.scope.owner } : {}),
      startDay: c.startDay,
      detectedBy: c.detectedBy,
      excessPerDay: c.excessPerDay,
      currency: c.scope.currency,
      drivers: c.drivers,
      ...(c.stats ? { statistics: c.stats } : {}),
      ...(c.native ? { native: summary(c.native) } : {}),
      ...(c.mergedOwners.length ? { mergedOwners: c.mergedOwners } : {}),
    },
  };
}
