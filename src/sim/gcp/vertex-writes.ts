import type { FleetState } from '../fleet-model';
import { integrateLoad } from '../patterns';
import { hashString } from '../prng';
import { closeWindow, openWindow, scheduleCount, type Phase } from '../timeline';
import { numericId } from './gcp-ids';
import type { DeployedModelSpec, SimDeployedModel, SimGcpState, SimVertexEndpoint } from './gcp-model';
import { startOperation } from './gcp-operations';
import { GoogleError, failedPrecondition, invalidArgument, notFound } from './google-wire';
import { activeModels, deployedModelJson, latestSplit, liveModels } from './vertex-endpoints';

/**
 * Vertex AI endpoint writes: deployModel, undeployModel, mutateDeployedModel (LROs); PATCH is in
 * vertex-endpoint-patch.ts. Effects land on the virtual clock: a deploy brings replicas up after `provisioningSeconds`, an
 * undeploy releases them (billing and metrics stop) after `teardownSeconds` (~1 min, like Vertex's undeploy).
 */

export type Body = Record<string, unknown>;
const SECOND_MS = 1000;
/** v1beta1 ScaleToZeroSpec.idle_scaledown_period default (⚠️ 1 h per the v1beta1 machine_resources.proto comment). */
export const SCALE_TO_ZERO_IDLE_MS = 3_600_000;

const timing = (state: FleetState) => ({ provisionMs: state.options.provisioningSeconds * SECOND_MS, teardownMs: state.options.teardownSeconds * SECOND_MS });

export const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

function int(v: unknown, field: string, min: number): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidArgument(`${field} must be an integer.`);
  if (n < min) throw invalidArgument(`${field} must be >= ${min}, got ${n}.`);
  return n;
}

/** Validates a trafficSplit: integer percentages of known models adding up to 100 (or empty with no models left). */
export function checkSplit(split: unknown, allowed: ReadonlySet<string>): Record<string, number> {
  if (!isObject(split)) throw invalidArgument('trafficSplit must be a map of deployed model id to percentage.');
  const out: Record<string, number> = {};
  let total = 0;
  for (const [id, pct] of Object.entries(split)) {
    if (!allowed.has(id)) throw invalidArgument(`trafficSplit names deployed model ${id}, which is not deployed on the endpoint.`);
    const p = int(pct, `trafficSplit["${id}"]`, 0);
    if (p > 100) throw invalidArgument(`trafficSplit["${id}"] must be <= 100.`);
    if (p > 0) out[id] = p;
    total += p;
  }
  if (allowed.size > 0 && total !== 100 && !(allowed.size === 1 && allowed.has('0') && total === 0)) {
    throw invalidArgument(`The traffic split percentages must add up to 100, got ${total}.`);
  }
  return out;
}

/** Appends a split change at `atMs`, never before an already scheduled one (operations complete in order). */
export function scheduleSplit(e: SimVertexEndpoint, atMs: number, split: Record<string, number>): void {
  const last = e.trafficSplit[e.trafficSplit.length - 1]!;
  const from = Math.max(atMs, last.fromMs);
  const phase: Phase<Record<string, number>> = { fromMs: from, status: split };
  if (last.fromMs === from) e.trafficSplit[e.trafficSplit.length - 1] = phase;
  else e.trafficSplit.push(phase);
}

/**
 * DeployedModel.model "may contain version id or version alias to specify the version": `models/{model}@2` or
 * `models/{model}@golden`; without one, the default version is deployed (endpoint.proto). Vertex answers with the
 * plain model name and the version apart in modelVersionId (OUTPUT_ONLY, so a modelVersionId in the request is
 * ignored). ⚠️ that GET strips the `@version` from `model` is our reading of the proto (modelVersionId "the version
 * ID of the model that is deployed"), not observed. The simulator has no Model Registry: an alias or a bare name
 * deploys the version the same model has elsewhere in the world, else version 1.
 */
function modelAndVersion(gcp: SimGcpState, e: SimVertexEndpoint, raw: string): { model: string; modelVersionId: string } {
  const at = raw.lastIndexOf('@');
  const bare = at > 0 ? raw.slice(0, at) : raw;
  const pinned = at > 0 ? raw.slice(at + 1) : undefined;
  if (pinned !== undefined && !/^[1-9]\d*$|^[a-z][a-z0-9-]{0,127}$/.test(pinned)) throw invalidArgument(`Invalid model version or alias "${pinned}" in ${raw}.`);
  const model = bare.includes('/') ? bare : `projects/${e.projectNumber}/locations/${e.location}/models/${bare}`;
  if (pinned && /^\d+$/.test(pinned)) return { model, modelVersionId: pinned };
  for (const other of gcp.endpoints.values()) {
    for (const m of other.models) {
      const spec = m.specs[m.specs.length - 1]?.status;
      if (spec?.model === model && spec.modelVersionId) return { model, modelVersionId: spec.modelVersionId };
    }
  }
  return { model, modelVersionId: '1' };
}

