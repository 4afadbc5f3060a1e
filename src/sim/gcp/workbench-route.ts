import type { FleetState } from '../fleet-model';
import { schedulePhases, statusAt } from '../timeline';
import type { WorkbenchState } from './gcp-fleet-schema';
import { rfc3339 } from './gcp-ids';
import { workbenchName, type SimGcpState, type SimWorkbenchInstance } from './gcp-model';
import { getOperation, startOperation } from './gcp-operations';
import { googleRoute, type GoogleCall } from './google-route';
import { failedPrecondition, invalidArgument, notFound, pageOf, queryFingerprint } from './google-wire';

/**
 * Vertex AI Workbench instances, Notebooks API v2 (host notebooks.googleapis.com). Unlike Vertex AI, names carry the
 * project ID. `locations/-` lists every zone. start/stop/PATCH answer an Operation
 * (google.cloud.notebooks.v2.OperationMetadata); stop takes `teardownSeconds`, start `provisioningSeconds`.
 */
const LOC = '/projects/([^/]+)/locations/([^/]+)';
const SEG = '([^/:]+)';
const METADATA_TYPE = 'google.cloud.notebooks.v2.OperationMetadata';
const INSTANCE_TYPE = 'google.cloud.notebooks.v2.Instance';

export function workbenchState(w: SimWorkbenchInstance, tMs: number): WorkbenchState | undefined {
  const s = statusAt(w.phases, tMs);
  return s === 'GONE' || s === 'DELETED' ? undefined : s;
}

export function instanceJson(w: SimWorkbenchInstance, tMs: number): Record<string, unknown> {
  const state = workbenchState(w, tMs)!;
  return {
    name: w.name,
    gceSetup: {
      machineType: w.machineType,
      ...(w.accelerators.length ? { acceleratorConfigs: w.accelerators.map((a) => ({ type: a.type, coreCount: String(a.coreCount) })) } : {}),
      bootDisk: { diskSizeGb: '150', diskType: 'PD_BALANCED' },
      ...(w.idleTimeoutSeconds !== undefined ? { metadata: { 'idle-timeout-seconds': String(w.idleTimeoutSeconds) } } : {}),
    },
    proxyUri: `${w.id}-dot-${w.zone.replace(/-[a-z]$/, '')}.notebooks.googleusercontent.com`,
    state,
    ...(state === 'ACTIVE' ? { healthState: 'HEALTHY' } : {}),
    ...(w.creator ? { creator: w.creator } : {}),
    createTime: rfc3339(w.createdMs),
    updateTime: rfc3339(Math.min(tMs, w.updatedMs)),
    ...(Object.keys(w.labels).length ? { labels: { ...w.labels } } : {}),
  };
}

function instanceOf(c: GoogleCall): { gcp: SimGcpState; w: SimWorkbenchInstance } {
  const [p, zone, id] = c.params as [string, string, string];
  const { gcp, project } = c.project(p);
  const name = workbenchName(project.id, zone, id);
  const w = gcp.workbench.get(name);
  if (!w || !workbenchState(w, c.nowMs)) throw notFound(`Instance ${name} not found.`);
  return { gcp, w };
}

function operation(gcp: SimGcpState, state: FleetState, w: SimWorkbenchInstance, verb: string, nowMs: number, doneMs: number): Record<string, unknown> {
  const op = startOperation(
    gcp,
    `projects/${w.projectId}/locations/${w.zone}`,
    nowMs,
    doneMs,
    { metadataType: METADATA_TYPE, responseType: INSTANCE_TYPE, response: {}, extraMetadata: { target: w.name, verb } },
    'notebooks',
  );
  op.response = instanceJson(w, doneMs);
  return { name: op.name, metadata: { '@type': `type.googleapis.com/${METADATA_TYPE}`, createTime: rfc3339(nowMs), target: w.name, verb, requestedCancellation: false, apiVersion: 'v2' }, done: false };
}

/** :stop: STOPPING now, STOPPED after teardownSeconds, when the VM stops billing. Only an ACTIVE instance stops. */
function stop(state: FleetState, gcp: SimGcpState, w: SimWorkbenchInstance, nowMs: number): Record<string, unknown> {
  const s = workbenchState(w, nowMs);
  if (s !== 'ACTIVE') throw failedPrecondition(`Instance ${w.name} is ${s}; only an ACTIVE instance can be stopped.`);
  const doneMs = nowMs + state.options.teardownSeconds * 1000;
  schedulePhases(w.phases, nowMs, [
    { fromMs: nowMs, status: 'STOPPING' },
    { fromMs: doneMs, status: 'STOPPED' },
  ]);
  const run = w.runs[w.runs.length - 1];
  if (run && run.toMs === undefined) run.toMs = doneMs;
  w.updatedMs = nowMs;
  return operation(gcp, state, w, 'stop', nowMs, doneMs);
}

