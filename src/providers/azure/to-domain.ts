import type { ComputeResource, JobBase, OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import type { ResourceRef, Tags } from '../../domain/cloud';
import type { Endpoint, EndpointVariant, InstanceSpec, Notebook, ResourceStatus, TrainingJob } from '../../domain/resources';
import { classifyAzureDeployment } from './model-origin';
import { classifyFailure } from '../../domain/capacity-failure';
import { errorKey, type DeploymentError } from './activity-log';
import { azureListPrice } from './price-table';
import { azureInstanceSpec } from './vm-sizes';
import type { WorkspaceRef } from './ml-inventory';
import { jobRunTimes } from './job-runs';

/** Looks up the list price of a VM size in a region (the reader passes the static table, tests a fake). */
export type AzurePriceLookup = (vmSize: string, region: string) => ReturnType<typeof azureListPrice>;

export function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

function date(d: Date | string | undefined, fallback: Date): Date {
  const v = d instanceof Date ? d : d ? new Date(d) : undefined;
  return v && !Number.isNaN(v.getTime()) ? v : fallback;
}

/** ISO-8601 duration (`PT30M`, `PT1H30M`, `P1DT2H`, `PT90S`) -> seconds; undefined when not one. */
export function isoDurationSeconds(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s.trim());
  if (!m || s.trim().toUpperCase() === 'P' || s.trim().toUpperCase() === 'PT') return undefined;
  const [, d, h, min, sec] = m;
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(sec ?? 0);
}

