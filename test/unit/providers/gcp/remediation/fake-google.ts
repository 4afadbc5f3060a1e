import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { GoogleHttp } from '../../../../../src/providers/gcp/google-http';

/**
 * A small in-test Google (Vertex AI v1/v1beta1, Notebooks v2, Monitoring v3) speaking the REST wire format of the
 * shared brief, with long-running operations that finish on a virtual clock (the remediator's `sleep` advances it).
 * Effects land when the operation is done, as on Google; what the API would refuse, it refuses.
 */
type Json = Record<string, any>;

interface PendingOp {
  name: string;
  verb: string;
  doneAt: number;
  target: string;
  modelId?: string;
  error?: { code: number; message: string };
  apply: () => void;
  applied: boolean;
  metadataType: string;
}

export interface Series {
  /** Points newest first, like Monitoring. */
  points: { value: Json }[];
}

export class FakeGoogle {
  nowMs = Date.parse('2025-06-02T10:00:00Z');
  endpoints = new Map<string, Json>();
  instances = new Map<string, Json>();
  jobs = new Map<string, Json>();
  ops = new Map<string, PendingOp>();
  /** endpointId -> metric short name (prediction_count, replicas) -> series */
  metrics = new Map<string, Record<string, Series[]>>();
  /** Verbs answered 403 PERMISSION_DENIED (deployModel, undeployModel, stop, GetEndpoint ...). */
  deny = new Map<string, string>();
  /** Verb -> error the next operation of that verb ends with. */
  failNextOp = new Map<string, { code: number; message: string }>();
  /** Verb -> operation duration (virtual ms). */
  opMs: Record<string, number> = { deployModel: 8 * 60_000, undeployModel: 60_000, mutateDeployedModel: 2 * 60_000, stop: 90_000, start: 120_000, labels: 1000 };
  /** Replicas become available this long after a deploy or scale-up finished. */
  replicaWarmupMs = 2 * 60_000;
  /** Every request: `METHOD path?query` and body. */
  log: { method: string; url: string; body?: Json }[] = [];
  private opSeq = 0;
  private server?: Server;
  base = '';