function specFrom(gcp: SimGcpState, e: SimVertexEndpoint, dm: Body, version: string): DeployedModelSpec {
  if (typeof dm.model !== 'string' || !dm.model) throw invalidArgument('deployedModel.model is required.');
  const { id: _id, model: rawModel, displayName, modelVersionId: _v, dedicatedResources, automaticResources, sharedResources, createTime: _c, status: _s, ...extra } = dm;
  const { model, modelVersionId } = modelAndVersion(gcp, e, rawModel);
  const base = {
    displayName: typeof displayName === 'string' && displayName ? displayName : model.split('/').pop()!,
    model,
    modelVersionId,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
  if (isObject(dedicatedResources)) {
    const ms = dedicatedResources.machineSpec;
    if (!isObject(ms) || typeof ms.machineType !== 'string') throw invalidArgument('deployedModel.dedicatedResources.machineSpec.machineType is required.');
    const min = int(dedicatedResources.minReplicaCount ?? 0, 'dedicatedResources.minReplicaCount', 0);
    if (version === 'v1' && min < 1) throw invalidArgument('dedicatedResources.minReplicaCount must be greater than or equal to 1.');
    const max = dedicatedResources.maxReplicaCount === undefined ? Math.max(1, min) : int(dedicatedResources.maxReplicaCount, 'dedicatedResources.maxReplicaCount', Math.max(1, min));
    const count = ms.acceleratorCount === undefined ? 0 : int(ms.acceleratorCount, 'machineSpec.acceleratorCount', 0);
    const { machineSpec: _m, minReplicaCount: _n, maxReplicaCount: _x, ...dedExtra } = dedicatedResources;
    return {
      ...base,
      resources: 'dedicated',
      machineType: ms.machineType,
      ...(typeof ms.acceleratorType === 'string' && ms.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? { acceleratorType: ms.acceleratorType } : {}),
      acceleratorCount: count,
      minReplicas: min,
      maxReplicas: max,
      ...(Object.keys(dedExtra).length ? { dedicatedExtra: dedExtra } : {}),
    };
  }
  if (isObject(automaticResources)) {
    const min = int(automaticResources.minReplicaCount ?? 1, 'automaticResources.minReplicaCount', 1);
    const max = int(automaticResources.maxReplicaCount ?? min, 'automaticResources.maxReplicaCount', min);
    return { ...base, resources: 'automatic', machineType: 'n1-standard-2', acceleratorCount: 0, minReplicas: min, maxReplicas: max };
  }
  if (typeof sharedResources === 'string') {
    return { ...base, resources: 'shared', sharedPool: sharedResources.split('/').pop()!, machineType: 'n1-standard-2', acceleratorCount: 0, minReplicas: 0, maxReplicas: 1 };
  }
  throw invalidArgument('deployedModel needs one of dedicatedResources, automaticResources or sharedResources.');
}

const startReplicas = (s: DeployedModelSpec) => (s.resources === 'shared' ? 0 : Math.max(1, s.minReplicas));

export function deployModel(state: FleetState, gcp: SimGcpState, e: SimVertexEndpoint, body: Body, version: string, nowMs: number): Record<string, unknown> {
  const dm = body.deployedModel;
  if (!isObject(dm)) throw invalidArgument('deployedModel is required.');
  const spec = specFrom(gcp, e, dm, version);
  const active = activeModels(e);
  let id: string;
  if (dm.id !== undefined && dm.id !== '') {
    if (typeof dm.id !== 'string' || !/^[1-9]\d{0,18}$|^[a-z][a-z0-9-]{0,62}$/.test(dm.id)) throw invalidArgument('deployedModel.id must be a number or a lower-case name of at most 63 characters.');
    if (active.some((m) => m.id === dm.id)) throw new GoogleError(409, 'ALREADY_EXISTS', `DeployedModel with ID ${dm.id} already exists on Endpoint ${e.name}.`);
    id = dm.id;
  } else {
    id = numericId(`deployed-model/${e.id}/${gcp.operationSeq}/${nowMs}`);
  }
  const allowed = new Set([...active.map((m) => m.id), '0']);
  const split =
    body.trafficSplit !== undefined && isObject(body.trafficSplit) && Object.keys(body.trafficSplit).length
      ? renameZero(checkSplit(body.trafficSplit, allowed), id)
      : active.length === 0
        ? { [id]: 100 }
        : latestSplit(e);

  const readyMs = nowMs + timing(state).provisionMs;
  // Redeploying a known id keeps its record: demand (the fleet pattern) and history survive the round trip.
  let m = e.models.find((x) => x.id === id);
  if (!m) {
    m = { id, specs: [], createdMs: nowMs, replicas: [], windows: [], traffic: { type: 'idle', gpuUtilPct: 0 }, latencyMs: 40, errorRatePct: 0, telemetryGapPct: 0, gpuMemoryUtilPct: 35, seed: hashString(`${e.name}/${id}`) };
    e.models.push(m);
  }
  m.createdMs = readyMs;
  m.specs = m.specs.filter((p) => p.fromMs <= nowMs);
  m.specs.push({ fromMs: m.specs.length ? readyMs : -Infinity, status: spec });
  openWindow(m.windows, readyMs);
  scheduleCount(m.replicas, nowMs, readyMs, startReplicas(spec), true);
  scheduleSplit(e, readyMs, split);
  const op = startOperation(
    gcp,
    e.name,
    nowMs,
    readyMs,
    { metadataType: `google.cloud.aiplatform.${version}.DeployModelOperationMetadata`, responseType: `google.cloud.aiplatform.${version}.DeployModelResponse`, response: {} },
    'vertex',
  );
  op.response = { deployedModel: deployedModelJson(e, m, readyMs) };
  return operationStub(op.name, op.metadataType, nowMs);
}

function renameZero(split: Record<string, number>, id: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(split)) out[k === '0' ? id : k] = v;
  return out;
}

