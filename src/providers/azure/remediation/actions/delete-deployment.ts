import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { armCall, dateOf, defineAction, type ActionContext } from '../action-context';
import { deploymentBody, deploymentSpecSchema, hasTraffic, MOVING_STATES, sameTraffic, specOfDeployment, trafficSchema, zeroTraffic, type DeploymentSpec } from '../deployment-spec';
import { getDeployment, listDeployments, putTraffic, requireEndpoint, settledEndpoint, stateOf } from '../online-endpoint';
import { allow, LRO_PERMISSIONS, RESOURCE } from '../permissions';
import { AzureRemediationError } from '../remediation-error';
import { waitFor, type LroPoller } from '../wait';

/**
 * Azure managed online deployments cannot scale below one instance (cloud-api-reference trap 12; Azure/mlops-v2#48),
 * so the way to stop paying for an idle endpoint is to delete its deployments and keep their specs: the endpoint, its
 * scoring URI, keys, auth mode and tags stay, only its deployments go. Park: traffic to 0 % (Azure refuses to delete
 * a deployment that still takes traffic), then delete every deployment. Restore: recreate every deployment from the
 * captured spec (PUT; they provision in parallel, 5-20 minutes), wait until all are Succeeded, then put the captured
 * traffic map back exactly. While parked the endpoint answers requests with an error (no deployment).
 */
export const ENDPOINT_SUCCEEDED = 'Succeeded';
/** The watchdog's word for an endpoint without deployments (nothing to park); Azure has none. */
export const ENDPOINT_NO_DEPLOYMENTS = 'NoDeployments';

const ML = 'Microsoft.MachineLearningServices/workspaces';
export const deleteDeploymentSpec: ActionSpec = {
  action: 'delete-deployment',
  validOriginStates: [ENDPOINT_SUCCEEDED],
  permissions: [
    allow(`${ML}/onlineEndpoints/read`, RESOURCE.endpoint),
    // The traffic PUT (OnlineEndpoints_CreateOrUpdate) on park and restore.
    allow(`${ML}/onlineEndpoints/write`, RESOURCE.endpoint),
    allow(`${ML}/onlineEndpoints/deployments/read`, RESOURCE.deployment),
    allow(`${ML}/onlineEndpoints/deployments/delete`, RESOURCE.deployment),
    allow(`${ML}/onlineEndpoints/deployments/write`, RESOURCE.deployment),
    // ⚠️ Recreating a deployment references workspace assets (model, environment, code); ARM may check read on them.
    allow(`${ML}/models/read`, RESOURCE.workspace),
    allow(`${ML}/environments/read`, RESOURCE.workspace),
    allow(`${ML}/codes/read`, RESOURCE.workspace),
    ...LRO_PERMISSIONS,
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointId: z.string().min(1),
  location: z.string().min(1),
  /** Not written by restore: kept to show the URI callers use did not change. */
  scoringUri: z.string().optional(),
  traffic: trafficSchema,
  deployments: z.array(deploymentSpecSchema).min(1),
});
type Prior = z.infer<typeof priorSchema>;

/** The status the gate sees: the endpoint's, unless a deployment is not Succeeded (mid-provisioning or Failed). */
export function endpointStatus(endpointState: string | undefined, deployments: readonly OnlineDeployment[]): string {
  if (endpointState !== ENDPOINT_SUCCEEDED) return endpointState ?? 'Unknown';
  if (deployments.length === 0) return ENDPOINT_NO_DEPLOYMENTS;
  const busy = deployments.find((d) => stateOf(d) !== ENDPOINT_SUCCEEDED);
  return busy ? (stateOf(busy) ?? 'Unknown') : ENDPOINT_SUCCEEDED;
}

const GONE_ON_PARK = 'Nothing was parked; the restore token keeps the deployment specs.';
const GONE_ON_RESTORE = 'Create the endpoint again and the deployments from the restore token (prior.deployments) by hand.';

async function zeroAllTraffic(ctx: ActionContext, p: Prior): Promise<void> {
  const e = await settledEndpoint(ctx, GONE_ON_PARK);
  if (stateOf(e) !== ENDPOINT_SUCCEEDED) {
    throw new AzureRemediationError({ code: 'WRONG_STATE', resource: ctx.label, message: `Online endpoint ${ctx.arm.name} is ${stateOf(e) ?? 'in an unknown state'}, not Succeeded; nothing was changed. Fix it in Azure ML studio first.` });
  }
  const captured = new Set(p.deployments.map((d) => d.name));
  const busy = (await listDeployments(ctx)).filter((d) => captured.has(d.name ?? '') && ['Creating', 'Updating', 'Scaling'].includes(stateOf(d) ?? ''));
  if (busy.length) {
    throw new AzureRemediationError({
      code: 'WRONG_STATE',
      resource: ctx.label,
      message: `Deployment(s) ${busy.map((d) => `${d.name} (${stateOf(d)})`).join(', ')} of online endpoint ${ctx.arm.name} are being changed by someone; nothing was changed. Run the park again once they are Succeeded.`,
    });
  }
  const traffic = e.properties.traffic ?? {};
  if (!hasTraffic(traffic)) return;
  await putTraffic(ctx, e, zeroTraffic(traffic), `Setting the traffic of online endpoint ${ctx.arm.name} to 0 %`);
}