/** ARM tags may carry null values (ResourceBase.tags): dropped, never "null". */
export function cleanTags(tags: Record<string, string | null> | undefined): Tags {
  const out: Tags = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function withPrice(instance: InstanceSpec, region: string, price: AzurePriceLookup): InstanceSpec {
  const listPrice = price(instance.instanceType, region);
  return listPrice ? { ...instance, listPrice } : instance;
}

/** Endpoint and deployment provisioningState (EndpointProvisioningState / DeploymentProvisioningState). */
const PROVISIONING: Record<string, ResourceStatus> = {
  succeeded: 'in-service',
  creating: 'creating',
  updating: 'updating',
  scaling: 'updating',
  deleting: 'deleting',
  failed: 'failed',
  canceled: 'other',
};

export function provisioningStatus(state: string | undefined): ResourceStatus {
  return PROVISIONING[(state ?? '').toLowerCase()] ?? 'other';
}

/**
 * Instances a deployment keeps. Managed deployments: `sku.capacity` (min 1; they cannot scale to zero). Counted
 * for every state but Deleting and Canceled: a Creating deployment already holds its VMs, and a Failed one may keep
 * them until deleted ⚠️ (not documented either way) — the watchdog would rather show a cost that may exist than
 * hide one that does.
 */
function liveInstances(d: OnlineDeployment, capacity: number, error?: DeploymentError): number {
  const state = (d.properties.provisioningState ?? '').toLowerCase();
  if (state === 'deleting' || state === 'canceled') return 0;
  // A deployment that failed for quota or capacity never got its VMs (OutOfQuota / OutOfCapacity are raised before
  // any instance is placed): counting them would show an idle GPU where there is none.
  if (state === 'failed' && classifyFailure(error?.reason)) return 0;
  return capacity;
}

/**
 * Kubernetes (AKS / Arc) deployments run on a cluster the customer pays for node by node; their `instanceType`
 * names a Kubernetes instance-type resource (e.g. `defaultinstancetype`), not a VM, so accelerators are unknown and
 * there is nothing of the deployment's own to price (like Vertex shared resources).
 */
export const KUBERNETES_PREFIX = 'kubernetes:';

function variantOf(d: OnlineDeployment, region: string, price: AzurePriceLookup, error?: DeploymentError): EndpointVariant {
  const p = d.properties;
  const capacity = d.sku?.capacity ?? 1;
  const isK8s = p.endpointComputeType === 'Kubernetes';
  const instance: InstanceSpec = isK8s
    ? { instanceType: `${KUBERNETES_PREFIX}${p.instanceType ?? 'unknown'}`, acceleratorKind: 'none', acceleratorModel: 'unknown (Kubernetes instance type; the cluster bills its nodes)', acceleratorCount: 0 }
    : withPrice(azureInstanceSpec(p.instanceType ?? 'unknown'), region, price);
  const s = p.scaleSettings;
  const scaling =
    s?.scaleType === 'TargetUtilization'
      ? { minInstances: (s as { minInstances?: number }).minInstances ?? 1, maxInstances: (s as { maxInstances?: number }).maxInstances ?? Math.max(capacity, 1) }
      : undefined;
  return {
    name: d.name ?? lastSegment(d.id ?? 'unknown'),
    instance,
    currentInstanceCount: liveInstances(d, capacity, error),
    desiredInstanceCount: capacity,
    ...(scaling ? { scaling } : {}),
  };
}

/**
 * The endpoint's failure reason names its Failed deployments, each with its error from the Activity Log when it was
 * read (activity-log.ts), e.g. "deployment green: OutOfQuota: Not enough quota available for ...".
 */
export function toEndpoint(
  e: OnlineEndpoint,
  deployments: readonly OnlineDeployment[],
  ws: WorkspaceRef,
  price: AzurePriceLookup,
  now: Date,
  errors: ReadonlyMap<string, DeploymentError> = new Map(),
): Endpoint {
  const region = e.location ?? ws.location ?? 'unknown';
  const ref: ResourceRef = { cloud: 'azure', account: ws.subscription, region, kind: 'endpoint', name: e.name ?? lastSegment(e.id ?? ''), id: e.id ?? '' };
  const state = e.properties.provisioningState ?? 'Unknown';
  const errorOf = (d: OnlineDeployment) => (d.id ? errors.get(errorKey(d.id)) : undefined);
  const failed = deployments.filter((d) => d.properties.provisioningState === 'Failed');
  const explained = failed.filter((d) => errorOf(d)).map((d) => `deployment ${d.name}: ${errorOf(d)!.reason}`);
  const bare = failed.filter((d) => !errorOf(d)).map((d) => d.name);
  const reasons = [...explained, ...(bare.length ? [`deployment(s) ${bare.join(', ')} in state Failed`] : [])];
  return {
    ref,
    servingMode: 'real-time',
    status: provisioningStatus(state),
    providerStatus: state,
    ...(reasons.length > 0 ? { failureReason: reasons.join('; ').slice(0, 1024) } : {}),
    createdAt: date(e.systemData?.createdAt, now),
    ...(e.systemData?.lastModifiedAt ? { lastModifiedAt: date(e.systemData.lastModifiedAt, now) } : {}),
    tags: cleanTags(e.tags),
    variants: deployments.map((d) => variantOf(d, region, price, errorOf(d))),
    // From the deployments' own properties (model, environmentId): no call of its own, so always filled.
    models: deployments.map((d) => {
      const p = d.properties as { model?: string; environmentId?: string };
      return classifyAzureDeployment({ deployment: d.name ?? lastSegment(d.id ?? 'unknown'), ...(p.model ? { model: p.model } : {}), ...(p.environmentId ? { environmentId: p.environmentId } : {}) });
    }),
  };
}

/** ComputeInstanceState words (KnownComputeInstanceState). */
const INSTANCE_STATES: Record<string, ResourceStatus> = {
  running: 'in-service',
  jobrunning: 'in-service',
  restarting: 'updating',
  settingup: 'creating',
  usersettingup: 'creating',
  creating: 'creating',
  starting: 'creating',
  stopping: 'updating',
  stopped: 'stopped',
  deleting: 'deleting',
  createfailed: 'failed',
  setupfailed: 'failed',
  usersetupfailed: 'failed',
  unusable: 'failed',
};

interface ComputeInstanceWire {
  computeType?: string;
  computeLocation?: string;
  createdOn?: Date | string;
  modifiedOn?: Date | string;
  properties?: {
    vmSize?: string;
    state?: string;
    /**
     * Not in the 2022-10-01 typings (api-version 2023-04-01+ documents `idleTimeBeforeShutdown`, e.g. "PT30M");
     * core-client keeps unknown response fields (deserializeCompositeType without ignoreUnknownProperties), so it
     * arrives raw when the service sends it ⚠️ (whether ARM returns it for api-version 2022-10-01 is unverified).
     */
    idleTimeBeforeShutdown?: string;
    /** The last start/stop/restart/create ("operationName", "operationTime", "operationStatus", "operationTrigger"). */
    lastOperation?: { operationName?: string; operationTime?: Date | string; operationStatus?: string };
  };
}

/** Operations after which a running instance has been up since their time (a Stop would have left it stopped). */
const STARTING_OPERATIONS = new Set(['create', 'start', 'restart', 'reimage']);

/**
 * The latest sign of use of a compute instance. Azure ML exposes no user-activity time; the last start (lastOperation)
 * says how long it has been up, else modifiedOn, else its creation.
 */
function computeActivity(p: ComputeInstanceWire | undefined, fallback: Date | string | undefined, now: Date): Pick<Notebook, 'lastActivityAt' | 'activitySource'> {
  const op = p?.properties?.lastOperation;
  if (op?.operationTime && STARTING_OPERATIONS.has((op.operationName ?? '').toLowerCase())) {
    return { lastActivityAt: date(op.operationTime, now), activitySource: 'last-start' };
  }
  return { lastActivityAt: date(p?.modifiedOn ?? fallback, now), activitySource: 'last-modified' };
}

export function isComputeInstance(c: ComputeResource): boolean {
  return c.properties?.computeType === 'ComputeInstance';
}

export function toNotebook(c: ComputeResource, ws: WorkspaceRef, price: AzurePriceLookup, now: Date): Notebook {
  const p = c.properties as ComputeInstanceWire | undefined;
  const region = c.location ?? p?.computeLocation ?? ws.location ?? 'unknown';
  const state = p?.properties?.state ?? 'Unknown';
  const idleSeconds = isoDurationSeconds(p?.properties?.idleTimeBeforeShutdown);
  return {
    ref: { cloud: 'azure', account: ws.subscription, region, kind: 'notebook', name: c.name ?? lastSegment(c.id ?? ''), id: c.id ?? '' },
    notebookKind: 'compute-instance',
    status: INSTANCE_STATES[state.toLowerCase()] ?? 'other',
    providerStatus: state,
    instance: withPrice(azureInstanceSpec(p?.properties?.vmSize ?? 'unknown'), region, price),
    createdAt: date(p?.createdOn ?? c.systemData?.createdAt, now),
    ...(p?.modifiedOn ? { lastModifiedAt: date(p.modifiedOn, now) } : {}),
    tags: cleanTags(c.tags),
    ...(idleSeconds && idleSeconds > 0 ? { idleShutdownMinutes: idleSeconds / 60 } : {}),
    // Absent member: the instance never stops itself (Azure Policy "should have idle shutdown" audits the same field).
    idleShutdownState: idleSeconds && idleSeconds > 0 ? 'configured' : 'absent',
    ...computeActivity(p, p?.createdOn ?? c.systemData?.createdAt, now),
  };
}

/**
 * JobStatus words of live jobs. Running and Finalizing jobs bill; the waiting ones (NotStarted, Queued for nodes or
 * quota, Starting, Provisioning on-demand compute, Preparing the image) do not yet, and are listed to catch jobs
 * stuck there.
 */
const JOB_STATES: Record<string, ResourceStatus> = {
  notstarted: 'creating',
  queued: 'creating',
  starting: 'creating',
  provisioning: 'creating',
  preparing: 'creating',
  running: 'in-service',
  finalizing: 'in-service',
  cancelrequested: 'deleting',
};

export function isRunningJob(j: JobBase): boolean {
  return (j.properties.status ?? '').toLowerCase() in JOB_STATES;
}

interface JobWire {
  status?: string;
  computeId?: string;
  resources?: { instanceType?: string; instanceCount?: number };
  limits?: { timeout?: string };
  tags?: Record<string, string | null>;
  environmentId?: string;
  properties?: Record<string, string | null>;
}

/**
 * A running job as a TrainingJob. The VM size is `resources.instanceType` (serverless / instance-type jobs) or the
 * `vmSize` of the compute cluster the job runs on (`computeId` -> the workspace's compute list).
 */
export function toTrainingJob(j: JobBase, ws: WorkspaceRef, computeSizes: ReadonlyMap<string, string>, price: AzurePriceLookup, now: Date): TrainingJob {
  const p = j.properties as JobWire;
  const region = ws.location ?? 'unknown';
  const computeName = p.computeId ? lastSegment(p.computeId).toLowerCase() : undefined;
  const vmSize = p.resources?.instanceType ?? (computeName ? computeSizes.get(computeName) : undefined) ?? 'unknown';
  const state = p.status ?? 'Unknown';
  const timeout = isoDurationSeconds(p.limits?.timeout);
  const started = jobRunTimes(j).startedAt;
  return {
    ref: { cloud: 'azure', account: ws.subscription, region, kind: 'training-job', name: j.name ?? lastSegment(j.id ?? ''), id: j.id ?? '' },
    status: JOB_STATES[state.toLowerCase()] ?? 'other',
    providerStatus: state,
    instance: withPrice(azureInstanceSpec(vmSize), region, price),
    instanceCount: p.resources?.instanceCount ?? 1,
    ...(started && JOB_STATES[state.toLowerCase()] === 'in-service' ? { startedAt: started } : {}),
    createdAt: date(j.systemData?.createdAt, now),
    ...(timeout ? { maxRuntimeSeconds: timeout } : {}),
    tags: cleanTags(p.tags),
    ...(p.environmentId ? { container: { ...classifyAzureDeployment({ deployment: j.name ?? 'job', environmentId: p.environmentId }), name: j.name ?? lastSegment(j.id ?? '') } } : {}),
  };
}

/** Compute name (lower case) -> VM size, for jobs that name their cluster rather than an instance type. */
export function computeVmSizes(computes: readonly ComputeResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of computes) {
    const size = (c.properties as { properties?: { vmSize?: string } } | undefined)?.properties?.vmSize;
    if (c.name && size) out.set(c.name.toLowerCase(), size);
  }
  return out;
}
