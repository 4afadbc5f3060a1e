import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { z } from 'zod';

/**
 * What it takes to recreate a managed online deployment exactly: the PUT body of OnlineDeployments_CreateOrUpdate
 * (api 2022-10-01) as the SDK models it (camelCase like the wire). Read-only fields are dropped: `id`, `name`, `type`,
 * `systemData`, `properties.provisioningState`, and the identity's `principalId` / `tenantId` and the
 * `principalId` / `clientId` of each user-assigned identity. ⚠️ Fields newer than 2022-10-01 (startupProbe,
 * dataCollector ...) are not returned by this api-version, so they cannot be captured; the SDK pins it.
 */
export const deploymentSpecSchema = z.object({
  name: z.string().min(1),
  location: z.string().min(1),
  kind: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  sku: z.looseObject({ name: z.string(), capacity: z.number().int().min(0).optional() }).optional(),
  identity: z.looseObject({ type: z.string() }).optional(),
  properties: z.looseObject({ endpointComputeType: z.string() }),
});
export type DeploymentSpec = z.infer<typeof deploymentSpecSchema>;

/** Endpoint traffic: deployment name -> percent. */
export const trafficSchema = z.record(z.string(), z.number().int().min(0).max(100));
export type Traffic = z.infer<typeof trafficSchema>;

/** Drops undefined values and anything not JSON (the token's prior is stored as JSON). */
function jsonClean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The writable part of a managed identity (principal and client ids are assigned by Azure). */
function writableIdentity(identity: OnlineDeployment['identity']): { type: string; userAssignedIdentities?: Record<string, object> } | undefined {
  if (!identity) return undefined;
  const assigned = identity.userAssignedIdentities ? Object.fromEntries(Object.keys(identity.userAssignedIdentities).map((k) => [k, {}])) : undefined;
  return { type: identity.type, ...(assigned && Object.keys(assigned).length ? { userAssignedIdentities: assigned } : {}) };
}

/** The deployment's recreate spec, read-only fields stripped (pure). */
export function specOfDeployment(d: OnlineDeployment, fallbackLocation: string): DeploymentSpec {
  const { provisioningState: _state, ...properties } = d.properties as OnlineDeployment['properties'] & { provisioningState?: string };
  const identity = writableIdentity(d.identity);
  return jsonClean({
    name: d.name ?? '',
    location: d.location || fallbackLocation,
    ...(d.kind ? { kind: d.kind } : {}),
    ...(d.tags ? { tags: { ...d.tags } } : {}),
    ...(d.sku ? { sku: { ...d.sku } } : {}),
    ...(identity ? { identity } : {}),
    properties: properties as DeploymentSpec['properties'],
  });
}

/** The PUT body for a spec (the SDK type; the name goes in the path). */
export function deploymentBody(spec: DeploymentSpec): OnlineDeployment {
  const { name: _name, ...body } = spec;
  return body as unknown as OnlineDeployment;
}

/**
 * The endpoint's own PUT body with another traffic map. OnlineEndpoints_Update (PATCH) only takes tags and identity,
 * so traffic changes need the full PUT. Read-only `scoringUri`, `swaggerUri`, `provisioningState` and the write-only
 * `keys` are left out: ⚠️ a PUT without `keys` keeps the endpoint's current keys (that is what `az ml online-endpoint
 * update` sends).
 */
export function endpointBody(e: OnlineEndpoint, traffic: Traffic): OnlineEndpoint {
  const p = e.properties;
  const identity = writableIdentity(e.identity);
  return jsonClean({
    location: e.location,
    ...(e.tags ? { tags: { ...e.tags } } : {}),
    ...(e.kind ? { kind: e.kind } : {}),
    ...(e.sku ? { sku: { ...e.sku } } : {}),
    ...(identity ? { identity } : {}),
    properties: {
      authMode: p.authMode,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.properties ? { properties: { ...p.properties } } : {}),
      ...(p.compute !== undefined ? { compute: p.compute } : {}),
      ...(p.publicNetworkAccess !== undefined ? { publicNetworkAccess: p.publicNetworkAccess } : {}),
      traffic: { ...traffic },
    },
  }) as OnlineEndpoint;
}

/** Same routing: a deployment missing from a map has 0 %. */
export function sameTraffic(a: Traffic, b: Traffic): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** Every deployment of the map at 0 % (Azure refuses to delete a deployment that still has traffic). */
export function zeroTraffic(current: Traffic): Traffic {
  return Object.fromEntries(Object.keys(current).map((k) => [k, 0]));
}

export const hasTraffic = (t: Traffic): boolean => Object.values(t).some((v) => v > 0);

/** Deployment / endpoint provisioning states that change on their own (DeploymentProvisioningState, EndpointProvisioningState). */
export const MOVING_STATES: ReadonlySet<string> = new Set(['Creating', 'Updating', 'Scaling', 'Deleting']);
