import { AzureMachineLearningWorkspaces, type OnlineDeployment } from '@azure/arm-machinelearning';
import { CostManagementClient } from '@azure/arm-costmanagement';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceKind, ResourceRef } from '../../src/domain/cloud';
import type { ParkAction } from '../../src/domain/finding';
import type { RestoreToken } from '../../src/domain/remediation';
import { armClientOptions } from '../../src/providers/azure/arm-options';
import { createAzureRemediator, type AzureRemediationError } from '../../src/providers/azure/remediation';
import type { CloudRemediator } from '../../src/providers/types';
import { demoFleet, type Fleet } from '../../src/sim/index';
import { AZURE_START, DEMO_RG, DEMO_SUBSCRIPTION, DEMO_WORKSPACE, demoComputeId, demoEndpointId, demoJobId, startAzureSim, type AzureSim } from './azure-sim';

/**
 * The Azure remediator against the simulator with the real SDK clients (AzureMachineLearningWorkspaces through
 * armClientOptions' redirect), the injected sleep moving the virtual clock; resources observed with a second,
 * independent ML client the way a person would (GET endpoint / deployments / compute / job).
 */

interface World {
  az: AzureSim;
  remediator: CloudRemediator;
  ml: AzureMachineLearningWorkspaces;
  close(): Promise<void>;
}

async function world(fleet: Fleet | 'demo' = 'demo'): Promise<World> {
  const az = await startAzureSim(fleet);
  const remediator = createAzureRemediator({ config: az.config, credential: az.credential, now: () => az.sim.clock.now(), sleep: async (ms) => az.sim.clock.advance(ms) });
  const ml = new AzureMachineLearningWorkspaces(az.credential, DEMO_SUBSCRIPTION, armClientOptions(az.config.clouds.azure));
  return { az, remediator, ml, close: () => az.close() };
}

/** The demo fleet plus an A/B endpoint: blue 80 % on two A100s, green 20 % on one V100. */
function abFleet(): Fleet {
  const f = demoFleet();
  f.azure!.endpoints.push({
    ...f.azure!.endpoints[0]!,
    name: 'chat-ab',
    tags: { owner: 'cx-team' },
    deployments: [
      { ...f.azure!.endpoints[0]!.deployments[0]!, name: 'blue', instanceCount: 2, trafficPct: 80 },
      { ...f.azure!.endpoints[0]!.deployments[0]!, name: 'green', instanceType: 'Standard_NC6s_v3', instanceCount: 1, trafficPct: 20, model: 'azureml:fraud-xgb:8' },
    ],
  });
  return f;
}

function refOf(kind: ResourceKind, id: string): ResourceRef {
  return { cloud: 'azure', account: DEMO_SUBSCRIPTION, region: 'eastus', kind, name: id.slice(id.lastIndexOf('/') + 1), id };
}

function tokenFor(ref: ResourceRef, action: Exclude<ParkAction, 'none'>, prior: Record<string, unknown>, over: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: `tok-${action}`, planId: `plan-${action}`, ref, action,
    prior: JSON.parse(JSON.stringify(prior)) as Record<string, unknown>,
    approval: { by: 'cli', principal: 'contract-test', at: AZURE_START },
    state: 'parking', stepsDone: [], createdAt: AZURE_START, hourlySaving: { amount: 1, currency: 'USD' }, basis: 'list-price', ...over,
  };
}

const getEndpoint = (w: World, name: string) => w.ml.onlineEndpoints.get(DEMO_RG, DEMO_WORKSPACE, name);
async function deploymentsOf(w: World, name: string): Promise<OnlineDeployment[]> {
  const out: OnlineDeployment[] = [];
  for await (const d of w.ml.onlineDeployments.list(DEMO_RG, DEMO_WORKSPACE, name)) out.push(d);
  return out.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}
