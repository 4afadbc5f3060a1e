import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { IdleNotebookEvidence, IdleNotebookFinding } from '../domain/finding';
import type { Notebook } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { formatHours } from '../notify/format';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { severityFor } from './idle-gpu';
import { driftRecommendation, evidenceBasis, idleRecommendation, idleShutdownSetting, sizeReason } from './notebook-policy';

const HOUR_MS = 3_600_000;

type Policy = WatchdogConfig['detectors']['idle-notebook'];

/**
 * `idle-notebook`: running GPU or large CPU notebooks (SageMaker notebook instances and Studio apps, Vertex AI
 * Workbench instances, Azure ML compute instances) left idle, and, separately, running ones whose native idle
 * shutdown is missing or longer than policy (drift, a separate fingerprint). One finding per notebook: an idle one
 * carries the drift facts and the setting to change instead of a second alert.
 */
export function detectIdleNotebook(snapshot: Snapshot, config: WatchdogConfig, now: Date): IdleNotebookFinding[] {
  const policy = config.detectors['idle-notebook'];
  if (!policy.enabled) return [];
  const findings: IdleNotebookFinding[] = [];
  for (const n of snapshot.notebooks) {
    // Only running notebooks bill for their instance; stopped, starting and failed ones are not idle waste.
    if (n.status !== 'in-service') continue;
    const size = sizeReason(n.instance, policy.minVcpus);
    if (!size || exclusionReason(n.ref.name, n.tags, config.exclusions)) continue;
    const f = evaluate(n, size, snapshot, config, now);
    if (f) findings.push(f);
  }
  return findings;
}

function evaluate(n: Notebook, size: string, snapshot: Snapshot, config: WatchdogConfig, now: Date): IdleNotebookFinding | undefined {
  const policy = config.detectors['idle-notebook'];
  const last = n.lastActivityAt ?? n.lastModifiedAt ?? n.createdAt;
  const signal = n.activitySource === 'user-activity' ? 'user-activity' : 'uptime';
  const thresholdHours = signal === 'user-activity' ? policy.idleHours : policy.uptimeHours;
  const idleHours = Math.max(0, (now.getTime() - last.getTime()) / HOUR_MS);
  const drift = driftOf(n, policy);
  const setting = idleShutdownSetting(n.notebookKind, policy.maxIdleShutdownMinutes);
  // With only uptime known, a notebook whose own idle shutdown is within policy would have stopped itself had it
  // been idle that long: still running means it is in use (a busy kernel keeps it up), so uptime alone says nothing.
  const selfStopping = n.idleShutdownState === 'configured' && !drift;
  const idle = idleHours >= thresholdHours && (signal === 'user-activity' || !selfStopping);
  if (!idle && !(drift && policy.reportIdleShutdownDrift)) return undefined;

  const cost = estimateMonthlyCost(n.ref, [{ instance: n.instance, count: 1 }], snapshot.costs, now);
  const state = n.idleShutdownState ?? 'unknown';
  const evidence: IdleNotebookEvidence = {
    rule: idle ? 'idle' : 'idle-shutdown-drift',
    notebookKind: n.notebookKind,
    instanceType: n.instance.instanceType,
    acceleratorCount: n.instance.acceleratorCount,
    ...(n.instance.vcpus !== undefined ? { vcpus: n.instance.vcpus } : {}),
    sizeReason: size,
    providerStatus: n.providerStatus,
    lastActivityAt: last,
    ...(n.activitySource ? { activitySource: n.activitySource } : {}),
    signal,
    evidenceBasis: evidenceBasis(n.notebookKind, n.activitySource),
    idleHours,
    thresholdHours,
    idleShutdownState: state,
    ...(n.idleShutdownMinutes !== undefined ? { idleShutdownMinutes: n.idleShutdownMinutes } : {}),
    maxIdleShutdownMinutes: policy.maxIdleShutdownMinutes,
    idleShutdownSetting: setting,
    ...(idle && cost.hourly ? { wastedSoFar: { amount: cost.hourly.amount * idleHours, currency: cost.hourly.currency } } : {}),
  };
  const owner = n.tags[config.ownerTag];
  const base = {
    kind: 'idle-notebook' as const,
    ref: n.ref,
    tags: n.tags,
    ...(owner ? { owner } : {}),
    resourceCreatedAt: n.createdAt,
    detectedAt: now,
    cost,
    evidence,
  };
  if (idle) {
    return {
      ...base,
      fingerprint: `idle-notebook:${refKey(n.ref)}`,
      title: idleTitle(n, signal, idleHours),
      // By what it costs (as idle-gpu); the weaker uptime signal is stated in the evidence basis instead.
      severity: severityFor(cost.monthly.amount),
      recommendation: idleRecommendation(n, drift ? `set ${setting}` : undefined),
    };
  }
  return {
    ...base,
    // The notebook may be in use: its monthly cost is what is exposed if it is left on, not money lost.
    cost: { ...cost, explanation: `exposed if left running idle: ${cost.explanation}` },
    fingerprint: `idle-notebook:drift:${refKey(n.ref)}`,
    title: `Notebook ${n.ref.name} ${drift}`,
    // Drift is a policy gap, not money burning now.
    severity: 'low',
    recommendation: driftRecommendation(setting),
  };
}

/** Why the idle-shutdown setting breaks policy, or undefined when it complies or cannot be read. */
function driftOf(n: Notebook, policy: Policy): string | undefined {
  if (n.idleShutdownState === 'absent') return 'has no idle shutdown';
  if (n.idleShutdownState === 'configured' && n.idleShutdownMinutes !== undefined && n.idleShutdownMinutes > policy.maxIdleShutdownMinutes) {
    return `shuts down only after ${Math.round(n.idleShutdownMinutes)} idle minutes (policy: ${policy.maxIdleShutdownMinutes})`;
  }
  return undefined;
}

function idleTitle(n: Notebook, signal: 'user-activity' | 'uptime', hours: number): string {
  const span = formatHours(hours);
  return signal === 'user-activity'
    ? `Idle notebook ${n.ref.name}: no user activity for ${span}`
    : `Notebook ${n.ref.name} left running for ${span} (${n.activitySource === 'created' ? 'since created' : 'no start, stop or change'})`;
}
