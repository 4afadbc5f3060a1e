import type { ArmRouteDef } from './arm-route';
import { badRequest } from './arm-wire';
import type { SimAzureState, SimOnlineDeployment, SimOnlineEndpoint } from './azure-model';
import { azureOf } from './ml-lookup';

/**
 * Azure Monitor Activity Log (ActivityLogs_List, api-version 2015-04-01):
 * GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values?$filter=...
 * `$filter` is "very restricted": `eventTimestamp ge '<start>'` is required, then optionally `eventTimestamp le`,
 * and one of `resourceUri eq`, `resourceGroupName eq`, `resourceProvider eq`, `correlationId eq`. Events are the
 * failed creates of online deployments (a fleet deployment with `error`): an `Started` event when the write began
 * and a `Failed` one whose `properties.statusMessage` carries ARM's error JSON, the service's code in `details`
 * (as Azure's documented sample: ResourceDeploymentFailure wrapping OperationNotAllowed). Newest first.
 */
const DAY_MS = 86_400_000;
const RETENTION_DAYS = 90;
const OPERATION = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write';

interface Clause {
  name: string;
  op: 'ge' | 'le' | 'eq';
  value: string;
}

export function parseActivityFilter(filter: string | null): Clause[] {
  if (!filter?.trim()) throw badRequest('The $filter query parameter is required and must give at least the start time (eventTimestamp ge).', 'BadRequest');
  return filter.split(/\s+and\s+/i).map((part) => {
    const m = /^\s*([A-Za-z]+)\s+(ge|le|eq)\s+'([^']*)'\s*$/i.exec(part);
    if (!m) throw badRequest(`The $filter '${filter}' is invalid.`, 'BadRequest');
    return { name: m[1]!.toLowerCase(), op: m[2]!.toLowerCase() as Clause['op'], value: m[3]! };
  });
}

interface Event {
  atMs: number;
  status: 'Started' | 'Failed';
  endpoint: SimOnlineEndpoint;
  deployment: SimOnlineDeployment;
}

function eventsOf(az: SimAzureState, subscription: string): Event[] {
  const out: Event[] = [];
  for (const e of az.endpoints.values()) {
    if (e.subscriptionId.toLowerCase() !== subscription) continue;
    for (const d of e.deployments.values()) {
      if (!d.failure) continue;
      out.push({ atMs: d.createdMs, status: 'Started', endpoint: e, deployment: d }, { atMs: d.failure.atMs, status: 'Failed', endpoint: e, deployment: d });
    }
  }
  return out;
}

function eventJson(ev: Event, tenantId: string): Record<string, unknown> {
  const resourceId = `${ev.endpoint.id}/deployments/${ev.deployment.name}`;
  const failed = ev.status === 'Failed';
  const correlationId = `00000000-0000-4000-8000-${String(ev.deployment.seed % 1e12).padStart(12, '0')}`;
  const eventDataId = `${correlationId.slice(0, 24)}${String(ev.atMs % 1e12).padStart(12, '0')}`;
  const statusMessage = failed
    ? JSON.stringify({
        status: 'Failed',
        error: {
          code: 'ResourceOperationFailure',
          message: "The resource operation completed with terminal provisioning state 'Failed'.",
          details: [{ code: ev.deployment.failure!.code, message: ev.deployment.failure!.message }],
        },
      })
    : undefined;
  return {
    authorization: { action: OPERATION, scope: resourceId },
    caller: 'ml-engineer@example.com',
    channels: 'Operation',
    correlationId,
    description: '',
    eventDataId,
    eventName: failed ? { value: 'EndRequest', localizedValue: 'End request' } : { value: 'BeginRequest', localizedValue: 'Begin request' },
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    eventTimestamp: new Date(ev.atMs).toISOString(),
    id: `${resourceId}/events/${eventDataId}/ticks/${ev.atMs * 10_000 + 621_355_968_000_000_000}`,
    level: failed ? 'Error' : 'Informational',
    operationId: correlationId,
    operationName: { value: OPERATION, localizedValue: 'Create or update online deployment' },
    resourceGroupName: ev.endpoint.resourceGroup,
    resourceProviderName: { value: 'Microsoft.MachineLearningServices', localizedValue: 'Microsoft.MachineLearningServices' },
    resourceType: { value: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments', localizedValue: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments' },
    resourceId,
    status: { value: ev.status, localizedValue: ev.status },
    subStatus: failed ? { value: 'Conflict', localizedValue: 'Conflict (HTTP Status Code: 409)' } : { value: '', localizedValue: '' },
    submissionTimestamp: new Date(ev.atMs + 15_000).toISOString(),
    subscriptionId: ev.endpoint.subscriptionId,
    tenantId,
    properties: {
      eventCategory: 'Administrative',
      entity: resourceId,
      message: OPERATION,
      hierarchy: tenantId,
      ...(failed ? { statusCode: 'Conflict', statusMessage } : {}),
    },
    relatedEvents: [],
  };
}

function keep(ev: Event, clauses: readonly Clause[]): boolean {
  const resourceId = `${ev.endpoint.id}/deployments/${ev.deployment.name}`.toLowerCase();
  return clauses.every((c) => {
    if (c.name === 'eventtimestamp') return c.op === 'ge' ? ev.atMs >= Date.parse(c.value) : c.op === 'le' ? ev.atMs <= Date.parse(c.value) : false;
    if (c.name === 'resourceuri') return resourceId === c.value.toLowerCase();
    if (c.name === 'resourcegroupname') return ev.endpoint.resourceGroup.toLowerCase() === c.value.toLowerCase();
    if (c.name === 'resourceprovider') return c.value.toLowerCase() === 'microsoft.machinelearningservices';
    if (c.name === 'correlationid') return false;
    return false;
  });
}

export const ACTIVITY_LOG_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'GET',
    path: /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Insights\/eventtypes\/management\/values$/i,
    operation: 'Monitor.ActivityLogs_List',
    action: 'Microsoft.Insights/eventtypes/values/read',
    apiVersions: ['2015-04-01'],
    handle: ({ params, state, nowMs, query }) => {
      const subscription = params[0]!.toLowerCase();
      const az = azureOf(state, subscription);
      const clauses = parseActivityFilter(query.get('$filter'));
      const start = clauses.find((c) => c.name === 'eventtimestamp' && c.op === 'ge');
      if (!start || !Number.isFinite(Date.parse(start.value))) throw badRequest('The $filter must give the start time: eventTimestamp ge \'<ISO 8601 date-time>\'.', 'BadRequest');
      const known = new Set(['eventtimestamp', 'resourceuri', 'resourcegroupname', 'resourceprovider', 'correlationid']);
      const unknown = clauses.find((c) => !known.has(c.name));
      if (unknown) throw badRequest(`The $filter field '${unknown.name}' is not supported.`, 'BadRequest');
      if (Date.parse(start.value) < nowMs - RETENTION_DAYS * DAY_MS) throw badRequest(`The start time must be within the last ${RETENTION_DAYS} days.`, 'BadRequest');
      const tenantId = az.subscriptions.find((s) => s.id === subscription)?.tenantId ?? '00000000-0000-0000-0000-000000000000';
      const events = eventsOf(az, subscription)
        .filter((ev) => ev.atMs <= nowMs && keep(ev, clauses))
        .sort((a, b) => b.atMs - a.atMs);
      return { value: events.map((ev) => eventJson(ev, tenantId)) };
    },
  },
];
