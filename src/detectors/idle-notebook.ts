import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { IdleNotebookFinding, IdleNotebookSignal, ParkAction, Severity } from '../domain/finding';
import type { Notebook } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { severityFor } from './idle-gpu';

const HOUR_MS = 3_600_000;

/**
 * Where the native idle-shutdown setting is readable, so "missing" means missing: Vertex AI Workbench
 * (`idle-timeout-seconds` metadata) and Azure ML compute instances (`idleTimeBeforeShutdown`). SageMaker notebook
 * instances have none (only lifecycle-configuration scripts) and Studio's idle settings live on the domain and its
 * apps' images: not knowable per app here, so no drift is claimed there.
 */
const SHUTDOWN_KNOWABLE: ReadonlySet<Notebook['notebookKind']> = new Set(['workbench', 'compute-instance']);

const ACTION: Record<Notebook['notebookKind'], ParkAction> = {
  'notebook-instance': 'stop-notebook',
  workbench: 'stop-notebook',
  'compute-instance': 'stop-notebook',
  'studio-app': 'delete-studio-app',
};

/**
 * `idle-notebook`: notebooks on GPU or large CPU sizes left running with no activity, and native idle shutdown that is
 * missing or longer than policy (drift, reported even while the notebook is in use). None of the three clouds exposes
 * notebook kernel activity through the APIs the reader uses, so "no activity since" is the last start or change the
 * cloud reports (SageMaker LastModifiedTime, Workbench updateTime, Azure modifiedOn), else the creation time: a
 * notebook running for a day without being restarted or changed, on a size that costs, is one people forgot. The
 * evidence says which time was used.
 */
export function detectIdleNotebook(snapshot: Snapshot, config: WatchdogConfig, now: Date): IdleNotebookFinding[] {
  const policy = config.detectors['idle-notebook'];
  if (!policy.enabled) return [];
  const out: IdleNotebookFinding[] = [];
  for (const n of snapshot.notebooks) {
    if (n.status !== 'in-service' || exclusionReason(n.ref.name, n.tags, config.exclusions)) continue;
    const big = n.instance.acceleratorCount > 0 || (n.instance.vcpus ?? 0) >= policy.minVcpus;
    if (!big) continue;
    const since = n.lastModifiedAt ?? n.createdAt;
    const quietHours = (now.getTime() - since.getTime()) / HOUR_MS;
    const signals: IdleNotebookSignal[] = [];
    if (quietHours >= policy.idleHours) signals.push('idle');
    if (SHUTDOWN_KNOWABLE.has(n.notebookKind)) {
      if (n.idleShutdownMinutes === undefined) signals.push('idle-shutdown-missing');
      else if (n.idleShutdownMinutes > policy.maxIdleShutdownMinutes) signals.push('idle-shutdown-too-long');
    }
    if (signals.length === 0) continue;
    out.push(finding(n, signals, since, quietHours, snapshot, config, now));
  }
  return out;
}

function finding(n: Notebook, signals: IdleNotebookSignal[], since: Date, quietHours: number, snapshot: Snapshot, config: WatchdogConfig, now: Date): IdleNotebookFinding {
  const policy = config.detectors['idle-notebook'];
  const cost = estimateMonthlyCost(n.ref, [{ instance: n.instance, count: 1 }], snapshot.costs, now);
  const idle = signals.includes('idle');
  const owner = n.tags[config.ownerTag];
  const hourly = cost.hourly;
  const setting = { workbench: 'the idle-timeout-seconds metadata (Idle shutdown in the console)', 'compute-instance': 'idleTimeBeforeShutdown (Idle shutdown in the studio)' } as Record<string, string>;
  const drift = signals.find((s) => s !== 'idle');
  const driftText = drift
    ? `set ${setting[n.notebookKind] ?? 'its idle shutdown'} to at most ${policy.maxIdleShutdownMinutes} minutes${drift === 'idle-shutdown-too-long' ? ` (now ${n.idleShutdownMinutes})` : ' (none is set)'}`
    : undefined;
  const stop = n.notebookKind === 'studio-app' ? 'Delete the Studio app (the user\'s files stay in their home directory)' : 'Stop it (disks and files stay; start it again when needed)';
  return {
    kind: 'idle-notebook',
    // Drift alone is its own, lower-stakes problem: a separate fingerprint, so a later idle alert is not held back.
    fingerprint: `idle-notebook:${refKey(n.ref)}${idle ? '' : ':drift'}`,
    ref: n.ref,
    tags: n.tags,
    ...(owner ? { owner } : {}),
    title: idle ? `${n.ref.name} (${n.instance.instanceType}) has run ${Math.floor(quietHours)} h untouched` : `${n.ref.name} has no idle shutdown within policy`,
    severity: idle ? severityFor(cost.monthly.amount) : lowest(severityFor(cost.monthly.amount)),
    resourceCreatedAt: n.createdAt,
    detectedAt: now,
    cost,
    recommendation: {
      action: idle ? ACTION[n.notebookKind] : 'none',
      summary: [idle ? stop : undefined, driftText].filter(Boolean).join('; and ') + '.',
      reversible: idle ? n.notebookKind !== 'studio-app' : false,
    },
    evidence: {
      signals,
      notebookKind: n.notebookKind,
      instanceType: n.instance.instanceType,
      acceleratorCount: n.instance.acceleratorCount,
      ...(n.instance.vcpus !== undefined ? { vcpus: n.instance.vcpus } : {}),
      activitySource: n.lastModifiedAt ? 'last-modified' : 'created',
      quietSince: since.toISOString(),
      quietHours,
      ...(n.idleShutdownMinutes !== undefined ? { idleShutdownMinutes: n.idleShutdownMinutes } : {}),
      maxIdleShutdownMinutes: policy.maxIdleShutdownMinutes,
      ...(idle && hourly ? { wastedSoFar: { amount: hourly.amount * quietHours, currency: hourly.currency } } : {}),
    },
  };
}

/** Drift is a setting to fix, not money burning: low at most. */
function lowest(s: Severity): Severity {
  return s === 'info' ? 'info' : 'low';
}