export function undeployModel(state: FleetState, gcp: SimGcpState, e: SimVertexEndpoint, body: Body, version: string, nowMs: number): Record<string, unknown> {
  const id = body.deployedModelId;
  if (typeof id !== 'string' || !id) throw invalidArgument('deployedModelId is required.');
  const active = activeModels(e);
  const m = active.find((x) => x.id === id && liveModels(e, nowMs).includes(x));
  if (!m) {
    if (active.some((x) => x.id === id)) throw failedPrecondition(`The DeployedModel ${id} is still being deployed; wait for the operation to finish.`);
    // Still listed on the endpoint while an earlier undeploy runs: refuse like a concurrent operation, not NOT_FOUND
    // (GET shows it, so "not found" would contradict it). ⚠️ Vertex's exact status for this case is undocumented.
    if (liveModels(e, nowMs).some((x) => x.id === id)) throw failedPrecondition(`The DeployedModel ${id} is being undeployed; wait for the operation to finish.`);
    throw notFound(`The DeployedModel with ID ${id} not found on Endpoint ${e.name}.`);
  }
  const current = latestSplit(e);
  const remaining = active.filter((x) => x.id !== id).map((x) => x.id);
  let next: Record<string, number>;
  if (body.trafficSplit !== undefined && isObject(body.trafficSplit) && Object.keys(body.trafficSplit).length) {
    next = checkSplit(body.trafficSplit, new Set(remaining));
    if ((next[id] ?? 0) > 0) throw failedPrecondition(`The new trafficSplit still routes traffic to DeployedModel ${id}.`);
  } else if ((current[id] ?? 0) > 0 && remaining.length > 0) {
    // UndeployModelRequest.traffic_split: the model must have no traffic, or the request must take it away,
    // unless it is the last model (then the split is emptied). (endpoint_service.proto)
    throw failedPrecondition(
      `DeployedModel ${id} serves ${current[id]}% of the traffic of Endpoint ${e.name}; send a trafficSplit that removes it, or move its traffic first.`,
    );
  } else {
    next = Object.fromEntries(Object.entries(current).filter(([k]) => k !== id));
  }
  const doneMs = nowMs + timing(state).teardownMs;
  closeWindow(m.windows, doneMs);
  scheduleCount(m.replicas, nowMs, doneMs, 0, true);
  scheduleSplit(e, doneMs, next);
  const op = startOperation(
    gcp,
    e.name,
    nowMs,
    doneMs,
    { metadataType: `google.cloud.aiplatform.${version}.UndeployModelOperationMetadata`, responseType: `google.cloud.aiplatform.${version}.UndeployModelResponse`, response: {} },
    'vertex',
  );
  return operationStub(op.name, op.metadataType, nowMs);
}

