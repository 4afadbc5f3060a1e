import type { JobBase } from '@azure/arm-machinelearning';
import type { TrainingRun } from '../../domain/resources';
import type { WorkspaceRef } from './ml-inventory';

/**
 * Start and end of an Azure ML job. The ARM job model (2022-10-01 and later) has no start or end member: the run's
 * times are read from its string `properties` bag as StartTimeUtc / EndTimeUtc (⚠️ unverified against a live
 * workspace; not part of the documented schema), so each is optional. A finished job without EndTimeUtc falls back to
 * systemData.lastModifiedAt, the job resource's last change (its final status).
 */
export function jobRunTimes(j: JobBase): { startedAt?: Date; endedAt?: Date } {
  const bag = (j.properties as { properties?: Record<string, string | null> }).properties ?? {};
  const at = (v: string | null | undefined): Date | undefined => {
    const d = v ? new Date(v) : undefined;
    return d && !Number.isNaN(d.getTime()) ? d : undefined;
  };
  const startedAt = at(bag['StartTimeUtc']);
  const endedAt = at(bag['EndTimeUtc']);
  return { ...(startedAt ? { startedAt } : {}), ...(endedAt ? { endedAt } : {}) };
}

function asDate(d: Date | string | undefined): Date | undefined {
  const v = d instanceof Date ? d : d ? new Date(d) : undefined;
  return v && !Number.isNaN(v.getTime()) ? v : undefined;
}

/**
 * A Completed job created after `since` -> TrainingRun (runaway-training's history); the job list the reader
 * already makes returns finished jobs too, so the history costs no extra call on Azure.
 */
export function toTrainingRun(j: JobBase, ws: WorkspaceRef, since: Date): TrainingRun | undefined {
  const p = j.properties as { status?: string; tags?: Record<string, string | null> };
  if ((p.status ?? '').toLowerCase() !== 'completed') return undefined;
  const createdAt = asDate(j.systemData?.createdAt);
  if (!createdAt || createdAt <= since) return undefined;
  const times = jobRunTimes(j);
  const endedAt = times.endedAt ?? asDate(j.systemData?.lastModifiedAt);
  if (!endedAt) return undefined;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.tags ?? {})) if (typeof v === 'string') tags[k] = v;
  const name = j.name ?? j.id?.slice(j.id.lastIndexOf('/') + 1) ?? '';
  return {
    ref: { cloud: 'azure', account: ws.subscription, region: ws.location ?? 'unknown', kind: 'training-job', name, id: j.id ?? '' },
    tags,
    providerStatus: p.status!,
    createdAt,
    ...(times.startedAt ? { startedAt: times.startedAt } : {}),
    endedAt,
  };
}
