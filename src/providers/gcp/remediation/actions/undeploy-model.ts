import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { defineAction, type ActionContext } from '../action-context';
import { allow, RESOURCE } from '../permissions';
import { GcpRemediationError } from '../remediation-error';
import { interimSplit, sameSplit, splitWithout, type TrafficSplit } from '../traffic-split';
import {
  deployBody,
  deployedModelSpecSchema,
  endpointLro,
  endpointPath,
  isConcurrentRefusal,
  requireEndpoint,
  specOf,
  waitModelAfterRefusal,
  waitServing,
} from '../vertex-endpoint';
import { googleCall, googleCode } from '../action-context';

/**
 * The GA way to stop paying for an idle Vertex AI endpoint: undeploy every deployed model (node billing stops with
 * the undeploy; the endpoint, its id, URL, labels and IAM stay). Vertex endpoints have no state word, so the
 * watchdog defines one: DEPLOYED when the endpoint has at least one deployed model, NO_MODELS otherwise. Restore
 * deploys each model again with the same deployed-model id and spec, then puts the exact traffic split back; it takes
 * minutes (replicas are provisioned again).
 */
export const ENDPOINT_DEPLOYED = 'DEPLOYED';
export const ENDPOINT_NO_MODELS = 'NO_MODELS';

export const undeployModelSpec: ActionSpec = {
  action: 'undeploy-model',
  validOriginStates: [ENDPOINT_DEPLOYED],
  permissions: [
    allow('aiplatform.endpoints.get', RESOURCE.endpoint),
    allow('aiplatform.endpoints.undeploy', RESOURCE.endpoint),
    allow('aiplatform.endpoints.deploy', RESOURCE.endpoint),
    // PATCH ?updateMask=trafficSplit puts the captured split back after the last deploy.
    allow('aiplatform.endpoints.update', RESOURCE.endpoint),
    // ⚠️ DeployModel with DeployedModel.serviceAccount needs actAs on that account (standard IAM rule for "run as").
    allow('iam.serviceAccounts.actAs', RESOURCE.serviceAccount),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+$/),
  displayName: z.string().optional(),
  deployedModels: z.array(deployedModelSpecSchema).min(1),
  trafficSplit: z.record(z.string(), z.number().int().min(0).max(100)),
  labels: z.record(z.string(), z.string()),
});
type Prior = z.infer<typeof priorSchema>;

/**
 * Undeploy order: models without traffic first (they need no new split), the biggest share last (it empties the
 * split by itself). Every earlier undeploy then sends the remaining models' shares renormalised, so Vertex's
 * FAILED_PRECONDITION ("the model still has traffic") never triggers. Restore runs in the reverse order.
 */
export function undeployOrder(p: Pick<Prior, 'deployedModels' | 'trafficSplit'>): string[] {
  return p.deployedModels
    .map((m, i) => ({ id: m.id, i, share: p.trafficSplit[m.id] ?? 0 }))
    .sort((a, b) => a.share - b.share || a.i - b.i)
    .map((m) => m.id);
}

async function undeploy(ctx: ActionContext, p: Prior, id: string): Promise<void> {
  const e = await requireEndpoint(ctx, p.endpointName, 'Its deployed models went with it; the restore token keeps their specs to deploy them on a new endpoint by hand.');
  const deployed = (e.deployedModels ?? []).map((m) => m.id);
  if (!deployed.includes(id)) return;
  const split = splitWithout(e.trafficSplit ?? {}, id, deployed.filter((d) => d !== id));
  const what = `Undeploying model ${id} from endpoint ${p.endpointName}`;
  try {
    await endpointLro(ctx, p.endpointName, 'undeployModel', { deployedModelId: id, ...(split ? { trafficSplit: split } : {}) }, what);
  } catch (err) {
    // A run that crashed after its undeployModel call left the operation running: wait for it instead. NOT_FOUND
    // too: the model went between our GET and the POST (or Vertex reports a model being undeployed as not found,
    // ⚠️ undocumented); the wait returns at once when it is gone and rethrows the refusal if it stays listed.
    if (!isConcurrentRefusal(err) && googleCode(err) !== 'NOT_FOUND') throw err;
    await waitModelAfterRefusal(ctx, p.endpointName, id, 'gone', err);
  }
}

