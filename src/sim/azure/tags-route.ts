import type { FleetState } from '../fleet-model';
import { statusAt } from '../timeline';
import type { ArmRouteDef } from './arm-route';
import { badRequest, notFound } from './arm-wire';
import { key } from './azure-model';

/**
 * Microsoft.Resources tags at a resource scope (api-version 2021-04-01): GET and PATCH
 * `/{scope}/providers/Microsoft.Resources/tags/default`. PATCH takes {operation: Merge|Replace|Delete,
 * properties: {tags}}: Merge adds/overwrites, Replace sets exactly, Delete removes the named keys (⚠️ Azure removes
 * a key only when the given value matches too; the simulator removes by name). Tags change at once (synchronous).
 */
const TAGS_API_VERSIONS = ['2021-04-01', '2021-01-01', '2020-10-01', '2019-10-01'] as const;
const SCOPE = '(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/workspaces/[^/]+(?:/[^/]+/[^/]+){0,2})';

interface Tagged {
  tags: Record<string, string>;
  set(tags: Record<string, string>): void;
}

function resourceAt(state: FleetState, scope: string, nowMs: number): Tagged | undefined {
  const az = state.azure;
  if (!az) return undefined;
  const k = key(scope);
  const plain = (r: { tags: Record<string, string> } | undefined): Tagged | undefined => (r ? { tags: r.tags, set: (t) => (r.tags = t) } : undefined);
  const ws = az.workspaces.get(k);
  if (ws) return plain(ws);
  const ep = az.endpoints.get(k);
  if (ep && statusAt(ep.provisioning, nowMs) !== 'Gone') return plain(ep);
  const c = az.computes.get(k);
  if (c && statusAt(c.phases, nowMs) !== 'Gone') return plain(c);
  const j = az.jobs.get(k);
  if (j) return plain(j);
  const m = /^(.*\/onlineendpoints\/[^/]+)\/deployments\/([^/]+)$/.exec(k);
  const parent = m ? az.endpoints.get(m[1]!) : undefined;
  const d = parent?.deployments.get(m![2]!);
  if (d && statusAt(d.provisioning, nowMs) !== 'Gone') {
    const spec = d.specs[d.specs.length - 1]!.status;
    return { tags: spec.tags, set: (t) => (spec.tags = t) };
  }
  return undefined;
}

const answer = (scope: string, tags: Record<string, string>) => ({
  id: `${scope}/providers/Microsoft.Resources/tags/default`,
  name: 'default',
  type: 'Microsoft.Resources/tags',
  properties: { tags: { ...tags } },
});

function target(state: FleetState, scope: string, nowMs: number): Tagged {
  const r = resourceAt(state, scope, nowMs);
  if (!r) throw notFound(`The Resource '${scope.replace(/^.*\/providers\//, '')}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  return r;
}

export const TAGS_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'GET',
    path: new RegExp(`^${SCOPE}/providers/Microsoft\\.Resources/tags/default$`, 'i'),
    operation: 'Resources.Tags_GetAtScope',
    action: 'Microsoft.Resources/tags/read',
    apiVersions: TAGS_API_VERSIONS,
    handle: ({ params, state, nowMs }) => answer(params[0]!, target(state, params[0]!, nowMs).tags),
  },
  {
    method: 'PATCH',
    path: new RegExp(`^${SCOPE}/providers/Microsoft\\.Resources/tags/default$`, 'i'),
    operation: 'Resources.Tags_UpdateAtScope',
    action: 'Microsoft.Resources/tags/write',
    apiVersions: TAGS_API_VERSIONS,
    write: true,
    handle: ({ params, state, nowMs, body }) => {
      const r = target(state, params[0]!, nowMs);
      const operation = body.operation;
      const tags = (body.properties as { tags?: unknown } | undefined)?.tags;
      if (operation !== 'Merge' && operation !== 'Replace' && operation !== 'Delete') throw badRequest(`The tag operation '${String(operation)}' is invalid; use Merge, Replace or Delete.`, 'InvalidTagOperation');
      if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
        throw badRequest('properties.tags must be an object of string values.', 'InvalidRequestContent');
      }
      const given = tags as Record<string, string>;
      let next: Record<string, string>;
      if (operation === 'Replace') next = { ...given };
      else if (operation === 'Merge') next = { ...r.tags, ...given };
      else next = Object.fromEntries(Object.entries(r.tags).filter(([k]) => !(k in given)));
      if (Object.keys(next).length > 50) throw badRequest('A resource can have at most 50 tags.', 'InvalidTagsCount');
      r.set(next);
      return answer(params[0]!, next);
    },
  },
];
