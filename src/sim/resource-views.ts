import type { EndpointStatus } from './fleet-schema';
import {
  resourceKey,
  type ComponentStatus,
  type ConfigStep,
  type EndpointPhase,
  type FleetState,
  type SimEndpoint,
  type SimInferenceComponent,
  type SimTrainingJob,
  type SimVariant,
} from './fleet-model';
import { capacityAt, liveAt, phaseAt, statusAt } from './timeline';

/** Statuses in which an endpoint has its instances up (and billing), for endpoints as the fleet describes them. */
export const RUNNING_ENDPOINT_STATUSES: ReadonlySet<EndpointStatus> = new Set([
  'InService',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'UpdateRollbackFailed',
  'Deleting',
]);

/** Statuses in which SageMaker publishes the endpoint's request metrics (Invocations etc.). */
export const SERVING_ENDPOINT_STATUSES: ReadonlySet<EndpointPhase> = new Set(['InService', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed']);

/** What DescribeEndpoint sees at `nowMs`: the status, the config in force and the one an update is moving to. */
export interface EndpointView {
  status: EndpointStatus;
  lastModifiedMs: number;
  configName: string;
  pending?: ConfigStep;
}

/** The endpoint as seen at `nowMs`, or undefined once it finished deleting. */
export function endpointView(e: SimEndpoint, nowMs: number): EndpointView | undefined {
  const phase = phaseAt(e.phases, nowMs);
  if (phase.status === 'Gone') return undefined;
  let current = e.configs[0]!;
  let pending: ConfigStep | undefined;
  for (const c of e.configs) {
    if (c.fromMs <= nowMs) current = c;
    else if (c.requestedMs <= nowMs) pending = c;
  }
  // A status change (Creating -> InService) is a modification; LastModifiedTime moves with it.
  const lastModifiedMs = Number.isFinite(phase.fromMs) ? Math.max(e.lastModifiedMs, Math.min(phase.fromMs, nowMs)) : e.lastModifiedMs;
  return { status: phase.status, lastModifiedMs, configName: current.name, ...(pending ? { pending } : {}) };
}

/** An endpoint that exists at `nowMs` (SageMaker names are case-insensitive). */
export function liveEndpoint(state: FleetState, region: string, name: string, nowMs: number): { e: SimEndpoint; view: EndpointView } | undefined {
  const e = state.endpoints.get(resourceKey(region, name));
  const view = e && endpointView(e, nowMs);
  return e && view ? { e, view } : undefined;
}

export function isServingAt(e: SimEndpoint, tMs: number): boolean {
  return SERVING_ENDPOINT_STATUSES.has(statusAt(e.phases, tMs));
}

/** The variants of the config in force at `tMs`. */
export function liveVariants(e: SimEndpoint, tMs: number): SimVariant[] {
  return e.variants.filter((v) => liveAt(v.windows, tMs));
}

/** A variant by name: the live one if any, else the most recent with that name (for history). */
export function variantNamed(e: SimEndpoint, name: string, tMs: number): SimVariant | undefined {
  let last: SimVariant | undefined;
  for (const v of e.variants) {
    if (v.name !== name) continue;
    if (liveAt(v.windows, tMs)) return v;
    last = v;
  }
  return last;
}

export function componentStatusAt(c: SimInferenceComponent, tMs: number): ComponentStatus {
  return statusAt(c.phases, tMs);
}

/** Copies actually serving at `tMs`: only while the endpoint serves and its variant has instances. */
export function currentCopies(state: FleetState, c: SimInferenceComponent, tMs: number): number {
  const e = state.endpoints.get(resourceKey(c.region, c.endpointName));
  if (!e || !isServingAt(e, tMs)) return 0;
  const status = componentStatusAt(c, tMs);
  if (status !== 'InService' && status !== 'Updating') return 0;
  const v = variantNamed(e, c.variantName, tMs);
  if (!v || capacityAt(v.capacity, tMs) === 0) return 0;
  return capacityAt(c.copies, tMs);
}

/** A training job as seen at `nowMs`: SageMaker stops a job that reaches MaxRuntimeInSeconds. */
export interface TrainingJobView {
  status: SimTrainingJob['status'];
  secondaryStatus: string;
  endedMs?: number;
}

export function trainingJobView(j: SimTrainingJob, nowMs: number): TrainingJobView {
  if (j.status === 'InProgress') {
    // MaxRuntimeInSeconds counts from the start on the instances; a job that never started never reaches it.
    const limitMs = j.startedMs !== undefined ? j.startedMs + j.maxRuntimeSeconds * 1000 : Infinity;
    const stopAt = j.stopRequestedMs ?? Infinity;
    if (limitMs <= stopAt && nowMs >= limitMs) return { status: 'Stopped', secondaryStatus: 'MaxRuntimeExceeded', endedMs: limitMs };
    if (nowMs >= stopAt) {
      const stoppedMs = j.stoppedMs ?? stopAt;
      return nowMs < stoppedMs ? { status: 'Stopping', secondaryStatus: 'Stopping' } : { status: 'Stopped', secondaryStatus: 'Stopped', endedMs: stoppedMs };
    }
    if (j.startedMs === undefined || nowMs < j.startedMs) return { status: 'InProgress', secondaryStatus: j.secondaryStatus ?? 'Starting' };
    return { status: 'InProgress', secondaryStatus: j.secondaryStatus ?? 'Training' };
  }
  const secondary = { Completed: 'Completed', Failed: 'Failed', Stopped: 'Stopped', Stopping: 'Stopping' }[j.status];
  return { status: j.status, secondaryStatus: secondary, ...(j.endedMs !== undefined ? { endedMs: j.endedMs } : {}) };
}
