import type { AzureMachineLearningWorkspaces, ComputeResource, JobBase, OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { RestError } from '@azure/core-rest-pipeline';
import type { ResourceRef } from '../../../../../src/domain/cloud';
import type { ActionContext } from '../../../../../src/providers/azure/remediation/action-context';
import { parseMlArmId } from '../../../../../src/providers/azure/remediation/arm-id';

/**
 * An in-memory Azure ML control plane with the SDK's method shapes, for unit tests of the actions' logic: endpoints
 * with deployments and traffic, compute instances, jobs. Long-running operations complete after a few `poll()`s;
 * Azure's refusals that matter (deleting a deployment with traffic, traffic for a missing deployment) are enforced.
 */

export const SUB = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
export const WS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw`;

const notFound = (what: string) => new RestError(`The resource ${what} was not found.`, { statusCode: 404, code: 'ResourceNotFound' });

/** provisioningState is read-only in the SDK types; the fake control plane sets it. */
export function setState(r: { properties: unknown }, state: string): void {
  (r.properties as { provisioningState?: string }).provisioningState = state;
}

function found<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw notFound(what);
  return structuredClone(v);
}

interface PendingOp {
  at: number;
  finish: () => unknown;
  done: boolean;
  /** Set by finish when the operation ended Failed: poll() throws like core-lro does. */
  error?: string;
  result?: unknown;
}

/** Like Azure, an operation completes on the server at its time whether or not anyone polls it. */
class FakePoller<T> {
  constructor(private readonly fake: FakeMl, private readonly op: PendingOp) {}
  async poll(): Promise<void> {
    this.fake.tick();
    if (this.op.error) throw new Error(`The long-running operation has failed. ${this.op.error}`);
  }
  isDone() {
    return this.op.done;
  }
  owns(op: PendingOp) {
    return this.op === op;
  }
  getResult() {
    return this.op.result as T | undefined;
  }
}

export interface Write {
  op: string;
  target: string;
  body?: unknown;
}

export class FakeMl {
  endpoints = new Map<string, OnlineEndpoint>();
  deployments = new Map<string, Map<string, OnlineDeployment>>();
  computes = new Map<string, ComputeResource>();
  jobs = new Map<string, JobBase>();
  writes: Write[] = [];
  /** How long a deployment create takes (a restore "takes minutes"). */
  createMs = 8 * 60_000;
  /** Deployment creates that end Failed (QuotaExceeded), counted down. */
  failCreates = 0;
  private pending: PendingOp[] = [];
  constructor(readonly clock = virtualClock()) {}

  /** Completes every operation whose time has come (called by every read, write and poll). */
  tick(): void {
    const now = this.clock.now().getTime();
    for (const op of this.pending) {
      if (op.done || op.at > now) continue;
      op.result = op.finish();
      op.done = true;
    }
  }

  private failing = new Set<FakePoller<unknown>>();

  private later<T>(ms: number, finish: () => T): FakePoller<T> {
    const op: PendingOp = { at: this.clock.now().getTime() + ms, finish: () => {
      const r = finish();
      if ([...this.failing].some((p) => p.owns(op))) op.error = 'QuotaExceeded. Not enough quota for Standard_NC24ads_A100_v4';
      return r;
    }, done: false };
    this.pending.push(op);
    return new FakePoller<T>(this, op);
  }

  private deps(ep: string): Map<string, OnlineDeployment> {
    let m = this.deployments.get(ep);
    if (!m) this.deployments.set(ep, (m = new Map()));
    return m;
  }

  addEndpoint(name: string, traffic: Record<string, number>, deployments: Record<string, Partial<OnlineDeployment['properties']> & { capacity?: number }>): string {
    const id = `${WS_ID}/onlineEndpoints/${name}`;
    this.endpoints.set(name, {
      id, name, location: 'eastus', tags: { team: 'vision' }, identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
      systemData: { createdAt: new Date('2026-10-01T00:00:00Z') },
      properties: { authMode: 'Key', scoringUri: `https://${name}.eastus.inference.ml.azure.com/score`, provisioningState: 'Succeeded', traffic: { ...traffic }, keys: undefined },
    } as OnlineEndpoint);
    for (const [d, { capacity, ...props }] of Object.entries(deployments)) {
      this.deps(name).set(d, {
        id: `${id}/deployments/${d}`, name: d, location: 'eastus', kind: 'Managed', tags: { v: d }, sku: { name: 'Default', capacity: capacity ?? 1 },
        systemData: { createdAt: new Date('2026-10-01T00:00:00Z') },
        properties: { endpointComputeType: 'Managed', instanceType: 'Standard_NC24ads_A100_v4', model: `azureml:${d}-model:1`, scaleSettings: { scaleType: 'Default' }, requestSettings: { maxConcurrentRequestsPerInstance: 1, requestTimeout: 'PT5S' }, appInsightsEnabled: true, provisioningState: 'Succeeded', ...props } as OnlineDeployment['properties'],
      });
    }
    return id;
  }

  readonly client = {
    onlineEndpoints: {
      get: async (_rg: string, _ws: string, ep: string) => (this.tick(), found(this.endpoints.get(ep), ep) as OnlineEndpoint),
      beginCreateOrUpdate: async (_rg: string, _ws: string, ep: string, body: OnlineEndpoint) => {
        this.tick();
        const e = this.endpoints.get(ep);
        if (!e) throw notFound(ep);
        const traffic = body.properties.traffic ?? {};
        const unknown = Object.keys(traffic).filter((d) => !this.deps(ep).has(d));
        if (unknown.length) throw new RestError(`Deployment(s) ${unknown.join(',')} do not exist`, { statusCode: 400, code: 'BadArgument' });
        this.writes.push({ op: 'OnlineEndpoints_CreateOrUpdate', target: ep, body: structuredClone(body) });
        setState(e, 'Updating');
        return this.later(30000, () => {
          e.properties.traffic = { ...traffic };
          setState(e, 'Succeeded');
          return e;
        });
      },
      beginUpdate: async (_rg: string, _ws: string, ep: string, body: { tags?: Record<string, string> }) => {
        this.tick();
        const e = this.endpoints.get(ep);
        if (!e) throw notFound(ep);
        this.writes.push({ op: 'OnlineEndpoints_Update', target: ep, body });
        return this.later(30000, () => void (e.tags = { ...body.tags }));
      },
    },
    onlineDeployments: {
      list: (_rg: string, _ws: string, ep: string) => {
        this.tick();
        const items = [...this.deps(ep).values()].map((d) => structuredClone(d));
        return (async function* () {
          yield* items;
        })();
      },
      get: async (_rg: string, _ws: string, ep: string, d: string) => (this.tick(), found(this.deps(ep).get(d), d) as OnlineDeployment),
      beginDelete: async (_rg: string, _ws: string, ep: string, d: string) => {
        this.tick();
        const dep = this.deps(ep).get(d);
        if (!dep) throw notFound(d);
        if ((this.endpoints.get(ep)?.properties.traffic?.[d] ?? 0) > 0) throw new RestError(`Deployment ${d} has traffic`, { statusCode: 400, code: 'BadRequest' });
        this.writes.push({ op: 'OnlineDeployments_Delete', target: `${ep}/${d}` });
        setState(dep, 'Deleting');
        return this.later(60000, () => void this.deps(ep).delete(d));
      },
      beginCreateOrUpdate: async (_rg: string, _ws: string, ep: string, d: string, body: OnlineDeployment) => {
        this.tick();
        this.writes.push({ op: 'OnlineDeployments_CreateOrUpdate', target: `${ep}/${d}`, body: structuredClone(body) });
        const created = { ...structuredClone(body), id: `${WS_ID}/onlineEndpoints/${ep}/deployments/${d}`, name: d, systemData: { createdAt: new Date() } } as OnlineDeployment;
        created.properties = { ...created.properties, provisioningState: 'Creating' } as OnlineDeployment['properties'];
        this.deps(ep).set(d, created);
        const failing = this.failCreates > 0;
        if (failing) this.failCreates -= 1;
        const poller = this.later(this.createMs, () => {
          setState(created, failing ? 'Failed' : 'Succeeded');
          return created;
        });
        if (failing) this.failing.add(poller);
        return poller;
      },
    },
    computeOperations: {
      get: async (_rg: string, _ws: string, c: string) => (this.tick(), found(this.computes.get(c), c) as ComputeResource),
      beginStop: async (_rg: string, _ws: string, c: string) => this.computeOp(c, 'Compute_Stop', 'Stopping', 'Stopped'),
      beginStart: async (_rg: string, _ws: string, c: string) => this.computeOp(c, 'Compute_Start', 'Starting', 'Running'),
    },
    jobs: {
      get: async (_rg: string, _ws: string, j: string) => (this.tick(), found(this.jobs.get(j), j) as JobBase),
      beginCancel: async (_rg: string, _ws: string, j: string) => {
        this.tick();
        const job = this.jobs.get(j);
        if (!job) throw notFound(j);
        this.writes.push({ op: 'Jobs_Cancel', target: j });
        (job.properties as { status?: string }).status = 'CancelRequested';
        return this.later(30000, () => void ((job.properties as { status?: string }).status = 'Canceled'));
      },
    },
  };

  private computeOp(c: string, op: string, moving: string, end: string) {
    this.tick();
    const compute = this.computes.get(c);
    if (!compute) throw notFound(c);
    this.writes.push({ op, target: c });
    const props = (compute.properties as { properties: { state: string } }).properties;
    props.state = moving;
    return this.later(60000, () => void (props.state = end));
  }

  addCompute(name: string, state: string, computeType = 'ComputeInstance'): string {
    const id = `${WS_ID}/computes/${name}`;
    this.computes.set(name, { id, name, tags: {}, properties: { computeType, properties: { state, vmSize: 'Standard_NC6s_v3' } } } as ComputeResource);
    return id;
  }

  addJob(name: string, status: string): string {
    const id = `${WS_ID}/jobs/${name}`;
    this.jobs.set(name, { id, name, properties: { jobType: 'Command', status, displayName: `${name} display`, experimentName: 'exp' } } as unknown as JobBase);
    return id;
  }
}

/** A virtual clock: `sleep` moves `now`. */
export function virtualClock(start = new Date('2026-11-18T15:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), sleep: async (ms: number) => void (t += ms) };
}

export function refFor(kind: ResourceRef['kind'], id: string): ResourceRef {
  return { cloud: 'azure', account: SUB, region: 'eastus', kind, name: id.slice(id.lastIndexOf('/') + 1), id };
}

export function ctxFor(fake: FakeMl, ref: ResourceRef, clock = fake.clock): ActionContext {
  return {
    ref,
    arm: parseMlArmId(ref.kind, ref.id)!,
    label: ref.id,
    ml: fake.client as unknown as AzureMachineLearningWorkspaces,
    monitor: () => {
      throw new Error('no monitor in unit fakes');
    },
    armEndpoint: 'https://management.azure.com',
    ...clock,
    waitTimeoutMs: 60 * 60_000,
    pollMs: 15_000,
  };
}
