import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogle, twoModelEndpoint } from './fake-google';
import { converge, crashingSleep, ENDPOINT, INSTANCE, JOB, ref, remediator, token } from './helpers';

let fake: FakeGoogle;
beforeEach(async () => {
  fake = new FakeGoogle();
  await fake.start();
});
afterEach(() => fake.stop());

const epRef = ref('endpoint', ENDPOINT, 'fraud-scorer');
const nbRef = ref('notebook', INSTANCE);
const jobRef = ref('training-job', JOB, 'llm-finetune');

function endpointWithAutomatic() {
  const e = twoModelEndpoint();
  e.deployedModels.push({ id: '3333333333', model: 'projects/123456789012/locations/us-central1/models/7003', displayName: 'automl', automaticResources: { minReplicaCount: 1, maxReplicaCount: 1 }, readyAt: 0 });
  return e;
}

describe('min-replicas-zero (scale-to-zero Preview)', () => {
  it('refuses with PREVIEW_DISABLED while clouds.gcp.scaleToZeroPreview is off, before any call', async () => {
    fake.endpoints.set(ENDPOINT, twoModelEndpoint());
    const err = await remediator(fake).capture(epRef, 'min-replicas-zero').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PREVIEW_DISABLED' });
    expect((err as Error).message).toMatch(/scaleToZeroPreview: true.*undeploy-model/);
    expect(fake.log).toEqual([]);
  });

  it('parks each dedicated model to min 0 through v1beta1 and restores the minimums through v1, then waits for replicas', async () => {
    fake.endpoints.set(ENDPOINT, endpointWithAutomatic());
    const r = remediator(fake, { preview: true });
    const { prior, providerStatus } = await r.capture(epRef, 'min-replicas-zero');
    expect(providerStatus).toBe('DEPLOYED');
    expect(prior).toEqual({
      endpointName: ENDPOINT,
      models: [
        { id: '1111111111', minReplicaCount: 2, maxReplicaCount: 4 },
        { id: '2222222222', minReplicaCount: 1, maxReplicaCount: 2 },
      ],
      untouched: ['3333333333'],
    });
    const park = await converge((d, onStep) => r.park(token(epRef, 'min-replicas-zero', prior, d), onStep), 1);
    expect(park.done).toEqual(['min-zero:1111111111', 'min-zero:2222222222']);
    const mutates = fake.calls(':mutateDeployedModel');
    expect(mutates.every((c) => c.url.startsWith('/v1beta1/'))).toBe(true);
    expect(mutates[0]!.body).toEqual({
      deployedModel: { id: '1111111111', dedicatedResources: { minReplicaCount: 0, maxReplicaCount: 4 } },
      updateMask: 'dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount',
    });
    expect(mutates).toHaveLength(2);
    // Parked: capturing again would record 0 as the minimum.
    await expect(r.capture(epRef, 'min-replicas-zero')).rejects.toMatchObject({ code: 'ALREADY_PARKED' });

    // Restore works even with the preview switched off (GA v1 call).
    const off = remediator(fake, { preview: false });
    const restore = await converge((d, onStep) => off.restore(token(epRef, 'min-replicas-zero', prior, d), onStep), 2);
    expect(restore.done).toEqual(['min-restore:1111111111', 'min-restore:2222222222', 'wait-serving']);
    const restores = fake.calls(':mutateDeployedModel').slice(2);
    expect(restores.every((c) => c.url.startsWith('/v1/'))).toBe(true);
    const models = fake.endpoints.get(ENDPOINT)!.deployedModels as { id: string; dedicatedResources?: { minReplicaCount: number; maxReplicaCount: number } }[];
    expect(models.map((m) => m.dedicatedResources && [m.id, m.dedicatedResources.minReplicaCount, m.dedicatedResources.maxReplicaCount])).toEqual([
      ['1111111111', 2, 4],
      ['2222222222', 1, 2],
      undefined,
    ]);
  });

  it('an endpoint with only automatic resources is NOT_APPLICABLE', async () => {
    const e = endpointWithAutomatic();
    e.deployedModels = e.deployedModels.slice(2);
    fake.endpoints.set(ENDPOINT, e);
    await expect(remediator(fake, { preview: true }).capture(epRef, 'min-replicas-zero')).rejects.toMatchObject({ code: 'NOT_APPLICABLE' });
  });
});

function instance(state = 'ACTIVE') {
  return {
    name: INSTANCE,
    gceSetup: { machineType: 'n1-standard-8', acceleratorConfigs: [{ type: 'NVIDIA_TESLA_T4', coreCount: '1' }], metadata: { 'idle-timeout-seconds': '10800' } },
    state,
    creator: 'alice@example.com',
    createTime: '2025-05-01T08:00:00Z',
    updateTime: '2025-05-01T08:00:00Z',
    labels: { owner: 'alice' },
  };
}

