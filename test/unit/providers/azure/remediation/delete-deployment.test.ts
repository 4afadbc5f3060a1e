import { describe, expect, it } from 'vitest';
import { deleteDeployment, endpointStatus } from '../../../../../src/providers/azure/remediation/actions/delete-deployment';
import { AzureRemediationError } from '../../../../../src/providers/azure/remediation/remediation-error';
import { runSteps } from '../../../../../src/providers/azure/remediation/run-steps';
import { ctxFor, FakeMl, refFor, setState } from './fake-ml';

function world() {
  const fake = new FakeMl();
  const id = fake.addEndpoint('chat', { blue: 80, green: 20 }, { blue: { capacity: 2 }, green: { instanceType: 'Standard_NC6s_v3' } });
  const ctx = ctxFor(fake, refFor('endpoint', id));
  return { fake, ctx };
}

/** Runs a phase to the end, recording steps like the executor; `crashAt` throws after that many recorded steps. */
async function run(steps: ReturnType<typeof deleteDeployment.parkSteps>, done: string[], crashAt?: number, recordBeforeCrash = true) {
  let seen = 0;
  await runSteps(steps, done, async (s) => {
    if (crashAt !== undefined && seen++ === crashAt) {
      if (recordBeforeCrash) done.push(s);
      throw new Error('crash');
    }
    done.push(s);
  });
}

