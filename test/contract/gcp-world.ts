import { OAuth2Client } from 'google-auth-library';
import type { ResourceKind, ResourceRef } from '../../src/domain/cloud';
import type { ParkAction } from '../../src/domain/finding';
import type { RestoreToken } from '../../src/domain/remediation';
import { billingQueryRequest } from '../../src/providers/gcp/bigquery-billing-query';
import { GoogleHttp } from '../../src/providers/gcp/google-http';
import { createGcpRemediator } from '../../src/providers/gcp/remediation';
import type { CloudRemediator } from '../../src/providers/types';
import { GcpFleetSchema } from '../../src/sim/gcp/gcp-fleet-schema';
import { demoFleet, startSimulator, type Fleet, type Simulator } from '../../src/sim/index';

/**
 * What the Google remediator contract runs on: the simulator (demo fleet, or one with a 70/30 two-model endpoint)
 * behind a real GoogleHttp (google-auth-library OAuth2Client with a token), the real remediator with a `sleep` that
 * moves the virtual clock, and plain REST reads to observe the resources the way a person would (GET endpoint,
 * Monitoring timeSeries.list, the billing export query).
 */

export const PROJECT = 'acme-ml-prod';
export const NUMBER = '482915736014';
export const LOCATION = 'us-central1';
/** Wednesday 2026-11-18 15:00 UTC: inside the busy endpoints' business hours. */
export const START = new Date('2026-11-18T15:00:00Z');
export const POLL_MS = 15_000;

export const EP = {
  idle: { id: '4054137345011449856', displayName: 'vision-defect-detector', model: '2135638937245368320' },
  l4: { id: '6218392561207394304', displayName: 'search-query-embedder', model: '8830574215618691072' },
  busy: { id: '1487205736610709504', displayName: 'recs-ranker-prod', model: '5502936817465114624' },
  split: { id: '3141592653589793238', displayName: 'chat-ab-test', a: '1111111111111111111', b: '2222222222222222222' },
} as const;
export const NOTEBOOK_ID = 'research-gpu-notebook';
export const JOB_ID = '7745319902826168320';

const endpointName = (id: string) => `projects/${NUMBER}/locations/${LOCATION}/endpoints/${id}`;

export function refOf(kind: ResourceKind, name: string, id: string): ResourceRef {
  return { cloud: 'gcp', account: PROJECT, region: kind === 'notebook' ? 'us-central1-a' : LOCATION, kind, name, id };
}
export const endpointRef = (e: { id: string; displayName: string }) => refOf('endpoint', e.displayName, endpointName(e.id));
export const notebookRef = refOf('notebook', NOTEBOOK_ID, `projects/${PROJECT}/locations/us-central1-a/instances/${NOTEBOOK_ID}`);
export const jobRef = refOf('training-job', 'llm-finetune-sft-nov', `projects/${NUMBER}/locations/${LOCATION}/customJobs/${JOB_ID}`);

/**
 * The demo fleet plus a two-model endpoint serving a 70/30 A/B split (both dedicated, on different machines), with
 * model versions pinned, built with the fleet's `gcp` schema.
 */
export function splitFleet(): Fleet {
  const fleet = demoFleet();
  const extra = GcpFleetSchema.parse({
    projects: [{ id: PROJECT, number: NUMBER }],
    endpoints: [
      {
        displayName: EP.split.displayName,
        id: EP.split.id,
        createdAt: '-20d',
        labels: { owner: 'team-chat' },
        deployedModels: [
          { id: EP.split.a, displayName: 'chat-a', model: '5550001', modelVersionId: '3', machineType: 'g2-standard-12', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, minReplicas: 1, maxReplicas: 3, trafficPct: 70 },
          { id: EP.split.b, displayName: 'chat-b', model: '5550002', machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, minReplicas: 2, maxReplicas: 2, trafficPct: 30 },
        ],
      },
    ],
  });
  fleet.gcp = { ...fleet.gcp!, endpoints: [...fleet.gcp!.endpoints, ...extra.endpoints] };
  return fleet;
}

export interface GcpWorld {
  sim: Simulator;
  http: GoogleHttp;
  remediator: CloudRemediator;
  now: () => Date;
}

export async function gcpWorld(opts: { fleet?: Fleet; scaleToZeroPreview?: boolean; beforeSleep?: () => void } = {}): Promise<GcpWorld> {
  const sim = await startSimulator({ fleet: opts.fleet ?? demoFleet(), now: START });
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'contract-token', expiry_date: Date.now() + 3600e3 });
  const http = new GoogleHttp({ auth, baseUrl: sim.url });
  const now = () => sim.clock.now();
  const remediator = createGcpRemediator({
    http,
    config: { scaleToZeroPreview: opts.scaleToZeroPreview ?? false, operationTimeoutMinutes: 30 },
    now,
    // Waiting moves the simulator's virtual clock: no wall time, and restoreSeconds is virtual time.
    sleep: async (ms) => {
      // A test hook to make a run die while it waits (an operation started and not yet done).
      opts.beforeSleep?.();
      sim.clock.advance(ms);
    },
    pollMs: POLL_MS,
  });
  return { sim, http, remediator, now };
}