async function deploy(ctx: ActionContext, p: Prior, id: string): Promise<void> {
  const e = await requireEndpoint(ctx, p.endpointName, 'Restore needs the endpoint: create one and deploy the models from the restore token (prior.deployedModels) by hand.');
  const present = (e.deployedModels ?? []).map((m) => m.id);
  if (present.includes(id)) return;
  const spec = p.deployedModels.find((m) => m.id === id)!;
  // An empty captured split stays empty: deploying without a split leaves the endpoint's split untouched.
  const split: TrafficSplit | undefined = Object.keys(p.trafficSplit).length ? interimSplit(p.trafficSplit, e.trafficSplit ?? {}, present, id) : undefined;
  const what = `Deploying model ${spec.model} again as deployed model ${id} on endpoint ${p.endpointName}`;
  try {
    await endpointLro(ctx, p.endpointName, 'deployModel', { deployedModel: deployBody(spec), ...(split ? { trafficSplit: split } : {}) }, what);
  } catch (err) {
    if (!isConcurrentRefusal(err)) throw err;
    await waitModelAfterRefusal(ctx, p.endpointName, id, 'present', err);
  }
}

async function restoreSplit(ctx: ActionContext, p: Prior): Promise<void> {
  if (Object.keys(p.trafficSplit).length === 0) return;
  const e = await requireEndpoint(ctx, p.endpointName, 'Nothing to route traffic to.');
  if (sameSplit(e.trafficSplit ?? {}, p.trafficSplit)) return;
  const deployed = new Set((e.deployedModels ?? []).map((m) => m.id));
  const missing = Object.entries(p.trafficSplit).filter(([id, share]) => share > 0 && !deployed.has(id)).map(([id]) => id);
  if (missing.length) {
    throw new GcpRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Deployed model(s) ${missing.join(', ')} of endpoint ${p.endpointName} are not deployed, so the captured traffic split cannot be restored. Run the restore again; if they were undeployed by someone else, set the split by hand.`,
    });
  }
  // UpdateEndpoint replaces the whole map: send only the deployed ids, exactly as captured.
  const trafficSplit = Object.fromEntries(Object.entries(p.trafficSplit).filter(([id]) => deployed.has(id)));
  await googleCall(ctx, 'Vertex.UpdateEndpoint', `Restoring the traffic split of endpoint ${p.endpointName}`, () =>
    ctx.http.request({ operation: 'Vertex.UpdateEndpoint', method: 'PATCH', ...endpointPath(p.endpointName), query: { updateMask: 'trafficSplit' }, body: { trafficSplit } }),
  );
}

export const undeployModel = defineAction<Prior>({
  spec: undeployModelSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    const e = await requireEndpoint(ctx, ctx.name, 'Nothing to park.');
    const models = e.deployedModels ?? [];
    const createdAt = e.createTime ? new Date(e.createTime) : undefined;
    const prior = {
      endpointName: e.name || ctx.name,
      ...(e.displayName ? { displayName: e.displayName } : {}),
      deployedModels: models.map(specOf),
      trafficSplit: { ...(e.trafficSplit ?? {}) },
      labels: { ...(e.labels ?? {}) },
    };
    // NO_MODELS: the gate refuses it (not a valid origin state), so an empty snapshot is never written to a token.
    return {
      prior: prior as Prior,
      providerStatus: models.length ? ENDPOINT_DEPLOYED : ENDPOINT_NO_MODELS,
      ...(createdAt && !Number.isNaN(createdAt.getTime()) ? { createdAt } : {}),
    };
  },
  parkSteps: (ctx, p) => undeployOrder(p).map((id) => ({ name: `undeploy:${id}`, run: () => undeploy(ctx, p, id) })),
  restoreSteps: (ctx, p) => [
    ...undeployOrder(p)
      .reverse()
      .map((id) => ({ name: `deploy:${id}`, run: () => deploy(ctx, p, id) })),
    { name: 'traffic-split', run: () => restoreSplit(ctx, p) },
    { name: 'wait-serving', run: () => waitServing(ctx, p.endpointName, p.deployedModels.map((m) => m.id)) },
  ],
});
