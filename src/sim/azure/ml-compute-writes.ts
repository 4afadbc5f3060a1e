import { schedulePhases, statusAt } from '../timeline';
import type { ArmRouteDef } from './arm-route';
import { ArmReply, badRequest } from './arm-wire';
import { asyncHeaders, ML_API_VERSION, startOperation } from './arm-operations';
import { FINISHED_JOB_STATUSES } from './azure-fleet-schema';
import { armPath, computeAt, jobAt, WS_PATH } from './ml-lookup';

/**
 * Compute instance start/stop and job cancel (POST actions, asynchronous: 202 + Azure-AsyncOperation + Location).
 * Stopping -> Stopped ~1 min, Starting -> Running ~3 min, CancelRequested -> Canceled ~1 min ⚠️ (typical durations).
 * Starting an instance that runs, or stopping one that is stopped, succeeds without change ⚠️ (Azure may refuse).
 */
export const COMPUTE_STOP_MS = 60_000;
export const COMPUTE_START_MS = 3 * 60_000;
export const JOB_CANCEL_MS = 60_000;
const ACT = 'Microsoft.MachineLearningServices/workspaces';

function startStop(verb: 'start' | 'stop'): ArmRouteDef {
  return {
    method: 'POST',
    path: armPath(`${WS_PATH}/computes/([^/]+)/${verb}`),
    operation: verb === 'start' ? 'MachineLearning.Compute_Start' : 'MachineLearning.Compute_Stop',
    action: `${ACT}/computes/${verb}/action`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs }) => {
      const { az, compute: c } = computeAt(state, params, nowMs);
      if (c.computeType !== 'ComputeInstance') throw badRequest(`Compute '${c.name}' is of type ${c.computeType}; only compute instances can be started and stopped.`, 'BadArgument');
      const pending = c.phases[c.phases.length - 1]!.status;
      const target = verb === 'start' ? 'Running' : 'Stopped';
      let doneMs = nowMs;
      if (pending !== target) {
        const state0 = statusAt(c.phases, nowMs);
        if (state0 === 'Creating' || state0 === 'Deleting' || state0 === 'CreateFailed') throw badRequest(`Compute instance '${c.name}' is ${state0} and cannot be ${verb === 'start' ? 'started' : 'stopped'} now.`, 'BadArgument');
        doneMs = nowMs + (verb === 'start' ? COMPUTE_START_MS : COMPUTE_STOP_MS);
        schedulePhases(c.phases, nowMs, [
          { fromMs: nowMs, status: verb === 'start' ? 'Starting' : 'Stopping' },
          { fromMs: doneMs, status: target },
        ]);
        // The VM bills from the moment it starts starting until it has stopped.
        while (c.runs.length && c.runs[c.runs.length - 1]!.fromMs > nowMs) c.runs.pop();
        const open = c.runs[c.runs.length - 1];
        if (verb === 'stop') {
          if (open && (open.toMs === undefined || open.toMs > nowMs)) open.toMs = doneMs;
        } else if (!open || (open.toMs !== undefined && open.toMs <= nowMs)) c.runs.push({ fromMs: nowMs });
        else delete open.toMs;
        c.updatedMs = nowMs;
      }
      c.lastOperation = { operationName: verb === 'start' ? 'Start' : 'Stop', operationTimeMs: nowMs, operationStatus: 'InProgress', doneMs };
      const op = startOperation(az, c, nowMs, doneMs);
      return new ArmReply(202, undefined, asyncHeaders(op, true));
    },
  };
}

export const ML_COMPUTE_WRITE_ROUTES: readonly ArmRouteDef[] = [
  startStop('start'),
  startStop('stop'),
  {
    method: 'POST',
    path: armPath(`${WS_PATH}/jobs/([^/]+)/cancel`),
    operation: 'MachineLearning.Jobs_Cancel',
    action: `${ACT}/jobs/cancel/action`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs }) => {
      const { az, job: j } = jobAt(state, params, nowMs);
      const status = statusAt(j.phases, nowMs);
      const pending = j.phases[j.phases.length - 1]!.status;
      if (FINISHED_JOB_STATUSES.has(status)) throw badRequest(`Job '${j.name}' is already in a terminal state (${status}) and cannot be canceled.`, 'UserError');
      let doneMs = nowMs + JOB_CANCEL_MS;
      if (pending === 'Canceled') doneMs = j.phases[j.phases.length - 1]!.fromMs;
      else {
        schedulePhases(j.phases, nowMs, [
          { fromMs: nowMs, status: 'CancelRequested' },
          { fromMs: doneMs, status: 'Canceled' },
        ]);
        j.endedMs = doneMs;
      }
      const op = startOperation(az, j, nowMs, doneMs);
      return new ArmReply(202, undefined, asyncHeaders(op, true));
    },
  },
];
