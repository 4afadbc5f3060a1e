import type { ComputeInstance, ComputeResource } from '@azure/arm-machinelearning';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { armCall, armGet, dateOf, defineAction, type ActionContext } from '../action-context';
import { allow, LRO_PERMISSIONS, RESOURCE } from '../permissions';
import { AzureRemediationError } from '../remediation-error';
import { driveLro, waitFor } from '../wait';

/**
 * Azure ML compute instances (ParkAction stop-notebook, notebook kind compute-instance): Compute_Stop deallocates
 * the VM, so its cores and GPUs stop billing; ⚠️ the OS disk, public IP and load balancer keep billing while stopped
 * (MicrosoftDocs/azure-ai-docs PR #82), so the saving is the VM price, not the whole bill. Restore is Compute_Start.
 * Both are long-running operations; the steps then wait for the instance state a person sees in studio.
 * JobRunning is not a valid origin: stopping would kill the job running on the instance.
 */
export const stopComputeInstanceSpec: ActionSpec = {
  action: 'stop-notebook',
  validOriginStates: ['Running'],
  permissions: [
    allow('Microsoft.MachineLearningServices/workspaces/computes/read', RESOURCE.compute),
    allow('Microsoft.MachineLearningServices/workspaces/computes/stop/action', RESOURCE.compute),
    allow('Microsoft.MachineLearningServices/workspaces/computes/start/action', RESOURCE.compute),
    ...LRO_PERMISSIONS,
  ],
  restorable: true,
};

/** Stopping deallocates the VM only. */
export const STILL_BILLED = 'OS disk, public IP address and load balancer keep billing while the compute instance is stopped';

const priorSchema = z.object({
  computeId: z.string().min(1),
  vmSize: z.string().optional(),
  /** What keeps billing while the instance is stopped, for the summary people read (⚠️ per Microsoft's docs PR #82). */
  stillBilled: z.string().optional(),
});
type Prior = z.infer<typeof priorSchema>;

/** ComputeInstanceState values that change on their own: wait them out before stopping or starting. */
const MOVING = new Set(['Creating', 'Starting', 'Stopping', 'Restarting', 'SettingUp', 'UserSettingUp', 'Deleting', 'Resizing']);

export function getCompute(ctx: ActionContext): Promise<ComputeResource | undefined> {
  const { resourceGroup, workspace, name } = ctx.arm;
  return armGet(ctx, `Reading compute instance ${name}`, () => ctx.ml.computeOperations.get(resourceGroup, workspace, name));
}

/** The instance state (ComputeInstanceState); undefined when the compute is not a compute instance. */
export function instanceState(c: ComputeResource | undefined): string | undefined {
  const p = c?.properties;
  if (p?.computeType !== 'ComputeInstance') return undefined;
  return (p as ComputeInstance).properties?.state ?? 'Unknown';
}

