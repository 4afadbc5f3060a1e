import type { IdleShutdownState, Notebook, NotebookActivitySource } from '../resources';

/** Which rule fired: left idle now, or its native idle shutdown is missing / longer than policy. */
export type IdleNotebookRule = 'idle' | 'idle-shutdown-drift';

export interface IdleNotebookEvidence {
  rule: IdleNotebookRule;
  notebookKind: Notebook['notebookKind'];
  instanceType: string;
  acceleratorCount: number;
  vcpus?: number;
  /** Why the size counts: an accelerator, or at least `minVcpus` vCPUs. */
  sizeReason: string;
  providerStatus: string;
  /** The latest sign of use, where it came from, and how strong that signal is. */
  lastActivityAt?: Date;
  activitySource?: NotebookActivitySource;
  /** 'user-activity': a person's last use; 'uptime': only the last start/change is known (running since). */
  signal: 'user-activity' | 'uptime';
  /** One sentence on what the activity time is and what it cannot tell. */
  evidenceBasis: string;
  /** Hours since lastActivityAt. */
  idleHours: number;
  /** The threshold that applied (idleHours or uptimeHours of the config). */
  thresholdHours: number;
  idleShutdownState: IdleShutdownState;
  idleShutdownMinutes?: number;
  maxIdleShutdownMinutes: number;
  /** The native setting to change on this cloud, in the cloud's words. */
  idleShutdownSetting: string;
  /** Money spent since lastActivityAt (idleHours x hourly cost); idle rule only. */
  wastedSoFar?: { amount: number; currency: string };
}
