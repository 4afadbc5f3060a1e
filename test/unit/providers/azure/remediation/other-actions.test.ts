import { describe, expect, it } from 'vitest';
import { cancelJob } from '../../../../../src/providers/azure/remediation/actions/cancel-job';
import { stopComputeInstance } from '../../../../../src/providers/azure/remediation/actions/stop-compute-instance';
import { addResourceTags } from '../../../../../src/providers/azure/remediation/resource-tags';
import { AzureRemediationError } from '../../../../../src/providers/azure/remediation/remediation-error';
import { runSteps } from '../../../../../src/providers/azure/remediation/run-steps';
import { ctxFor, FakeMl, refFor } from './fake-ml';

const state = (fake: FakeMl, name: string) => (fake.computes.get(name)!.properties as { properties: { state: string } }).properties.state;
const record = (done: string[]) => async (s: string) => void done.push(s);

describe('stop-notebook on a compute instance (unit)', () => {
  it('stops a Running instance, starts it again, and a re-run writes nothing', async () => {
    const fake = new FakeMl();
    const ctx = ctxFor(fake, refFor('notebook', fake.addCompute('ci-gpu', 'Running')));
    const { prior, providerStatus } = await stopComputeInstance.capture(ctx);
    expect(providerStatus).toBe('Running');
    expect(prior.vmSize).toBe('Standard_NC6s_v3');
    expect(prior.stillBilled).toMatch(/OS disk, public IP/);
    const parked: string[] = [];
    await runSteps(stopComputeInstance.parkSteps(ctx, prior), [], record(parked));
    expect(parked).toEqual(['stop-instance', 'wait-stopped']);
    expect(state(fake, 'ci-gpu')).toBe('Stopped');
    await runSteps(stopComputeInstance.parkSteps(ctx, prior), [], record([]));
    expect(fake.writes.map((w) => w.op)).toEqual(['Compute_Stop']);
    await runSteps(stopComputeInstance.restoreSteps(ctx, prior), [], record([]));
    expect(state(fake, 'ci-gpu')).toBe('Running');
    await runSteps(stopComputeInstance.restoreSteps(ctx, prior), [], record([]));
    expect(fake.writes.map((w) => w.op)).toEqual(['Compute_Stop', 'Compute_Start']);
  });

  it('refuses JobRunning (stopping would kill the job) and compute clusters', async () => {
    const fake = new FakeMl();
    const busy = ctxFor(fake, refFor('notebook', fake.addCompute('ci-busy', 'JobRunning')));
    const { prior } = await stopComputeInstance.capture(busy);
    const err = await runSteps(stopComputeInstance.parkSteps(busy, prior), [], record([])).catch((e: unknown) => e);
    expect((err as AzureRemediationError).code).toBe('WRONG_STATE');
    expect((err as Error).message).toMatch(/kill the job/);
    const cluster = ctxFor(fake, refFor('notebook', fake.addCompute('cpu-cluster', 'Running', 'AmlCompute')));
    await expect(stopComputeInstance.capture(cluster)).rejects.toMatchObject({ code: 'NOT_APPLICABLE' });
    expect(fake.writes).toEqual([]);
  });

  it('a restore right after a park waits for Stopping to end before starting', async () => {
    const fake = new FakeMl();
    const ctx = ctxFor(fake, refFor('notebook', fake.addCompute('ci-gpu', 'Running')));
    const { prior } = await stopComputeInstance.capture(ctx);
    await fake.client.computeOperations.beginStop('rg', 'ws', 'ci-gpu');
    expect(state(fake, 'ci-gpu')).toBe('Stopping');
    await runSteps(stopComputeInstance.restoreSteps(ctx, prior), [], record([]));
    expect(state(fake, 'ci-gpu')).toBe('Running');
  });
});

describe('stop-training-job (unit)', () => {
  it('cancels a Running job once; restore explains it cannot be resumed', async () => {
    const fake = new FakeMl();
    const ctx = ctxFor(fake, refFor('training-job', fake.addJob('train-7', 'Running')));
    const { prior, providerStatus } = await cancelJob.capture(ctx);
    expect(providerStatus).toBe('Running');
    expect(cancelJob.spec).toMatchObject({ approvalOnly: true, restorable: false });
    await runSteps(cancelJob.parkSteps(ctx, prior), [], record([]));
    await runSteps(cancelJob.parkSteps(ctx, prior), [], record([]));
    expect(fake.writes.map((w) => w.op)).toEqual(['Jobs_Cancel']);
    expect((fake.jobs.get('train-7')!.properties as { status: string }).status).toBe('Canceled');
    const err = await runSteps(cancelJob.restoreSteps(ctx, prior), [], record([])).catch((e: unknown) => e);
    expect((err as AzureRemediationError).code).toBe('NOT_RESTORABLE');
    expect((err as Error).message).toMatch(/experiment exp/);
  });
});

describe('tags (unit)', () => {
  it('merges endpoint tags (PATCH replaces the set) and skips when already there', async () => {
    const fake = new FakeMl();
    const ctx = ctxFor(fake, refFor('endpoint', fake.addEndpoint('chat', { blue: 100 }, { blue: {} })));
    await addResourceTags(ctx, { 'watchdog:ignore': 'true' });
    expect(fake.endpoints.get('chat')!.tags).toEqual({ team: 'vision', 'watchdog:ignore': 'true' });
    await addResourceTags(ctx, { 'watchdog:ignore': 'true' });
    expect(fake.writes.map((w) => w.op)).toEqual(['OnlineEndpoints_Update']);
  });

  it('jobs cannot be tagged: a typed error saying what to do instead', async () => {
    const fake = new FakeMl();
    const ctx = ctxFor(fake, refFor('training-job', fake.addJob('train-7', 'Running')));
    await expect(addResourceTags(ctx, { 'watchdog:ignore': 'true' })).rejects.toMatchObject({ code: 'TAGS_IMMUTABLE', message: expect.stringMatching(/exclusions\.names/) });
  });
});
