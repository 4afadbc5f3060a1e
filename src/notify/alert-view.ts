import type { CostBasis } from '../domain/cost';
import type { FindingKind, ParkAction, Severity } from '../domain/finding';
import type { Money } from '../domain/money';
import type { SendReason } from './alert-decision';

/**
 * The one presentation model of an alert. Per-kind code builds it once (build-alert-view.ts); Block Kit
 * (slack/blocks.ts) and plain text (view-text.ts) are two renderings of it, so both always show the same facts.
 * Every string here is plain text: renderers escape for their medium (Slack mrkdwn escapes &, <, >).
 */
export interface AlertView {
  fingerprint: string;
  kind: FindingKind;
  /** "Idle GPU". */
  kindLabel: string;
  severity: Severity;
  title: string;
  /** "AWS · account 123456789012 · us-east-1". */
  location: string;
  reason: SendReason;
  /** Why this is a repeat, e.g. "Waste grew 40% since the last alert ...". Absent for new alerts. */
  reasonNote?: string;
  facts: AlertFact[];
  cost: AlertCostView;
  recommendation: AlertRecommendationView;
  buttons: AlertButton[];
  /** "Fingerprint idle-gpu:aws:... · detected 2026-11-03 14:05 UTC · severity high". */
  context: string;
  /** One line for notification previews, logs and the Slack fallback `text`. */
  summary: string;
}

export interface AlertFact {
  label: string;
  value: string;
  /** Also shown in compact renderings (digests). */
  brief?: boolean;
}

export interface AlertCostView {
  /** False when no price or bill was found (monthly is then 0 and must not read as "free"). */
  known: boolean;
  hourly?: Money;
  monthly: Money;
  wastedSoFar?: Money;
  basis: CostBasis;
  /** "list price", "billed", "estimate". */
  basisLabel: string;
  /** Where the number comes from, from the finding's CostEstimate. */
  explanation: string;
  /** "$7.09/h · $5,175.70/month projected · $127.62 wasted so far", or "cost unknown". */
  line: string;
}

export interface AlertRecommendationView {
  action: ParkAction;
  summary: string;
  reversible: boolean;
}

/** Slack action_ids of the alert buttons; the interactivity handler dispatches on them. */
export const ALERT_ACTION_IDS = ['wd_park', 'wd_snooze_24h', 'wd_snooze_7d', 'wd_ignore'] as const;
export type AlertActionId = (typeof ALERT_ACTION_IDS)[number];

export interface AlertButton {
  actionId: AlertActionId;
  label: string;
  /** Identifies the finding (see alert-buttons.ts); never trusted by the handler without re-checking. */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny: string };
}