/** What must survive a park/restore: everything but ids, timestamps and the provisioning state. */
const shape = (d: OnlineDeployment) => {
  const { provisioningState: _s, ...properties } = d.properties as OnlineDeployment['properties'] & { provisioningState?: string };
  return { name: d.name, location: d.location, kind: d.kind, sku: d.sku, tags: d.tags, identity: d.identity?.type, properties };
};
const WRITES = ['OnlineEndpoints_CreateOrUpdate', 'OnlineEndpoints_Update', 'OnlineDeployments_CreateOrUpdate', 'OnlineDeployments_Delete', 'Compute_Start', 'Compute_Stop', 'Jobs_Cancel'];
const writeCalls = (w: World) => WRITES.map((op) => w.az.sim.calls()[`MachineLearning.${op}`] ?? 0);

describe('Azure remediator against the simulator', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('delete-deployment: parks a blue 80 / green 20 endpoint and restores the same deployments and exact traffic; the scoring URI stays', async () => {
    w = await world(abFleet());
    const ref = refOf('endpoint', demoEndpointId('chat-ab'));
    const before = await getEndpoint(w, 'chat-ab');
    const beforeDeps = (await deploymentsOf(w, 'chat-ab')).map(shape);
    expect(before.properties.traffic).toEqual({ blue: 80, green: 20 });

    const { prior, providerStatus } = await w.remediator.capture(ref, 'delete-deployment');
    expect(providerStatus).toBe('Succeeded');
    const steps: string[] = [];
    await w.remediator.park(tokenFor(ref, 'delete-deployment', prior), async (s) => void steps.push(s));
    expect(steps).toEqual(['traffic-zero', 'delete:blue', 'delete:green', 'wait-deleted']);
    expect(await deploymentsOf(w, 'chat-ab')).toEqual([]);
    const parked = await getEndpoint(w, 'chat-ab');
    expect(parked.properties.scoringUri).toBe(before.properties.scoringUri);
    expect(parked.properties.provisioningState).toBe('Succeeded');

    const rsteps: string[] = [];
    const { restoreSeconds } = await w.remediator.restore(tokenFor(ref, 'delete-deployment', prior, { state: 'restoring', stepsDone: steps }), async (s) => void rsteps.push(s));
    expect(rsteps).toEqual(['create:blue', 'create:green', 'wait-succeeded', 'traffic']);
    expect(restoreSeconds).toBeGreaterThan(60);
    const after = await getEndpoint(w, 'chat-ab');
    expect(after.properties.traffic).toEqual({ blue: 80, green: 20 });
    expect(after.properties.scoringUri).toBe(before.properties.scoringUri);
    expect((await deploymentsOf(w, 'chat-ab')).map(shape)).toEqual(beforeDeps);
    expect((await deploymentsOf(w, 'chat-ab')).map((d) => d.properties.provisioningState)).toEqual(['Succeeded', 'Succeeded']);

    // A second restore (the ledger lost its steps) writes nothing.
    const writes = writeCalls(w);
    await w.remediator.restore(tokenFor(ref, 'delete-deployment', prior, { state: 'restoring' }), async () => undefined);
    expect(writeCalls(w)).toEqual(writes);
  });

  for (const phase of ['park', 'restore'] as const) {
    it(`delete-deployment converges after a crash after every ${phase} step`, async () => {
      for (let crashAt = 0; crashAt < 4; crashAt++) {
        w = await world(abFleet());
        const ref = refOf('endpoint', demoEndpointId('chat-ab'));
        const beforeDeps = (await deploymentsOf(w, 'chat-ab')).map(shape);
        const { prior } = await w.remediator.capture(ref, 'delete-deployment');
        const done: string[] = [];
        let seen = 0;
        const crashing = async (s: string) => {
          done.push(s);
          if (seen++ === crashAt) throw new Error('crash');
        };
        const record = async (s: string) => void done.push(s);
        if (phase === 'park') {
          await expect(w.remediator.park(tokenFor(ref, 'delete-deployment', prior), crashing)).rejects.toThrow('crash');
          await w.remediator.park(tokenFor(ref, 'delete-deployment', prior, { stepsDone: [...done] }), record);
        } else {
          await w.remediator.park(tokenFor(ref, 'delete-deployment', prior), async () => undefined);
          await expect(w.remediator.restore(tokenFor(ref, 'delete-deployment', prior, { state: 'restoring' }), crashing)).rejects.toThrow('crash');
          await w.remediator.restore(tokenFor(ref, 'delete-deployment', prior, { state: 'restoring', stepsDone: [...done] }), record);
        }
        if (phase === 'park') {
          expect(await deploymentsOf(w, 'chat-ab')).toEqual([]);
          expect(w.az.sim.calls()['MachineLearning.OnlineDeployments_Delete']).toBe(2);
        } else {
          expect((await getEndpoint(w, 'chat-ab')).properties.traffic).toEqual({ blue: 80, green: 20 });
          expect((await deploymentsOf(w, 'chat-ab')).map(shape)).toEqual(beforeDeps);
          expect(w.az.sim.calls()['MachineLearning.OnlineDeployments_CreateOrUpdate']).toBe(2);
        }
        await w.close();
        w = undefined;
      }
    });
  }

  it('a 403 names the missing RBAC action and the step; the re-run after the grant resumes', async () => {
    w = await world();
    const ref = refOf('endpoint', demoEndpointId('fraud-scorer'));
    const { prior } = await w.remediator.capture(ref, 'delete-deployment');
    w.az.sim.faults.inject({ operation: 'MachineLearning.OnlineDeployments_Delete', kind: 'access-denied', times: 1 });
    const done: string[] = [];
    const err = (await w.remediator.park(tokenFor(ref, 'delete-deployment', prior), async (s) => void done.push(s)).catch((e: unknown) => e)) as AzureRemediationError;
    expect(err.code).toBe('AUTH');
    expect(err.step).toBe('delete:blue');
    expect(err.message).toMatch(/Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints\/deployments\/delete/);
    await w.remediator.park(tokenFor(ref, 'delete-deployment', prior, { stepsDone: done }), async (s) => void done.push(s));
    expect(await deploymentsOf(w, 'fraud-scorer')).toEqual([]);
  });

  it('billing stops while parked: Cost Management shows no cost for a fully parked day, cost again once restored', async () => {
    w = await world();
    const ref = refOf('endpoint', demoEndpointId('fraud-scorer'));
    const { prior } = await w.remediator.capture(ref, 'delete-deployment');
    await w.remediator.park(tokenFor(ref, 'delete-deployment', prior), async () => undefined);
    w.az.sim.clock.advance(2 * 24 * 3_600_000); // parked all of 2026-11-19
    await w.remediator.restore(tokenFor(ref, 'delete-deployment', prior, { state: 'restoring' }), async () => undefined);
    w.az.sim.clock.advance(2 * 24 * 3_600_000); // serving again all of 2026-11-21
    const cm = new CostManagementClient(w.az.credential, armClientOptions(w.az.config.clouds.azure));
    const r = await cm.query.usage(`subscriptions/${DEMO_SUBSCRIPTION}`, {
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: new Date('2026-11-17T00:00:00Z'), to: new Date('2026-11-21T23:59:59Z') },
      dataset: { granularity: 'Daily', aggregation: { cost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }] },
    });
    const col = Object.fromEntries((r.columns ?? []).map((c, i) => [c.name!, i]));
    const costOn = (day: number) =>
      (r.rows ?? []).filter((row) => row[col.ResourceId!] === demoEndpointId('fraud-scorer').toLowerCase() && row[col.UsageDate!] === day).reduce((s, row) => s + Number(row[col.Cost!]), 0);
    expect(costOn(20261117)).toBeGreaterThan(0);
    expect(costOn(20261119)).toBe(0);
    expect(costOn(20261121)).toBeGreaterThan(0);
  });

  it('recentInvocations: requests since detection (at least the last 10 min), 0 for an idle live endpoint, undefined when parked', async () => {
    w = await world();
    const now = w.az.sim.clock.now();
    const busy = await w.remediator.recentInvocations(refOf('endpoint', demoEndpointId('support-chat')), new Date(now.getTime() - 60_000));
    // 90 requests a minute over the 10-minute minimum window.
    expect(busy).toBeGreaterThanOrEqual(9 * 90);
    const idle = refOf('endpoint', demoEndpointId('fraud-scorer'));
    expect(await w.remediator.recentInvocations(idle, new Date(now.getTime() - 3_600_000))).toBe(0);
    const { prior } = await w.remediator.capture(idle, 'delete-deployment');
    await w.remediator.park(tokenFor(idle, 'delete-deployment', prior), async () => undefined);
    w.az.sim.clock.advance(30 * 60_000);
    expect(await w.remediator.recentInvocations(idle, new Date(w.az.sim.clock.now().getTime() - 60_000))).toBeUndefined();
    expect(await w.remediator.recentInvocations(refOf('notebook', demoComputeId('ci-gpu-research')), now)).toBeUndefined();
  });

  it('an expired token is an AUTH error pointing at the credentials; nothing is changed', async () => {
    w = await world();
    w.az.sim.faults.inject({ operation: '*', kind: 'expired-token' });
    const err = (await w.remediator.capture(refOf('endpoint', demoEndpointId('fraud-scorer')), 'delete-deployment').catch((e: unknown) => e)) as AzureRemediationError;
    expect(err).toMatchObject({ code: 'AUTH', azureCode: 'ExpiredAuthenticationToken', statusCode: 401 });
    expect(err.message).toMatch(/clouds\.azure\.credentials/);
  });

  it('stop-notebook stops a Running compute instance and starts it again', async () => {
    w = await world();
    const ref = refOf('notebook', demoComputeId('ci-gpu-research'));
    const { prior, providerStatus } = await w.remediator.capture(ref, 'stop-notebook');
    expect(providerStatus).toBe('Running');
    await w.remediator.park(tokenFor(ref, 'stop-notebook', prior), async () => undefined);
    const state = async () => ((await w!.ml.computeOperations.get(DEMO_RG, DEMO_WORKSPACE, 'ci-gpu-research')).properties as { properties?: { state?: string } }).properties?.state;
    expect(await state()).toBe('Stopped');
    const { restoreSeconds } = await w.remediator.restore(tokenFor(ref, 'stop-notebook', prior, { state: 'restoring' }), async () => undefined);
    expect(await state()).toBe('Running');
    expect(restoreSeconds).toBeGreaterThan(0);
    expect(w.az.sim.calls()['MachineLearning.Compute_Start']).toBe(1);
  });

  it('stop-training-job cancels the running job; restore says it cannot be resumed', async () => {
    w = await world();
    const ref = refOf('training-job', demoJobId('ft-llama-lora-0412'));
    const { prior, providerStatus } = await w.remediator.capture(ref, 'stop-training-job');
    expect(providerStatus).toBe('Running');
    await w.remediator.park(tokenFor(ref, 'stop-training-job', prior), async () => undefined);
    const job = await w.ml.jobs.get(DEMO_RG, DEMO_WORKSPACE, 'ft-llama-lora-0412');
    expect(['CancelRequested', 'Canceled']).toContain(job.properties.status);
    await expect(w.remediator.restore(tokenFor(ref, 'stop-training-job', prior, { state: 'restoring' }), async () => undefined)).rejects.toMatchObject({ code: 'NOT_RESTORABLE' });
  });

  it('tags: endpoints merge (PATCH replaces), compute instances through Tags_UpdateAtScope, jobs refuse', async () => {
    w = await world();
    const ep = refOf('endpoint', demoEndpointId('fraud-scorer'));
    await w.remediator.tagResource(ep, { 'watchdog:ignore': 'true' });
    expect((await getEndpoint(w, 'fraud-scorer')).tags).toEqual({ owner: 'risk-team', env: 'prod', 'watchdog:ignore': 'true' });
    const ci = refOf('notebook', demoComputeId('ci-gpu-research'));
    await w.remediator.tagResource(ci, { 'watchdog:ignore': 'true' });
    expect((await w.ml.computeOperations.get(DEMO_RG, DEMO_WORKSPACE, 'ci-gpu-research')).tags).toEqual({ owner: 'research', 'watchdog:ignore': 'true' });
    const calls = w.az.sim.calls()['Resources.Tags_UpdateAtScope'];
    await w.remediator.tagResource(ci, { 'watchdog:ignore': 'true' });
    expect(w.az.sim.calls()['Resources.Tags_UpdateAtScope']).toBe(calls);
    await expect(w.remediator.tagResource(refOf('training-job', demoJobId('ft-llama-lora-0412')), { 'watchdog:ignore': 'true' })).rejects.toMatchObject({ code: 'TAGS_IMMUTABLE' });
  });
});
