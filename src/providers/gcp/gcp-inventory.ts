import type { InstancePrice } from '../../domain/resources';
import { mapLimit } from '../../lib/map-limit';
import { latestDeployFailure, listEndpointOperations, needsOperations, type OperationJson } from './deploy-failures';
import { emptyInventory, type Inventory } from '../../domain/snapshot';
import type { GoogleHttp } from './google-http';
import type { GcpMachineSpec, GcpPriceSource } from './ports';
import {
  customJobMachine,
  deployedModelMachine,
  lastSegment,
  toEndpoint,
  toNotebook,
  toTrainingJob,
  toTrainingRun,
  uniqueNames,
  workbenchMachine,
  type ListedIn,
} from './to-domain';
import type { VertexModelJson } from './model-origin';
import type { CustomJobJson, VertexEndpoint, WorkbenchInstanceJson } from './vertex-json';

export const LIST_PAGE_SIZE = 100;

/** What one project and location lists: endpoints, running custom jobs, and the operations of empty endpoints. */
export interface VertexListing {
  endpoints: VertexEndpoint[];
  jobs: CustomJobJson[];
  /** Operations by endpoint name, for endpoints with nothing deployed (deploy-failures.ts). */
  operations: Map<string, OperationJson[]>;
  /** Operations lists that failed: the endpoints stay listed, only the failure reason is missing. */
  operationErrors: { endpoint: string; err: unknown }[];
}

/** AIP-160 binds OR tighter than AND; plain ORs of one field need no parentheses. */
export const LIVE_JOBS_FILTER = 'state="JOB_STATE_RUNNING" OR state="JOB_STATE_QUEUED" OR state="JOB_STATE_PENDING"';

/** The succeeded-runs filter: `create_time` takes RFC 3339 and `>` (customJobs.list `filter` reference). */
export function historyFilter(since: Date): string {
  return `state="JOB_STATE_SUCCEEDED" AND create_time>"${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}"`;
}

/**
 * Succeeded custom jobs of one project and location created after `since` (runaway-training's history): one call
 * per 100 runs. Their JSON carries createTime, startTime and endTime, so no GetCustomJob per run.
 */
export function listJobHistory(http: GoogleHttp, where: ListedIn, since: Date): Promise<CustomJobJson[]> {
  return http.paginate<{ customJobs?: CustomJobJson[]; nextPageToken?: string }, CustomJobJson>(
    {
      operation: 'Vertex.ListCustomJobs',
      location: where.location,
      path: `/v1/projects/${where.project}/locations/${where.location}/customJobs`,
      query: { filter: historyFilter(since), pageSize: LIST_PAGE_SIZE },
    },
    (p) => p.customJobs,
  );
}

/** Vertex AI lists of one project and location (regional host). */
export async function listVertex(http: GoogleHttp, where: ListedIn, maxConcurrency = 4): Promise<VertexListing> {
  const parent = `/v1/projects/${where.project}/locations/${where.location}`;
  const [endpoints, jobs] = await Promise.all([
    http.paginate<{ endpoints?: VertexEndpoint[]; nextPageToken?: string }, VertexEndpoint>(
      { operation: 'Vertex.ListEndpoints', location: where.location, path: `${parent}/endpoints`, query: { pageSize: LIST_PAGE_SIZE } },
      (p) => p.endpoints,
    ),
    http.paginate<{ customJobs?: CustomJobJson[]; nextPageToken?: string }, CustomJobJson>(
      {
        operation: 'Vertex.ListCustomJobs',
        location: where.location,
        path: `${parent}/customJobs`,
        // Running jobs bill now; queued and pending ones are listed too, to catch jobs stuck waiting for capacity.
        // Finished ones belong to the billed cost (and, succeeded, to listJobHistory).
        query: { filter: LIVE_JOBS_FILTER, pageSize: LIST_PAGE_SIZE },
      },
      (p) => p.customJobs,
    ),
  ]);
  const operations = new Map<string, OperationJson[]>();
  const operationErrors: VertexListing['operationErrors'] = [];
  await mapLimit(endpoints.filter(needsOperations), maxConcurrency, async (e) => {
    try {
      operations.set(e.name, await listEndpointOperations(http, e.name, where.location));
    } catch (err) {
      operationErrors.push({ endpoint: e.displayName ?? e.name, err });
    }
  });
  return { endpoints, jobs, operations, operationErrors };
}

