import { cancelCustomJob, customJobJson, findCustomJob, jobState } from './custom-jobs';
import { getOperation, operationJson } from './gcp-operations';
import { rfc3339 } from './gcp-ids';
import { googleRoute, type GoogleCall } from './google-route';
import { notFound, pageOf, queryFingerprint } from './google-wire';
import { modelJson } from './vertex-models';
import { listFilter, resourceFields } from './list-filter';
import { endpointExists, endpointJson, findEndpoint } from './vertex-endpoints';
import { patchEndpoint } from './vertex-endpoint-patch';
import { deployModel, mutateDeployedModel, undeployModel } from './vertex-writes';

/**
 * Vertex AI REST (host `{location}-aiplatform.googleapis.com`; the simulator serves every location on one base URL).
 * v1 throughout; v1beta1 is accepted too (mutateDeployedModel with minReplicaCount 0 is the scale-to-zero preview).
 * Names in answers use the project NUMBER, whichever spelling the request used.
 */
const V = '(v1|v1beta1)';
const LOC = '/projects/([^/]+)/locations/([^/]+)';
const SEG = '([^/:]+)';

// ListEndpoints page size: at most 1000? ⚠️ (AIP-158 lets services coerce; the simulator caps at 1000, default 100).
const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;

function endpointOf(c: GoogleCall) {
  const [p, loc, id] = c.params as [string, string, string];
  const { gcp, project } = c.project(p);
  return { gcp, e: findEndpoint(gcp, project, loc, id, c.nowMs) };
}

