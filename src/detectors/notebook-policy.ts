import type { ParkAction, Recommendation } from '../domain/finding';
import type { InstanceSpec, Notebook, NotebookActivitySource } from '../domain/resources';

/** Why a notebook's size is worth watching, or undefined for small CPU notebooks (never reported). */
export function sizeReason(instance: InstanceSpec, minVcpus: number): string | undefined {
  if (instance.acceleratorCount > 0) {
    const model = instance.acceleratorModel ? ` ${instance.acceleratorModel}` : '';
    return `${instance.acceleratorCount} x${model} ${instance.acceleratorKind === 'nvidia-gpu' ? 'GPU' : 'accelerator'}`;
  }
  // Unknown vCPUs count as small: a notebook is only reported on what we know it carries.
  if (instance.vcpus !== undefined && instance.vcpus >= minVcpus) return `${instance.vcpus} vCPUs (>= ${minVcpus})`;
  return undefined;
}

/** The native idle-shutdown setting to change, in each cloud's words. */
export function idleShutdownSetting(kind: Notebook['notebookKind'], maxMinutes: number): string {
  switch (kind) {
    case 'notebook-instance':
      return `a lifecycle configuration with an auto-stop script (e.g. the AWS sample "auto-stop-idle", IDLE_TIME=${maxMinutes * 60} seconds); notebook instances have no idle shutdown of their own`;
    case 'studio-app':
      return `idle shutdown in the Studio domain, user profile or space (AppLifecycleManagement.IdleSettings: LifecycleManagement ENABLED, IdleTimeoutInMinutes <= ${maxMinutes}) for JupyterLab and Code Editor; the auto-shutdown extension for Studio Classic KernelGateway apps`;
    case 'workbench':
      return `the instance metadata idle-timeout-seconds (<= ${maxMinutes * 60})`;
    case 'compute-instance':
      return `idleTimeBeforeShutdown (e.g. PT${maxMinutes}M) via the studio's compute settings or Compute_UpdateIdleShutdownSetting`;
  }
}

/** What the activity time is, and what it cannot tell, per cloud: the finding states it as its evidence basis. */
export function evidenceBasis(kind: Notebook['notebookKind'], source: NotebookActivitySource | undefined): string {
  if (source === 'user-activity') return 'SageMaker DescribeApp LastUserActivityTimestamp, earlier than the last health check, so it is a person\'s last use.';
  switch (kind) {
    case 'studio-app':
      return 'Up since the app was created (CreationTime): SageMaker\'s LastUserActivityTimestamp only repeats the health-check time, so no cloud signal says whether anyone used it since.';
    case 'notebook-instance':
      return 'Running unchanged since LastModifiedTime (its last start, stop or update): SageMaker exposes no notebook activity, so this is uptime, not proof that nobody used it.';
    case 'workbench':
      return 'Running unchanged since updateTime (its last start, stop or update): the Notebooks API exposes no activity time, so this is uptime, not proof that nobody used it.';
    case 'compute-instance':
      return source === 'last-start'
        ? 'Up since its last start (lastOperation): Azure ML exposes no user activity, so this is uptime, not proof that nobody used it.'
        : 'Running unchanged since modifiedOn: Azure ML exposes no user activity, so this is uptime, not proof that nobody used it.';
  }
}

const PARK: Record<Notebook['notebookKind'], { action: ParkAction; what: string }> = {
  'notebook-instance': { action: 'stop-notebook', what: 'Stop the notebook instance (its ML storage volume and files stay; start it again when needed)' },
  'studio-app': { action: 'delete-studio-app', what: 'Delete the Studio app (files on the user\'s or space\'s storage stay; restore creates the app again)' },
  workbench: { action: 'stop-notebook', what: 'Stop the Workbench instance (its disks stay and still bill; start it again when needed)' },
  'compute-instance': { action: 'stop-notebook', what: 'Stop the compute instance (its disk still bills; start it again when needed)' },
};

/** Idle: park it (each cloud's remediator registers these actions for notebooks), and fix the setting if it lacks one. */
export function idleRecommendation(n: Notebook, driftNote: string | undefined): Recommendation {
  const p = PARK[n.notebookKind];
  return { action: p.action, summary: `${p.what}${driftNote ? `; then ${driftNote}` : ''}.`, reversible: true };
}

/** Drift: nothing to park (it may be in use right now); the owner changes the setting. */
export function driftRecommendation(setting: string): Recommendation {
  return { action: 'none', summary: `Set ${setting} so it stops itself when idle; nothing is stopped now because it may be in use.`, reversible: true };
}