/**
 * Workbench instances of one project in one zone, or in every zone with `-` (AIP-159 wildcard ⚠️). Zones that did
 * not answer come back in `unreachable`: reported, never taken for "no instances".
 */
export async function listWorkbench(http: GoogleHttp, project: string, zone: string): Promise<{ instances: WorkbenchInstanceJson[]; unreachable: string[] }> {
  const unreachable: string[] = [];
  const instances = await http.paginate<{ instances?: WorkbenchInstanceJson[]; unreachable?: string[]; nextPageToken?: string }, WorkbenchInstanceJson>(
    { operation: 'Notebooks.ListInstances', path: `/v2/projects/${project}/locations/${zone}/instances`, query: { pageSize: LIST_PAGE_SIZE } },
    (p) => {
      unreachable.push(...(p.unreachable ?? []));
      return p.instances;
    },
  );
  return { instances, unreachable };
}

function specKey(s: GcpMachineSpec): string {
  return [s.usage, s.location, s.machineType, s.acceleratorType ?? '', s.acceleratorCount].join('|');
}

/** Prices every distinct machine spec once (the catalog is cached, but one lookup per spec keeps runs cheap). */
export async function priceAll(prices: GcpPriceSource, specs: readonly (GcpMachineSpec | undefined)[]): Promise<(s: GcpMachineSpec) => InstancePrice | undefined> {
  const distinct = new Map<string, GcpMachineSpec>();
  for (const s of specs) if (s) distinct.set(specKey(s), s);
  const found = new Map<string, InstancePrice | undefined>();
  await Promise.all(
    [...distinct].map(async ([k, s]) => {
      found.set(k, await prices.hourly(s).catch(() => undefined));
    }),
  );
  return (s) => found.get(specKey(s));
}

/** Maps the listed JSON of one project+location (Vertex) and of the project's Workbench zones to the domain. */
export async function toInventory(
  listed: ({ where: ListedIn; endpoints: VertexEndpoint[]; jobs: CustomJobJson[]; models?: ReadonlyMap<string, VertexModelJson>; history?: CustomJobJson[] } & Partial<Pick<VertexListing, 'operations'>>)[],
  workbench: { project: string; instances: WorkbenchInstanceJson[] }[],
  prices: GcpPriceSource,
  now: Date,
): Promise<Inventory> {
  const specs = [
    ...listed.flatMap((l) => l.endpoints.flatMap((e) => (e.deployedModels ?? []).map((m) => deployedModelMachine(m, l.where.location)))),
    ...listed.flatMap((l) => l.jobs.map((j) => customJobMachine(j, l.where.location).spec)),
    ...workbench.flatMap((w) => w.instances.map(workbenchMachine)),
  ];
  const price = await priceAll(prices, specs);
  const inv = emptyInventory();
  for (const l of listed) {
    const endpointNames = uniqueNames(l.endpoints, (e) => e.displayName, (e) => lastSegment(e.name));
    for (const e of l.endpoints) {
      const failure = latestDeployFailure(l.operations?.get(e.name) ?? [], now);
      inv.endpoints.push(toEndpoint(e, endpointNames.get(e)!, l.where, price, now, l.models, failure));
    }
    const jobNames = uniqueNames(l.jobs, (j) => j.displayName, (j) => lastSegment(j.name));
    for (const j of l.jobs) inv.trainingJobs.push(toTrainingJob(j, jobNames.get(j)!, l.where, price, now));
    for (const j of l.history ?? []) {
      const run = toTrainingRun(j, l.where);
      if (run) inv.trainingHistory.push(run);
    }
  }
  for (const w of workbench) for (const i of w.instances) inv.notebooks.push(toNotebook(i, w.project, price, now));
  return inv;
}
