import {
  DescribeNotebookInstanceCommand,
  StartNotebookInstanceCommand,
  StopNotebookInstanceCommand,
  type DescribeNotebookInstanceOutput,
} from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { awsCall, awsDescribe, defineAction, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { AwsRemediationError } from '../remediation-error';
import { waitFor } from '../wait';

/**
 * Notebook instances: StopNotebookInstance "stops charging you for the ML compute instance"; the ML storage volume
 * (and the notebooks on it) stays. Restore is StartNotebookInstance. Stop is only accepted from InService and Start
 * only from Stopped or Failed, so each step waits out the transitional states first.
 */
export const stopNotebookSpec: ActionSpec = {
  action: 'stop-notebook',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeNotebookInstance', ARN.notebookInstance),
    allow('sagemaker:StopNotebookInstance', ARN.notebookInstance),
    allow('sagemaker:StartNotebookInstance', ARN.notebookInstance),
  ],
  restorable: true,
};

const priorSchema = z.object({ notebookInstanceName: z.string().min(1), instanceType: z.string().optional() });
type Prior = z.infer<typeof priorSchema>;

function describe(ctx: ActionContext, name: string): Promise<DescribeNotebookInstanceOutput | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeNotebookInstance', `Reading notebook instance ${name}`, () =>
    ctx.clients.sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
  );
}

async function requireNotebook(ctx: ActionContext, name: string): Promise<DescribeNotebookInstanceOutput> {
  const nb = await describe(ctx, name);
  if (!nb) {
    throw new AwsRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Notebook instance ${name} no longer exists, so there is nothing to stop or start. Mark the restore token as handled.`,
    });
  }
  return nb;
}

/** Waits while the instance is moving (Pending, Updating, Stopping) and returns where it settled. */
async function settle(ctx: ActionContext, name: string): Promise<DescribeNotebookInstanceOutput> {
  const moving = new Set(['Pending', 'Updating', 'Stopping', 'Deleting']);
  const nb = await waitFor(ctx, {
    what: `notebook instance ${name} to finish its current change`,
    poll: () => describe(ctx, name),
    done: (n) => n === undefined || !moving.has(n.NotebookInstanceStatus ?? ''),
    describe: (n) => `it is ${n?.NotebookInstanceStatus ?? 'gone'}`,
    onTimeout: 'Run the same command again once the notebook instance shows InService or Stopped.',
  });
  return nb ?? requireNotebook(ctx, name);
}

async function stop(ctx: ActionContext, name: string): Promise<void> {
  let nb = await requireNotebook(ctx, name);
  if (nb.NotebookInstanceStatus === 'Stopping' || nb.NotebookInstanceStatus === 'Stopped') return;
  if (nb.NotebookInstanceStatus !== 'InService') nb = await settle(ctx, name);
  if (nb.NotebookInstanceStatus === 'Stopped') return;
  if (nb.NotebookInstanceStatus !== 'InService') {
    throw new AwsRemediationError({
      code: 'NOT_APPLICABLE',
      resource: ctx.label,
      message: `Notebook instance ${name} is ${nb.NotebookInstanceStatus}${nb.FailureReason ? ` (${nb.FailureReason})` : ''}; only an InService instance can be stopped. Nothing was changed.`,
    });
  }
  await awsCall(ctx, 'SageMaker.StopNotebookInstance', `Stopping notebook instance ${name}`, () =>
    ctx.clients.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })),
  );
}

async function start(ctx: ActionContext, name: string): Promise<void> {
  let nb = await requireNotebook(ctx, name);
  if (nb.NotebookInstanceStatus === 'InService' || nb.NotebookInstanceStatus === 'Pending') return;
  // StartNotebookInstance is refused while the instance is still Stopping (a restore right after a park).
  if (nb.NotebookInstanceStatus !== 'Stopped' && nb.NotebookInstanceStatus !== 'Failed') nb = await settle(ctx, name);
  if (nb.NotebookInstanceStatus === 'InService') return;
  await awsCall(ctx, 'SageMaker.StartNotebookInstance', `Starting notebook instance ${name}`, () =>
    ctx.clients.sagemaker.send(new StartNotebookInstanceCommand({ NotebookInstanceName: name })),
  );
}

async function waitInService(ctx: ActionContext, name: string): Promise<void> {
  await waitFor(ctx, {
    what: `notebook instance ${name} to be InService`,
    poll: () => describe(ctx, name),
    done: (n) => n?.NotebookInstanceStatus === 'InService',
    failed: (n) =>
      n === undefined ? `notebook instance ${name} was deleted` : n.NotebookInstanceStatus === 'Failed' ? `it failed to start: ${n.FailureReason ?? 'no reason given'}` : undefined,
    describe: (n) => `it is ${n?.NotebookInstanceStatus ?? 'gone'}`,
    onTimeout: 'It is still starting and will finish on its own; run the restore again to confirm.',
  });
}

export const stopNotebook = defineAction<Prior>({
  spec: stopNotebookSpec,
  kind: 'notebook',
  priorSchema,
  async capture(ctx) {
    const nb = await requireNotebook(ctx, ctx.ref.name);
    return {
      prior: { notebookInstanceName: ctx.ref.name, ...(nb.InstanceType ? { instanceType: nb.InstanceType } : {}) },
      providerStatus: nb.NotebookInstanceStatus ?? 'Unknown',
    };
  },
  parkSteps: (ctx, p) => [{ name: 'stop-notebook-instance', run: () => stop(ctx, p.notebookInstanceName) }],
  restoreSteps: (ctx, p) => [
    { name: 'start-notebook-instance', run: () => start(ctx, p.notebookInstanceName) },
    { name: 'wait-notebook-in-service', run: () => waitInService(ctx, p.notebookInstanceName) },
  ],
});