async function startDelete(ctx: ActionContext, name: string, pollers: Map<string, LroPoller<unknown>>): Promise<void> {
  let d = await getDeployment(ctx, name);
  if (!d || stateOf(d) === 'Deleting') return;
  if (MOVING_STATES.has(stateOf(d) ?? '')) {
    d = await waitFor(ctx, {
      what: `deployment ${name} to finish its current change`,
      poll: () => getDeployment(ctx, name),
      done: (x) => x === undefined || !MOVING_STATES.has(stateOf(x) ?? '') || stateOf(x) === 'Deleting',
      describe: (x) => `it is ${stateOf(x) ?? 'gone'}`,
      onTimeout: 'Run the same command again once the deployment shows Succeeded.',
    });
    if (!d || stateOf(d) === 'Deleting') return;
  }
  const e = await requireEndpoint(ctx, GONE_ON_PARK);
  const share = e.properties.traffic?.[name] ?? 0;
  if (share > 0) {
    throw new AzureRemediationError({
      code: 'WRONG_STATE',
      resource: ctx.label,
      message: `Deployment ${name} of online endpoint ${ctx.arm.name} takes ${share} % of the traffic again (changed since the park began), so it was not deleted. Look at who routes traffic to it; run the park again to set it to 0 % first, or restore.`,
    });
  }
  const { resourceGroup, workspace, name: ep } = ctx.arm;
  const what = `Deleting deployment ${name} of online endpoint ${ep}`;
  pollers.set(name, await armCall(ctx, what, () => ctx.ml.onlineDeployments.beginDelete(resourceGroup, workspace, ep, name)));
}

async function startCreate(ctx: ActionContext, spec: DeploymentSpec, pollers: Map<string, LroPoller<unknown>>): Promise<void> {
  await requireEndpoint(ctx, GONE_ON_RESTORE);
  let d = await getDeployment(ctx, spec.name);
  if (stateOf(d) === 'Deleting') {
    // A restore right after a park whose delete is still running: Azure refuses a PUT on a deleting deployment.
    d = await waitFor(ctx, {
      what: `deployment ${spec.name} to finish deleting before it is created again`,
      poll: () => getDeployment(ctx, spec.name),
      done: (x) => x === undefined || stateOf(x) !== 'Deleting',
      describe: (x) => `it is ${stateOf(x) ?? 'gone'}`,
      onTimeout: 'Run the restore again once the deployment is gone.',
    });
  }
  // Present and Succeeded or on its way: an earlier run (or a person) created it; Failed/Canceled: PUT again retries.
  if (d && !['Failed', 'Canceled'].includes(stateOf(d) ?? '')) return;
  const { resourceGroup, workspace, name: ep } = ctx.arm;
  const what = `Creating deployment ${spec.name} of online endpoint ${ep} again`;
  pollers.set(spec.name, await armCall(ctx, what, () => ctx.ml.onlineDeployments.beginCreateOrUpdate(resourceGroup, workspace, ep, spec.name, deploymentBody(spec))));
}

/** Drives this call's pollers (their errors carry Azure's reason) and reads each deployment's state. */
async function progress(ctx: ActionContext, names: readonly string[], pollers: Map<string, LroPoller<unknown>>, what: string): Promise<Map<string, string | undefined>> {
  for (const [name, poller] of pollers) {
    if (!names.includes(name) || poller.isDone()) continue;
    await armCall(ctx, `${what} (deployment ${name})`, () => poller.poll());
  }
  const states = new Map<string, string | undefined>();
  for (const name of names) states.set(name, stateOf(await getDeployment(ctx, name)) ?? (undefined as string | undefined));
  return states;
}

async function waitDeleted(ctx: ActionContext, p: Prior, pollers: Map<string, LroPoller<unknown>>): Promise<void> {
  const names = p.deployments.map((d) => d.name);
  await waitFor(ctx, {
    what: `the deployments of online endpoint ${ctx.arm.name} to be deleted`,
    poll: () => progress(ctx, names, pollers, 'Deleting'),
    done: (s) => s !== undefined && [...s.values()].every((v) => v === undefined),
    failed: (s) => {
      const bad = [...(s ?? new Map<string, string | undefined>()).entries()].filter(([, v]) => v === 'Failed');
      return bad.length ? `deployment(s) ${bad.map(([n]) => n).join(', ')} failed to delete (provisioning state Failed); delete them in Azure ML studio or run the park again` : undefined;
    },
    describe: (s) => `still there: ${[...(s ?? new Map()).entries()].filter(([, v]) => v !== undefined).map(([n, v]) => `${n} ${v}`).join(', ') || '?'}`,
    onTimeout: 'The deletes keep running on Azure\'s side; run the same command again to confirm.',
  });
}

