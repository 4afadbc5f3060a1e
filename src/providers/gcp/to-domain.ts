import type { ResourceRef } from '../../domain/cloud';
import type { Endpoint, EndpointVariant, InstancePrice, InstanceSpec, Notebook, ResourceStatus, ServedModel, TrainingJob, TrainingRun } from '../../domain/resources';
import { labelsToTags } from './labels';
import { gcpInstanceSpec } from './machine-types';
import type { GcpMachineSpec } from './ports';
import { classifyVertexImage, classifyVertexModel, type VertexModelJson } from './model-origin';
import type { DeployFailure } from './deploy-failures';
import type { CustomJobJson, VertexDeployedModel, VertexEndpoint, WorkbenchInstanceJson } from './vertex-json';

/** Where a resource was listed: the configured project id (API names carry the project number instead). */
export interface ListedIn {
  project: string;
  location: string;
}

/** Looks up the list price of one machine spec (resolved once per distinct spec per run by the reader). */
export type PriceLookup = (spec: GcpMachineSpec) => InstancePrice | undefined;

/** Vertex endpoints have no state word; the remediator uses the same two (ENDPOINT_DEPLOYED / ENDPOINT_NO_MODELS). */
export const VERTEX_DEPLOYED = 'DEPLOYED';
export const VERTEX_NO_MODELS = 'NO_MODELS';
/** Ours too: nothing deployed and the latest DeployModel operation failed (deploy-failures.ts). */
export const VERTEX_DEPLOY_FAILED = 'DEPLOY_FAILED';

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function date(s: string | undefined, fallback: Date): Date {
  const d = s ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : fallback;
}