describe('stop-notebook (Workbench)', () => {
  it('stops, waits for STOPPED; restore starts and waits for ACTIVE', async () => {
    fake.instances.set(INSTANCE, instance());
    const r = remediator(fake);
    const { prior, providerStatus, createdAt } = await r.capture(nbRef, 'stop-notebook');
    expect({ prior, providerStatus, createdAt }).toEqual({ prior: { instanceName: INSTANCE, machineType: 'n1-standard-8' }, providerStatus: 'ACTIVE', createdAt: new Date('2025-05-01T08:00:00Z') });
    const park = await converge((d, onStep) => r.park(token(nbRef, 'stop-notebook', prior, d), onStep));
    expect(park.done).toEqual(['stop-instance', 'wait-stopped']);
    expect(fake.instances.get(INSTANCE)!.state).toBe('STOPPED');
    const restore = await converge((d, onStep) => r.restore(token(nbRef, 'stop-notebook', prior, d), onStep));
    expect(restore.done).toEqual(['start-instance', 'wait-active']);
    expect(fake.instances.get(INSTANCE)!.state).toBe('ACTIVE');
    expect(fake.calls(':stop')).toHaveLength(1);
    expect(fake.calls(':start')).toHaveLength(1);
  });

  for (const crashAt of [1, 2]) {
    it(`converges after a crash before step ${crashAt} was recorded, in park and in restore`, async () => {
      fake.instances.set(INSTANCE, instance());
      const r = remediator(fake);
      const { prior } = await r.capture(nbRef, 'stop-notebook');
      await converge((d, onStep) => r.park(token(nbRef, 'stop-notebook', prior, d), onStep), crashAt);
      expect(fake.instances.get(INSTANCE)!.state).toBe('STOPPED');
      await converge((d, onStep) => r.restore(token(nbRef, 'stop-notebook', prior, d), onStep), crashAt);
      expect(fake.instances.get(INSTANCE)!.state).toBe('ACTIVE');
      expect(fake.calls(':stop')).toHaveLength(1);
      expect(fake.calls(':start')).toHaveLength(1);
    });
  }

  it('a restore right after a crash mid-stop waits out STOPPING before :start', async () => {
    fake.instances.set(INSTANCE, instance());
    const crash = crashingSleep(fake, 1);
    const r = remediator(fake, { sleep: crash.sleep });
    const { prior } = await r.capture(nbRef, 'stop-notebook');
    await expect(r.park(token(nbRef, 'stop-notebook', prior), async () => {})).rejects.toThrow(/crash/);
    expect(fake.instances.get(INSTANCE)!.state).toBe('STOPPING');
    await converge((d, onStep) => r.restore(token(nbRef, 'stop-notebook', prior, d), onStep));
    expect(fake.instances.get(INSTANCE)!.state).toBe('ACTIVE');
  });

  it('a suspended instance is not started: NOT_APPLICABLE with what to do', async () => {
    fake.instances.set(INSTANCE, instance('SUSPENDED'));
    const r = remediator(fake);
    const err = await r.restore(token(nbRef, 'stop-notebook', { instanceName: INSTANCE }), async () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_APPLICABLE', step: 'start-instance' });
    expect((err as Error).message).toMatch(/resume a suspended instance/);
  });
});

describe('stop-training-job (custom job cancel)', () => {
  it('cancels a running job once; restore explains it cannot be resumed', async () => {
    fake.jobs.set(JOB, {
      name: JOB,
      displayName: 'llm-finetune',
      jobSpec: { workerPoolSpecs: [{ machineSpec: { machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 1 }, replicaCount: '1' }], baseOutputDirectory: { outputUriPrefix: 'gs://ml/ft/' } },
      state: 'JOB_STATE_RUNNING',
      createTime: '2025-06-01T08:00:00Z',
    });
    const r = remediator(fake);
    const spec = r.actions.find((a) => a.action === 'stop-training-job')!;
    expect(spec).toMatchObject({ approvalOnly: true, restorable: false, validOriginStates: ['JOB_STATE_RUNNING'] });
    const { prior, providerStatus } = await r.capture(jobRef, 'stop-training-job');
    expect(providerStatus).toBe('JOB_STATE_RUNNING');
    await converge((d, onStep) => r.park(token(jobRef, 'stop-training-job', prior, d), onStep), 1);
    expect(fake.calls(':cancel')).toHaveLength(1);
    expect(fake.calls(':cancel')[0]!.body).toEqual({});
    expect(fake.jobs.get(JOB)!.state).toBe('JOB_STATE_CANCELLING');
    const err = await r.restore(token(jobRef, 'stop-training-job', prior), async () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_RESTORABLE' });
    expect((err as Error).message).toMatch(/resumes from the checkpoints it wrote under gs:\/\/ml\/ft\//);
  });
});

describe('dispatch', () => {
  it('refuses refs of other clouds, wrong kinds, names that are not full resource names and unknown actions', async () => {
    const r = remediator(fake);
    await expect(r.capture({ ...epRef, cloud: 'aws' }, 'undeploy-model')).rejects.toMatchObject({ code: 'WRONG_RESOURCE' });
    await expect(r.capture(nbRef, 'undeploy-model')).rejects.toMatchObject({ code: 'WRONG_RESOURCE' });
    await expect(r.capture({ ...epRef, id: 'fraud-scorer' }, 'undeploy-model')).rejects.toMatchObject({ code: 'WRONG_RESOURCE' });
    await expect(r.capture(epRef, 'delete-endpoint-keep-config')).rejects.toMatchObject({ code: 'UNSUPPORTED_ACTION' });
    expect(fake.log).toEqual([]);
  });
});
