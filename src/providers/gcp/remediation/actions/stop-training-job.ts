import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { defineAction, googleCall, googleGet, locationOf, type ActionContext } from '../action-context';
import { allow, RESOURCE } from '../permissions';
import { GcpRemediationError } from '../remediation-error';

/**
 * Runaway Vertex AI custom jobs: `:cancel` is best effort ("the job's state is set to CANCELLED" once the server
 * stops it, JOB_STATE_CANCELLING meanwhile) and keeps whatever the job wrote to its output directory. A cancelled
 * job cannot be resumed, so this action is not restorable and only runs when a person approves it.
 */
export const cancelCustomJobSpec: ActionSpec = {
  action: 'stop-training-job',
  validOriginStates: ['JOB_STATE_RUNNING'],
  permissions: [allow('aiplatform.customJobs.get', RESOURCE.customJob), allow('aiplatform.customJobs.cancel', RESOURCE.customJob)],
  approvalOnly: true,
  restorable: false,
};

const priorSchema = z.object({
  customJobName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/customJobs\/[^/]+$/),
  displayName: z.string().optional(),
  /** jobSpec.baseOutputDirectory.outputUriPrefix: where checkpoints and outputs went, to start a new job from. */
  outputUriPrefix: z.string().optional(),
});
type Prior = z.infer<typeof priorSchema>;

interface CustomJob {
  name: string;
  displayName?: string;
  state?: string;
  createTime?: string;
  jobSpec?: { baseOutputDirectory?: { outputUriPrefix?: string } };
}

/** JobState values in which the job still runs or will (job_state.proto). */
const LIVE = new Set(['JOB_STATE_QUEUED', 'JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_UPDATING', 'JOB_STATE_PAUSED']);

function getJob(ctx: ActionContext, name: string): Promise<CustomJob | undefined> {
  const location = locationOf(name);
  return googleGet(ctx, 'Vertex.GetCustomJob', `Reading custom job ${name}`, () =>
    ctx.http.request<CustomJob>({ operation: 'Vertex.GetCustomJob', path: `/v1/${name}`, ...(location ? { location } : {}) }),
  );
}

const gone = (ctx: ActionContext, name: string) =>
  new GcpRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Custom job ${name} no longer exists; nothing to cancel.` });

async function cancel(ctx: ActionContext, name: string): Promise<void> {
  const job = await getJob(ctx, name);
  if (!job) throw gone(ctx, name);
  // CANCELLING, CANCELLED, SUCCEEDED, FAILED, EXPIRED: the job no longer runs, the step's goal is met.
  if (!LIVE.has(job.state ?? '')) return;
  const location = locationOf(name);
  await googleCall(ctx, 'Vertex.CancelCustomJob', `Cancelling custom job ${name}`, () =>
    ctx.http.request({ operation: 'Vertex.CancelCustomJob', method: 'POST', path: `/v1/${name}:cancel`, ...(location ? { location } : {}), body: {} }),
  );
}

export function notRestorable(ctx: ActionContext, p: Prior): GcpRemediationError {
  const from = p.outputUriPrefix
    ? ` Start a new custom job that resumes from the checkpoints it wrote under ${p.outputUriPrefix}.`
    : ' It had no base output directory, so a new job may have to start from the beginning.';
  return new GcpRemediationError({
    code: 'NOT_RESTORABLE',
    resource: ctx.label,
    message: `Custom job ${p.displayName ?? p.customJobName} was cancelled and Vertex AI cannot resume a cancelled job.${from}`,
  });
}

export const stopTrainingJob = defineAction<Prior>({
  spec: cancelCustomJobSpec,
  kind: 'training-job',
  priorSchema,
  async capture(ctx) {
    const job = await getJob(ctx, ctx.name);
    if (!job) throw gone(ctx, ctx.name);
    const createdAt = job.createTime ? new Date(job.createTime) : undefined;
    const out = job.jobSpec?.baseOutputDirectory?.outputUriPrefix;
    return {
      prior: { customJobName: job.name || ctx.name, ...(job.displayName ? { displayName: job.displayName } : {}), ...(out ? { outputUriPrefix: out } : {}) },
      providerStatus: job.state ?? 'JOB_STATE_UNSPECIFIED',
      ...(createdAt && !Number.isNaN(createdAt.getTime()) ? { createdAt } : {}),
    };
  },
  parkSteps: (ctx, p) => [{ name: 'cancel-custom-job', run: () => cancel(ctx, p.customJobName) }],
  restoreSteps: (ctx, p) => [{ name: 'explain-not-restorable', run: () => Promise.reject(notRestorable(ctx, p)) }],
});
