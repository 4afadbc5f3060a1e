import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GcpRemediationError } from '../../../../../src/providers/gcp/remediation';
import { FakeGoogle, twoModelEndpoint } from './fake-google';
import { converge, crashingSleep, ENDPOINT, modelSpecs, ref, remediator, token } from './helpers';

let fake: FakeGoogle;
beforeEach(async () => {
  fake = new FakeGoogle();
  await fake.start();
  fake.endpoints.set(ENDPOINT, twoModelEndpoint());
});
afterEach(() => fake.stop());

const epRef = ref('endpoint', ENDPOINT, 'fraud-scorer');
const original = () => modelSpecs(twoModelEndpoint());

async function captureAndPark(crashAfterStep?: number, sleep?: (ms: number) => Promise<void>) {
  const r = remediator(fake, sleep ? { sleep } : {});
  const { prior, providerStatus, createdAt } = await r.capture(epRef, 'undeploy-model');
  const park = await converge((done, onStep) => r.park(token(epRef, 'undeploy-model', prior, done), onStep), crashAfterStep);
  return { prior, providerStatus, createdAt, park, r };
}

describe('undeploy-model', () => {
  it('captures every deployed model spec, the split and labels; DEPLOYED is the watchdog\'s word for "has models"', async () => {
    const { prior, providerStatus, createdAt } = await captureAndPark();
    expect(providerStatus).toBe('DEPLOYED');
    expect(createdAt).toEqual(new Date('2025-04-30T08:00:00Z'));
    expect(prior).toMatchObject({ endpointName: ENDPOINT, displayName: 'fraud-scorer', trafficSplit: { '1111111111': 70, '2222222222': 30 }, labels: { team: 'risk', env: 'prod' } });
    const first = (prior.deployedModels as Record<string, unknown>[])[0]!;
    expect(first).toMatchObject({ id: '1111111111', modelVersionId: '3', serviceAccount: 'scorer@my-ml-project.iam.gserviceaccount.com', disableContainerLogging: true, enableAccessLogging: false });
    expect(first.dedicatedResources).toEqual(twoModelEndpoint().deployedModels[0].dedicatedResources);
    expect(first).not.toHaveProperty('status');
    expect(first).not.toHaveProperty('createTime');
  });

  it('parks: the canary first with the rest renormalised (never FAILED_PRECONDITION), the last one empties the split', async () => {
    const { park } = await captureAndPark();
    expect(park.done).toEqual(['undeploy:2222222222', 'undeploy:1111111111']);
    const bodies = fake.calls(':undeployModel').map((c) => c.body);
    expect(bodies).toEqual([{ deployedModelId: '2222222222', trafficSplit: { '1111111111': 100 } }, { deployedModelId: '1111111111' }]);
    expect(fake.endpoints.get(ENDPOINT)).toMatchObject({ deployedModels: [], trafficSplit: {} });
  });

  it('restores the same ids and specs pinned to the same version, then the exact 70/30 split, and reports restoreSeconds', async () => {
    const { prior, r } = await captureAndPark();
    const requested = fake.now();
    let result: { restoreSeconds?: number } = {};
    const { done } = await converge(async (d, onStep) => {
      result = await r.restore(token(epRef, 'undeploy-model', prior, d, { restoreRequestedAt: requested }), onStep);
    });
    expect(done).toEqual(['deploy:1111111111', 'deploy:2222222222', 'traffic-split', 'wait-serving']);
    const deploys = fake.calls(':deployModel').map((c) => c.body!);
    expect(deploys[0]).toMatchObject({ deployedModel: { id: '1111111111', model: 'projects/123456789012/locations/us-central1/models/7001@3' }, trafficSplit: { '0': 100 } });
    expect(deploys[0]!.deployedModel).not.toHaveProperty('modelVersionId');
    expect(deploys[1]).toMatchObject({ deployedModel: { id: '2222222222' }, trafficSplit: { '1111111111': 70, '0': 30 } });
    const e = fake.endpoints.get(ENDPOINT)!;
    expect(e.trafficSplit).toEqual({ '1111111111': 70, '2222222222': 30 });
    expect(modelSpecs(e)).toEqual(original());
    // Two 8-minute deploys plus the replicas' warm-up, on the virtual clock.
    expect(result.restoreSeconds).toBeGreaterThanOrEqual(16 * 60);
    expect(result.restoreSeconds).toBeLessThan(30 * 60);
  });

  it('a model without traffic is undeployed first (no split needed) and redeployed last with 0 %', async () => {
    const ep = twoModelEndpoint();
    ep.trafficSplit = { '1111111111': 0, '2222222222': 100 };
    fake.endpoints.set(ENDPOINT, ep);
    const { prior, r } = await captureAndPark();
    // 1111 had no traffic: it goes first on park, last on restore.
    expect(fake.calls(':undeployModel').map((c) => c.body)).toEqual([{ deployedModelId: '1111111111', trafficSplit: { '2222222222': 100 } }, { deployedModelId: '2222222222' }]);
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    const split = fake.endpoints.get(ENDPOINT)!.trafficSplit as Record<string, number>;
    expect(split['2222222222']).toBe(100);
    expect(split['1111111111'] ?? 0).toBe(0);
  });

  it('puts the exact split back with PATCH updateMask=trafficSplit when the models are back but the split differs', async () => {
    const { prior, r } = await captureAndPark();
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    fake.endpoints.get(ENDPOINT)!.trafficSplit = { '1111111111': 50, '2222222222': 50 };
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep), undefined, ['deploy:1111111111', 'deploy:2222222222']);
    const patch = fake.log.filter((l) => l.method === 'PATCH');
    expect(patch).toEqual([{ method: 'PATCH', url: `/v1/${ENDPOINT}?updateMask=trafficSplit`, body: { trafficSplit: { '1111111111': 70, '2222222222': 30 } } }]);
    expect(fake.endpoints.get(ENDPOINT)!.trafficSplit).toEqual({ '1111111111': 70, '2222222222': 30 });
  });

  for (let crashAt = 1; crashAt <= 2; crashAt++) {
    it(`park converges after a crash before step ${crashAt} was recorded`, async () => {
      const { park } = await captureAndPark(crashAt);
      expect(park.crashed).toBe(true);
      expect(park.done).toEqual(['undeploy:2222222222', 'undeploy:1111111111']);
      expect(fake.endpoints.get(ENDPOINT)).toMatchObject({ deployedModels: [], trafficSplit: {} });
    });
  }

  for (let crashAt = 1; crashAt <= 4; crashAt++) {
    it(`restore converges to the same endpoint after a crash before step ${crashAt} was recorded`, async () => {
      const { prior, r } = await captureAndPark();
      const { crashed, done } = await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep), crashAt);
      expect(crashed).toBe(true);
      expect(done).toHaveLength(4);
      const e = fake.endpoints.get(ENDPOINT)!;
      expect(modelSpecs(e)).toEqual(original());
      expect(e.trafficSplit).toEqual({ '1111111111': 70, '2222222222': 30 });
      // Each model deployed exactly once: a repeated step found it present.
      expect(fake.calls(':deployModel')).toHaveLength(2);
    });
  }

  it('a crash while awaiting the undeploy operation: the rerun waits for the running operation instead of failing', async () => {
    const crash = crashingSleep(fake, 1);
    const { park } = await captureAndPark(undefined, crash.sleep);
    expect(crash.crashed()).toBe(true);
    expect(park.done).toEqual(['undeploy:2222222222', 'undeploy:1111111111']);
    expect(fake.endpoints.get(ENDPOINT)).toMatchObject({ deployedModels: [], trafficSplit: {} });
  });

  it('a crash while awaiting a deploy operation: the rerun waits for it, never deploys twice, never loses a spec', async () => {
    const { prior } = await captureAndPark();
    const crash = crashingSleep(fake, 3);
    const r = remediator(fake, { sleep: crash.sleep });
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    expect(crash.crashed()).toBe(true);
    expect(modelSpecs(fake.endpoints.get(ENDPOINT))).toEqual(original());
    expect(fake.endpoints.get(ENDPOINT)!.trafficSplit).toEqual({ '1111111111': 70, '2222222222': 30 });
  });

  it('restore is idempotent: a second full run changes nothing', async () => {
    const { prior, r } = await captureAndPark();
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    const before = fake.log.length;
    const again = await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    expect(again.done).toHaveLength(4);
    const writes = fake.log.slice(before).filter((l) => l.method !== 'GET');
    expect(writes).toEqual([]);
    // With every step recorded, nothing runs and the earlier measurement stands.
    const result = await r.restore(token(epRef, 'undeploy-model', prior, again.done, { restoreSeconds: 600 }), async () => {});
    expect(result).toEqual({ restoreSeconds: 600 });
  });

  it('an operation error surfaces with its code, message and step; the rerun resumes there', async () => {
    const { prior, r } = await captureAndPark();
    fake.failNextOp.set('deployModel', { code: 8, message: 'The machine type g2-standard-8 is out of capacity in us-central1.' });
    const done: string[] = [];
    const err = await r.restore(token(epRef, 'undeploy-model', prior), async (s) => void done.push(s)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GcpRemediationError);
    expect(err).toMatchObject({ code: 'GCP_OPERATION_FAILED', step: 'deploy:1111111111', operationError: { code: 8 } });
    expect((err as Error).message).toMatch(/out of capacity.*run the same command again/s);
    await converge((d, onStep) => r.restore(token(epRef, 'undeploy-model', prior, d), onStep));
    expect(modelSpecs(fake.endpoints.get(ENDPOINT))).toEqual(original());
  });

  it('an operation that outlives clouds.gcp.operationTimeoutMinutes: GCP_OPERATION_TIMEOUT naming the operation', async () => {
    fake.opMs.undeployModel = 3 * 3600_000;
    const r = remediator(fake, { timeoutMinutes: 5 });
    const { prior } = await r.capture(epRef, 'undeploy-model');
    const err = await r.park(token(epRef, 'undeploy-model', prior), async () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GCP_OPERATION_TIMEOUT', step: 'undeploy:2222222222' });
    expect((err as Error).message).toMatch(/operations\/\d+\) after 5 min.*gcloud ai operations describe \d+ --region=us-central1/s);
  });

  it('permission denied: Google\'s status word as the code, the missing permission and what to grant', async () => {
    fake.deny.set('undeployModel', 'aiplatform.endpoints.undeploy');
    const r = remediator(fake);
    const { prior } = await r.capture(epRef, 'undeploy-model');
    const err = await r.park(token(epRef, 'undeploy-model', prior), async () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PERMISSION_DENIED', operation: 'Vertex.UndeployModel', step: 'undeploy:2222222222' });
    expect((err as Error).message).toMatch(/lacks aiplatform\.endpoints\.undeploy: grant a role/);
    expect(fake.endpoints.get(ENDPOINT)!.deployedModels).toHaveLength(2);
  });

  it('an endpoint without models is NO_MODELS (the gate refuses it); a deleted one is RESOURCE_NOT_FOUND', async () => {
    fake.endpoints.set(ENDPOINT, { ...twoModelEndpoint(), deployedModels: [], trafficSplit: {} });
    const r = remediator(fake);
    expect((await r.capture(epRef, 'undeploy-model')).providerStatus).toBe('NO_MODELS');
    fake.endpoints.delete(ENDPOINT);
    await expect(r.capture(epRef, 'undeploy-model')).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
  });

  it('a damaged token fails before any call with INVALID_PRIOR', async () => {
    const r = remediator(fake);
    await expect(r.restore(token(epRef, 'undeploy-model', { endpointName: ENDPOINT, deployedModels: [] }), async () => {})).rejects.toMatchObject({ code: 'INVALID_PRIOR' });
    expect(fake.log).toEqual([]);
  });
});
