import type { Finding } from '../domain/finding';
import type { AlertRecord } from '../state/state-store';

const HOUR_MS = 3_600_000;

export type SendReason = 'new' | 'cooldown-expired' | 'waste-grew';
/**
 * `duplicate`: the same fingerprint twice in one run (a detector bug); the costlier copy is kept.
 * `sent-once`: an `alertOnce` finding (a budget threshold of one period) that was already sent.
 */
export type SuppressReason = 'cooldown' | 'snoozed' | 'duplicate' | 'sent-once';

export interface AlertPolicy {
  /** Do not repeat an alert for the same fingerprint sooner than this. 0 = alert every run. */
  cooldownHours: number;
  /** Inside the cooldown, re-alert when the monthly cost grew by at least this percentage (same currency). */
  realertGrowthPct: number;
}

export interface AlertToSend {
  finding: Finding;
  reason: SendReason;
  /** The stored record before this run, for "waste grew from X" and "reminder #n" notes. */
  previous?: AlertRecord;
}

export interface SuppressedAlert {
  finding: Finding;
  reason: SuppressReason;
  previous?: AlertRecord;
}

export interface AlertDecision {
  send: AlertToSend[];
  suppressed: SuppressedAlert[];
}

/**
 * Which findings to alert about this run. Pure: the store is read before and written after by the caller.
 *
 * - No record, or a record that was never sent (a failed post, Slack disabled): `new`.
 * - Snoozed until after `now`: suppressed, even if the waste grew; a snooze is a person's explicit decision.
 * - `alertOnce` and sent before: suppressed for good (`sent-once`).
 * - Last sent at least `cooldownHours` ago: `cooldown-expired`.
 * - Inside the cooldown: `waste-grew` when the monthly cost rose by >= `realertGrowthPct` in the same currency,
 *   else suppressed. Growth must be strictly positive, so `realertGrowthPct: 0` means "on any growth", never "every
 *   run". Costs in different currencies are not comparable, so they never count as growth.
 *
 * Findings are returned in input order; one record lookup per finding (O(n)).
 */
export function decideAlerts(
  findings: readonly Finding[],
  alerts: ReadonlyMap<string, AlertRecord>,
  policy: AlertPolicy,
  now: Date,
): AlertDecision {
  const send: AlertToSend[] = [];
  const suppressed: SuppressedAlert[] = [];
  for (const finding of keepCostliestPerFingerprint(findings, suppressed)) {
    const previous = alerts.get(finding.fingerprint);
    const withPrevious = previous ? { previous } : {};
    if (previous?.snoozedUntil && previous.snoozedUntil.getTime() > now.getTime()) {
      suppressed.push({ finding, reason: 'snoozed', ...withPrevious });
      continue;
    }
    if (!previous?.lastSentAt) {
      send.push({ finding, reason: 'new', ...withPrevious });
      continue;
    }
    if (finding.alertOnce) {
      suppressed.push({ finding, reason: 'sent-once', previous });
      continue;
    }
    const sinceSentHours = (now.getTime() - previous.lastSentAt.getTime()) / HOUR_MS;
    if (sinceSentHours >= policy.cooldownHours) {
      send.push({ finding, reason: 'cooldown-expired', previous });
    } else if (wasteGrew(finding, previous, policy.realertGrowthPct)) {
      send.push({ finding, reason: 'waste-grew', previous });
    } else {
      suppressed.push({ finding, reason: 'cooldown', previous });
    }
  }
  return { send, suppressed };
}

/** Monthly cost growth in percent since the last alert; undefined when not comparable. Infinity from zero. */
export function wasteGrowthPct(finding: Finding, previous: AlertRecord): number | undefined {
  const last = previous.lastSentMonthlyCost;
  const nowCost = finding.cost.monthly;
  if (last === undefined || previous.currency === undefined || previous.currency !== nowCost.currency) return undefined;
  if (last <= 0) return nowCost.amount > 0 ? Number.POSITIVE_INFINITY : 0;
  return ((nowCost.amount - last) / last) * 100;
}

function wasteGrew(finding: Finding, previous: AlertRecord, thresholdPct: number): boolean {
  const pct = wasteGrowthPct(finding, previous);
  return pct !== undefined && pct > 0 && pct >= thresholdPct;
}

/** Keeps the first occurrence of each fingerprint, replaced by a later one only if that one costs more. */
function keepCostliestPerFingerprint(findings: readonly Finding[], suppressed: SuppressedAlert[]): Finding[] {
  const byFingerprint = new Map<string, Finding>();
  for (const f of findings) {
    const seen = byFingerprint.get(f.fingerprint);
    if (!seen) {
      byFingerprint.set(f.fingerprint, f);
    } else if (f.cost.monthly.amount > seen.cost.monthly.amount) {
      byFingerprint.set(f.fingerprint, f);
      suppressed.push({ finding: seen, reason: 'duplicate' });
    } else {
      suppressed.push({ finding: f, reason: 'duplicate' });
    }
  }
  return [...byFingerprint.values()];
}
