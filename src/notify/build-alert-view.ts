import type { Cloud } from '../domain/cloud';
import type { Finding, FindingKind, FindingOf } from '../domain/finding';
import type { Money } from '../domain/money';
import type { ResolvedMode } from '../remediation/mode';
import type { AlertRecord } from '../state/state-store';
import { wasteGrowthPct, type SendReason } from './alert-decision';
import { alertButtons } from './alert-buttons';
import type { AlertCostView, AlertView } from './alert-view';
import { BASIS_WORDS, formatAgo, formatHourly, formatMoney, formatMonthly, formatUtc } from './format';
import { ownerOf } from './route';
import { costAnomalyDetails } from './views/cost-anomaly-details';
import { endpointFailureDetails } from './views/endpoint-failure-details';
import { hiddenCostDetails } from './views/hidden-cost-details';
import { unattributedSpendDetails } from './views/unattributed-spend-details';
import { capacityRiskDetails } from './views/capacity-risk-details';
import { budgetOverrunDetails } from './views/budget-overrun-details';
import { runawayTrainingDetails } from './views/runaway-training-details';
import { idleNotebookDetails } from './views/idle-notebook-details';
import { underusedGpuDetails } from './views/underused-gpu-details';
import { idleGpuDetails } from './views/idle-gpu-details';
import { lockInRiskDetails } from './views/lock-in-risk-details';
import type { KindDetailsRenderer, KindViewContext } from './views/kind-details';

/** One renderer per finding kind: a kind added to the Finding union without one here fails `tsc`. */
export const KIND_DETAILS: { [K in FindingKind]: KindDetailsRenderer<K> } = {
  'idle-gpu': idleGpuDetails,
  'endpoint-failure': endpointFailureDetails,
  'cost-anomaly': costAnomalyDetails,
  'hidden-cost': hiddenCostDetails,
  'unattributed-spend': unattributedSpendDetails,
  'capacity-risk': capacityRiskDetails,
  'budget-overrun': budgetOverrunDetails,
  'runaway-training': runawayTrainingDetails,
  'idle-notebook': idleNotebookDetails,
  'lock-in-risk': lockInRiskDetails,
  'underused-gpu': underusedGpuDetails,
};

export interface ViewContext extends KindViewContext {
  /** Config `ownerTag`, named when a resource has no owner. */
  ownerTag: string;
  reason: SendReason;
  previous?: AlertRecord;
  /** The remediation mode for this finding; without it the Park button is offered (the gate decides on click). */
  remediation?: ResolvedMode;
}

const REMEDIATION_NOTES: Record<ResolvedMode['mode'], string> = {
  off: 'off: report only',
  'dry-run': 'dry-run: nothing is changed (set remediation.mode to approve or auto to allow parking)',
  approve: 'needs approval: press Park now, or run `ml-watchdog park`',
  auto: 'automatic: parked next unless a guardrail holds it',
};

const CLOUD_LABELS: Record<Cloud, { name: string; account: string }> = {
  aws: { name: 'AWS', account: 'account' },
  gcp: { name: 'Google Cloud', account: 'project' },
  azure: { name: 'Azure', account: 'subscription' },
};

function kindDetails<K extends FindingKind>(finding: FindingOf<K>, ctx: KindViewContext) {
  return (KIND_DETAILS[finding.kind] as KindDetailsRenderer<K>)(finding, ctx);
}

/** Builds the presentation model of one alert (pure). */
export function buildAlertView(finding: Finding, ctx: ViewContext): AlertView {
  const details = kindDetails(finding, { now: ctx.now });
  const { ref } = finding;
  const cloud = CLOUD_LABELS[ref.cloud];
  // A finding across clouds (a budget over the whole ML spend) names them all: "AWS + Google Cloud + Azure".
  const cloudName = finding.clouds?.length ? finding.clouds.map((c) => CLOUD_LABELS[c].name).join(' + ') : cloud.name;
  const account = ref.account === '*' ? 'every account' : `${finding.clouds?.length ? 'account' : cloud.account} ${ref.account}`;
  const owner = ownerOf(finding, ctx.ownerTag);
  const cost = costView(finding, details.wastedSoFar);
  const reasonNote = describeReason(finding, ctx);
  return {
    fingerprint: finding.fingerprint,
    kind: finding.kind,
    kindLabel: details.kindLabel,
    severity: finding.severity,
    title: finding.title,
    location: `${cloudName} · ${account} · ${ref.region}`,
    reason: ctx.reason,
    ...(reasonNote ? { reasonNote } : {}),
    facts: [
      { label: 'Resource', value: `${ref.name} (${ref.kind})` },
      ...details.facts,
      { label: 'Owner', value: owner ?? `none (no "${ctx.ownerTag}" tag)`, brief: true },
      ...(ctx.remediation && finding.recommendation.action !== 'none'
        ? [{ label: 'Remediation', value: REMEDIATION_NOTES[ctx.remediation.mode] }]
        : []),
    ],
    cost,
    recommendation: { ...finding.recommendation },
    buttons: alertButtons(finding, ctx.remediation?.mode),
    context: `Fingerprint ${finding.fingerprint} · detected ${formatUtc(finding.detectedAt)} · severity ${finding.severity}`,
    summary: `${finding.title} (${cloudName} ${ref.region}): ${cost.known ? `${formatMonthly(cost.monthly)} ${cost.basisLabel}` : 'cost unknown'}`,
  };
}

function costView(finding: Finding, wastedSoFar: Money | undefined): AlertCostView {
  const { monthly, hourly, basis, explanation } = finding.cost;
  // The estimator returns 0/month with basis `estimate` when no price is known: that is "unknown", not "free".
  const known = monthly.amount > 0 || hourly !== undefined;
  const parts = known
    ? [
        ...(hourly ? [formatHourly(hourly)] : []),
        `${formatMonthly(monthly)} projected`,
        ...(wastedSoFar ? [`${formatMoney(wastedSoFar)} wasted so far`] : []),
      ]
    : ['cost unknown'];
  return {
    known,
    ...(hourly ? { hourly } : {}),
    monthly,
    ...(wastedSoFar && known ? { wastedSoFar } : {}),
    basis,
    basisLabel: BASIS_WORDS[basis],
    explanation,
    line: parts.join(' · '),
  };
}

function describeReason(finding: Finding, ctx: ViewContext): string | undefined {
  const prev = ctx.previous;
  if (ctx.reason === 'new' || !prev?.lastSentAt) return undefined;
  const lastSent = `${formatAgo(prev.lastSentAt, ctx.now)}`;
  if (ctx.reason === 'waste-grew' && prev.lastSentMonthlyCost !== undefined && prev.currency) {
    const pct = wasteGrowthPct(finding, prev);
    const was = formatMonthly({ amount: prev.lastSentMonthlyCost, currency: prev.currency });
    const grew = pct === undefined || !Number.isFinite(pct) ? 'Waste grew' : `Waste grew ${Math.round(pct)}%`;
    return `${grew} since the last alert ${lastSent}: ${was} -> ${formatMonthly(finding.cost.monthly)}.`;
  }
  const times = prev.sendCount === 1 ? 'once' : `${prev.sendCount} times`;
  return `Reminder: still open since ${formatUtc(prev.firstSeenAt)}; alerted ${times}, last ${lastSent}.`;
}
