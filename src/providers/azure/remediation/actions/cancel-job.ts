import type { JobBase } from '@azure/arm-machinelearning';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { armCall, armGet, dateOf, defineAction, type ActionContext } from '../action-context';
import { allow, LRO_PERMISSIONS, RESOURCE } from '../permissions';
import { AzureRemediationError } from '../remediation-error';
import { driveLro } from '../wait';

/**
 * Runaway Azure ML jobs (ParkAction stop-training-job): Jobs_Cancel is a long-running operation; the job goes
 * CancelRequested, then Canceled, and keeps the outputs and checkpoints it already wrote. A canceled job cannot be
 * resumed, so this action is not restorable and only runs with a person's approval.
 */
export const cancelJobSpec: ActionSpec = {
  action: 'stop-training-job',
  validOriginStates: ['Running'],
  permissions: [
    allow('Microsoft.MachineLearningServices/workspaces/jobs/read', RESOURCE.job),
    // ⚠️ Jobs_Cancel (POST …/jobs/{id}/cancel): the RBAC action it checks is not documented. POST sub-operations
    // usually map to <type>/<verb>/action (computes/stop/action), which the simulator checks; jobs/write is listed too
    // in case cancel is checked as a job update. Verify both with `az provider operation show -n Microsoft.MachineLearningServices`.
    allow('Microsoft.MachineLearningServices/workspaces/jobs/cancel/action', RESOURCE.job),
    allow('Microsoft.MachineLearningServices/workspaces/jobs/write', RESOURCE.job),
    ...LRO_PERMISSIONS,
  ],
  approvalOnly: true,
  restorable: false,
};

const priorSchema = z.object({
  jobId: z.string().min(1),
  displayName: z.string().optional(),
  experimentName: z.string().optional(),
  jobType: z.string().optional(),
});
type Prior = z.infer<typeof priorSchema>;

/** JobStatus values in which the job runs or will run. */
const LIVE = new Set(['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued', 'Running', 'Finalizing', 'NotResponding', 'Paused', 'Unknown']);

function getJob(ctx: ActionContext): Promise<JobBase | undefined> {
  const { resourceGroup, workspace, name } = ctx.arm;
  return armGet(ctx, `Reading job ${name}`, () => ctx.ml.jobs.get(resourceGroup, workspace, name));
}

const gone = (ctx: ActionContext) =>
  new AzureRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Job ${ctx.arm.name} no longer exists; nothing to cancel.` });

async function cancel(ctx: ActionContext): Promise<void> {
  const job = await getJob(ctx);
  if (!job) throw gone(ctx);
  // CancelRequested, Canceled, Completed, Failed: the job no longer runs (or is being stopped): the goal is met.
  if (!LIVE.has(job.properties.status ?? 'Unknown')) return;
  const { resourceGroup, workspace, name } = ctx.arm;
  const what = `Canceling job ${name}`;
  const poller = await armCall(ctx, what, () => ctx.ml.jobs.beginCancel(resourceGroup, workspace, name));
  await driveLro(ctx, poller, what, 'The cancel keeps running on Azure\'s side; run the same command again to confirm.');
}

export function notRestorable(ctx: ActionContext, p: Prior): AzureRemediationError {
  return new AzureRemediationError({
    code: 'NOT_RESTORABLE',
    resource: ctx.label,
    message: `Job ${p.displayName ?? ctx.arm.name} was canceled and Azure ML cannot resume a canceled job. Submit it again${p.experimentName ? ` in experiment ${p.experimentName}` : ''}, starting from the checkpoints it wrote to its outputs.`,
  });
}

export const cancelJob = defineAction<Prior>({
  spec: cancelJobSpec,
  kind: 'training-job',
  priorSchema,
  async capture(ctx) {
    const job = await getJob(ctx);
    if (!job) throw gone(ctx);
    const p = job.properties;
    const createdAt = dateOf(job.systemData?.createdAt);
    return {
      prior: {
        jobId: job.id ?? ctx.label,
        ...(p.displayName ? { displayName: p.displayName } : {}),
        ...(p.experimentName ? { experimentName: p.experimentName } : {}),
        ...(p.jobType ? { jobType: p.jobType } : {}),
      },
      providerStatus: p.status ?? 'Unknown',
      ...(createdAt ? { createdAt } : {}),
    };
  },
  parkSteps: (ctx) => [{ name: 'cancel-job', run: () => cancel(ctx) }],
  restoreSteps: (ctx, p) => [{ name: 'explain-not-restorable', run: () => Promise.reject(notRestorable(ctx, p)) }],
});
