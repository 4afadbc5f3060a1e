import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../../src/sim/index';
import { gcall, JOB, LOC, MINUTE_MS, NOTEBOOK, NOW, PROJECT } from './gcp-sim';

let sim: Simulator;
let call: ReturnType<typeof gcall>;
beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  call = gcall(sim);
});
afterEach(() => sim.close());

describe('simulated Workbench instances (Notebooks v2)', () => {
  it('lists instances in every zone with locations/-, names carrying the project id', async () => {
    const r = await call(`/v2/projects/${PROJECT}/locations/-/instances?pageSize=10`);
    expect(r.body.instances).toHaveLength(1);
    expect(r.body.instances[0]).toMatchObject({
      name: `projects/${PROJECT}/locations/us-central1-a/instances/research-gpu-notebook`,
      gceSetup: { machineType: 'n1-standard-8', acceleratorConfigs: [{ type: 'NVIDIA_TESLA_T4', coreCount: '1' }] },
      state: 'ACTIVE',
      labels: { owner: 'team-research' },
    });
    expect(r.body.instances[0].gceSetup.metadata).toBeUndefined(); // no idle shutdown configured
    expect((await call(`/v2/projects/${PROJECT}/locations/us-central1-b/instances`)).body).toEqual({});
  });

  it('stops and starts on the virtual clock through operations, and refuses to stop a stopped instance', async () => {
    const op = await call(`${NOTEBOOK}:stop`, { method: 'POST', body: {} });
    expect(op.status).toBe(200);
    expect(op.body).toMatchObject({ done: false, metadata: { verb: 'stop', target: NOTEBOOK.slice(4) } });
    expect(op.body.name).toMatch(new RegExp(`^projects/${PROJECT}/locations/us-central1-a/operations/operation-`));
    expect((await call(NOTEBOOK)).body.state).toBe('STOPPING');
    sim.clock.advance(MINUTE_MS);
    expect((await call(NOTEBOOK)).body.state).toBe('STOPPED');
    expect((await call(`/v2/${op.body.name}`)).body).toMatchObject({ done: true, response: { '@type': 'type.googleapis.com/google.cloud.notebooks.v2.Instance', state: 'STOPPED' } });
    expect((await call(`${NOTEBOOK}:stop`, { method: 'POST', body: {} })).body.error.status).toBe('FAILED_PRECONDITION');
    await call(`${NOTEBOOK}:start`, { method: 'POST', body: {} });
    expect((await call(NOTEBOOK)).body.state).toBe('STARTING');
    sim.clock.advance(6 * MINUTE_MS);
    expect((await call(NOTEBOOK)).body.state).toBe('ACTIVE');
    const labels = await call(`${NOTEBOOK}?updateMask=labels`, { method: 'PATCH', body: { labels: { owner: 'team-research', 'watchdog-ignore': 'true' } } });
    expect(labels.body.name).toContain('/operations/');
    expect((await call(NOTEBOOK)).body.labels).toEqual({ owner: 'team-research', 'watchdog-ignore': 'true' });
    expect(sim.calls()).toMatchObject({ 'Notebooks.StopInstance': 2, 'Notebooks.StartInstance': 1, 'Notebooks.UpdateInstance': 1 });
  });
});

describe('simulated Vertex AI custom jobs', () => {
  it('lists running jobs with the state filter and cancels one (CANCELLING, then CANCELLED)', async () => {
    const running = await call(`${LOC}/customJobs?filter=${encodeURIComponent('state="JOB_STATE_RUNNING"')}&pageSize=50`);
    expect(running.body.customJobs).toHaveLength(1);
    expect(running.body.customJobs[0]).toMatchObject({ displayName: 'llm-finetune-sft-nov', state: 'JOB_STATE_RUNNING', jobSpec: { workerPoolSpecs: [{ replicaCount: '1' }], scheduling: { timeout: '172800s' } } });
    const job = `${LOC}/customJobs/${JOB}`;
    expect((await call(`${job}:cancel`, { method: 'POST', body: {} })).body).toEqual({});
    expect((await call(job)).body.state).toBe('JOB_STATE_CANCELLING');
    sim.clock.advance(MINUTE_MS);
    const done = (await call(job)).body;
    expect(done).toMatchObject({ state: 'JOB_STATE_CANCELLED', endTime: new Date(NOW.getTime() + MINUTE_MS).toISOString() });
    expect((await call(`${LOC}/customJobs?filter=${encodeURIComponent('state="JOB_STATE_RUNNING"')}`)).body).toEqual({});
    expect((await call(`${job}:cancel`, { method: 'POST', body: {} })).body.error.status).toBe('FAILED_PRECONDITION');
    expect((await call(`${LOC}/customJobs?filter=${encodeURIComponent('state:RUNNING')}`)).body.error.status).toBe('INVALID_ARGUMENT');
  });
});