function int(v: string | number | undefined, fallback = 0): number {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/**
 * Display names are not unique in Vertex AI. A name shared by several resources of one kind in one project and
 * location becomes `name~id` for each of them, so refKeys (alerts, ledger) never collide.
 */
export function uniqueNames<T>(items: readonly T[], display: (t: T) => string | undefined, id: (t: T) => string): Map<T, string> {
  const counts = new Map<string, number>();
  for (const t of items) {
    const d = display(t) || id(t);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return new Map(items.map((t) => {
    const d = display(t) || id(t);
    return [t, (counts.get(d) ?? 0) > 1 ? `${d}~${id(t)}` : d];
  }));
}

/** The machine spec a deployed model runs on, for pricing (undefined for automatic and shared resources). */
export function deployedModelMachine(m: VertexDeployedModel, location: string): GcpMachineSpec | undefined {
  const spec = m.dedicatedResources?.machineSpec as { machineType?: string; acceleratorType?: string; acceleratorCount?: number } | undefined;
  if (!spec?.machineType) return undefined;
  return {
    machineType: spec.machineType,
    ...(spec.acceleratorType && spec.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? { acceleratorType: spec.acceleratorType } : {}),
    acceleratorCount: spec.acceleratorCount ?? 0,
    location,
    usage: 'prediction',
  };
}

function withPrice(instance: InstanceSpec, spec: GcpMachineSpec | undefined, price: PriceLookup): InstanceSpec {
  const listPrice = spec ? price(spec) : undefined;
  return listPrice ? { ...instance, listPrice } : instance;
}

function variantOf(m: VertexDeployedModel, location: string, price: PriceLookup): EndpointVariant {
  const replicas = m.status?.availableReplicaCount ?? 0;
  if (m.dedicatedResources) {
    const machine = deployedModelMachine(m, location);
    const instance = machine
      ? withPrice(gcpInstanceSpec(machine.machineType, machine.acceleratorType, machine.acceleratorCount), machine, price)
      : gcpInstanceSpec('unknown');
    // proto3 JSON leaves out zero values: an absent minReplicaCount is 0 (the scale-to-zero preview).
    const min = m.dedicatedResources.minReplicaCount ?? 0;
    return {
      name: m.id,
      instance,
      currentInstanceCount: replicas,
      desiredInstanceCount: min,
      scaling: { minInstances: min, maxInstances: m.dedicatedResources.maxReplicaCount || Math.max(min, 1) },
    };
  }
  if (m.sharedResources) {
    // Billed to the DeploymentResourcePool, not to this model: nothing of its own to count or park.
    return { name: m.id, instance: gcpInstanceSpec(`shared:${lastSegment(m.sharedResources)}`), currentInstanceCount: 0, desiredInstanceCount: 0 };
  }
  // AutomaticResources: Vertex picks the machine (n1-standard-2 class, no GPU) and does not say which.
  const min = m.automaticResources?.minReplicaCount ?? 0;
  return {
    name: m.id,
    instance: gcpInstanceSpec('automatic'),
    currentInstanceCount: replicas,
    desiredInstanceCount: min,
    scaling: { minInstances: min, maxInstances: m.automaticResources?.maxReplicaCount || Math.max(min, 1) },
  };
}

/**
 * What each deployed model serves, from models.get answers (undefined: models were not looked up). A model the
 * lookup could not answer is `unknown`, not custom.
 */
function servedModels(e: VertexEndpoint, described: ReadonlyMap<string, VertexModelJson> | undefined): ServedModel[] | undefined {
  if (!described) return undefined;
  return (e.deployedModels ?? []).map((m) => {
    const model = m.model ? described.get(m.model) : undefined;
    return model ? classifyVertexModel(model, m.id) : { name: m.model ?? m.id, variant: m.id, source: 'unknown', basis: 'models.get did not answer for this model' };
  });
}

/**
 * Why a deployed model runs short of its minimum replicas, in Vertex's words (`DeployedModel.status.message`, e.g. a
 * replica that cannot be placed). Only read while the model is short: when it is whole the message is history.
 */
function shortfallMessage(models: readonly VertexDeployedModel[]): string | undefined {
  const words = models
    .filter((m) => (m.status?.availableReplicaCount ?? 0) < (m.dedicatedResources?.minReplicaCount ?? m.automaticResources?.minReplicaCount ?? 0) && m.status?.message)
    .map((m) => `${m.displayName ?? m.id}: ${m.status!.message}`);
  return words.length ? words.join('; ').slice(0, 1024) : undefined;
}

/**
 * A Vertex endpoint has no state word. It is `failed` (our DEPLOY_FAILED) when nothing is deployed and its latest
 * DeployModel failed lately (deploy-failures.ts); the failure reason is Google's code and message.
 */
export function toEndpoint(e: VertexEndpoint, name: string, where: ListedIn, price: PriceLookup, now: Date, described?: ReadonlyMap<string, VertexModelJson>, deployFailure?: DeployFailure): Endpoint {
  const models = e.deployedModels ?? [];
  const served = servedModels(e, described);
  const ref: ResourceRef = { cloud: 'gcp', account: where.project, region: where.location, kind: 'endpoint', name, id: e.name };
  const failed = models.length === 0 && deployFailure !== undefined;
  const reason = failed ? deployFailure.reason : shortfallMessage(models);
  const updated = failed ? deployFailure.at : e.updateTime ? date(e.updateTime, now) : undefined;
  return {
    ref,
    servingMode: 'real-time',
    status: failed ? 'failed' : 'in-service',
    providerStatus: failed ? VERTEX_DEPLOY_FAILED : models.length > 0 ? VERTEX_DEPLOYED : VERTEX_NO_MODELS,
    ...(reason ? { failureReason: reason } : {}),
    createdAt: date(e.createTime, now),
    ...(updated ? { lastModifiedAt: updated } : {}),
    tags: labelsToTags(e.labels),
    variants: models.map((m) => variantOf(m, where.location, price)),
    ...(served ? { models: served } : {}),
  };
}

const WORKBENCH_STATES: Record<string, ResourceStatus> = {
  ACTIVE: 'in-service',
  STOPPED: 'stopped',
  SUSPENDED: 'stopped',
  STARTING: 'creating',
  PROVISIONING: 'creating',
  INITIALIZING: 'creating',
  UPGRADING: 'updating',
  DELETED: 'deleting',
};

/** The zone a Workbench instance lives in ("projects/p/locations/us-central1-a/instances/x"). */
export function zoneOf(name: string): string {
  return /\/locations\/([^/]+)\//.exec(name)?.[1] ?? 'unknown';
}

export function workbenchMachine(i: WorkbenchInstanceJson): GcpMachineSpec | undefined {
  const type = i.gceSetup?.machineType ? lastSegment(i.gceSetup.machineType) : undefined;
  if (!type) return undefined;
  const acc = i.gceSetup?.acceleratorConfigs?.find((a) => a.type && int(a.coreCount) > 0);
  const zone = zoneOf(i.name);
  return {
    machineType: type,
    ...(acc?.type ? { acceleratorType: acc.type } : {}),
    acceleratorCount: acc ? int(acc.coreCount) : 0,
    location: zone.replace(/-[a-z]$/, ''),
    usage: 'workbench',
  };
}

export function toNotebook(i: WorkbenchInstanceJson, project: string, price: PriceLookup, now: Date): Notebook {
  const machine = workbenchMachine(i);
  const instance = machine ? withPrice(gcpInstanceSpec(machine.machineType, machine.acceleratorType, machine.acceleratorCount), machine, price) : gcpInstanceSpec('unknown');
  // Workbench idle shutdown is the `idle-timeout-seconds` instance metadata ⚠️ (Workbench "idle shutdown" docs).
  const idle = i.gceSetup?.metadata?.['idle-timeout-seconds'];
  const state = i.state ?? 'STATE_UNSPECIFIED';
  return {
    ref: { cloud: 'gcp', account: project, region: zoneOf(i.name), kind: 'notebook', name: lastSegment(i.name), id: i.name },
    notebookKind: 'workbench',
    status: WORKBENCH_STATES[state] ?? 'other',
    providerStatus: state,
    instance,
    createdAt: date(i.createTime, now),
    ...(i.updateTime ? { lastModifiedAt: date(i.updateTime, now) } : {}),
    tags: labelsToTags(i.labels),
    ...(idle && Number(idle) > 0 ? { idleShutdownMinutes: Number(idle) / 60 } : {}),
    // No metadata key: no idle shutdown ⚠️ (whether the service applies a default the API does not echo is unverified).
    idleShutdownState: idle && Number(idle) > 0 ? 'configured' : 'absent',
    // The Notebooks v2 API has no activity time; updateTime (start, stop, update) is the closest proxy.
    lastActivityAt: date(i.updateTime ?? i.createTime, now),
    activitySource: 'last-modified',
  };
}

const JOB_STATES: Record<string, ResourceStatus> = {
  JOB_STATE_QUEUED: 'creating',
  JOB_STATE_PENDING: 'creating',
  JOB_STATE_RUNNING: 'in-service',
  JOB_STATE_UPDATING: 'updating',
  JOB_STATE_CANCELLING: 'deleting',
  JOB_STATE_FAILED: 'failed',
};

export function customJobMachine(j: CustomJobJson, location: string): { spec?: GcpMachineSpec; replicas: number } {
  // The chief pool (index 0) carries the machine; other pools are summed into the replica count only when equal.
  const pools = j.jobSpec?.workerPoolSpecs ?? [];
  const chief = pools[0]?.machineSpec;
  const same = pools.filter((p) => p.machineSpec?.machineType === chief?.machineType);
  const replicas = same.reduce((n, p) => n + int(p.replicaCount, 1), 0) || 1;
  if (!chief?.machineType) return { replicas };
  return {
    spec: {
      machineType: chief.machineType,
      ...(chief.acceleratorType && chief.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? { acceleratorType: chief.acceleratorType } : {}),
      acceleratorCount: chief.acceleratorCount ?? 0,
      location,
      usage: 'training',
    },
    replicas,
  };
}

/**
 * A succeeded custom job -> TrainingRun, named by its display name as is: reruns share it, and the family is learnt
 * from it (uniqueness only matters for findings). Undefined without the times a duration needs.
 */
export function toTrainingRun(j: CustomJobJson, where: ListedIn): TrainingRun | undefined {
  const created = j.createTime ? new Date(j.createTime) : undefined;
  const ended = j.endTime ? new Date(j.endTime) : undefined;
  if (j.state !== 'JOB_STATE_SUCCEEDED' || !created || !ended || Number.isNaN(created.getTime()) || Number.isNaN(ended.getTime())) return undefined;
  const started = j.startTime ? new Date(j.startTime) : undefined;
  return {
    ref: { cloud: 'gcp', account: where.project, region: where.location, kind: 'training-job', name: j.displayName || lastSegment(j.name), id: j.name },
    tags: labelsToTags(j.labels),
    providerStatus: j.state,
    createdAt: created,
    ...(started && !Number.isNaN(started.getTime()) ? { startedAt: started } : {}),
    endedAt: ended,
  };
}

export function toTrainingJob(j: CustomJobJson, name: string, where: ListedIn, price: PriceLookup, now: Date): TrainingJob {
  const { spec, replicas } = customJobMachine(j, where.location);
  const instance = spec ? withPrice(gcpInstanceSpec(spec.machineType, spec.acceleratorType, spec.acceleratorCount), spec, price) : gcpInstanceSpec('unknown');
  const timeout = /^(\d+(?:\.\d+)?)s$/.exec(j.jobSpec?.scheduling?.timeout ?? '');
  const state = j.state ?? 'JOB_STATE_UNSPECIFIED';
  // The chief pool's container (a custom image, or a prebuilt training container running the customer's package).
  const chief = j.jobSpec?.workerPoolSpecs?.[0];
  const image = chief?.containerSpec?.imageUri ?? chief?.pythonPackageSpec?.executorImageUri;
  const container = image ? classifyVertexImage(image, j.name) : undefined;
  return {
    ref: { cloud: 'gcp', account: where.project, region: where.location, kind: 'training-job', name, id: j.name },
    status: JOB_STATES[state] ?? 'other',
    providerStatus: state,
    instance,
    instanceCount: replicas,
    ...(j.startTime ? { startedAt: date(j.startTime, now) } : {}),
    createdAt: date(j.createTime, now),
    // Vertex's default timeout is 7 days when scheduling.timeout is unset.
    maxRuntimeSeconds: timeout ? Number(timeout[1]) : 7 * 86_400,
    tags: labelsToTags(j.labels),
    ...(container ? { container } : {}),
  };
}
