import type { Money } from '../domain/money';
import type { Finding } from '../domain/finding';
import type { ProviderStatus } from '../domain/status';
import type { ResolvedMode } from '../remediation/mode';
import type { AlertToSend } from './alert-decision';

/** Alerts for one destination channel, most important first. */
export interface ChannelAlerts {
  channel: string;
  alerts: AlertToSend[];
}

/** Everything one run wants to announce, already deduplicated (alert-decision.ts) and routed (route.ts). */
export interface AlertBatch {
  /** The run's clock. */
  now: Date;
  /** Config `ownerTag`, shown when a resource has no owner. */
  ownerTag: string;
  channels: ChannelAlerts[];
  totals: AlertTotals;
  /** Collection health; non-ok entries are shown so partial data never looks like a clean fleet. */
  providerStatuses: ProviderStatus[];
  /** The remediation mode that applies to each finding (decides the Park button and the "Remediation" line). */
  remediation?: (finding: Finding) => ResolvedMode;
}

export interface AlertTotals {
  /** Findings the detectors produced this run. */
  findings: number;
  /** Of those, alerts in this batch. */
  toSend: number;
  /** Held back by cooldown, snooze or duplicate. */
  suppressed: number;
  /** Projected monthly waste of the alerts in this batch, one entry per currency. */
  monthlyWaste: Money[];
}

export interface PostedAlert {
  fingerprint: string;
  /** The channel the alert was routed to (as configured: name or id). */
  channel: string;
  /** Slack message timestamp (the message id for chat.update); absent for the console. */
  ts?: string;
  /** The channel id Slack answered with. */
  channelId?: string;
  /** True when the alert went out inside a digest message. */
  digest: boolean;
  /** True when Slack rejected the blocks and the plain-text fallback was posted (no buttons). */
  degraded?: boolean;
}

/** A finding counted only in a digest's "and K more" line: not shown in detail, so not "alerted". */
export interface SummarizedAlert {
  fingerprint: string;
  channel: string;
  ts?: string;
}

export interface FailedAlert {
  fingerprint: string;
  channel: string;
  /** Slack's error code (channel_not_found, not_in_channel, invalid_auth, ratelimited ...) or ours. */
  code: string;
  message: string;
  /** True when the same post may succeed on a later run without anyone changing anything. */
  retryable: boolean;
}

export interface NotifyResult {
  notifier: string;
  posted: PostedAlert[];
  summarized: SummarizedAlert[];
  failed: FailedAlert[];
  /** Messages delivered (a digest counts once). */
  messages: number;
}

/** A destination for alerts: Slack, or the console when no token is configured. */
export interface Notifier {
  name: string;
  /** Never throws for one bad channel or message: failures are per finding in the result. */
  notify(batch: AlertBatch): Promise<NotifyResult>;
}

export function emptyNotifyResult(notifier: string): NotifyResult {
  return { notifier, posted: [], summarized: [], failed: [], messages: 0 };
}