const MASK_FIELDS: Record<string, 'min' | 'max'> = {
  'dedicatedResources.minReplicaCount': 'min',
  'dedicated_resources.min_replica_count': 'min',
  'dedicatedResources.maxReplicaCount': 'max',
  'dedicated_resources.max_replica_count': 'max',
};

export function mutateDeployedModel(state: FleetState, gcp: SimGcpState, e: SimVertexEndpoint, body: Body, mask: string | undefined, version: string, nowMs: number): Record<string, unknown> {
  const dm = body.deployedModel;
  if (!isObject(dm) || typeof dm.id !== 'string') throw invalidArgument('deployedModel.id is required.');
  const maskText = typeof body.updateMask === 'string' ? body.updateMask : mask;
  if (!maskText) throw invalidArgument('update_mask is required.');
  const fields = maskText.split(',').map((f) => f.trim());
  for (const f of fields) if (!MASK_FIELDS[f]) throw invalidArgument(`Field ${f} in update_mask cannot be mutated (min_replica_count and max_replica_count only in the simulator).`);
  const m = activeModels(e).find((x) => x.id === dm.id && liveModels(e, nowMs).includes(x));
  if (!m) throw notFound(`The DeployedModel with ID ${dm.id} not found on Endpoint ${e.name}.`);
  const spec = m.specs[m.specs.length - 1]!.status;
  if (spec.resources !== 'dedicated') throw invalidArgument(`DeployedModel ${m.id} does not use dedicated resources; only dedicatedResources can be mutated.`);
  const res = isObject(dm.dedicatedResources) ? dm.dedicatedResources : {};
  const wants = new Set(fields.map((f) => MASK_FIELDS[f]));
  const min = wants.has('min') ? int(res.minReplicaCount ?? 0, 'dedicatedResources.minReplicaCount', 0) : spec.minReplicas;
  // Scale to zero is a v1beta1 preview: v1 keeps min_replica_count >= 1.
  if (version === 'v1' && min < 1) throw invalidArgument('dedicatedResources.minReplicaCount must be greater than or equal to 1 (scale to zero needs the v1beta1 API).');
  const max = wants.has('max') ? int(res.maxReplicaCount ?? 0, 'dedicatedResources.maxReplicaCount', 1) : Math.max(spec.maxReplicas, min, 1);
  if (max < min) throw invalidArgument(`maxReplicaCount ${max} is below minReplicaCount ${min}.`);
  const t = timing(state);
  const current = m.replicas[m.replicas.length - 1]?.count ?? 0;
  const target = Math.min(max, Math.max(min, current, min === 0 ? 0 : 1));
  const doneMs = nowMs + (target > current ? t.provisionMs : t.teardownMs);
  m.specs = m.specs.filter((p) => p.fromMs <= nowMs);
  m.specs.push({ fromMs: doneMs, status: { ...spec, minReplicas: min, maxReplicas: max } });
  if (min === 0) {
    // Scale to zero: replicas go once the model saw no predictions for idle_scaledown_period. Demand arriving
    // later is not modelled as a scale-up (the watchdog only sets min 0 on idle models).
    const idleUntil = doneMs + SCALE_TO_ZERO_IDLE_MS;
    if (integrateLoad(m.traffic, m.seed, doneMs, idleUntil).invocations < 1) scheduleCount(m.replicas, nowMs, idleUntil, 0, true);
  } else {
    scheduleCount(m.replicas, nowMs, doneMs, target, true);
  }
  const op = startOperation(
    gcp,
    e.name,
    nowMs,
    doneMs,
    { metadataType: `google.cloud.aiplatform.${version}.MutateDeployedModelOperationMetadata`, responseType: `google.cloud.aiplatform.${version}.MutateDeployedModelResponse`, response: {} },
    'vertex',
  );
  op.response = { deployedModel: deployedModelJson(e, m, doneMs) };
  return operationStub(op.name, op.metadataType, nowMs);
}

export function operationStub(name: string, metadataType: string, nowMs: number): Record<string, unknown> {
  const t = new Date(nowMs).toISOString();
  return { name, metadata: { '@type': `type.googleapis.com/${metadataType}`, genericMetadata: { createTime: t, updateTime: t } }, done: false };
}

export type { SimDeployedModel };
