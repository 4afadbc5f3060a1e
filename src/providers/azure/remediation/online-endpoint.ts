import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { armCall, armGet, type ActionContext } from './action-context';
import { endpointBody, MOVING_STATES, type Traffic } from './deployment-spec';
import { AzureRemediationError } from './remediation-error';
import { driveLro, waitFor } from './wait';

/** Endpoint-level reads and writes shared by delete-deployment, the tags and the traffic re-check. */

export const endpointName = (ctx: ActionContext): string => ctx.arm.name;

export function getEndpoint(ctx: ActionContext): Promise<OnlineEndpoint | undefined> {
  const { resourceGroup, workspace, name } = ctx.arm;
  return armGet(ctx, `Reading online endpoint ${name}`, () => ctx.ml.onlineEndpoints.get(resourceGroup, workspace, name));
}

export async function requireEndpoint(ctx: ActionContext, ifGone: string): Promise<OnlineEndpoint> {
  const e = await getEndpoint(ctx);
  if (!e) {
    throw new AzureRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Online endpoint ${ctx.label} no longer exists. ${ifGone}` });
  }
  return e;
}

export function listDeployments(ctx: ActionContext): Promise<OnlineDeployment[]> {
  const { resourceGroup, workspace, name } = ctx.arm;
  return armCall(ctx, `Listing the deployments of online endpoint ${name}`, async () => {
    const out: OnlineDeployment[] = [];
    for await (const d of ctx.ml.onlineDeployments.list(resourceGroup, workspace, name)) out.push(d);
    return out;
  });
}

export function getDeployment(ctx: ActionContext, deployment: string): Promise<OnlineDeployment | undefined> {
  const { resourceGroup, workspace, name } = ctx.arm;
  return armGet(ctx, `Reading deployment ${deployment} of online endpoint ${name}`, () => ctx.ml.onlineDeployments.get(resourceGroup, workspace, name, deployment));
}

export const stateOf = (r: { properties?: { provisioningState?: string } } | undefined): string | undefined => r?.properties?.provisioningState;

/** Waits until the endpoint's provisioning state settles (a traffic PUT of an earlier, interrupted run may still run). */
export async function settledEndpoint(ctx: ActionContext, ifGone: string): Promise<OnlineEndpoint> {
  const e = await requireEndpoint(ctx, ifGone);
  if (!MOVING_STATES.has(stateOf(e) ?? '')) return e;
  const settled = await waitFor(ctx, {
    what: `online endpoint ${ctx.arm.name} to finish its current change`,
    poll: () => getEndpoint(ctx),
    done: (x) => x === undefined || !MOVING_STATES.has(stateOf(x) ?? ''),
    describe: (x) => `it is ${stateOf(x) ?? 'gone'}`,
    onTimeout: 'Run the same command again once the endpoint shows Succeeded in Azure ML studio.',
  });
  return settled ?? requireEndpoint(ctx, ifGone);
}

/**
 * Sets the endpoint's traffic map with a PUT of its own body (OnlineEndpoints_CreateOrUpdate; the PATCH cannot
 * change traffic) and drives the operation to its end. The endpoint itself, its scoring URI and keys stay.
 */
export async function putTraffic(ctx: ActionContext, e: OnlineEndpoint, traffic: Traffic, what: string): Promise<void> {
  const { resourceGroup, workspace, name } = ctx.arm;
  const poller = await armCall(ctx, what, () => ctx.ml.onlineEndpoints.beginCreateOrUpdate(resourceGroup, workspace, name, endpointBody(e, traffic)));
  await driveLro(ctx, poller, what, `The traffic change keeps running on Azure's side; run the same command again to confirm it.`);
}
