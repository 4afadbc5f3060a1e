import { hashString } from '../prng';
import { capacityAt, closeWindow, openWindow, scheduleCount, schedulePhases, statusAt } from '../timeline';
import type { ArmRouteDef } from './arm-route';
import { ArmReply, badRequest, conflict } from './arm-wire';
import { asyncHeaders, ML_API_VERSION, startOperation } from './arm-operations';
import type { DeploymentSpec, SimOnlineDeployment, SimOnlineEndpoint } from './azure-model';
import { armPath, deploymentAt, endpointAt, liveDeployment, WS_PATH } from './ml-lookup';
import { deploymentJson, endpointTraffic } from './ml-views';
import { vmPrice } from './vm-prices';

/**
 * Managed online deployment writes, scheduled on the virtual clock: a PUT creates (Creating, instances and Succeeded
 * ~8 min later) or updates (Updating ~5 min); a DELETE is refused while the endpoint still routes traffic to the
 * deployment, else Deleting now and gone ~2 min later (billing until then); a PATCH scales sku.capacity (Scaling).
 * ⚠️ Durations are typical observed values, not documented ones.
 */
export const DEPLOYMENT_CREATE_MS = 8 * 60_000;
export const DEPLOYMENT_UPDATE_MS = 5 * 60_000;
export const DEPLOYMENT_DELETE_MS = 2 * 60_000;
export const DEPLOYMENT_SCALE_DOWN_MS = 60_000;
const ACT = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments';
const PATH = armPath(`${WS_PATH}/onlineEndpoints/([^/]+)/deployments/([^/]+)`);

function capacityOf(sku: unknown, fallback: number): number {
  if (sku === undefined || sku === null) return fallback;
  const c = (sku as { capacity?: unknown }).capacity;
  if (c === undefined) return fallback;
  // Managed online deployments cannot scale to zero: the least is one instance (delete the deployment instead).
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 1) throw badRequest(`sku.capacity must be an integer of at least 1 (got ${String(c)}); managed online deployments cannot scale to zero.`, 'BadArgument');
  return c;
}

function tagsOf(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw badRequest('tags must be an object of string values.', 'InvalidRequestContent');
  return { ...(v as Record<string, string>) };
}

function specFromBody(body: Record<string, unknown>): DeploymentSpec {
  const props = body.properties;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) throw badRequest('The request body must carry properties (instanceType, model ...).', 'InvalidRequestContent');
  const { provisioningState: _p, ...properties } = props as Record<string, unknown>;
  if ((properties.endpointComputeType ?? 'Managed') !== 'Managed') throw badRequest(`endpointComputeType '${String(properties.endpointComputeType)}' is not simulated; use Managed.`, 'BadArgument');
  const instanceType = properties.instanceType;
  if (typeof instanceType !== 'string' || !instanceType) throw badRequest('properties.instanceType is required for a managed online deployment.', 'BadArgument');
  const known = vmPrice(instanceType);
  if (!known) throw badRequest(`Instance type '${instanceType}' is not supported for managed online deployments in the simulator.`, 'BadArgument');
  const sku = (body.sku ?? {}) as Record<string, unknown>;
  return {
    sku: { name: typeof sku.name === 'string' ? sku.name : 'Default', ...(typeof sku.tier === 'string' ? { tier: sku.tier } : {}), capacity: capacityOf(body.sku, 1) },
    properties: { endpointComputeType: 'Managed', scaleSettings: { scaleType: 'Default' }, ...properties },
    kind: typeof body.kind === 'string' ? body.kind : 'Managed',
    tags: tagsOf(body.tags) ?? {},
  };
}

function newDeployment(e: SimOnlineEndpoint, name: string, nowMs: number): SimOnlineDeployment {
  return {
    name,
    specs: [],
    provisioning: [{ fromMs: -Infinity, status: 'Gone' }],
    capacity: [],
    windows: [],
    createdMs: nowMs,
    updatedMs: nowMs,
    // A deployment the fleet did not have sees no demand of its own; it serves what the traffic map sends it.
    demand: { type: 'idle', gpuUtilPct: 0 },
    baseInstances: 1,
    latencyMs: 40,
    errorRatePct: 0,
    telemetryGapPct: 0,
    seed: hashString(`${e.id.toLowerCase()}/${name.toLowerCase()}`),
  };
}

