import type { IdleNotebookFinding } from '../../domain/finding';
import type { Notebook } from '../../domain/resources';
import { formatAgo, formatHours, formatUtc } from '../format';
import type { AlertFact } from '../alert-view';
import type { KindDetails, KindViewContext } from './kind-details';

const KIND_WORDS: Record<Notebook['notebookKind'], string> = {
  'notebook-instance': 'SageMaker notebook instance',
  'studio-app': 'SageMaker Studio app',
  workbench: 'Vertex AI Workbench instance',
  'compute-instance': 'Azure ML compute instance',
};

/** "no idle shutdown" / "after 720 min (policy 180)" / "60 min" / "unknown (...)". */
export function idleShutdownText(f: IdleNotebookFinding): string {
  const e = f.evidence;
  if (e.idleShutdownState === 'absent') return 'none: it never stops itself';
  if (e.idleShutdownState === 'unknown') return 'not readable from the API';
  const over = e.idleShutdownMinutes !== undefined && e.idleShutdownMinutes > e.maxIdleShutdownMinutes;
  return `after ${Math.round(e.idleShutdownMinutes ?? 0)} idle min${over ? ` (policy: at most ${e.maxIdleShutdownMinutes})` : ''}`;
}

/** One line for the CLI table. */
export function idleNotebookLine(f: IdleNotebookFinding): string {
  const e = f.evidence;
  const what = `${e.instanceType} (${e.sizeReason})`;
  if (e.rule === 'idle-shutdown-drift') return `${what}; idle shutdown ${idleShutdownText(f)}`;
  const span = e.signal === 'user-activity' ? `no user activity for ${formatHours(e.idleHours)}` : `up ${formatHours(e.idleHours)} ${e.activitySource === 'created' ? 'since created' : 'with no start/stop/change'}`;
  const shutdown = e.idleShutdownState === 'configured' && !(e.idleShutdownMinutes! > e.maxIdleShutdownMinutes) ? '' : `; idle shutdown ${idleShutdownText(f)}`;
  return `${what}, ${span}${shutdown}`;
}

/** Evidence of an idle notebook or of idle-shutdown drift, with how strong the activity signal is. */
export function idleNotebookDetails(f: IdleNotebookFinding, ctx: KindViewContext): KindDetails {
  const e = f.evidence;
  const facts: AlertFact[] = [
    { label: 'Notebook', value: `${KIND_WORDS[e.notebookKind]}, ${e.instanceType} (${e.sizeReason}), ${e.providerStatus}`, brief: true },
  ];
  if (e.rule === 'idle') {
    const label = e.signal === 'user-activity' ? 'Idle for' : 'Up for';
    facts.push({ label, value: `${formatHours(e.idleHours)} (threshold ${formatHours(e.thresholdHours)})`, brief: true });
  }
  if (e.lastActivityAt) {
    const label = e.signal === 'user-activity' ? 'Last user activity' : 'Running since';
    facts.push({ label, value: `${formatUtc(e.lastActivityAt)} (${formatAgo(e.lastActivityAt, ctx.now)})` });
  }
  facts.push({ label: 'Evidence basis', value: e.evidenceBasis });
  facts.push({ label: 'Idle shutdown', value: idleShutdownText(f), brief: e.rule === 'idle-shutdown-drift' });
  if (e.rule === 'idle-shutdown-drift' || e.idleShutdownState !== 'configured') facts.push({ label: 'Setting to change', value: e.idleShutdownSetting });
  return { kindLabel: e.rule === 'idle' ? 'Idle notebook' : 'Notebook idle-shutdown drift', facts, ...(e.wastedSoFar ? { wastedSoFar: e.wastedSoFar } : {}) };
}
