import type { Tags } from '../../domain/cloud';
import type { FleetState } from '../fleet-model';
import type { Phase } from '../timeline';

/** A taggable resource by ARN: its Resource Groups Tagging API type and its (live, mutable) tags. */
export interface TaggedResource {
  arn: string;
  region: string;
  /** Tagging API resource type, e.g. "sagemaker:endpoint". */
  resourceType: string;
  tags: Tags;
  /** When the resource stopped existing (a deleted endpoint or Studio app), if it did. */
  goneFromMs?: number;
}

/** Whether a resource exists at `tMs` (the Tagging API and ListTags forget deleted resources). */
export function existsAt(r: TaggedResource, tMs: number): boolean {
  return r.goneFromMs === undefined || tMs < r.goneFromMs;
}

/** Start of the final phase when it is a terminal one ('Gone', 'Deleted'). Later writes add phases and bump the version. */
function goneFrom<S>(phases: readonly Phase<S>[], terminal: S): number | undefined {
  const last = phases[phases.length - 1];
  return last?.status === terminal ? last.fromMs : undefined;
}

const cache = new WeakMap<FleetState, { version: number; byArn: Map<string, TaggedResource> }>();

/** ARN -> resource, rebuilt only when the fleet's version changes (ListTags for 10,000 endpoints stays O(1)). */
export function arnIndex(state: FleetState): Map<string, TaggedResource> {
  const hit = cache.get(state);
  if (hit && hit.version === state.version) return hit.byArn;
  const byArn = new Map<string, TaggedResource>();
  const add = (arn: string, region: string, resourceType: string, tags: Tags, goneFromMs?: number) =>
    byArn.set(arn.toLowerCase(), { arn, region, resourceType, tags, ...(goneFromMs !== undefined ? { goneFromMs } : {}) });
  for (const e of state.endpoints.values()) add(e.arn, e.region, 'sagemaker:endpoint', e.tags, goneFrom(e.phases, 'Gone'));
  for (const c of state.endpointConfigs.values()) add(c.arn, c.region, 'sagemaker:endpoint-config', c.tags);
  for (const c of state.inferenceComponents.values()) add(c.arn, c.region, 'sagemaker:inference-component', c.tags);
  for (const n of state.notebooks.values()) add(n.arn, n.region, 'sagemaker:notebook-instance', n.tags);
  for (const a of state.studioApps) add(a.arn, a.region, 'sagemaker:app', a.tags, goneFrom(a.phases, 'Deleted'));
  for (const j of state.trainingJobs.values()) add(j.arn, j.region, 'sagemaker:training-job', j.tags);
  cache.set(state, { version: state.version, byArn });
  return byArn;
}