  sleep = async (ms: number): Promise<void> => {
    this.nowMs += ms;
  };
  now = (): Date => new Date(this.nowMs);

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  http(): GoogleHttp {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: 'fake-token', expiry_date: Date.now() + 3_600_000 });
    return new GoogleHttp({ auth, baseUrl: this.base, timeoutMs: 5000 });
  }

  calls(verb: string): { method: string; url: string; body?: Json }[] {
    return this.log.filter((l) => l.url.includes(verb));
  }

  /** Settles every operation whose time has come. */
  private settle(): void {
    for (const op of [...this.ops.values()].sort((a, b) => a.doneAt - b.doneAt)) {
      if (op.applied || op.doneAt > this.nowMs) continue;
      op.applied = true;
      if (!op.error) op.apply();
    }
  }

  private opJson(op: PendingOp): Json {
    const done = op.applied;
    return {
      name: op.name,
      metadata: { '@type': op.metadataType, genericMetadata: { createTime: new Date(op.doneAt).toISOString() } },
      done,
      ...(done && op.error ? { error: op.error } : {}),
      ...(done && !op.error ? { response: { '@type': 'type.googleapis.com/google.protobuf.Empty' } } : {}),
    };
  }

  private newOp(target: string, verb: string, apply: () => void, modelId?: string): PendingOp {
    const base = target.split('/').slice(0, 4).join('/');
    const name = target.includes('/instances/') ? `${base}/operations/operation-${++this.opSeq}` : `${target}/operations/${1000 + ++this.opSeq}`;
    const error = this.failNextOp.get(verb);
    this.failNextOp.delete(verb);
    const op: PendingOp = {
      name,
      verb,
      target,
      ...(modelId ? { modelId } : {}),
      doneAt: this.nowMs + (this.opMs[verb] ?? 60_000),
      ...(error ? { error } : {}),
      apply,
      applied: false,
      metadataType: `type.googleapis.com/google.cloud.aiplatform.v1.${verb}OperationMetadata`,
    };
    this.ops.set(name, op);
    return op;
  }

  private pending(target: string, modelId: string, verb: string): boolean {
    return [...this.ops.values()].some((o) => !o.applied && o.target === target && o.modelId === modelId && o.verb === verb);
  }

  /** The endpoint as GET returns it: replicas appear after the warm-up. */
  private endpointView(e: Json): Json {
    return {
      ...e,
      deployedModels: (e.deployedModels as Json[]).map(({ readyAt, ...m }) => {
        const min = m.dedicatedResources?.minReplicaCount ?? m.automaticResources?.minReplicaCount ?? 0;
        return { ...m, status: { availableReplicaCount: this.nowMs >= readyAt ? min : 0, lastUpdateTime: new Date(this.nowMs).toISOString() } };
      }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const body = raw ? (JSON.parse(raw) as Json) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    this.log.push({ method, url: `${url.pathname}${url.search}`, ...(body ? { body } : {}) });
    res.setHeader('content-type', 'application/json');
    const send = (status: number, json: unknown) => {
      res.statusCode = status;
      res.end(JSON.stringify(json));
    };
    const fail = (code: number, status: string, message: string, permission?: string) =>
      send(code, {
        error: {
          code,
          message,
          status,
          ...(permission
            ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'aiplatform.googleapis.com', metadata: { permission } }] }
            : {}),
        },
      });
    if (req.headers.authorization !== 'Bearer fake-token') return fail(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    this.settle();

    const path = url.pathname.replace(/^\/(v1beta1|v1|v2|v3)\//, '');
    const version = /^\/(v1beta1|v1|v2|v3)\//.exec(url.pathname)?.[1];
    const [target, verb] = path.includes(':') ? [path.slice(0, path.indexOf(':')), path.slice(path.indexOf(':') + 1)] : [path, undefined];
    const denyKey = verb ?? (method === 'PATCH' ? 'patch' : method === 'GET' && target.includes('/operations/') ? 'GetOperation' : method === 'GET' && target.endsWith('/timeSeries') ? 'ListTimeSeries' : 'get');
    const denied = this.deny.get(denyKey);
    if (denied) return fail(403, 'PERMISSION_DENIED', `Permission '${denied}' denied on resource '${target}' (or it may not exist).`, denied);

    // Operations
    if (method === 'GET' && target.includes('/operations/')) {
      const op = this.ops.get(target);
      return op ? send(200, this.opJson(op)) : fail(404, 'NOT_FOUND', `Operation ${target} not found.`);
    }
    // Monitoring
    if (method === 'GET' && target.endsWith('/timeSeries')) {
      const filter = url.searchParams.get('filter') ?? '';
      const metric = /prediction\/online\/([a-z_/]+)"/.exec(filter)?.[1] ?? '';
      const id = /resource\.labels?\.endpoint_id = "([^"]+)"/.exec(filter)?.[1] ?? '';
      const series = this.metrics.get(id)?.[metric] ?? [];
      return send(200, {
        timeSeries: series.map((s) => ({
          metric: { type: `aiplatform.googleapis.com/prediction/online/${metric}` },
          resource: { type: 'aiplatform.googleapis.com/Endpoint', labels: { endpoint_id: id } },
          metricKind: metric === 'replicas' ? 'GAUGE' : 'DELTA',
          valueType: 'INT64',
          points: s.points.map((p) => ({ interval: { startTime: '', endTime: '' }, value: p.value })),
        })),
      });
    }
    // Vertex endpoints
    if (target.includes('/endpoints/')) {
      const e = this.endpoints.get(target);
      if (!e) return fail(404, 'NOT_FOUND', `Endpoint ${target} not found.`);
      const models = e.deployedModels as Json[];
      if (method === 'GET' && !verb) return send(200, this.endpointView(e));
      if (method === 'PATCH') {
        const mask = url.searchParams.get('updateMask');
        if (mask === 'labels') e.labels = body?.labels ?? {};
        else if (mask === 'trafficSplit') {
          const split = body?.trafficSplit ?? {};
          const sum = Object.values(split as Record<string, number>).reduce((a, b) => a + b, 0);
          if (Object.keys(split).some((k) => !models.some((m) => m.id === k)) || (models.length && sum !== 100)) {
            return fail(400, 'INVALID_ARGUMENT', 'trafficSplit must name deployed models and sum to 100.');
          }
          e.trafficSplit = split;
        } else return fail(400, 'INVALID_ARGUMENT', `unsupported updateMask ${mask}`);
        return send(200, this.endpointView(e));
      }
      if (verb === 'undeployModel') {
        const id = body?.deployedModelId as string;
        if (this.pending(target, id, 'undeployModel')) return fail(400, 'FAILED_PRECONDITION', `DeployedModel ${id} has an operation in progress.`);
        if (!models.some((m) => m.id === id)) return fail(404, 'NOT_FOUND', `DeployedModel ${id} not found on ${target}.`);
        const remaining = models.filter((m) => m.id !== id);
        const split: Record<string, number> = body?.trafficSplit ?? e.trafficSplit;
        if (remaining.length && (split[id] ?? 0) > 0) {
          return fail(400, 'FAILED_PRECONDITION', `DeployedModel ${id} still has traffic; the new traffic split must unassign it.`);
        }
        if (body?.trafficSplit && remaining.length && Object.values(split).reduce((a, b) => a + b, 0) !== 100) {
          return fail(400, 'INVALID_ARGUMENT', 'The traffic split must sum to 100.');
        }
        const op = this.newOp(target, 'undeployModel', () => {
          e.deployedModels = (e.deployedModels as Json[]).filter((m) => m.id !== id);
          e.trafficSplit = (e.deployedModels as Json[]).length ? Object.fromEntries(Object.entries(split).filter(([k]) => k !== id)) : {};
        }, id);
        return send(200, this.opJson(op));
      }
      if (verb === 'deployModel') {
        const dm = body?.deployedModel as Json;
        const id = (dm.id as string) ?? String(Math.floor(Math.random() * 1e9));
        if (this.pending(target, id, 'deployModel')) return fail(409, 'ABORTED', `DeployedModel ${id} is being deployed.`);
        if (models.some((m) => m.id === id)) return fail(409, 'ALREADY_EXISTS', `DeployedModel ${id} already exists.`);
        const split = body?.trafficSplit as Record<string, number> | undefined;
        if (split) {
          const sum = Object.values(split).reduce((a, b) => a + b, 0);
          if (sum !== 100 || Object.keys(split).some((k) => k !== '0' && !models.some((m) => m.id === k))) {
            return fail(400, 'INVALID_ARGUMENT', 'trafficSplit must sum to 100 and name deployed models or "0".');
          }
        }
        const [model, versionId] = String(dm.model).split('@');
        const op = this.newOp(target, 'deployModel', () => {
          (e.deployedModels as Json[]).push({
            ...dm,
            id,
            model,
            ...(versionId ? { modelVersionId: versionId } : {}),
            createTime: new Date(this.nowMs).toISOString(),
            readyAt: this.nowMs + this.replicaWarmupMs,
          });
          if (split) e.trafficSplit = Object.fromEntries(Object.entries(split).map(([k, v]) => [k === '0' ? id : k, v]));
        }, id);
        return send(200, this.opJson(op));
      }
      if (verb === 'mutateDeployedModel') {
        const dm = body?.deployedModel as Json;
        const m = models.find((x) => x.id === dm.id);
        if (!m) return fail(404, 'NOT_FOUND', `DeployedModel ${dm.id} not found.`);
        const min = dm.dedicatedResources.minReplicaCount as number;
        if (version === 'v1' && min < 1) return fail(400, 'INVALID_ARGUMENT', 'min_replica_count must be greater than or equal to 1.');
        const op = this.newOp(target, 'mutateDeployedModel', () => {
          const before = m.dedicatedResources.minReplicaCount as number;
          m.dedicatedResources = { ...m.dedicatedResources, minReplicaCount: min, maxReplicaCount: dm.dedicatedResources.maxReplicaCount };
          if (min > before) m.readyAt = this.nowMs + this.replicaWarmupMs;
        }, dm.id);
        return send(200, this.opJson(op));
      }
    }
    // Custom jobs
    if (target.includes('/customJobs/')) {
      const j = this.jobs.get(target);
      if (!j) return fail(404, 'NOT_FOUND', `CustomJob ${target} not found.`);
      if (method === 'GET' && !verb) return send(200, j);
      if (verb === 'cancel') {
        if (!['JOB_STATE_RUNNING', 'JOB_STATE_PENDING', 'JOB_STATE_QUEUED'].includes(j.state)) return fail(400, 'FAILED_PRECONDITION', `Job is ${j.state}.`);
        j.state = 'JOB_STATE_CANCELLING';
        this.newOp(target, 'cancelJob', () => (j.state = 'JOB_STATE_CANCELLED'));
        return send(200, {});
      }
    }
    // Workbench instances
    if (target.includes('/instances/')) {
      const i = this.instances.get(target);
      if (!i) return fail(404, 'NOT_FOUND', `Instance ${target} not found.`);
      if (method === 'GET' && !verb) return send(200, i);
      if (verb === 'stop' || verb === 'start') {
        const from = verb === 'stop' ? 'ACTIVE' : 'STOPPED';
        if (i.state !== from) return fail(400, 'FAILED_PRECONDITION', `Instance is ${i.state}, must be ${from}.`);
        i.state = verb === 'stop' ? 'STOPPING' : 'STARTING';
        const op = this.newOp(target, verb, () => (i.state = verb === 'stop' ? 'STOPPED' : 'ACTIVE'));
        return send(200, this.opJson(op));
      }
      if (method === 'PATCH') {
        const labels = body?.labels ?? {};
        const op = this.newOp(target, 'labels', () => (i.labels = labels));
        return send(200, this.opJson(op));
      }
    }
    return fail(404, 'NOT_FOUND', `No route for ${method} ${url.pathname}`);
  }
}

