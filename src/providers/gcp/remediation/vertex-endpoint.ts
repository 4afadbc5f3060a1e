import { z } from 'zod';
import { googleCall, googleCode, googleGet, locationOf, type ActionContext } from './action-context';
import { GcpRemediationError } from './remediation-error';
import type { TrafficSplit } from './traffic-split';
import { awaitOperation, waitFor, type GoogleLro } from './wait';

/** Vertex AI DeployedModel as REST JSON (google/cloud/aiplatform/v1/endpoint.proto); fields we do not know pass through. */
export interface VertexDeployedModel {
  id: string;
  model?: string;
  modelVersionId?: string;
  displayName?: string;
  createTime?: string;
  dedicatedResources?: { machineSpec?: Record<string, unknown>; minReplicaCount?: number; maxReplicaCount?: number; [k: string]: unknown };
  automaticResources?: { minReplicaCount?: number; maxReplicaCount?: number };
  sharedResources?: string;
  status?: { availableReplicaCount?: number; lastUpdateTime?: string; message?: string };
  [k: string]: unknown;
}

export interface VertexEndpoint {
  name: string;
  displayName?: string;
  deployedModels?: VertexDeployedModel[];
  trafficSplit?: TrafficSplit;
  labels?: Record<string, string>;
  createTime?: string;
  updateTime?: string;
  etag?: string;
}

/**
 * A deployed model exactly as it must be sent to DeployModel again. `id` and `model` are required; everything
 * else passes through untouched (dedicatedResources with machineSpec and autoscalingMetricSpecs, automaticResources,
 * sharedResources, serviceAccount, disableContainerLogging, enableAccessLogging, explanationSpec, systemLabels,
 * fasterDeploymentConfig, speculativeDecodingSpec ... and fields added to the API later).
 */
export const deployedModelSpecSchema = z.looseObject({
  id: z.string().min(1),
  model: z.string().min(1),
  /** OUTPUT_ONLY in the proto: kept to pin the same version on restore (`model@version`), never sent as a field. */
  modelVersionId: z.string().optional(),
  displayName: z.string().optional(),
  dedicatedResources: z.looseObject({ minReplicaCount: z.number().int().min(0), maxReplicaCount: z.number().int().optional() }).optional(),
  automaticResources: z.looseObject({ minReplicaCount: z.number().int().optional(), maxReplicaCount: z.number().int().optional() }).optional(),
  sharedResources: z.string().optional(),
});
export type DeployedModelSpec = z.infer<typeof deployedModelSpecSchema>;

/** OUTPUT_ONLY fields of DeployedModel (endpoint.proto field_behavior): not part of what a deploy needs. */
const OUTPUT_ONLY = new Set(['createTime', 'status', 'privateEndpoints']);

/** The deploy-again spec of a deployed model, as JSON (drops output-only fields and undefined values). */
export function specOf(m: VertexDeployedModel): DeployedModelSpec {
  const kept = Object.fromEntries(Object.entries(m).filter(([k, v]) => !OUTPUT_ONLY.has(k) && v !== undefined));
  return deployedModelSpecSchema.parse(JSON.parse(JSON.stringify(kept)));
}

/**
 * The DeployModel body's deployedModel. modelVersionId is output-only; the version is pinned through the model name
 * instead (DeployedModel.model: "may contain version id or version alias ... models/{model}@2"), because the
 * model's default version may have moved while the endpoint was parked. ⚠️ checked against the API reference only.
 */
export function deployBody(spec: DeployedModelSpec): Record<string, unknown> {
  const { modelVersionId, ...rest } = spec;
  const model = modelVersionId && !spec.model.includes('@') ? `${spec.model}@${modelVersionId}` : spec.model;
  return { ...rest, model };
}

/** The replica floor a deployed model serves with; undefined for shared resources (the pool's replicas). */
export function minReplicasOf(m: Pick<VertexDeployedModel, 'dedicatedResources' | 'automaticResources'>): number | undefined {
  if (m.dedicatedResources) return m.dedicatedResources.minReplicaCount ?? 1;
  if (m.automaticResources) return m.automaticResources.minReplicaCount ?? 1;
  return undefined;
}

export function endpointPath(name: string): { path: string; location?: string } {
  const location = locationOf(name);
  return { path: `/v1/${name}`, ...(location ? { location } : {}) };
}