/** :start: STARTING now, ACTIVE after provisioningSeconds; the VM bills from now. Only a STOPPED instance starts. */
function start(state: FleetState, gcp: SimGcpState, w: SimWorkbenchInstance, nowMs: number): Record<string, unknown> {
  const s = workbenchState(w, nowMs);
  if (s !== 'STOPPED' && s !== 'SUSPENDED') throw failedPrecondition(`Instance ${w.name} is ${s}; only a STOPPED instance can be started.`);
  const doneMs = nowMs + state.options.provisioningSeconds * 1000;
  schedulePhases(w.phases, nowMs, [
    { fromMs: nowMs, status: 'STARTING' },
    { fromMs: doneMs, status: 'ACTIVE' },
  ]);
  w.runs.push({ fromMs: nowMs });
  w.updatedMs = nowMs;
  return operation(gcp, state, w, 'start', nowMs, doneMs);
}

export const workbenchRoute = googleRoute('notebooks.googleapis.com', [
  {
    method: 'GET',
    path: new RegExp(`^/(v2)${LOC}/instances$`),
    operation: 'Notebooks.ListInstances',
    permission: 'notebooks.instances.list',
    handle(c) {
      const [p, zone] = c.params as [string, string];
      const { gcp, project } = c.project(p);
      if (zone !== '-' && !/^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone)) throw invalidArgument(`Invalid location ${zone}: Workbench instances live in zones (e.g. us-central1-a) or "-".`);
      const all = [...gcp.workbench.values()]
        .filter((w) => w.projectId === project.id && (zone === '-' || w.zone === zone) && workbenchState(w, c.nowMs))
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = pageOf(all, c.query, queryFingerprint(`instances/${project.id}/${zone}`, c.query), 1000, 100);
      return { ...(page.items.length ? { instances: page.items.map((w) => instanceJson(w, c.nowMs)) } : {}), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/(v2)${LOC}/instances/${SEG}$`),
    operation: 'Notebooks.GetInstance',
    permission: 'notebooks.instances.get',
    handle: (c) => instanceJson(instanceOf(c).w, c.nowMs),
  },
  {
    method: 'POST',
    path: new RegExp(`^/(v2)${LOC}/instances/${SEG}:stop$`),
    operation: 'Notebooks.StopInstance',
    permission: 'notebooks.instances.stop',
    write: true,
    handle(c) {
      const { gcp, w } = instanceOf(c);
      return stop(c.state, gcp, w, c.nowMs);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/(v2)${LOC}/instances/${SEG}:start$`),
    operation: 'Notebooks.StartInstance',
    permission: 'notebooks.instances.start',
    write: true,
    handle(c) {
      const { gcp, w } = instanceOf(c);
      return start(c.state, gcp, w, c.nowMs);
    },
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/(v2)${LOC}/instances/${SEG}$`),
    operation: 'Notebooks.UpdateInstance',
    permission: 'notebooks.instances.update',
    write: true,
    handle(c) {
      const { gcp, w } = instanceOf(c);
      const mask = c.query.get('updateMask') ?? c.query.get('update_mask');
      if (mask !== 'labels') throw invalidArgument(`updateMask ${mask ?? '(none)'} is not supported by the simulator (labels only).`);
      const labels = c.body.labels ?? {};
      if (typeof labels !== 'object' || labels === null || Object.values(labels).some((v) => typeof v !== 'string')) throw invalidArgument('labels must be a map of strings.');
      w.labels = { ...(labels as Record<string, string>) };
      w.updatedMs = c.nowMs;
      return operation(gcp, c.state, w, 'update', c.nowMs, c.nowMs);
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/(v2)${LOC}/operations/${SEG}$`),
    operation: 'Notebooks.GetOperation',
    permission: 'notebooks.operations.get',
    handle(c) {
      const [p, zone, op] = c.params as [string, string, string];
      const { gcp, project } = c.project(p);
      return getOperation(gcp, [`projects/${project.id}/locations/${zone}/operations/${op}`, `projects/${project.number}/locations/${zone}/operations/${op}`], c.nowMs);
    },
  },
]);