export function tokenFor(ref: ResourceRef, action: Exclude<ParkAction, 'none'>, prior: Record<string, unknown>, over: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: `tok-${action}`,
    planId: `plan-${action}`,
    ref,
    action,
    // The ledger keeps prior as JSON.
    prior: JSON.parse(JSON.stringify(prior)) as Record<string, unknown>,
    approval: { by: 'cli', principal: 'contract-test', at: START },
    state: 'parking',
    stepsDone: [],
    createdAt: START,
    hourlySaving: { amount: 1, currency: 'USD' },
    basis: 'list-price',
    ...over,
  };
}

/* ---------- observing the world through plain REST ---------- */

export interface DeployedModelJson {
  id: string;
  model: string;
  modelVersionId?: string;
  displayName?: string;
  dedicatedResources?: { machineSpec?: Record<string, unknown>; minReplicaCount?: number; maxReplicaCount?: number };
  status?: { availableReplicaCount?: number };
}
export interface EndpointJson {
  name: string;
  deployedModels?: DeployedModelJson[];
  trafficSplit?: Record<string, number>;
  labels?: Record<string, string>;
}

export const getEndpoint = (w: GcpWorld, id: string) => w.http.request<EndpointJson>({ operation: 'Vertex.GetEndpoint', path: `/v1/${endpointName(id)}` });

/** What must survive a park/restore round trip: ids, model (and version), machine, replica bounds, split. */
export function endpointShape(e: EndpointJson) {
  return {
    models: (e.deployedModels ?? [])
      .map((m) => ({ id: m.id, model: m.model, modelVersionId: m.modelVersionId, displayName: m.displayName, dedicatedResources: m.dedicatedResources }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    trafficSplit: e.trafficSplit ?? {},
    labels: e.labels ?? {},
  };
}

export const replicasOf = (e: EndpointJson) => Object.fromEntries((e.deployedModels ?? []).map((m) => [m.id, m.status?.availableReplicaCount ?? 0]));

interface Series {
  metric: { labels?: Record<string, string> };
  points?: { interval: { startTime: string; endTime: string }; value: { int64Value?: string; doubleValue?: number } }[];
}

/** Raw points (no aggregation) of a Vertex prediction metric for one endpoint in [start, end). */
export async function metricPoints(w: GcpWorld, metric: string, endpointId: string, start: Date, end: Date): Promise<{ startTime: string; value: number }[]> {
  const series = await w.http.paginate<{ timeSeries?: Series[]; nextPageToken?: string }, Series>(
    {
      operation: 'Monitoring.ListTimeSeries',
      path: `/v3/projects/${PROJECT}/timeSeries`,
      query: {
        filter: `metric.type = "aiplatform.googleapis.com/prediction/online/${metric}" AND resource.type = "aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id = "${endpointId}"`,
        'interval.startTime': start.toISOString(),
        'interval.endTime': end.toISOString(),
        view: 'FULL',
      },
    },
    (p) => p.timeSeries,
  );
  return series.flatMap((s) => (s.points ?? []).map((p) => ({ startTime: p.interval.startTime, value: Number(p.value.int64Value ?? p.value.doubleValue) })));
}

/**
 * Net cost per UTC day of one resource in the billing export (the watchdog's own query, so the simulator answers
 * it), over [start, end) whole days.
 */
export async function dailyCost(w: GcpWorld, resourceName: string, start: Date, end: Date): Promise<Record<string, number>> {
  const fleet = demoFleet().gcp!.billingExport!;
  const body = billingQueryRequest({
    table: { project: fleet.project, dataset: fleet.dataset, table: fleet.table },
    period: { start, end },
    ownerTag: 'owner',
    maxBytesBilled: 10 * 1024 ** 3,
    location: fleet.location,
  });
  const res = await w.http.request<{ schema: { fields: { name: string }[] }; rows?: { f: { v: string | null }[] }[]; jobComplete: boolean; pageToken?: string }>({
    operation: 'BigQuery.Query',
    method: 'POST',
    path: `/bigquery/v2/projects/${fleet.project}/queries`,
    body,
  });
  if (!res.jobComplete || res.pageToken) throw new Error('billing query answered in pages; the contract expects one page');
  const col = (n: string) => res.schema.fields.findIndex((f) => f.name === n);
  const out: Record<string, number> = {};
  for (const r of res.rows ?? []) {
    if (r.f[col('resource_name')]!.v !== resourceName) continue;
    const day = r.f[col('usage_day')]!.v!;
    out[day] = (out[day] ?? 0) + Number(r.f[col('cost')]!.v) + Number(r.f[col('credits')]!.v);
  }
  return out;
}

export { endpointName };
