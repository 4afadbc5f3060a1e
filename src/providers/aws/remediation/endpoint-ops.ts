import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  UpdateEndpointCommand,
  type DescribeEndpointConfigOutput,
  type DescribeEndpointOutput,
} from '@aws-sdk/client-sagemaker';
import { awsCall, awsDescribe, type ActionContext } from './action-context';
import { AwsRemediationError } from './remediation-error';
import { waitFor } from './wait';

/** Shared SageMaker endpoint reads, waits and config switches used by several actions. */

/** States in which SageMaker refuses UpdateEndpoint / UpdateEndpointWeightsAndCapacities / DeleteEndpoint. */
const BUSY_STATUSES = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting']);
const FAILED_STATUSES = new Set(['Failed', 'UpdateRollbackFailed']);

export function describeEndpoint(ctx: ActionContext, name: string): Promise<DescribeEndpointOutput | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeEndpoint', `Reading endpoint ${name}`, () =>
    ctx.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })),
  );
}

export function describeEndpointConfig(ctx: ActionContext, name: string): Promise<DescribeEndpointConfigOutput | undefined> {
  return awsDescribe(ctx, 'SageMaker.DescribeEndpointConfig', `Reading endpoint configuration ${name}`, () =>
    ctx.clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
  );
}

/** Reads an endpoint that must exist; a missing one is RESOURCE_NOT_FOUND with what to do. */
export async function requireEndpoint(ctx: ActionContext, name: string, advice: string): Promise<DescribeEndpointOutput> {
  const e = await describeEndpoint(ctx, name);
  if (!e) throw new AwsRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Endpoint ${name} no longer exists. ${advice}` });
  return e;
}

function failureOf(e: DescribeEndpointOutput | undefined): string | undefined {
  if (!e?.EndpointStatus || !FAILED_STATUSES.has(e.EndpointStatus)) return undefined;
  return `endpoint ${e.EndpointName} is ${e.EndpointStatus}${e.FailureReason ? `: ${e.FailureReason}` : ''}`;
}

/**
 * Waits until the endpoint accepts changes again (not Creating/Updating/...). A Failed endpoint is an error: every
 * change to it would be refused too.
 */
export function waitEndpointSettled(ctx: ActionContext, name: string): Promise<DescribeEndpointOutput | undefined> {
  return waitFor(ctx, {
    what: `endpoint ${name} to finish its current change`,
    poll: () => describeEndpoint(ctx, name),
    done: (e) => e === undefined || !BUSY_STATUSES.has(e.EndpointStatus ?? ''),
    failed: failureOf,
    describe: (e) => `it is ${e?.EndpointStatus ?? 'gone'}`,
    onTimeout: 'Check the endpoint in the SageMaker console, then run the same command again: finished steps are skipped.',
  });
}

/** Waits until the endpoint serves (InService). */
export async function waitEndpointInService(ctx: ActionContext, name: string): Promise<DescribeEndpointOutput> {
  const e = await waitFor(ctx, {
    what: `endpoint ${name} to be InService`,
    poll: () => describeEndpoint(ctx, name),
    done: (x) => x?.EndpointStatus === 'InService',
    failed: (x) => (x === undefined ? `endpoint ${name} was deleted` : failureOf(x)),
    describe: (x) => `it is ${x?.EndpointStatus ?? 'gone'}`,
    onTimeout: 'SageMaker is still working on it and will finish on its own; run the same command again later to confirm (finished steps are skipped).',
  });
  return e!;
}

/** Waits until DescribeEndpoint no longer finds the endpoint (a Deleting endpoint still holds its name). */
export async function waitEndpointGone(ctx: ActionContext, name: string): Promise<void> {
  await waitFor(ctx, {
    what: `endpoint ${name} to finish deleting`,
    poll: () => describeEndpoint(ctx, name),
    done: (e) => e === undefined,
    describe: (e) => `it is ${e?.EndpointStatus ?? 'gone'}`,
    onTimeout: 'Run the same command again once the endpoint is gone from the SageMaker console.',
  });
}

/** True when the endpoint runs `configName` or is being updated to it (PendingDeploymentSummary). */
function onConfig(e: DescribeEndpointOutput, configName: string): boolean {
  return e.EndpointConfigName === configName || e.PendingDeploymentSummary?.EndpointConfigName === configName;
}

/**
 * Moves the endpoint to `configName` and waits until it serves on it. Idempotent: an endpoint already on (or
 * moving to) that config only waits. UpdateEndpoint is refused while the endpoint is busy, so it waits first.
 * If SageMaker rolls the update back (the endpoint comes back InService on the old config), that is an error.
 */
export async function switchEndpointConfig(ctx: ActionContext, endpointName: string, configName: string): Promise<void> {
  const advice = 'There is nothing left to switch; check the endpoint and the restore token.';
  let e = await requireEndpoint(ctx, endpointName, advice);
  if (!onConfig(e, configName)) {
    e = (await waitEndpointSettled(ctx, endpointName)) ?? (await requireEndpoint(ctx, endpointName, advice));
    if (!onConfig(e, configName)) {
      await awsCall(ctx, 'SageMaker.UpdateEndpoint', `Switching endpoint ${endpointName} to configuration ${configName}`, () =>
        // RetainAllVariantProperties stays false: the new config's ManagedInstanceScaling/serverless settings must apply.
        ctx.clients.sagemaker.send(new UpdateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: configName })),
      );
    }
  }
  const served = await waitEndpointInService(ctx, endpointName);
  if (served.EndpointConfigName !== configName) {
    throw new AwsRemediationError({
      code: 'RESOURCE_FAILED',
      resource: ctx.label,
      message: `SageMaker rolled endpoint ${endpointName} back to configuration ${served.EndpointConfigName} instead of ${configName}${served.FailureReason ? ` (${served.FailureReason})` : ''}. Fix the cause, then run the same command again.`,
    });
  }
}