/** Attribution: shapes follow google/cloud/aiplatform/v1/endpoint.proto (Apache-2.0) as summarised in the shared brief. */
export function twoModelEndpoint(name = 'projects/123456789012/locations/us-central1/endpoints/4000000000000000001'): Json {
  return {
    name,
    displayName: 'fraud-scorer',
    deployedModels: [
      {
        id: '1111111111',
        model: 'projects/123456789012/locations/us-central1/models/7001',
        modelVersionId: '3',
        displayName: 'fraud-v3',
        createTime: '2025-05-01T09:00:00Z',
        dedicatedResources: {
          machineSpec: { machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 },
          minReplicaCount: 2,
          maxReplicaCount: 4,
          autoscalingMetricSpecs: [{ metricName: 'aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle', target: 70 }],
        },
        serviceAccount: 'scorer@my-ml-project.iam.gserviceaccount.com',
        disableContainerLogging: true,
        enableAccessLogging: false,
        readyAt: 0,
      },
      {
        id: '2222222222',
        model: 'projects/123456789012/locations/us-central1/models/7002',
        modelVersionId: '1',
        displayName: 'fraud-v4-canary',
        createTime: '2025-05-20T09:00:00Z',
        dedicatedResources: { machineSpec: { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 }, minReplicaCount: 1, maxReplicaCount: 2 },
        readyAt: 0,
      },
    ],
    trafficSplit: { '1111111111': 70, '2222222222': 30 },
    labels: { team: 'risk', env: 'prod' },
    createTime: '2025-04-30T08:00:00Z',
    updateTime: '2025-05-20T09:00:00Z',
    etag: 'AMEw9yP',
  };
}