export async function requireInstance(ctx: ActionContext, doing: string): Promise<ComputeResource> {
  const c = await getCompute(ctx);
  if (!c) {
    throw new AzureRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Compute instance ${ctx.label} no longer exists; nothing to ${doing}. Mark the restore token as handled.` });
  }
  if (c.properties?.computeType !== 'ComputeInstance') {
    throw new AzureRemediationError({
      code: 'NOT_APPLICABLE',
      resource: ctx.label,
      message: `Compute ${ctx.arm.name} is a ${c.properties?.computeType ?? 'compute of unknown type'}, not a compute instance; stop-notebook only stops compute instances (clusters scale to their minimum node count by themselves). Nothing was changed.`,
    });
  }
  return c;
}

async function settle(ctx: ActionContext): Promise<string> {
  const c = await waitFor(ctx, {
    what: `compute instance ${ctx.arm.name} to finish its current change`,
    poll: () => getCompute(ctx),
    done: (x) => x === undefined || !MOVING.has(instanceState(x) ?? ''),
    describe: (x) => `it is ${instanceState(x) ?? 'gone'}`,
    onTimeout: 'Run the same command again once the instance shows Running or Stopped.',
  });
  return instanceState(c ?? (await requireInstance(ctx, 'change'))) ?? 'Unknown';
}

async function lro(ctx: ActionContext, verb: 'stop' | 'start'): Promise<void> {
  const { resourceGroup, workspace, name } = ctx.arm;
  const what = `${verb === 'stop' ? 'Stopping' : 'Starting'} compute instance ${name}`;
  const poller = await armCall(ctx, what, () => (verb === 'stop' ? ctx.ml.computeOperations.beginStop(resourceGroup, workspace, name) : ctx.ml.computeOperations.beginStart(resourceGroup, workspace, name)));
  await driveLro(ctx, poller, what, `It keeps ${verb === 'stop' ? 'stopping' : 'starting'} on Azure's side; run the same command again to confirm.`);
}

async function stop(ctx: ActionContext): Promise<void> {
  let state = instanceState(await requireInstance(ctx, 'stop'));
  if (state === 'Stopping' || state === 'Stopped') return;
  if (MOVING.has(state ?? '')) state = await settle(ctx);
  if (state === 'Stopped') return;
  if (state !== 'Running') {
    throw new AzureRemediationError({
      code: 'WRONG_STATE',
      resource: ctx.label,
      message: `Compute instance ${ctx.arm.name} is ${state}; only a Running instance is stopped${state === 'JobRunning' ? ' (a job runs on it: stopping would kill the job)' : ''}. Nothing was changed.`,
    });
  }
  await lro(ctx, 'stop');
}

async function start(ctx: ActionContext): Promise<void> {
  let state = instanceState(await requireInstance(ctx, 'start'));
  if (state === 'Running' || state === 'JobRunning' || state === 'Starting') return;
  // Compute_Start is refused while the instance is still Stopping (a restore right after a park).
  if (MOVING.has(state ?? '')) state = await settle(ctx);
  if (state === 'Running' || state === 'JobRunning') return;
  if (state !== 'Stopped') {
    throw new AzureRemediationError({
      code: 'WRONG_STATE',
      resource: ctx.label,
      message: `Compute instance ${ctx.arm.name} is ${state}, not Stopped, so it was not started. Look at it in Azure ML studio (a failed setup needs a restart or re-creation).`,
    });
  }
  await lro(ctx, 'start');
}

function waitState(ctx: ActionContext, wanted: 'Stopped' | 'Running'): Promise<unknown> {
  return waitFor(ctx, {
    what: `compute instance ${ctx.arm.name} to be ${wanted}`,
    poll: () => getCompute(ctx),
    done: (c) => instanceState(c) === wanted || (wanted === 'Running' && instanceState(c) === 'JobRunning'),
    failed: (c) => {
      const s = instanceState(c);
      if (c === undefined) return `compute instance ${ctx.arm.name} was deleted`;
      return s === 'CreateFailed' || s === 'SetupFailed' || s === 'UserSetupFailed' || s === 'Unusable' ? `the instance is ${s}; look at it in Azure ML studio` : undefined;
    },
    describe: (c) => `it is ${instanceState(c) ?? 'gone'}`,
    onTimeout: wanted === 'Running' ? 'It is still starting and will finish on its own; run the restore again to confirm.' : 'It is still stopping; run the same command again to confirm.',
  });
}

export const stopComputeInstance = defineAction<Prior>({
  spec: stopComputeInstanceSpec,
  kind: 'notebook',
  priorSchema,
  async capture(ctx) {
    const c = await requireInstance(ctx, 'park');
    const p = c.properties;
    const vmSize = p?.computeType === 'ComputeInstance' ? (p as ComputeInstance).properties?.vmSize : undefined;
    const createdAt = dateOf(p?.createdOn);
    return {
      prior: { computeId: c.id ?? ctx.label, ...(vmSize ? { vmSize } : {}), stillBilled: STILL_BILLED },
      providerStatus: instanceState(c) ?? 'Unknown',
      ...(createdAt ? { createdAt } : {}),
    };
  },
  parkSteps: (ctx) => [
    { name: 'stop-instance', run: () => stop(ctx) },
    { name: 'wait-stopped', run: async () => void (await waitState(ctx, 'Stopped')) },
  ],
  restoreSteps: (ctx) => [
    { name: 'start-instance', run: () => start(ctx) },
    { name: 'wait-running', run: async () => void (await waitState(ctx, 'Running')) },
  ],
});