export const ML_DEPLOYMENT_WRITE_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'PUT',
    path: PATH,
    operation: 'MachineLearning.OnlineDeployments_CreateOrUpdate',
    action: `${ACT}/write`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs, body }) => {
      const { az, endpoint: e } = endpointAt(state, params, nowMs);
      const name = params[4]!;
      const spec = specFromBody(body);
      let d = e.deployments.get(name.toLowerCase());
      const live = liveDeployment(e, name, nowMs);
      if (live && live.provisioning[live.provisioning.length - 1]!.status === 'Gone') {
        throw conflict(`Deployment '${name}' is being deleted; wait for the deletion to finish before creating it again.`, 'Conflict');
      }
      const creating = !live;
      if (!d) {
        d = newDeployment(e, name, nowMs);
        e.deployments.set(name.toLowerCase(), d);
      }
      const readyMs = nowMs + (creating ? DEPLOYMENT_CREATE_MS : DEPLOYMENT_UPDATE_MS);
      // The endpoint (scoring URI, keys, traffic) is untouched: a recreated deployment serves behind the same endpoint.
      d.specs.push({ fromMs: nowMs, status: spec });
      d.updatedMs = nowMs;
      if (creating) {
        d.createdMs = nowMs;
        openWindow(d.windows, nowMs);
      }
      schedulePhases(d.provisioning, nowMs, [
        { fromMs: nowMs, status: creating ? 'Creating' : 'Updating' },
        { fromMs: readyMs, status: 'Succeeded' },
      ]);
      scheduleCount(d.capacity, nowMs, readyMs, spec.sku.capacity, !creating);
      const op = startOperation(az, e, nowMs, readyMs);
      return new ArmReply(creating ? 201 : 200, deploymentJson(e, d, nowMs), asyncHeaders(op));
    },
  },
  {
    method: 'PATCH',
    path: PATH,
    operation: 'MachineLearning.OnlineDeployments_Update',
    action: `${ACT}/write`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs, body }) => {
      const { az, endpoint: e, deployment: d } = deploymentAt(state, params, nowMs);
      if (d.provisioning[d.provisioning.length - 1]!.status === 'Gone') throw conflict(`Deployment '${d.name}' is being deleted.`, 'Conflict');
      const current = d.specs[d.specs.length - 1]!.status;
      const capacity = capacityOf(body.sku, current.sku.capacity);
      const tags = tagsOf(body.tags);
      d.specs.push({ fromMs: nowMs, status: { ...current, sku: { ...current.sku, capacity }, tags: tags ?? current.tags } });
      d.updatedMs = nowMs;
      const now = capacityAt(d.capacity, nowMs);
      const readyMs = nowMs + (capacity > now ? DEPLOYMENT_UPDATE_MS : DEPLOYMENT_SCALE_DOWN_MS);
      if (capacity !== now || statusAt(d.provisioning, nowMs) !== 'Succeeded') {
        schedulePhases(d.provisioning, nowMs, [
          { fromMs: nowMs, status: capacity !== now ? 'Scaling' : 'Updating' },
          { fromMs: readyMs, status: 'Succeeded' },
        ]);
      }
      const doneMs = capacity === now && statusAt(d.provisioning, nowMs) === 'Succeeded' ? nowMs : readyMs;
      if (statusAt(d.provisioning, nowMs) !== 'Failed') scheduleCount(d.capacity, nowMs, readyMs, capacity);
      const op = startOperation(az, e, nowMs, doneMs);
      return new ArmReply(202, undefined, asyncHeaders(op));
    },
  },
  {
    method: 'DELETE',
    path: PATH,
    operation: 'MachineLearning.OnlineDeployments_Delete',
    action: `${ACT}/delete`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs }) => {
      const { az, endpoint: e } = endpointAt(state, params, nowMs);
      const d = liveDeployment(e, params[4]!, nowMs);
      // ARM: deleting what does not exist is a success with no content.
      if (!d) return new ArmReply(204, undefined);
      const pending = d.provisioning[d.provisioning.length - 1]!;
      if (pending.status === 'Gone') {
        const op = startOperation(az, e, nowMs, pending.fromMs);
        return new ArmReply(202, undefined, asyncHeaders(op, true));
      }
      const traffic = endpointTraffic(e, nowMs)[d.name] ?? 0;
      if (traffic > 0) {
        // Azure refuses to delete a deployment the endpoint still sends traffic to ⚠️ (wording approximated).
        throw badRequest(
          `Deployment '${d.name}' cannot be deleted because endpoint '${e.name}' routes ${traffic}% of its traffic to it. Update the endpoint's traffic to set it to 0 first.`,
          'BadArgument',
        );
      }
      const goneMs = nowMs + DEPLOYMENT_DELETE_MS;
      schedulePhases(d.provisioning, nowMs, [
        { fromMs: nowMs, status: 'Deleting' },
        { fromMs: goneMs, status: 'Gone' },
      ]);
      // Instances bill until the deletion completes.
      scheduleCount(d.capacity, nowMs, goneMs, 0, true);
      closeWindow(d.windows, goneMs);
      d.updatedMs = nowMs;
      const op = startOperation(az, e, nowMs, goneMs);
      return new ArmReply(202, undefined, asyncHeaders(op, true));
    },
  },
];
