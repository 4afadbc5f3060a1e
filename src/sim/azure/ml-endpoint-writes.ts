import { schedulePhases } from '../timeline';
import type { ArmRouteDef } from './arm-route';
import { ArmReply, badRequest } from './arm-wire';
import { asyncHeaders, ML_API_VERSION, startOperation } from './arm-operations';
import { endpointId, key, type SimOnlineEndpoint } from './azure-model';
import { guidFrom, tenantOf } from './azure-state';
import { armPath, endpointAt, liveDeployment, workspaceAt, WS_PATH } from './ml-lookup';
import { endpointJson } from './ml-views';

/** Applying an endpoint PUT/PATCH (traffic, tags): the operation completes ~30 s later ⚠️ (Azure: tens of seconds). */
export const ENDPOINT_UPDATE_MS = 30_000;
const ACT = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';

function tagsOf(v: unknown, what: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw badRequest(`${what} must be an object of string values.`, 'InvalidRequestContent');
  return { ...(v as Record<string, string>) };
}

/**
 * The traffic map of a PUT: every key an existing deployment, integer percentages adding up to 100 (or all 0).
 * ⚠️ Azure's wording of these refusals is approximated.
 */
function parseTraffic(e: SimOnlineEndpoint | undefined, raw: unknown, nowMs: number): Record<string, number> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('properties.traffic must be an object of deployment name to percentage.', 'InvalidRequestContent');
  const out: Record<string, number> = {};
  let total = 0;
  for (const [name, pct] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 0 || pct > 100) throw badRequest(`Traffic for deployment '${name}' must be an integer between 0 and 100.`, 'BadArgument');
    const d = e ? liveDeployment(e, name, nowMs) : undefined;
    if (!d || d.provisioning[d.provisioning.length - 1]!.status === 'Gone') {
      throw badRequest(`Deployment '${name}' does not exist on endpoint '${e?.name ?? ''}'. Traffic can only be set on existing deployments.`, 'BadArgument');
    }
    out[d.name] = pct;
    total += pct;
  }
  if (total !== 100 && total !== 0) throw badRequest(`The traffic values of the endpoint must add up to 100 or 0; they add up to ${total}.`, 'BadArgument');
  return out;
}

export const ML_ENDPOINT_WRITE_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'PUT',
    path: armPath(`${WS_PATH}/onlineEndpoints/([^/]+)`),
    operation: 'MachineLearning.OnlineEndpoints_CreateOrUpdate',
    action: `${ACT}/write`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs, body }) => {
      const { az, workspace } = workspaceAt(state, params[0]!, params[1]!, params[2]!);
      const name = params[3]!;
      const props = (body.properties ?? {}) as Record<string, unknown>;
      if (typeof body.properties !== 'object' || body.properties === null) throw badRequest('The request body must carry properties (authMode, traffic ...).', 'InvalidRequestContent');
      const id = endpointId({ subscriptionId: workspace.subscriptionId, resourceGroup: workspace.resourceGroup, workspace: workspace.name, location: workspace.location }, name);
      let e: SimOnlineEndpoint | undefined;
      try {
        e = endpointAt(state, params, nowMs).endpoint;
      } catch {
        e = undefined;
      }
      const traffic = parseTraffic(e, props.traffic, nowMs);
      const tags = tagsOf(body.tags, 'tags');
      const { authMode, traffic: _t, provisioningState: _p, scoringUri: _s, swaggerUri: _w, description, properties: _pp, ...extra } = props;
      if (authMode !== undefined && authMode !== 'Key' && authMode !== 'AMLToken' && authMode !== 'AADToken') throw badRequest(`authMode '${String(authMode)}' is not one of Key, AMLToken, AADToken.`, 'BadArgument');
      const created = !e;
      if (!e) {
        if (authMode === undefined) throw badRequest('properties.authMode is required.', 'BadArgument');
        e = {
          subscriptionId: workspace.subscriptionId,
          resourceGroup: workspace.resourceGroup,
          workspace: workspace.name,
          location: workspace.location,
          id,
          name,
          authMode: authMode as SimOnlineEndpoint['authMode'],
          tags: tags ?? {},
          extra: {},
          identity: { type: 'SystemAssigned', principalId: guidFrom(`${id}/principal`), tenantId: tenantOf(az, workspace.subscriptionId) },
          createdMs: nowMs,
          updatedMs: nowMs,
          scoringUri: `https://${name.toLowerCase()}.${workspace.location}.inference.ml.azure.com/score`,
          swaggerUri: `https://${name.toLowerCase()}.${workspace.location}.inference.ml.azure.com/swagger.json`,
          provisioning: [{ fromMs: -Infinity, status: 'Gone' }],
          traffic: [{ fromMs: -Infinity, status: {} }],
          deployments: new Map(),
        };
        az.endpoints.set(key(id), e);
      }
      const done = nowMs + ENDPOINT_UPDATE_MS;
      // The scoring URI and keys stay: an endpoint PUT changes its configuration, not its identity.
      if (authMode !== undefined) e.authMode = authMode as SimOnlineEndpoint['authMode'];
      if (typeof description === 'string') e.description = description;
      if (tags) e.tags = tags;
      e.extra = { ...e.extra, ...extra };
      e.updatedMs = nowMs;
      schedulePhases(e.traffic, nowMs, [{ fromMs: done, status: traffic }]);
      schedulePhases(e.provisioning, nowMs, [
        { fromMs: nowMs, status: created ? 'Creating' : 'Updating' },
        { fromMs: done, status: 'Succeeded' },
      ]);
      const op = startOperation(az, e, nowMs, done);
      return new ArmReply(created ? 201 : 200, endpointJson(e, nowMs), asyncHeaders(op));
    },
  },
  {
    method: 'PATCH',
    path: armPath(`${WS_PATH}/onlineEndpoints/([^/]+)`),
    operation: 'MachineLearning.OnlineEndpoints_Update',
    action: `${ACT}/write`,
    apiVersions: [ML_API_VERSION],
    write: true,
    handle: ({ params, state, nowMs, body }) => {
      const { az, endpoint: e } = endpointAt(state, params, nowMs);
      const tags = tagsOf(body.tags, 'tags');
      if (tags) e.tags = tags;
      if (body.identity && typeof body.identity === 'object') e.identity = { ...e.identity, ...(body.identity as Record<string, unknown>) };
      e.updatedMs = nowMs;
      const done = nowMs + ENDPOINT_UPDATE_MS;
      schedulePhases(e.provisioning, nowMs, [
        { fromMs: nowMs, status: 'Updating' },
        { fromMs: done, status: 'Succeeded' },
      ]);
      const op = startOperation(az, e, nowMs, done);
      // PATCH: no Location, so the poller reads the endpoint itself (the request path) once the operation is done.
      return new ArmReply(202, undefined, asyncHeaders(op));
    },
  },
];