async function waitSucceeded(ctx: ActionContext, p: Prior, pollers: Map<string, LroPoller<unknown>>): Promise<void> {
  const names = p.deployments.map((d) => d.name);
  const running = (n: string) => pollers.has(n) && !pollers.get(n)!.isDone();
  // This call's own PUTs count as the one try.
  const retried = new Set(pollers.keys());
  await waitFor(ctx, {
    what: `the deployments of online endpoint ${ctx.arm.name} to be Succeeded`,
    poll: async () => {
      const states = await progress(ctx, names, pollers, 'Creating');
      // Gone or Failed although its create step is recorded (deleted meanwhile; a resumed run after a failed
      // provisioning): PUT it again, once per call, rather than wait for nothing. A GET lagging this call's own PUT
      // (⚠️) is left to its poller, whose error carries Azure's reason when the second try fails too.
      for (const spec of p.deployments) {
        const v = states.get(spec.name);
        if ((v !== undefined && v !== 'Failed' && v !== 'Canceled') || running(spec.name) || retried.has(spec.name)) continue;
        retried.add(spec.name);
        await startCreate(ctx, spec, pollers);
        states.set(spec.name, 'Creating');
      }
      return states;
    },
    done: (s) => s !== undefined && [...s.values()].every((v) => v === ENDPOINT_SUCCEEDED),
    failed: (s) => {
      const bad = [...(s ?? new Map<string, string | undefined>()).entries()].filter(([, v]) => v === 'Failed' || v === 'Canceled');
      return bad.length
        ? `deployment(s) ${bad.map(([n, v]) => `${n} (${v})`).join(', ')} did not come back; read their logs (az ml online-deployment get-logs), fix the cause (quota, image) and run the restore again`
        : undefined;
    },
    describe: (s) => [...(s ?? new Map()).entries()].map(([n, v]) => `${n} ${v ?? 'missing'}`).join(', '),
    onTimeout: 'They keep provisioning on Azure\'s side; run the restore again to confirm (it does not create them twice).',
  });
}

async function restoreTraffic(ctx: ActionContext, p: Prior): Promise<void> {
  const e = await settledEndpoint(ctx, GONE_ON_RESTORE);
  if (sameTraffic(e.properties.traffic ?? {}, p.traffic)) return;
  const present = new Set((await listDeployments(ctx)).filter((d) => stateOf(d) === ENDPOINT_SUCCEEDED).map((d) => d.name));
  const missing = Object.entries(p.traffic).filter(([n, share]) => share > 0 && !present.has(n)).map(([n]) => n);
  if (missing.length) {
    throw new AzureRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Deployment(s) ${missing.join(', ')} of online endpoint ${ctx.arm.name} are not there (or not Succeeded), so the captured traffic cannot be restored. Run the restore again; if someone deleted them, set the traffic by hand.`,
    });
  }
  // Azure refuses traffic for deployments that do not exist: send the captured map for the present ones, exactly.
  const traffic = Object.fromEntries(Object.entries(p.traffic).filter(([n]) => present.has(n)));
  await putTraffic(ctx, e, traffic, `Restoring the traffic of online endpoint ${ctx.arm.name}`);
}

export const deleteDeployment = defineAction<Prior>({
  spec: deleteDeploymentSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    const e = await requireEndpoint(ctx, 'Nothing to park.');
    const deployments = await listDeployments(ctx);
    const createdAt = dateOf(e.systemData?.createdAt);
    const prior = {
      endpointId: e.id ?? ctx.label,
      location: e.location,
      ...(e.properties.scoringUri ? { scoringUri: e.properties.scoringUri } : {}),
      traffic: { ...(e.properties.traffic ?? {}) },
      deployments: deployments.map((d) => specOfDeployment(d, e.location)),
    };
    // NoDeployments / a busy deployment: the gate refuses it, so an empty or moving snapshot never parks.
    return { prior: prior as Prior, providerStatus: endpointStatus(stateOf(e), deployments), ...(createdAt ? { createdAt } : {}) };
  },
  parkSteps(ctx, p) {
    const pollers = new Map<string, LroPoller<unknown>>();
    return [
      { name: 'traffic-zero', run: () => zeroAllTraffic(ctx, p) },
      ...p.deployments.map((d) => ({ name: `delete:${d.name}`, run: () => startDelete(ctx, d.name, pollers) })),
      { name: 'wait-deleted', run: () => waitDeleted(ctx, p, pollers) },
    ];
  },
  restoreSteps(ctx, p) {
    const pollers = new Map<string, LroPoller<unknown>>();
    return [
      ...p.deployments.map((d) => ({ name: `create:${d.name}`, run: () => startCreate(ctx, d, pollers) })),
      { name: 'wait-succeeded', run: () => waitSucceeded(ctx, p, pollers) },
      { name: 'traffic', run: () => restoreTraffic(ctx, p) },
    ];
  },
});