describe('delete-deployment (unit, fake control plane)', () => {
  it('captures every deployment spec without read-only fields, and the traffic map', async () => {
    const { ctx } = world();
    const { prior, providerStatus, createdAt } = await deleteDeployment.capture(ctx);
    expect(providerStatus).toBe('Succeeded');
    expect(createdAt).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(prior.traffic).toEqual({ blue: 80, green: 20 });
    const deps = prior.deployments as { name: string; sku: { capacity: number }; properties: Record<string, unknown> }[];
    expect(deps.map((d) => d.name)).toEqual(['blue', 'green']);
    expect(deps[0]!.sku.capacity).toBe(2);
    expect(deps[0]!.properties).not.toHaveProperty('provisioningState');
    expect(deps[0]).not.toHaveProperty('systemData');
    expect(deps[0]).not.toHaveProperty('id');
    expect(deps[1]!.properties.instanceType).toBe('Standard_NC6s_v3');
  });

  it('parks (traffic 0, then deletes) and restores the same specs and the exact traffic; the endpoint stays', async () => {
    const { fake, ctx } = world();
    const before = structuredClone(fake.deployments.get('chat')!);
    const { prior } = await deleteDeployment.capture(ctx);
    const parked: string[] = [];
    await run(deleteDeployment.parkSteps(ctx, prior), parked);
    expect(parked).toEqual(['traffic-zero', 'delete:blue', 'delete:green', 'wait-deleted']);
    expect(fake.deployments.get('chat')!.size).toBe(0);
    expect(fake.endpoints.get('chat')!.properties.scoringUri).toBe('https://chat.eastus.inference.ml.azure.com/score');
    expect(fake.writes.map((w) => w.op)).toEqual(['OnlineEndpoints_CreateOrUpdate', 'OnlineDeployments_Delete', 'OnlineDeployments_Delete']);
    // The traffic PUT is the endpoint's own body: no read-only or secret fields.
    const put = fake.writes[0]!.body as { properties: Record<string, unknown>; identity: Record<string, unknown> };
    expect(put.properties.traffic).toEqual({ blue: 0, green: 0 });
    expect(put.properties).not.toHaveProperty('scoringUri');
    expect(put.properties).not.toHaveProperty('provisioningState');
    expect(put.identity).toEqual({ type: 'SystemAssigned' });

    const restored: string[] = [];
    await run(deleteDeployment.restoreSteps(ctx, prior), restored);
    expect(restored).toEqual(['create:blue', 'create:green', 'wait-succeeded', 'traffic']);
    expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 80, green: 20 });
    for (const [name, d] of fake.deployments.get('chat')!) {
      const b = before.get(name)!;
      expect(d.properties).toEqual(b.properties);
      expect(d.sku).toEqual(b.sku);
      expect(d.tags).toEqual(b.tags);
    }

    // A second restore from scratch (no steps recorded) checks state and writes nothing.
    const writes = fake.writes.length;
    await run(deleteDeployment.restoreSteps(ctx, prior), []);
    expect(fake.writes.length).toBe(writes);
  });

  for (const recordBeforeCrash of [true, false]) {
    it(`converges after a crash after every step (${recordBeforeCrash ? 'step recorded' : 'step not recorded'})`, async () => {
      for (let crashAt = 0; crashAt < 4; crashAt++) {
        const { fake, ctx } = world();
        const { prior } = await deleteDeployment.capture(ctx);
        const done: string[] = [];
        await expect(run(deleteDeployment.parkSteps(ctx, prior), done, crashAt, recordBeforeCrash)).rejects.toThrow('crash');
        await run(deleteDeployment.parkSteps(ctx, prior), done);
        expect(fake.deployments.get('chat')!.size).toBe(0);
        expect(fake.writes.filter((w) => w.op === 'OnlineDeployments_Delete')).toHaveLength(2);
        const rdone: string[] = [];
        await expect(run(deleteDeployment.restoreSteps(ctx, prior), rdone, crashAt, recordBeforeCrash)).rejects.toThrow('crash');
        await run(deleteDeployment.restoreSteps(ctx, prior), rdone);
        expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 80, green: 20 });
        expect([...fake.deployments.get('chat')!.values()].map((d) => d.properties.provisioningState)).toEqual(['Succeeded', 'Succeeded']);
        expect(fake.writes.filter((w) => w.op === 'OnlineDeployments_CreateOrUpdate')).toHaveLength(2);
      }
    });
  }

  it('refuses to park while a deployment is being changed, and reports it as the provider status', async () => {
    const { fake, ctx } = world();
    setState(fake.deployments.get('chat')!.get('green')!, 'Updating');
    const { prior, providerStatus } = await deleteDeployment.capture(ctx);
    expect(providerStatus).toBe('Updating');
    const err = await run(deleteDeployment.parkSteps(ctx, prior), []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureRemediationError);
    expect((err as AzureRemediationError).code).toBe('WRONG_STATE');
    expect((err as AzureRemediationError).step).toBe('traffic-zero');
    expect(fake.writes).toEqual([]);
  });

  it('does not delete a deployment that got traffic back since the park began', async () => {
    const { fake, ctx } = world();
    const { prior } = await deleteDeployment.capture(ctx);
    const done: string[] = [];
    await expect(run(deleteDeployment.parkSteps(ctx, prior), done, 0)).rejects.toThrow('crash');
    fake.endpoints.get('chat')!.properties.traffic = { blue: 100, green: 0 };
    const err = await run(deleteDeployment.parkSteps(ctx, prior), done).catch((e: unknown) => e);
    expect((err as AzureRemediationError).code).toBe('WRONG_STATE');
    expect(fake.deployments.get('chat')!.has('blue')).toBe(true);
  });

  it('a restore after a park that stopped after the traffic step only puts the traffic back', async () => {
    const { fake, ctx } = world();
    const { prior } = await deleteDeployment.capture(ctx);
    await expect(run(deleteDeployment.parkSteps(ctx, prior), [], 0)).rejects.toThrow('crash');
    expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 0, green: 0 });
    await run(deleteDeployment.restoreSteps(ctx, prior), []);
    expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 80, green: 20 });
    expect(fake.writes.map((w) => w.op)).toEqual(['OnlineEndpoints_CreateOrUpdate', 'OnlineEndpoints_CreateOrUpdate']);
  });

  it('a failed recreate names Azure\'s reason; the re-run (create step recorded) PUTs it again and converges', async () => {
    const { fake, ctx } = world();
    const { prior } = await deleteDeployment.capture(ctx);
    await run(deleteDeployment.parkSteps(ctx, prior), []);
    fake.failCreates = 1;
    const done: string[] = [];
    const err = (await run(deleteDeployment.restoreSteps(ctx, prior), done).catch((e: unknown) => e)) as AzureRemediationError;
    expect(err.code).toBe('OPERATION_FAILED');
    expect(err.step).toBe('wait-succeeded');
    expect(err.message).toMatch(/QuotaExceeded/);
    expect(done).toEqual(['create:blue', 'create:green']);
    await run(deleteDeployment.restoreSteps(ctx, prior), done);
    expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 80, green: 20 });
    expect(fake.writes.filter((w) => w.op === 'OnlineDeployments_CreateOrUpdate')).toHaveLength(3);
  });

  it('a deployment deleted after its create step was recorded is created again by the wait step', async () => {
    const { fake, ctx } = world();
    const { prior } = await deleteDeployment.capture(ctx);
    await run(deleteDeployment.parkSteps(ctx, prior), []);
    const done: string[] = [];
    await expect(run(deleteDeployment.restoreSteps(ctx, prior), done, 1)).rejects.toThrow('crash');
    fake.deployments.get('chat')!.delete('green');
    await run(deleteDeployment.restoreSteps(ctx, prior), done);
    expect([...fake.deployments.get('chat')!.keys()].sort()).toEqual(['blue', 'green']);
    expect(fake.endpoints.get('chat')!.properties.traffic).toEqual({ blue: 80, green: 20 });
  });

  it('a damaged token fails with INVALID_PRIOR before any call', async () => {
    const { fake, ctx } = world();
    expect(() => deleteDeployment.parkSteps(ctx, { endpointId: 'x', traffic: {}, deployments: [] })).toThrow(/does not hold a valid delete-deployment snapshot/);
    expect(fake.writes).toEqual([]);
  });

  it('endpointStatus: the endpoint state, a busy deployment, or NoDeployments', () => {
    const dep = (s: string) => ({ properties: { provisioningState: s } }) as never;
    expect(endpointStatus('Updating', [dep('Succeeded')])).toBe('Updating');
    expect(endpointStatus('Succeeded', [])).toBe('NoDeployments');
    expect(endpointStatus('Succeeded', [dep('Succeeded'), dep('Failed')])).toBe('Failed');
    expect(endpointStatus('Succeeded', [dep('Succeeded')])).toBe('Succeeded');
  });

  it('a timed-out restore names the deployments still provisioning', async () => {
    const { fake, ctx } = world();
    const { prior } = await deleteDeployment.capture(ctx);
    await run(deleteDeployment.parkSteps(ctx, prior), []);
    fake.createMs = 10 * 3_600_000;
    const err = await run(deleteDeployment.restoreSteps(ctx, prior), []).catch((e: unknown) => e);
    expect((err as AzureRemediationError).code).toBe('WAIT_TIMEOUT');
    expect((err as Error).message).toMatch(/blue Creating, green Creating/);
  });
});
