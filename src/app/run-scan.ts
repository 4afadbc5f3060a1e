import type { WatchdogConfig } from '../config/schema';
import { collectSnapshot } from '../collect/collect-snapshot';
import { detectAll } from '../detectors/index';
import { refKey } from '../domain/cloud';
import type { Finding } from '../domain/finding';
import type { ProviderStatus } from '../domain/status';
import { buildAlertBatch } from '../notify/alert-batch';
import { decideAlerts, type AlertToSend } from '../notify/alert-decision';
import type { Notifier, NotifyResult } from '../notify/notifier';
import { createRouter } from '../notify/route';
import type { CloudReader } from '../providers/types';
import type { AlertRecord, StateStore } from '../state/state-store';
import { costWindow, detailWindow, gpuRequest, gpuWindow, utilizationWindow } from './collect-window';
import { forecastRequest } from './forecast-request';
import { autoParkRequests, type RemediationDispatcher } from './remediation-dispatcher';
import { resolveMode } from '../remediation/mode';
import type { SlackMessageRef } from '../remediation/remediation-request';

export interface ScanDeps {
  config: WatchdogConfig;
  readers: readonly CloudReader[];
  store: StateStore;
  notifier: Notifier;
  now: () => Date;
  /** Where automatic parks go (remediation mode `auto`); without one the scan only alerts. */
  dispatcher?: RemediationDispatcher;
}

export interface ScanResult {
  runAt: Date;
  findings: Finding[];
  /** Alerts delivered this run (by fingerprint). */
  alerted: string[];
  /** Held back by cooldown or snooze, or already sent by a concurrent run. */
  suppressed: { fingerprint: string; reason: string }[];
  /** Alerts that could not be delivered; they stay unsent so the next run tries again. */
  failed: NotifyResult['failed'];
  /** Automatic park requests handed to the remediation executor. */
  parkRequests: number;
  statuses: ProviderStatus[];
}

/**
 * The scheduled scan: collect -> detect -> decide which alerts are due -> claim them -> notify -> record.
 * Claiming before posting (a conditional write on lastSentAt) means two overlapping runs never both alert; an
 * alert that then fails to post is released again, so nothing is lost.
 */
export async function runScan(deps: ScanDeps): Promise<ScanResult> {
  const { config, store } = deps;
  const now = deps.now();
  const snapshot = await collectSnapshot({
    readers: deps.readers,
    scope: {},
    window: utilizationWindow(config, now),
    detailWindow: detailWindow(config, now),
    ...gpuRequest(gpuWindow(config, now)),
    costWindow: costWindow(config, now),
    forecast: forecastRequest(config, now),
    now,
  });
  const findings = detectAll(snapshot, config, now);
  const records = await store.getAlerts(findings.map((f) => f.fingerprint));
  const slack = config.notify.slack;
  const decision = decideAlerts(findings, records, { cooldownHours: slack.cooldownHours, realertGrowthPct: slack.realertGrowthPct }, now);

  const claimed: AlertToSend[] = [];
  const suppressed: ScanResult['suppressed'] = decision.suppressed.map((s) => ({ fingerprint: s.finding.fingerprint, reason: s.reason }));
  for (const alert of decision.send) {
    if (await store.markSent(sentRecord(alert, now), alert.previous?.lastSentAt)) claimed.push(alert);
    else suppressed.push({ fingerprint: alert.finding.fingerprint, reason: 'sent-by-concurrent-run' });
  }

  const batch = buildAlertBatch({
    decision: { send: claimed, suppressed: decision.suppressed },
    route: createRouter({ ownerTag: config.ownerTag, defaultChannel: slack.defaultChannel, channelsByOwner: slack.channelsByOwner }),
    ownerTag: config.ownerTag,
    now,
    providerStatuses: snapshot.statuses,
    remediation: (f) => resolveMode(config.remediation, f.kind, f.tags),
  });
  const result = claimed.length > 0 ? await deps.notifier.notify(batch) : undefined;

  // Release what was not shown in detail (failed, or only counted in a digest's "and K more"), so a later run sends it.
  const notShown = new Set([...(result?.failed ?? []), ...(result?.summarized ?? [])].map((x) => x.fingerprint));
  for (const alert of claimed.filter((a) => notShown.has(a.finding.fingerprint))) {
    await store.releaseSent(alert.finding.fingerprint, now, alert.previous);
  }

  // Findings are recorded before parks are dispatched: the remediation function looks the finding up by fingerprint.
  await store.touchAlerts(findings.map((f) => seenRecord(f, now)));
  await store.recordFindings(
    now,
    findings.map((f) => ({
      fingerprint: f.fingerprint,
      kind: f.kind,
      refKey: refKey(f.ref),
      detectedAt: f.detectedAt,
      monthlyCost: f.cost.monthly.amount,
      currency: f.cost.monthly.currency,
      severity: f.severity,
      payload: f,
    })),
  );
  let parkRequests = 0;
  if (deps.dispatcher) {
    const slackRefs = new Map<string, SlackMessageRef>();
    for (const p of result?.posted ?? []) if (p.ts && p.channelId) slackRefs.set(p.fingerprint, { channel: p.channelId, ts: p.ts });
    const requests = autoParkRequests(findings, config, now, slackRefs);
    parkRequests = (await deps.dispatcher.dispatch(requests)).dispatched;
  }
  return {
    runAt: now,
    parkRequests,
    findings,
    alerted: claimed.map((a) => a.finding.fingerprint).filter((fp) => !notShown.has(fp)),
    suppressed,
    failed: result?.failed ?? [],
    statuses: snapshot.statuses,
  };
}

function seenRecord(f: Finding, now: Date): AlertRecord {
  return { fingerprint: f.fingerprint, kind: f.kind, refKey: refKey(f.ref), firstSeenAt: now, lastSeenAt: now, sendCount: 0 };
}

function sentRecord(alert: AlertToSend, now: Date): AlertRecord {
  const f = alert.finding;
  const prev = alert.previous;
  return {
    fingerprint: f.fingerprint,
    kind: f.kind,
    refKey: refKey(f.ref),
    firstSeenAt: prev?.firstSeenAt ?? now,
    lastSeenAt: now,
    lastSentAt: now,
    lastSentMonthlyCost: f.cost.monthly.amount,
    currency: f.cost.monthly.currency,
    sendCount: (prev?.sendCount ?? 0) + 1,
  };
}
