import type { FleetState } from '../fleet-model';
import { schedulePhases, statusAt } from '../timeline';
import { FINISHED_JOB_STATES, type JobState } from './gcp-fleet-schema';
import { rfc3339 } from './gcp-ids';
import { customJobName, type SimCustomJob, type SimGcpProject, type SimGcpState } from './gcp-model';
import { failedPrecondition, notFound } from './google-wire';

/** Vertex AI custom jobs: CustomJob JSON at a virtual time, lookup and :cancel. */

export function jobState(j: SimCustomJob, tMs: number): JobState | undefined {
  const s = statusAt(j.phases, tMs);
  return s === 'GONE' ? undefined : s;
}

export function findCustomJob(gcp: SimGcpState, project: SimGcpProject, location: string, id: string, nowMs: number): SimCustomJob {
  const name = customJobName(project.number, location, id);
  const j = gcp.customJobs.get(name);
  if (!j || !jobState(j, nowMs)) throw notFound(`CustomJob \`${name}\` not found.`);
  return j;
}

export function customJobJson(j: SimCustomJob, tMs: number): Record<string, unknown> {
  const state = jobState(j, tMs)!;
  const started = j.startedMs <= tMs && state !== 'JOB_STATE_QUEUED' && state !== 'JOB_STATE_PENDING';
  const ended = j.endedMs !== undefined && j.endedMs <= tMs;
  return {
    name: j.name,
    displayName: j.displayName,
    jobSpec: {
      workerPoolSpecs: [
        {
          machineSpec: { machineType: j.machineType, ...(j.acceleratorType ? { acceleratorType: j.acceleratorType, acceleratorCount: j.acceleratorCount } : {}) },
          // int64 in proto3 JSON: a string.
          replicaCount: String(j.replicaCount),
          diskSpec: { bootDiskType: 'pd-ssd', bootDiskSizeGb: 100 },
          containerSpec: { imageUri: j.imageUri ?? `us-docker.pkg.dev/${j.projectId}/training/${j.displayName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}:latest` },
        },
      ],
      scheduling: { timeout: `${j.timeoutSeconds}s` },
    },
    state,
    createTime: rfc3339(j.createdMs),
    ...(started ? { startTime: rfc3339(j.startedMs) } : {}),
    ...(ended && FINISHED_JOB_STATES.has(state) ? { endTime: rfc3339(j.endedMs!) } : {}),
    updateTime: rfc3339(Math.min(tMs, Math.max(j.updatedMs, j.createdMs))),
    ...(Object.keys(j.labels).length ? { labels: { ...j.labels } } : {}),
  };
}

/**
 * CancelCustomJob: "Starts asynchronous cancellation ... the job's state is set to CANCELLED" (job_service.proto);
 * it goes JOB_STATE_CANCELLING now and JOB_STATE_CANCELLED after `teardownSeconds`, when its machines stop billing.
 * A finished job cannot be cancelled (FAILED_PRECONDITION ⚠️ message wording).
 */
export function cancelCustomJob(state: FleetState, j: SimCustomJob, nowMs: number): Record<string, never> {
  const s = jobState(j, nowMs)!;
  if (FINISHED_JOB_STATES.has(s) || s === 'JOB_STATE_CANCELLING') throw failedPrecondition(`Cannot cancel CustomJob ${j.name} in state ${s}.`);
  const doneMs = nowMs + state.options.teardownSeconds * 1000;
  schedulePhases(j.phases, nowMs, [
    { fromMs: nowMs, status: 'JOB_STATE_CANCELLING' },
    { fromMs: doneMs, status: 'JOB_STATE_CANCELLED' },
  ]);
  // A queued/pending job never got machines: it stops "running" at once.
  j.endedMs = s === 'JOB_STATE_RUNNING' || s === 'JOB_STATE_PAUSED' ? doneMs : nowMs;
  j.updatedMs = nowMs;
  return {};
}
