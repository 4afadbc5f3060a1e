import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../../src/sim/index';
import { BUSY_DM, BUSY_EP, gcall, googleHttp, HOUR_MS, IDLE_DM, IDLE_EP, LOC, MINUTE_MS, NOW, NUMBER, timeSeriesQuery } from './gcp-sim';

let sim: Simulator;
let call: ReturnType<typeof gcall>;
beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  call = gcall(sim);
});
afterEach(() => sim.close());

const IDLE = `${LOC}/endpoints/${IDLE_EP}`;

async function predictionSeries(fromMs: number, toMs: number, metric = 'replicas') {
  const r = await call(
    timeSeriesQuery(metric, { start: new Date(fromMs), end: new Date(toMs), period: '60s', aligner: metric === 'replicas' ? 'ALIGN_MAX' : 'ALIGN_SUM', extraFilter: `resource.labels.endpoint_id = "${IDLE_EP}"` }),
  );
  expect(r.status).toBe(200);
  return (r.body.timeSeries ?? []) as Array<{ points: Array<{ interval: { endTime: string }; value: { int64Value: string } }> }>;
}

describe('simulated Vertex AI endpoints', () => {
  it('lists every endpoint page by page through the production Google channel, names carrying the project number', async () => {
    const http = googleHttp(sim);
    const all = await http.paginate<{ endpoints?: Array<{ name: string; displayName: string }>; nextPageToken?: string }, { name: string; displayName: string }>(
      { operation: 'Vertex.ListEndpoints', path: `${LOC}/endpoints`, location: 'us-central1', query: { pageSize: 1 } },
      (p) => p.endpoints,
    );
    expect(all.map((e) => e.displayName).sort()).toEqual(['recs-ranker-prod', 'search-query-embedder', 'vision-defect-detector']);
    expect(all.every((e) => e.name.startsWith(`projects/${NUMBER}/locations/us-central1/endpoints/`))).toBe(true);
    expect(sim.calls()['Vertex.ListEndpoints']).toBe(3);
  });

  it('answers an endpoint with its deployed model, machine spec, replicas and traffic split', async () => {
    const r = await call(`/v1/projects/${NUMBER}/locations/us-central1/endpoints/${IDLE_EP}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: `projects/${NUMBER}/locations/us-central1/endpoints/${IDLE_EP}`,
      displayName: 'vision-defect-detector',
      labels: { owner: 'team-vision' },
      trafficSplit: { [IDLE_DM]: 100 },
      deployedModels: [
        {
          id: IDLE_DM,
          dedicatedResources: { machineSpec: { machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 1 }, minReplicaCount: 1, maxReplicaCount: 1 },
          status: { availableReplicaCount: 1 },
        },
      ],
    });
    expect((await call(`${LOC}/endpoints/123`)).body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });

  it('refuses calls without a Bearer token (401 UNAUTHENTICATED) and projects outside the fleet (403)', async () => {
    const r = await call(`${LOC}/endpoints`, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const other = await call('/v1/projects/someone-else/locations/us-central1/endpoints');
    expect(other.status).toBe(403);
    expect(other.body.error.details[0]).toMatchObject({ reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'aiplatform.endpoints.list' } });
  });

  it('undeploy stops replicas and metrics after about a minute; deploying the same id brings them back after provisioning', async () => {
    sim.clock.advance(10 * MINUTE_MS);
    const t0 = sim.clock.now().getTime();
    const before = await call(IDLE);
    const model = before.body.deployedModels[0];
    const op = await call(`${IDLE}:undeployModel`, { method: 'POST', body: { deployedModelId: IDLE_DM } });
    expect(op.status).toBe(200);
    expect(op.body).toMatchObject({ done: false, metadata: { '@type': 'type.googleapis.com/google.cloud.aiplatform.v1.UndeployModelOperationMetadata' } });
    expect(op.body.name).toMatch(new RegExp(`^projects/${NUMBER}/locations/us-central1/endpoints/${IDLE_EP}/operations/\\d+$`));
    // Still deployed while the operation runs.
    expect((await call(IDLE)).body.deployedModels).toHaveLength(1);
    sim.clock.advance(MINUTE_MS);
    expect((await call(`/v1/${op.body.name}`)).body).toMatchObject({ done: true, response: { '@type': 'type.googleapis.com/google.cloud.aiplatform.v1.UndeployModelResponse' } });
    const parked = await call(IDLE);
    expect(parked.body.deployedModels).toBeUndefined();
    expect(parked.body.trafficSplit).toBeUndefined();

    // An hour later: replicas points stop one minute after the undeploy.
    sim.clock.advance(HOUR_MS);
    const series = await predictionSeries(t0 - 5 * MINUTE_MS, sim.clock.now().getTime());
    const ends = series[0]!.points.map((p) => Date.parse(p.interval.endTime));
    expect(Math.max(...ends)).toBe(t0 + MINUTE_MS);

    // Restore: the same id, spec and split.
    const { id, model: m, displayName, dedicatedResources } = model;
    const deploy = await call(`${IDLE}:deployModel`, { method: 'POST', body: { deployedModel: { id, model: m, displayName, dedicatedResources }, trafficSplit: { '0': 100 } } });
    expect(deploy.status).toBe(200);
    const t1 = sim.clock.now().getTime();
    sim.clock.advance(5 * MINUTE_MS);
    expect((await call(`/v1/${deploy.body.name}`)).body.done).toBe(false);
    expect((await call(IDLE)).body.deployedModels).toBeUndefined();
    sim.clock.advance(2 * MINUTE_MS); // provisioningSeconds 360 have passed
    const op2 = (await call(`/v1/${deploy.body.name}`)).body;
    expect(op2).toMatchObject({ done: true, response: { deployedModel: { id: IDLE_DM } } });
    const back = (await call(IDLE)).body;
    expect(back.deployedModels[0]).toMatchObject({ id: IDLE_DM, status: { availableReplicaCount: 1 } });
    expect(back.trafficSplit).toEqual({ [IDLE_DM]: 100 });
    const after = await predictionSeries(t1, sim.clock.now().getTime());
    expect(after[0]!.points.map((p) => Date.parse(p.interval.endTime))).toContain(t1 + 7 * MINUTE_MS);
    expect(sim.calls()['Vertex.DeployModel']).toBe(1);
  });

  it('mutateDeployedModel: v1 refuses min 0, the v1beta1 preview accepts it and the idle model scales to zero', async () => {
    const body = { deployedModel: { id: IDLE_DM, dedicatedResources: { minReplicaCount: 0, maxReplicaCount: 1 } }, updateMask: 'dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount' };
    const v1 = await call(`${IDLE}:mutateDeployedModel`, { method: 'POST', body });
    expect(v1.status).toBe(400);
    expect(v1.body.error.status).toBe('INVALID_ARGUMENT');
    const beta = await call(`${IDLE.replace('/v1/', '/v1beta1/')}:mutateDeployedModel`, { method: 'POST', body });
    expect(beta.status).toBe(200);
    expect(beta.body.metadata['@type']).toBe('type.googleapis.com/google.cloud.aiplatform.v1beta1.MutateDeployedModelOperationMetadata');
    sim.clock.advance(2 * HOUR_MS);
    const dm = (await call(IDLE)).body.deployedModels[0];
    expect(dm.dedicatedResources.minReplicaCount).toBeUndefined(); // 0 is omitted in proto3 JSON
    expect(dm.status.availableReplicaCount).toBeUndefined();
    // v1 with min >= 1 works and brings replicas back.
    const up = await call(`${IDLE}:mutateDeployedModel`, { method: 'POST', body: { ...body, deployedModel: { id: IDLE_DM, dedicatedResources: { minReplicaCount: 1, maxReplicaCount: 1 } } } });
    expect(up.status).toBe(200);
    sim.clock.advance(7 * MINUTE_MS);
    expect((await call(IDLE)).body.deployedModels[0].status.availableReplicaCount).toBe(1);
  });

  it('refuses to undeploy a model that still has traffic when others remain, and PATCHes labels and the split', async () => {
    const busy = `${LOC}/endpoints/${BUSY_EP}`;
    const canary = await call(`${busy}:deployModel`, {
      method: 'POST',
      body: { deployedModel: { model: 'ranker-v13', displayName: 'ranker-t4-v13', dedicatedResources: { machineSpec: { machineType: 'n1-standard-4' }, minReplicaCount: 1 } }, trafficSplit: { '0': 10, [BUSY_DM]: 90 } },
    });
    expect(canary.status).toBe(200);
    sim.clock.advance(7 * MINUTE_MS);
    const ep = (await call(busy)).body;
    expect(ep.deployedModels).toHaveLength(2);
    const newId = ep.deployedModels.find((m: { id: string }) => m.id !== BUSY_DM).id;
    expect(ep.trafficSplit).toEqual({ [BUSY_DM]: 90, [newId]: 10 });
    const refused = await call(`${busy}:undeployModel`, { method: 'POST', body: { deployedModelId: BUSY_DM } });
    expect(refused.body.error).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION' });
    const patched = await call(`${busy}?updateMask=labels`, { method: 'PATCH', body: { labels: { owner: 'team-recs', 'watchdog-ignore': 'true' } } });
    expect(patched.body.labels).toEqual({ owner: 'team-recs', 'watchdog-ignore': 'true' });
    const split = await call(`${busy}?updateMask=trafficSplit`, { method: 'PATCH', body: { trafficSplit: { [newId]: 100 } } });
    expect(split.body.trafficSplit).toEqual({ [newId]: 100 });
    expect((await call(`${busy}:undeployModel`, { method: 'POST', body: { deployedModelId: BUSY_DM } })).status).toBe(200);
    const bad = await call(`${busy}?updateMask=trafficSplit`, { method: 'PATCH', body: { trafficSplit: { [newId]: 50 } } });
    expect(bad.body.error.status).toBe('INVALID_ARGUMENT');
  });
});
