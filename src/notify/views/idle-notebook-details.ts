import type { IdleNotebookFinding } from '../../domain/finding';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

const shutdownText = (f: IdleNotebookFinding): string | undefined => {
  const e = f.evidence;
  if (e.signals.includes('idle-shutdown-missing')) return 'no idle shutdown';
  if (e.signals.includes('idle-shutdown-too-long')) return `idle shutdown ${e.idleShutdownMinutes} min (policy <= ${e.maxIdleShutdownMinutes})`;
  return undefined;
};

/** One line for the CLI table. */
export function idleNotebookLine(f: IdleNotebookFinding): string {
  const e = f.evidence;
  const idle = e.signals.includes('idle') ? `${Math.floor(e.quietHours)} h untouched` : undefined;
  return [`${e.instanceType}${e.acceleratorCount ? ` (${e.acceleratorCount} GPU)` : ''}, ${e.notebookKind}`, idle, shutdownText(f)].filter(Boolean).join(', ');
}

export function idleNotebookDetails(f: IdleNotebookFinding): KindDetails {
  const e = f.evidence;
  const facts: AlertFact[] = [{ label: 'Notebook', value: `${e.notebookKind}, ${e.instanceType}${e.acceleratorCount ? `, ${e.acceleratorCount} GPU` : ''}`, brief: true }];
  if (e.signals.includes('idle')) {
    facts.push({ label: 'Untouched for', value: `${Math.floor(e.quietHours)} h (since ${e.quietSince.slice(0, 16).replace('T', ' ')} UTC, its last ${e.activitySource === 'last-modified' ? 'start or change' : 'creation'}; the cloud reports no kernel activity)`, brief: true });
  }
  const shutdown = shutdownText(f);
  if (shutdown) facts.push({ label: 'Idle shutdown', value: shutdown, brief: true });
  return { kindLabel: 'Idle notebook', facts, ...(e.wastedSoFar ? { wastedSoFar: e.wastedSoFar } : {}) };
}
