import type { Notebook } from '../resources';

export type IdleNotebookSignal = 'idle' | 'idle-shutdown-missing' | 'idle-shutdown-too-long';

export interface IdleNotebookEvidence {
  signals: IdleNotebookSignal[];
  notebookKind: Notebook['notebookKind'];
  instanceType: string;
  acceleratorCount: number;
  vcpus?: number;
  /** What "no activity since" is measured from: the cloud's last-activity time, or its last start/change when it reports no activity. */
  activitySource: 'last-modified' | 'created';
  quietSince: string;
  quietHours: number;
  idleShutdownMinutes?: number;
  maxIdleShutdownMinutes: number;
  /** Money spent while quiet (quietHours x hourly), when the hourly cost is known. */
  wastedSoFar?: { amount: number; currency: string };
}