export const vertexRoute = googleRoute('aiplatform.googleapis.com', [
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/endpoints$`),
    operation: 'Vertex.ListEndpoints',
    permission: 'aiplatform.endpoints.list',
    handle(c) {
      const [p, loc] = c.params as [string, string];
      const { gcp, project } = c.project(p);
      const keep = listFilter(c.query.get('filter'));
      const all = [...gcp.endpoints.values()]
        .filter((e) => e.projectNumber === project.number && e.location === loc && endpointExists(e, c.nowMs) && keep(resourceFields(e)))
        .sort((a, b) => a.createdMs - b.createdMs || a.id.localeCompare(b.id));
      const page = pageOf(all, c.query, queryFingerprint(`endpoints/${project.number}/${loc}`, c.query), MAX_PAGE, DEFAULT_PAGE);
      // proto3 JSON omits an empty repeated field: no endpoints is `{}`.
      return { ...(page.items.length ? { endpoints: page.items.map((e) => endpointJson(e, c.nowMs)) } : {}), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}$`),
    operation: 'Vertex.GetEndpoint',
    permission: 'aiplatform.endpoints.get',
    handle: (c) => endpointJson(endpointOf(c).e, c.nowMs),
  },
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/models/${SEG}$`),
    operation: 'Vertex.GetModel',
    permission: 'aiplatform.models.get',
    handle(c) {
      const [p, loc, id] = c.params as [string, string, string];
      const { gcp, project } = c.project(p);
      // `models/123@2` addresses a version; the simulator keeps one version per model.
      const name = `projects/${project.number}/locations/${loc}/models/${id.replace(/@.*$/, '')}`;
      const m = gcp.models.get(name);
      if (!m) throw notFound(`Model \`${name}\` not found.`);
      return modelJson(m);
    },
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}$`),
    operation: 'Vertex.UpdateEndpoint',
    permission: 'aiplatform.endpoints.update',
    write: true,
    handle: (c) => patchEndpoint(endpointOf(c).e, c.body, c.query.get('updateMask') ?? c.query.get('update_mask') ?? undefined, c.nowMs),
  },
  {
    method: 'POST',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}:deployModel$`),
    operation: 'Vertex.DeployModel',
    permission: 'aiplatform.endpoints.deploy',
    write: true,
    handle(c) {
      const { gcp, e } = endpointOf(c);
      return deployModel(c.state, gcp, e, c.body, c.version, c.nowMs);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}:undeployModel$`),
    operation: 'Vertex.UndeployModel',
    permission: 'aiplatform.endpoints.undeploy',
    write: true,
    handle(c) {
      const { gcp, e } = endpointOf(c);
      return undeployModel(c.state, gcp, e, c.body, c.version, c.nowMs);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}:mutateDeployedModel$`),
    operation: 'Vertex.MutateDeployedModel',
    permission: 'aiplatform.endpoints.update',
    write: true,
    handle(c) {
      const { gcp, e } = endpointOf(c);
      return mutateDeployedModel(c.state, gcp, e, c.body, c.query.get('updateMask') ?? undefined, c.version, c.nowMs);
    },
  },
  {
    // ListOperations under an endpoint (google.longrunning.Operations, as every Vertex resource offers): its deploys,
    // undeploys and mutations, oldest first (⚠️ the API promises no order), proto3 JSON `{}` when there are none.
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/endpoints/${SEG}/operations$`),
    operation: 'Vertex.ListOperations',
    permission: 'aiplatform.operations.list',
    handle(c) {
      const { gcp, e } = endpointOf(c);
      const prefix = `${e.name}/operations/`;
      const all = [...gcp.operations.values()].filter((op) => op.name.startsWith(prefix) && op.createdMs <= c.nowMs).sort((a, b) => a.createdMs - b.createdMs || a.name.localeCompare(b.name));
      const page = pageOf(all, c.query, queryFingerprint(`operations/${e.name}`, c.query), MAX_PAGE, DEFAULT_PAGE);
      return { ...(page.items.length ? { operations: page.items.map((op) => operationJson(op, c.nowMs)) } : {}), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/(endpoints/[^/:]+/)?operations/${SEG}$`),
    operation: 'Vertex.GetOperation',
    permission: 'aiplatform.operations.list',
    handle(c) {
      const [p, loc, parent, op] = c.params as [string, string, string | undefined, string];
      const { gcp, project } = c.project(p);
      const rest = `${parent ?? ''}operations/${op}`;
      return getOperation(gcp, [`projects/${project.number}/locations/${loc}/${rest}`, `projects/${project.id}/locations/${loc}/${rest}`], c.nowMs);
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/customJobs$`),
    operation: 'Vertex.ListCustomJobs',
    permission: 'aiplatform.customJobs.list',
    handle(c) {
      const [p, loc] = c.params as [string, string];
      const { gcp, project } = c.project(p);
      const keep = listFilter(c.query.get('filter'));
      const all = [...gcp.customJobs.values()]
        .filter((j) => {
          const state = jobState(j, c.nowMs);
          return j.projectNumber === project.number && j.location === loc && state !== undefined && keep(resourceFields({ ...j, state, createTime: rfc3339(j.createdMs) }));
        })
        // ListCustomJobs returns newest first (⚠️ observed console order; the API does not document it).
        .sort((a, b) => b.createdMs - a.createdMs || a.id.localeCompare(b.id));
      const page = pageOf(all, c.query, queryFingerprint(`customJobs/${project.number}/${loc}`, c.query), MAX_PAGE, DEFAULT_PAGE);
      return { ...(page.items.length ? { customJobs: page.items.map((j) => customJobJson(j, c.nowMs)) } : {}), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/${V}${LOC}/customJobs/${SEG}$`),
    operation: 'Vertex.GetCustomJob',
    permission: 'aiplatform.customJobs.get',
    handle(c) {
      const [p, loc, id] = c.params as [string, string, string];
      const { gcp, project } = c.project(p);
      return customJobJson(findCustomJob(gcp, project, loc, id, c.nowMs), c.nowMs);
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/${V}${LOC}/customJobs/${SEG}:cancel$`),
    operation: 'Vertex.CancelCustomJob',
    permission: 'aiplatform.customJobs.cancel',
    write: true,
    handle(c) {
      const [p, loc, id] = c.params as [string, string, string];
      const { gcp, project } = c.project(p);
      return cancelCustomJob(c.state, findCustomJob(gcp, project, loc, id, c.nowMs), c.nowMs);
    },
  },
]);
