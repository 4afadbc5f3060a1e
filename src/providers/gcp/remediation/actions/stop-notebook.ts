import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { defineAction, googleCall, googleGet, type ActionContext } from '../action-context';
import { allow, RESOURCE } from '../permissions';
import { GcpRemediationError } from '../remediation-error';
import { awaitOperation, waitFor, type GoogleLro } from '../wait';

/**
 * Vertex AI Workbench instances (Notebooks API v2): `:stop` stops the VM, so its machine and GPUs stop billing; the
 * boot and data disks (and the notebooks on them) stay. Restore is `:start`. Both are long-running operations; the
 * steps then wait for the instance state itself (STOPPED / ACTIVE), which is what a person sees in the console.
 */
export const stopWorkbenchSpec: ActionSpec = {
  action: 'stop-notebook',
  validOriginStates: ['ACTIVE'],
  permissions: [
    allow('notebooks.instances.get', RESOURCE.workbenchInstance),
    allow('notebooks.instances.stop', RESOURCE.workbenchInstance),
    allow('notebooks.instances.start', RESOURCE.workbenchInstance),
    // ⚠️ polling the returned operation (notebooks v2 projects.locations.operations.get).
    allow('notebooks.operations.get', RESOURCE.workbenchOperation),
  ],
  restorable: true,
};

const priorSchema = z.object({
  instanceName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/instances\/[^/]+$/),
  machineType: z.string().optional(),
});
type Prior = z.infer<typeof priorSchema>;

interface WorkbenchInstance {
  name: string;
  state?: string;
  createTime?: string;
  gceSetup?: { machineType?: string };
  labels?: Record<string, string>;
}

/** States an instance leaves on its own (notebooks v2 State enum): wait them out before stopping or starting. */
const MOVING = new Set(['STARTING', 'PROVISIONING', 'STOPPING', 'UPGRADING', 'INITIALIZING', 'SUSPENDING']);

export function getInstance(ctx: ActionContext, name: string): Promise<WorkbenchInstance | undefined> {
  return googleGet(ctx, 'Notebooks.GetInstance', `Reading Workbench instance ${name}`, () =>
    ctx.http.request<WorkbenchInstance>({ operation: 'Notebooks.GetInstance', path: `/v2/${name}` }),
  );
}

async function requireInstance(ctx: ActionContext, name: string): Promise<WorkbenchInstance> {
  const i = await getInstance(ctx, name);
  if (!i || i.state === 'DELETED') {
    throw new GcpRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Workbench instance ${name} no longer exists, so there is nothing to stop or start. Mark the restore token as handled.`,
    });
  }
  return i;
}

async function settle(ctx: ActionContext, name: string): Promise<WorkbenchInstance> {
  const i = await waitFor(ctx, {
    what: `Workbench instance ${name} to finish its current change`,
    poll: () => getInstance(ctx, name),
    done: (n) => n === undefined || !MOVING.has(n.state ?? ''),
    describe: (n) => `it is ${n?.state ?? 'gone'}`,
    onTimeout: 'Run the same command again once the instance shows ACTIVE or STOPPED.',
  });
  return i ?? requireInstance(ctx, name);
}

async function instanceLro(ctx: ActionContext, name: string, verb: 'stop' | 'start', what: string): Promise<void> {
  const operation = verb === 'stop' ? 'Notebooks.StopInstance' : 'Notebooks.StartInstance';
  const op = await googleCall(ctx, operation, what, () => ctx.http.request<GoogleLro>({ operation, method: 'POST', path: `/v2/${name}:${verb}`, body: {} }));
  await awaitOperation(ctx, { service: 'Notebooks', version: 'v2' }, op, what);
}

async function stop(ctx: ActionContext, name: string): Promise<void> {
  let i = await requireInstance(ctx, name);
  if (i.state === 'STOPPING' || i.state === 'STOPPED') return;
  if (MOVING.has(i.state ?? '')) i = await settle(ctx, name);
  if (i.state === 'STOPPED') return;
  if (i.state !== 'ACTIVE') {
    throw new GcpRemediationError({
      code: 'NOT_APPLICABLE',
      resource: ctx.label,
      message: `Workbench instance ${name} is ${i.state ?? 'in an unknown state'}; only an ACTIVE instance can be stopped. Nothing was changed.`,
    });
  }
  await instanceLro(ctx, name, 'stop', `Stopping Workbench instance ${name}`);
}

async function start(ctx: ActionContext, name: string): Promise<void> {
  let i = await requireInstance(ctx, name);
  if (i.state === 'ACTIVE' || i.state === 'STARTING' || i.state === 'PROVISIONING' || i.state === 'INITIALIZING') return;
  // :start is refused while the instance is still STOPPING (a restore right after a park).
  if (MOVING.has(i.state ?? '')) i = await settle(ctx, name);
  if (i.state === 'ACTIVE') return;
  if (i.state !== 'STOPPED') {
    throw new GcpRemediationError({
      code: 'NOT_APPLICABLE',
      resource: ctx.label,
      message: `Workbench instance ${name} is ${i.state ?? 'in an unknown state'}, not STOPPED, so it cannot be started${i.state === 'SUSPENDED' ? ' (resume a suspended instance from the console)' : ''}. Nothing was changed.`,
    });
  }
  await instanceLro(ctx, name, 'start', `Starting Workbench instance ${name}`);
}

function waitState(ctx: ActionContext, name: string, state: 'STOPPED' | 'ACTIVE'): Promise<unknown> {
  return waitFor(ctx, {
    what: `Workbench instance ${name} to be ${state}`,
    poll: () => getInstance(ctx, name),
    done: (i) => i?.state === state,
    failed: (i) => (i === undefined || i.state === 'DELETED' ? `instance ${name} was deleted` : undefined),
    describe: (i) => `it is ${i?.state ?? 'gone'}`,
    onTimeout: state === 'ACTIVE' ? 'It is still starting and will finish on its own; run the restore again to confirm.' : 'It is still stopping; run the same command again to confirm.',
  });
}

export const stopNotebook = defineAction<Prior>({
  spec: stopWorkbenchSpec,
  kind: 'notebook',
  priorSchema,
  async capture(ctx) {
    const i = await requireInstance(ctx, ctx.name);
    const createdAt = i.createTime ? new Date(i.createTime) : undefined;
    return {
      prior: { instanceName: i.name || ctx.name, ...(i.gceSetup?.machineType ? { machineType: i.gceSetup.machineType } : {}) },
      providerStatus: i.state ?? 'STATE_UNSPECIFIED',
      ...(createdAt && !Number.isNaN(createdAt.getTime()) ? { createdAt } : {}),
    };
  },
  parkSteps: (ctx, p) => [
    { name: 'stop-instance', run: () => stop(ctx, p.instanceName) },
    { name: 'wait-stopped', run: async () => void (await waitState(ctx, p.instanceName, 'STOPPED')) },
  ],
  restoreSteps: (ctx, p) => [
    { name: 'start-instance', run: () => start(ctx, p.instanceName) },
    { name: 'wait-active', run: async () => void (await waitState(ctx, p.instanceName, 'ACTIVE')) },
  ],
});
