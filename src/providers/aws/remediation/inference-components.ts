import {
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  UpdateInferenceComponentRuntimeConfigCommand,
  type DescribeInferenceComponentOutput,
  type ListInferenceComponentsOutput,
} from '@aws-sdk/client-sagemaker';
import { forEachPage } from '../call-log';
import { awsCall, awsDescribe, type ActionContext } from './action-context';
import { AwsRemediationError } from './remediation-error';
import { waitFor } from './wait';

/** Inference-component reads and copy-count changes shared by ic-copies-to-zero's park and restore. */

export async function listInferenceComponentNames(ctx: ActionContext, endpointName: string): Promise<string[]> {
  const names: string[] = [];
  await awsCall(ctx, 'SageMaker.ListInferenceComponents', `Listing the inference components of endpoint ${endpointName}`, () =>
    forEachPage<ListInferenceComponentsOutput>(
      (NextToken) => ctx.clients.sagemaker.send(new ListInferenceComponentsCommand({ EndpointNameEquals: endpointName, MaxResults: 100, NextToken })),
      (page) => page.NextToken,
      (page) => {
        for (const c of page.InferenceComponents ?? []) if (c.InferenceComponentName) names.push(c.InferenceComponentName);
      },
    ),
  );
  return names;
}

export function describeInferenceComponent(ctx: ActionContext, name: string): Promise<DescribeInferenceComponentOutput | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeInferenceComponent', `Reading inference component ${name}`, () =>
    ctx.clients.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })),
  );
}

async function requireComponent(ctx: ActionContext, name: string): Promise<DescribeInferenceComponentOutput> {
  const ic = await describeInferenceComponent(ctx, name);
  if (!ic) {
    throw new AwsRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Inference component ${name} no longer exists, so its copy count cannot be changed. Someone deleted it; redeploy it with CreateInferenceComponent if it is still needed.`,
    });
  }
  return ic;
}

/**
 * Sets the desired copy count unless it already is that. A component being created or updated refuses a new
 * runtime config, so it waits for the component to settle first.
 */
export async function ensureCopyCount(ctx: ActionContext, name: string, copies: number): Promise<void> {
  let ic = await requireComponent(ctx, name);
  if (ic.RuntimeConfig?.DesiredCopyCount === copies) return;
  if (ic.InferenceComponentStatus === 'Creating' || ic.InferenceComponentStatus === 'Updating') {
    ic =
      (await waitFor(ctx, {
        what: `inference component ${name} to finish its current change`,
        poll: () => describeInferenceComponent(ctx, name),
        done: (c) => c === undefined || (c.InferenceComponentStatus !== 'Creating' && c.InferenceComponentStatus !== 'Updating'),
        describe: (c) => `it is ${c?.InferenceComponentStatus ?? 'gone'}`,
        onTimeout: 'Run the same command again once the component shows InService.',
      })) ?? (await requireComponent(ctx, name));
    if (ic.RuntimeConfig?.DesiredCopyCount === copies) return;
  }
  await awsCall(ctx, 'SageMaker.UpdateInferenceComponentRuntimeConfig', `Setting the copy count of inference component ${name} to ${copies}`, () =>
    ctx.clients.sagemaker.send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: name, DesiredRuntimeConfig: { CopyCount: copies } })),
  );
}

/** Waits until every listed component runs its desired copies (instances have to come up first after a park). */
export async function waitCopiesRunning(ctx: ActionContext, wanted: ReadonlyArray<{ name: string; copies: number }>): Promise<void> {
  const pending = wanted.filter((w) => w.copies > 0);
  if (pending.length === 0) return;
  await waitFor(ctx, {
    what: `inference components ${pending.map((w) => w.name).join(', ')} to run their copies`,
    poll: () => Promise.all(pending.map((w) => describeInferenceComponent(ctx, w.name))),
    done: (all) =>
      all !== undefined &&
      all.every((c, i) => c?.InferenceComponentStatus === 'InService' && (c.RuntimeConfig?.CurrentCopyCount ?? 0) >= pending[i]!.copies),
    failed: (all) => {
      const i = all?.findIndex((c) => c === undefined || c.InferenceComponentStatus === 'Failed') ?? -1;
      if (i < 0) return undefined;
      const c = all![i];
      return c ? `inference component ${c.InferenceComponentName} failed: ${c.FailureReason ?? 'no reason given'}` : `inference component ${pending[i]!.name} was deleted`;
    },
    describe: (all) =>
      (all ?? []).map((c, i) => `${pending[i]!.name}: ${c?.RuntimeConfig?.CurrentCopyCount ?? 0}/${pending[i]!.copies} copies, ${c?.InferenceComponentStatus ?? 'gone'}`).join('; '),
    onTimeout: 'Copies wait for instances to be provisioned; run the restore again later to confirm (finished steps are skipped).',
  });
}
