import { statusAt } from '../timeline';
import type { ArmRouteDef } from './arm-route';
import { armPage, badRequest } from './arm-wire';
import { ML_API_VERSION } from './arm-operations';
import { azureOf, childrenOf, computeAt, deploymentAt, endpointAt, jobAt, liveDeployment, armPath, resourceGroupExists, workspaceAt, WS_PATH } from './ml-lookup';
import { computeJson, deploymentJson, endpointJson, jobJson, workspaceJson } from './ml-views';
import { notFound } from './arm-wire';

/** Azure Machine Learning reads (api-version 2022-10-01): workspaces, online endpoints and deployments, computes, jobs. */
const ACT = 'Microsoft.MachineLearningServices/workspaces';
const V = [ML_API_VERSION] as const;

export const ML_READ_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'GET',
    path: armPath('/subscriptions/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces'),
    operation: 'MachineLearning.Workspaces_ListBySubscription',
    action: `${ACT}/read`,
    apiVersions: V,
    handle: ({ params, state, url }) => {
      const az = azureOf(state, params[0]!);
      const all = [...az.workspaces.values()].filter((w) => w.subscriptionId === params[0]!.toLowerCase());
      return armPage(all.map((w) => workspaceJson(az, w)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath('/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces'),
    operation: 'MachineLearning.Workspaces_ListByResourceGroup',
    action: `${ACT}/read`,
    apiVersions: V,
    handle: ({ params, state, url }) => {
      const [sub, rg] = params as [string, string];
      const az = azureOf(state, sub);
      if (!resourceGroupExists(az, sub, rg)) throw notFound(`Resource group '${rg}' could not be found.`, 'ResourceGroupNotFound');
      const all = [...az.workspaces.values()].filter((w) => w.subscriptionId === sub.toLowerCase() && w.resourceGroup.toLowerCase() === rg.toLowerCase());
      return armPage(all.map((w) => workspaceJson(az, w)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath(WS_PATH),
    operation: 'MachineLearning.Workspaces_Get',
    action: `${ACT}/read`,
    apiVersions: V,
    handle: ({ params, state }) => {
      const { az, workspace } = workspaceAt(state, params[0]!, params[1]!, params[2]!);
      return workspaceJson(az, workspace);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/onlineEndpoints`),
    operation: 'MachineLearning.OnlineEndpoints_List',
    action: `${ACT}/onlineEndpoints/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs, url, query }) => {
      const { az, workspace } = workspaceAt(state, params[0]!, params[1]!, params[2]!);
      const name = query.get('name');
      const all = childrenOf(az.endpoints.values(), workspace)
        .filter((e) => statusAt(e.provisioning, nowMs) !== 'Gone' && (!name || e.name.toLowerCase() === name.toLowerCase()))
        .sort((a, b) => a.createdMs - b.createdMs);
      return armPage(all.map((e) => endpointJson(e, nowMs)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/onlineEndpoints/([^/]+)`),
    operation: 'MachineLearning.OnlineEndpoints_Get',
    action: `${ACT}/onlineEndpoints/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs }) => endpointJson(endpointAt(state, params, nowMs).endpoint, nowMs),
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/onlineEndpoints/([^/]+)/deployments`),
    operation: 'MachineLearning.OnlineDeployments_List',
    action: `${ACT}/onlineEndpoints/deployments/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs, url }) => {
      const { az, endpoint } = endpointAt(state, params, nowMs);
      const all = [...endpoint.deployments.values()].filter((d) => liveDeployment(endpoint, d.name, nowMs)).sort((a, b) => a.createdMs - b.createdMs);
      return armPage(all.map((d) => deploymentJson(endpoint, d, nowMs)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/onlineEndpoints/([^/]+)/deployments/([^/]+)`),
    operation: 'MachineLearning.OnlineDeployments_Get',
    action: `${ACT}/onlineEndpoints/deployments/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs }) => {
      const { endpoint, deployment } = deploymentAt(state, params, nowMs);
      return deploymentJson(endpoint, deployment, nowMs);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/computes`),
    operation: 'MachineLearning.Compute_List',
    action: `${ACT}/computes/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs, url }) => {
      const { az, workspace } = workspaceAt(state, params[0]!, params[1]!, params[2]!);
      const jobs = childrenOf(az.jobs.values(), workspace);
      const all = childrenOf(az.computes.values(), workspace).filter((c) => statusAt(c.phases, nowMs) !== 'Gone');
      return armPage(all.map((c) => computeJson(az, c, nowMs, jobs)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/computes/([^/]+)`),
    operation: 'MachineLearning.Compute_Get',
    action: `${ACT}/computes/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs }) => {
      const { az, compute } = computeAt(state, params, nowMs);
      return computeJson(az, compute, nowMs, [...az.jobs.values()].filter((j) => j.id.toLowerCase().startsWith(`${compute.id.toLowerCase().replace(/\/computes\/[^/]+$/, '')}/`)));
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/jobs`),
    operation: 'MachineLearning.Jobs_List',
    action: `${ACT}/jobs/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs, url, query }) => {
      const { az, workspace } = workspaceAt(state, params[0]!, params[1]!, params[2]!);
      // listViewType is about ARCHIVED jobs (ActiveOnly = not archived, the default), not about running ones.
      const view = query.get('listViewType') ?? 'ActiveOnly';
      if (!['ActiveOnly', 'ArchivedOnly', 'All'].includes(view)) throw badRequest(`The value '${view}' is not valid for listViewType.`);
      const jobType = query.get('jobType');
      const all = childrenOf(az.jobs.values(), workspace)
        .filter((j) => statusAt(j.phases, nowMs) !== 'Gone' && view !== 'ArchivedOnly' && (!jobType || jobType.toLowerCase() === j.jobType.toLowerCase()))
        .sort((a, b) => b.createdMs - a.createdMs);
      return armPage(all.map((j) => jobJson(j, nowMs)), url, az.listPageSize);
    },
  },
  {
    method: 'GET',
    path: armPath(`${WS_PATH}/jobs/([^/]+)`),
    operation: 'MachineLearning.Jobs_Get',
    action: `${ACT}/jobs/read`,
    apiVersions: V,
    handle: ({ params, state, nowMs }) => jobJson(jobAt(state, params, nowMs).job, nowMs),
  },
];
