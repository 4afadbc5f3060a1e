import { afterEach, describe, expect, it } from 'vitest';
import { buildGcpReader, googleAccess } from '../../src/app/gcp-deps';
import { simGoogleAuth, simulatorConfig } from '../../src/cli/world';
import { configSchema } from '../../src/config/schema';
import { classifyFailure } from '../../src/domain/capacity-failure';
import { loadFleet, startSimulator, type Simulator } from '../../src/sim';

/**
 * Vertex AI capacity and quota failures through the real reader (GoogleHttp against the simulator's Vertex REST):
 * a DeployModel that failed leaves an empty endpoint and a done operation with `error {code, message}`; a deployed
 * model short of its replicas says why in `status.message`.
 */
const START = new Date('2026-11-20T12:00:00Z');
const QUOTA = 'The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus';

const model = (over: Record<string, unknown> = {}) => ({
  displayName: 'm',
  model: '1',
  machineType: 'a2-highgpu-1g',
  acceleratorType: 'NVIDIA_TESLA_A100',
  acceleratorCount: 1,
  traffic: { type: 'steady', invocationsPerMinute: 50, gpuUtilPct: 40 },
  ...over,
});

async function world(endpoints: unknown[]) {
  const fleet = loadFleet({ gcp: { projects: [{ id: 'capacity-proj', number: '222222222222' }], endpoints } });
  const sim = await startSimulator({ fleet, now: START });
  const config = simulatorConfig(configSchema.parse({ clouds: { aws: { enabled: false } } }), sim, fleet);
  const cfg = { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws, enabled: false } } };
  const reader = buildGcpReader({ config: cfg, access: googleAccess(cfg, simGoogleAuth()), now: () => sim.clock.now() });
  return { sim, reader };
}

describe('GCP reader: deployment failures (real reader against the simulator)', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reads a failed DeployModel of an empty endpoint from its operations, and asks only empty endpoints', async () => {
    const w = await world([
      { displayName: 'llm-blocked', labels: { env: 'prod' }, failedDeploys: [{ at: '-2h', code: 8, message: QUOTA }] },
      { displayName: 'serving', deployedModels: [model()] },
    ]);
    sim = w.sim;
    const inv = await w.reader.inventory({});
    const blocked = inv.endpoints.find((e) => e.ref.name === 'llm-blocked')!;
    expect(blocked).toMatchObject({ status: 'failed', providerStatus: 'DEPLOY_FAILED', failureReason: `RESOURCE_EXHAUSTED: ${QUOTA}`, variants: [] });
    expect(blocked.lastModifiedAt?.getTime()).toBe(START.getTime() - 2 * 3_600_000);
    expect(classifyFailure(blocked.failureReason)).toBe('quota-failure');
    expect(inv.endpoints.find((e) => e.ref.name === 'serving')).toMatchObject({ status: 'in-service', providerStatus: 'DEPLOYED' });
    expect(inv.endpoints.find((e) => e.ref.name === 'serving')!.failureReason).toBeUndefined();
    expect(w.sim.calls()['Vertex.ListOperations']).toBe(1);
    expect(w.reader.status().find((s) => s.component === 'inventory:us-central1')?.state).toBe('ok');
  });

  it('takes a stockout as capacity and ignores a failure older than the lookback', async () => {
    const w = await world([
      { displayName: 'stockout', failedDeploys: [{ at: '-30m', code: 8, message: 'Resources are insufficient in region: us-central1. Please try a different region.' }] },
      { displayName: 'old-failure', failedDeploys: [{ at: '-9d', code: 8, message: QUOTA }] },
    ]);
    sim = w.sim;
    const inv = await w.reader.inventory({});
    const stockout = inv.endpoints.find((e) => e.ref.name === 'stockout')!;
    expect(classifyFailure(stockout.failureReason)).toBe('capacity-failure');
    expect(inv.endpoints.find((e) => e.ref.name === 'old-failure')).toMatchObject({ status: 'in-service', providerStatus: 'NO_MODELS' });
  });

  it("carries a deployed model's status message while it runs short of its minimum replicas", async () => {
    const message = 'Replica cannot be scheduled: the zone does not have enough resources available to fulfill the request.';
    const w = await world([
      { displayName: 'short', deployedModels: [model({ minReplicas: 3, maxReplicas: 3, replicas: 1, statusMessage: message })] },
      { displayName: 'whole', deployedModels: [model({ minReplicas: 1, statusMessage: 'an old note' })] },
    ]);
    sim = w.sim;
    const inv = await w.reader.inventory({});
    const short = inv.endpoints.find((e) => e.ref.name === 'short')!;
    expect(short.status).toBe('in-service');
    expect(short.variants[0]).toMatchObject({ currentInstanceCount: 1, desiredInstanceCount: 3 });
    expect(short.failureReason).toBe(`m: ${message}`);
    expect(classifyFailure(short.failureReason)).toBe('capacity-failure');
    expect(inv.endpoints.find((e) => e.ref.name === 'whole')!.failureReason).toBeUndefined();
  });

  it('keeps the endpoint listed when its operations cannot be read, and says the reason is unknown', async () => {
    const w = await world([{ displayName: 'llm-blocked', failedDeploys: [{ at: '-2h', message: QUOTA }] }]);
    sim = w.sim;
    w.sim.faults.inject({ operation: 'Vertex.ListOperations', kind: 'server-error' });
    const inv = await w.reader.inventory({});
    expect(inv.endpoints.map((e) => [e.ref.name, e.status, e.providerStatus])).toEqual([['llm-blocked', 'in-service', 'NO_MODELS']]);
    const status = w.reader.status().find((s) => s.component === 'inventory:us-central1')!;
    expect(status.state).not.toBe('ok');
    expect(status.message).toMatch(/llm-blocked \(its deploy operations; the failure reason is unknown\)/);
  });
});