export function getEndpoint(ctx: ActionContext, name: string): Promise<VertexEndpoint | undefined> {
  return googleGet(ctx, 'Vertex.GetEndpoint', `Reading endpoint ${name}`, () => ctx.http.request<VertexEndpoint>({ operation: 'Vertex.GetEndpoint', ...endpointPath(name) }));
}

export async function requireEndpoint(ctx: ActionContext, name: string, then: string): Promise<VertexEndpoint> {
  const e = await getEndpoint(ctx, name);
  if (!e) {
    throw new GcpRemediationError({ code: 'RESOURCE_NOT_FOUND', resource: ctx.label, message: `Vertex AI endpoint ${name} no longer exists. ${then}` });
  }
  return e;
}

/** POST {endpoint}:<verb> and await the operation; `version` v1beta1 only for the scale-to-zero preview. */
export async function endpointLro(ctx: ActionContext, name: string, verb: 'deployModel' | 'undeployModel' | 'mutateDeployedModel', body: unknown, what: string, version: 'v1' | 'v1beta1' = 'v1'): Promise<void> {
  const operation = `Vertex.${verb[0]!.toUpperCase()}${verb.slice(1)}` as const;
  const { location } = endpointPath(name);
  const op = await googleCall(ctx, operation, what, () =>
    ctx.http.request<GoogleLro>({ operation, method: 'POST', path: `/${version}/${name}:${verb}`, ...(location ? { location } : {}), body }),
  );
  await awaitOperation(ctx, { service: 'Vertex', version }, op, what);
}

/**
 * Refusals that can mean "an earlier run's operation on this model is still running" (a crash after the POST and
 * before the operation finished): Vertex answers a second deploy/undeploy of the same model with one of these.
 * ⚠️ the exact status word for a concurrent operation is not documented; all three are treated alike.
 */
export function isConcurrentRefusal(err: unknown): boolean {
  const code = googleCode(err);
  return code === 'FAILED_PRECONDITION' || code === 'ABORTED' || code === 'ALREADY_EXISTS';
}

/**
 * After a refusal that may be a concurrent operation: waits until the model is `wanted` (present or gone). The
 * original refusal is rethrown when the model does not get there, so a real precondition failure is not hidden.
 */
export async function waitModelAfterRefusal(ctx: ActionContext, name: string, id: string, wanted: 'present' | 'gone', refusal: unknown): Promise<void> {
  // Undeploy takes about a minute, a deploy as long as its replicas take to come up.
  const bounded = wanted === 'gone' ? { ...ctx, waitTimeoutMs: Math.min(ctx.waitTimeoutMs, 10 * 60_000) } : ctx;
  try {
    await waitFor(bounded, {
      what: `deployed model ${id} to be ${wanted === 'present' ? 'deployed' : 'undeployed'} by an earlier operation`,
      poll: () => getEndpoint(ctx, name),
      done: (e) => (e?.deployedModels ?? []).some((m) => m.id === id) === (wanted === 'present'),
      failed: (e) => (e === undefined ? `endpoint ${name} was deleted` : undefined),
      describe: () => `deployed model ${id} is still ${wanted === 'present' ? 'missing' : 'there'}`,
      onTimeout: '',
    });
  } catch (err) {
    if (err instanceof GcpRemediationError && err.code === 'WAIT_TIMEOUT') throw refusal;
    throw err;
  }
}

/**
 * Waits until every model in `ids` is on the endpoint and serves: `status.availableReplicaCount >= minReplicaCount`.
 * A model without a status count is taken as serving once present: its deploy operation finished, which Vertex
 * reports only when the deployment is done.
 */
export async function waitServing(ctx: ActionContext, name: string, ids: readonly string[]): Promise<void> {
  const notServing = (e: VertexEndpoint | undefined): string[] =>
    ids.filter((id) => {
      const m = e?.deployedModels?.find((d) => d.id === id);
      if (!m) return true;
      const min = minReplicasOf(m);
      const available = m.status?.availableReplicaCount;
      return min !== undefined && available !== undefined && available < min;
    });
  await waitFor(ctx, {
    what: `the deployed models of ${name} to serve`,
    poll: () => getEndpoint(ctx, name),
    done: (e) => e !== undefined && notServing(e).length === 0,
    failed: (e) => (e === undefined ? `endpoint ${name} was deleted` : undefined),
    describe: (e) => `not serving yet: ${notServing(e).join(', ')}`,
    onTimeout: 'Vertex AI is still bringing replicas up (GPU capacity can take a while); run the restore again to confirm, or check the endpoint in the console.',
  });
}
