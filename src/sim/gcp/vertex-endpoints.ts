import { hashString } from '../prng';
import { capacityAt, liveAt, phaseAt, statusAt } from '../timeline';
import { rfc3339 } from './gcp-ids';
import { endpointName, type DeployedModelSpec, type SimDeployedModel, type SimGcpProject, type SimGcpState, type SimVertexEndpoint } from './gcp-model';
import { notFound } from './google-wire';

/** Vertex AI endpoints as the API shows them at a virtual time (Endpoint and DeployedModel in REST JSON). */

export function endpointExists(e: SimVertexEndpoint, nowMs: number): boolean {
  return e.createdMs <= nowMs;
}

export function findEndpoint(gcp: SimGcpState, project: SimGcpProject, location: string, id: string, nowMs: number): SimVertexEndpoint {
  const name = endpointName(project.number, location, id);
  const e = gcp.endpoints.get(name);
  if (!e || !endpointExists(e, nowMs)) throw notFound(`Endpoint \`${name}\` not found.`);
  return e;
}

/** Models that are part of the endpoint at `tMs` (deployedModels). */
export function liveModels(e: SimVertexEndpoint, tMs: number): SimDeployedModel[] {
  return e.models.filter((m) => liveAt(m.windows, tMs));
}

/** Models deployed or being deployed, and not being undeployed: the ids a new trafficSplit may name. */
export function activeModels(e: SimVertexEndpoint): SimDeployedModel[] {
  return e.models.filter((m) => {
    const last = m.windows[m.windows.length - 1];
    return last !== undefined && last.toMs === undefined;
  });
}

/** The split the endpoint will have once every pending operation completes (the base of the next change). */
export function latestSplit(e: SimVertexEndpoint): Record<string, number> {
  return { ...e.trafficSplit[e.trafficSplit.length - 1]!.status };
}

export function specAt(m: SimDeployedModel, tMs: number): DeployedModelSpec {
  return statusAt(m.specs, tMs);
}

export function deployedModelJson(e: SimVertexEndpoint, m: SimDeployedModel, tMs: number): Record<string, unknown> {
  const spec = specAt(m, tMs);
  const replicas = capacityAt(m.replicas, tMs);
  const lastChange = Math.max(m.createdMs, ...m.replicas.filter((s) => s.fromMs <= tMs).map((s) => s.fromMs), phaseAt(m.specs, tMs).fromMs);
  const out: Record<string, unknown> = {
    id: m.id,
    model: spec.model,
    ...(spec.modelVersionId ? { modelVersionId: spec.modelVersionId } : {}),
    displayName: spec.displayName,
    createTime: rfc3339(m.createdMs),
  };
  if (spec.resources === 'dedicated') {
    out.dedicatedResources = {
      machineSpec: { machineType: spec.machineType, ...(spec.acceleratorType ? { acceleratorType: spec.acceleratorType, acceleratorCount: spec.acceleratorCount } : {}) },
      // proto3 JSON omits default values: minReplicaCount 0 (scale-to-zero preview) is absent on the wire.
      ...(spec.minReplicas ? { minReplicaCount: spec.minReplicas } : {}),
      maxReplicaCount: spec.maxReplicas,
      ...spec.dedicatedExtra,
    };
  } else if (spec.resources === 'automatic') {
    out.automaticResources = { minReplicaCount: spec.minReplicas, maxReplicaCount: spec.maxReplicas };
  } else {
    out.sharedResources = `projects/${e.projectNumber}/locations/${e.location}/deploymentResourcePools/${spec.sharedPool}`;
  }
  Object.assign(out, spec.extra);
  out.status = {
    ...(m.statusMessage ? { message: m.statusMessage } : {}),
    lastUpdateTime: rfc3339(Number.isFinite(lastChange) ? lastChange : m.createdMs),
    ...(replicas ? { availableReplicaCount: replicas } : {}),
  };
  return out;
}

export function endpointJson(e: SimVertexEndpoint, tMs: number): Record<string, unknown> {
  const models = liveModels(e, tMs);
  const split = statusAt(e.trafficSplit, tMs);
  const body: Record<string, unknown> = {
    name: e.name,
    displayName: e.displayName,
    ...(e.description ? { description: e.description } : {}),
    ...(models.length ? { deployedModels: models.map((m) => deployedModelJson(e, m, tMs)) } : {}),
    ...(Object.keys(split).length ? { trafficSplit: { ...split } } : {}),
    ...(Object.keys(e.labels).length ? { labels: { ...e.labels } } : {}),
    createTime: rfc3339(e.createdMs),
    updateTime: rfc3339(Math.max(e.updatedMs, ...models.map((m) => m.windows.filter((w) => w.fromMs <= tMs).map((w) => w.fromMs)).flat())),
  };
  body.etag = `AMEw9yP${hashString(JSON.stringify(body)).toString(36)}`;
  return body;
}
