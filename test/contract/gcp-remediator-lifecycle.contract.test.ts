import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/domain/cloud';
import type { RestoreToken } from '../../src/domain/remediation';
import {
  dailyCost,
  endpointRef,
  endpointShape,
  EP,
  getEndpoint,
  gcpWorld,
  jobRef,
  metricPoints,
  notebookRef,
  replicasOf,
  splitFleet,
  START,
  tokenFor,
  type GcpWorld,
} from './gcp-world';

/**
 * The Google remediator against the simulator, through real HTTP (GoogleHttp + google-auth-library): every park
 * action parks its resource and restores it exactly, a run that dies between steps converges when run again, and
 * what the remediator sends (deployModel with `model@version`, v1beta1 mutateDeployedModel, PATCH labels) is what
 * the simulator accepts. Both sides were built separately against the shared brief; this is where they meet.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Longer than any simulated transition (deploy 360 s, undeploy / stop 60 s). */
const SETTLE_MS = 30 * MINUTE_MS;

const open: GcpWorld[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.sim.close()));
});

async function world(opts: Parameters<typeof gcpWorld>[0] = {}): Promise<GcpWorld> {
  const w = await gcpWorld(opts);
  open.push(w);
  return w;
}

const WRITES = ['Vertex.DeployModel', 'Vertex.UndeployModel', 'Vertex.MutateDeployedModel', 'Vertex.UpdateEndpoint', 'Notebooks.StartInstance', 'Notebooks.StopInstance'];
const writeCalls = (w: GcpWorld) => Object.fromEntries(WRITES.map((op) => [op, w.sim.calls()[op] ?? 0]));

async function parkAndRecord(w: GcpWorld, ref: ResourceRef, action: Exclude<RestoreToken['action'], 'none'>) {
  const { prior, providerStatus } = await w.remediator.capture(ref, action);
  const steps: string[] = [];
  await w.remediator.park(tokenFor(ref, action, prior), async (s) => void steps.push(s));
  return { prior, providerStatus, steps };
}

describe('Google remediator contract (simulator, real HTTP)', () => {
  it('covers every park action the remediator declares', async () => {
    const w = await world();
    expect(w.remediator.actions.map((a) => a.action).sort()).toEqual(['min-replicas-zero', 'stop-notebook', 'stop-training-job', 'undeploy-model']);
  });

  describe('undeploy-model', () => {
    it('undeploys every model (metrics and billing stop), restores the same ids, specs, split and replicas, and a second restore is a no-op', async () => {
      const w = await world();
      const ref = endpointRef(EP.busy);
      const before = await getEndpoint(w, EP.busy.id);
      expect(replicasOf(before)).toEqual({ [EP.busy.model]: 2 });
      // Telemetry and billing are there before the park.
      expect((await metricPoints(w, 'replicas', EP.busy.id, new Date(START.getTime() - HOUR_MS), START)).length).toBeGreaterThan(0);
      expect((await metricPoints(w, 'prediction_count', EP.busy.id, new Date(START.getTime() - HOUR_MS), START)).length).toBeGreaterThan(0);
      const today = Math.floor(START.getTime() / DAY_MS) * DAY_MS;
      const yesterday = new Date(today - DAY_MS).toISOString().slice(0, 10);
      expect((await dailyCost(w, ref.id, new Date(today - DAY_MS), new Date(today)))[yesterday]).toBeGreaterThan(0);

      const { prior, providerStatus, steps } = await parkAndRecord(w, ref, 'undeploy-model');
      expect(providerStatus).toBe('DEPLOYED');
      expect(steps).toEqual([`undeploy:${EP.busy.model}`]);
      const parkedAt = w.now();
      const parked = await getEndpoint(w, EP.busy.id);
      expect(parked.deployedModels).toBeUndefined();
      expect(parked.trafficSplit).toBeUndefined();
      // The endpoint itself stays, with its labels.
      expect(parked.labels).toEqual(before.labels);

      // Two days parked: no replicas or predictions after the undeploy, and no prediction billing the day after.
      w.sim.clock.advance(2 * DAY_MS);
      expect(await metricPoints(w, 'replicas', EP.busy.id, new Date(parkedAt.getTime() + MINUTE_MS), w.now())).toEqual([]);
      expect(await metricPoints(w, 'prediction_count', EP.busy.id, new Date(parkedAt.getTime() + MINUTE_MS), w.now())).toEqual([]);
      const nextDay = today + DAY_MS;
      const costs = await dailyCost(w, ref.id, new Date(today - DAY_MS), new Date(nextDay + DAY_MS));
      expect(costs[yesterday]).toBeGreaterThan(0);
      // The park day bills only the hours before the undeploy (15:00 UTC), the day after nothing.
      expect(costs[new Date(today).toISOString().slice(0, 10)]).toBeLessThan(costs[yesterday]!);
      expect(costs[new Date(nextDay).toISOString().slice(0, 10)]).toBeUndefined();

      const restoreSteps: string[] = [];
      const { restoreSeconds } = await w.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async (s) => void restoreSteps.push(s));
      expect(restoreSteps).toEqual([`deploy:${EP.busy.model}`, 'traffic-split', 'wait-serving']);
      // Deploy takes provisioningSeconds (360 s) on the virtual clock, seen by polls every 15 s.
      expect(restoreSeconds).toBeGreaterThanOrEqual(360);
      expect(restoreSeconds).toBeLessThanOrEqual(360 + 60);
      const restored = await getEndpoint(w, EP.busy.id);
      expect(endpointShape(restored)).toEqual(endpointShape(before));
      expect(replicasOf(restored)).toEqual(replicasOf(before));
      // Telemetry flows again.
      const back = w.now();
      w.sim.clock.advance(10 * MINUTE_MS);
      expect((await metricPoints(w, 'replicas', EP.busy.id, back, w.now())).length).toBeGreaterThan(0);

      // A second restore (the ledger lost its steps) changes nothing.
      const writes = writeCalls(w);
      await w.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async () => undefined);
      expect(writeCalls(w)).toEqual(writes);
      expect(endpointShape(await getEndpoint(w, EP.busy.id))).toEqual(endpointShape(before));
    });

    it('restores a two-model endpoint with a 70/30 split exactly, pinning the model version with model@version', async () => {
      const w = await world({ fleet: splitFleet() });
      const ref = endpointRef(EP.split);
      const before = await getEndpoint(w, EP.split.id);
      expect(before.trafficSplit).toEqual({ [EP.split.a]: 70, [EP.split.b]: 30 });
      expect(before.deployedModels?.find((m) => m.id === EP.split.a)?.modelVersionId).toBe('3');

      const { prior, steps } = await parkAndRecord(w, ref, 'undeploy-model');
      // The smaller share goes first, with a split that hands its traffic to the other model.
      expect(steps).toEqual([`undeploy:${EP.split.b}`, `undeploy:${EP.split.a}`]);
      expect((await getEndpoint(w, EP.split.id)).deployedModels).toBeUndefined();

      const deploysBefore = w.sim.calls()['Vertex.DeployModel'] ?? 0;
      await w.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async () => undefined);
      expect(w.sim.calls()['Vertex.DeployModel']).toBe(deploysBefore + 2);
      const restored = await getEndpoint(w, EP.split.id);
      expect(restored.trafficSplit).toEqual({ [EP.split.a]: 70, [EP.split.b]: 30 });
      expect(endpointShape(restored)).toEqual(endpointShape(before));
      expect(replicasOf(restored)).toEqual({ [EP.split.a]: 1, [EP.split.b]: 2 });
    });

    it('the deployModel body the remediator sends for a pinned version (model@version) is accepted as that version', async () => {
      const w = await world({ fleet: splitFleet() });
      const ref = endpointRef(EP.split);
      const { prior } = await parkAndRecord(w, ref, 'undeploy-model');
      const a = (prior.deployedModels as { id: string; model: string; modelVersionId?: string }[]).find((m) => m.id === EP.split.a)!;
      expect(a.modelVersionId).toBe('3');
      expect(a.model).not.toContain('@');
      await w.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async () => undefined);
      const m = (await getEndpoint(w, EP.split.id)).deployedModels!.find((d) => d.id === EP.split.a)!;
      // Vertex answers with the plain model name and the version apart (modelVersionId is output only).
      expect(m.model).toBe(a.model);
      expect(m.modelVersionId).toBe('3');
    });

    for (const phase of ['park', 'restore'] as const) {
      it(`converges after a ${phase} run dies while an operation it started is still running, re-run at once`, async () => {
        const ref = endpointRef(EP.split);
        const w0 = await world({ fleet: splitFleet() });
        const before = endpointShape(await getEndpoint(w0, EP.split.id));
        const { prior, steps: parkSteps } = await parkAndRecord(w0, ref, 'undeploy-model');
        const parkedShape = endpointShape(await getEndpoint(w0, EP.split.id));
        const restoreSteps: string[] = [];
        await w0.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async (s) => void restoreSteps.push(s));
        const steps = phase === 'park' ? parkSteps : restoreSteps;
        const expected = phase === 'park' ? parkedShape : before;

        // Only steps that start an operation and wait for it (undeploy / deploy); the split PATCH answers at once.
        for (const k of steps.map((s, i) => (/^(un)?deploy:/.test(s) ? i : -1)).filter((i) => i >= 0)) {
          let armed = false;
          const crash = new Error(`died waiting in ${steps[k]}`);
          const w = await world({
            fleet: splitFleet(),
            beforeSleep: () => {
              if (!armed) return;
              armed = false;
              throw crash;
            },
          });
          const token = tokenFor(ref, 'undeploy-model', prior, phase === 'restore' ? { state: 'restoring' } : {});
          if (phase === 'restore') await w.remediator.park(token, async () => undefined);
          const run = (t: RestoreToken, on: (s: string) => Promise<void>) => (phase === 'park' ? w.remediator.park(t, on) : w.remediator.restore(t, on));
          const recorded: string[] = [];
          armed = k === 0;
          await expect(
            run(token, async (s) => {
              recorded.push(s);
              if (s === steps[k - 1]) armed = true;
            }),
          ).rejects.toBe(crash);
          expect(recorded).toEqual(steps.slice(0, k));
          const resumed: string[] = [];
          await run({ ...token, stepsDone: recorded }, async (s) => void resumed.push(s));
          expect([...recorded, ...resumed]).toEqual(steps);
          w.sim.clock.advance(SETTLE_MS);
          expect(endpointShape(await getEndpoint(w, EP.split.id)), `${phase} died waiting in ${steps[k]}`).toEqual(expected);
        }
      });


      for (const mode of ['after-record', 'before-record'] as const) {
        it(`converges after a ${phase} run dies between steps (${mode})`, async () => {
          const ref = endpointRef(EP.split);
          // The uninterrupted run, for its steps and end state.
          const ref0 = await world({ fleet: splitFleet() });
          const before = endpointShape(await getEndpoint(ref0, EP.split.id));
          const { prior, steps: parkSteps } = await parkAndRecord(ref0, ref, 'undeploy-model');
          const parkedShape = endpointShape(await getEndpoint(ref0, EP.split.id));
          const restoreSteps: string[] = [];
          await ref0.remediator.restore(tokenFor(ref, 'undeploy-model', prior, { state: 'restoring' }), async (s) => void restoreSteps.push(s));
          const steps = phase === 'park' ? parkSteps : restoreSteps;
          const expected = phase === 'park' ? parkedShape : before;
          expect(steps.length).toBeGreaterThan(1);

          for (let k = 0; k < steps.length; k++) {
            const w = await world({ fleet: splitFleet() });
            const token = tokenFor(ref, 'undeploy-model', prior, phase === 'restore' ? { state: 'restoring' } : {});
            if (phase === 'restore') await w.remediator.park(token, async () => undefined);
            const recorded: string[] = [];
            const crash = new Error(`died after ${steps[k]}`);
            const run = (t: RestoreToken, on: (s: string) => Promise<void>) => (phase === 'park' ? w.remediator.park(t, on) : w.remediator.restore(t, on));
            await expect(
              run(token, async (s) => {
                if (mode === 'before-record' && s === steps[k]) throw crash;
                recorded.push(s);
                if (mode === 'after-record' && s === steps[k]) throw crash;
              }),
            ).rejects.toBe(crash);
            expect(recorded).toEqual(steps.slice(0, mode === 'after-record' ? k + 1 : k));
            const resumed: string[] = [];
            await run({ ...token, stepsDone: recorded }, async (s) => void resumed.push(s));
            expect([...recorded, ...resumed]).toEqual(steps);
            w.sim.clock.advance(SETTLE_MS);
            expect(endpointShape(await getEndpoint(w, EP.split.id)), `${phase} died at ${steps[k]}`).toEqual(expected);
          }
        });
      }
    }
  });

  describe('min-replicas-zero', () => {
    it('sets min replicas 0 through v1beta1 (replicas go once idle) and restores the minimum', async () => {
      const w = await world({ scaleToZeroPreview: true });
      const ref = endpointRef(EP.idle);
      const before = await getEndpoint(w, EP.idle.id);
      expect(replicasOf(before)).toEqual({ [EP.idle.model]: 1 });
      const { prior, providerStatus, steps } = await parkAndRecord(w, ref, 'min-replicas-zero');
      expect(providerStatus).toBe('DEPLOYED');
      expect(steps).toEqual([`min-zero:${EP.idle.model}`]);
      expect((w.sim.calls()['Vertex.MutateDeployedModel'] ?? 0)).toBe(1);
      w.sim.clock.advance(2 * HOUR_MS);
      const parked = await getEndpoint(w, EP.idle.id);
      // The deployment stays (same id, machine), with no replica floor and no replicas once idle.
      expect(parked.deployedModels?.map((m) => m.id)).toEqual([EP.idle.model]);
      expect(parked.deployedModels![0]!.dedicatedResources?.minReplicaCount ?? 0).toBe(0);
      expect(parked.deployedModels![0]!.dedicatedResources?.machineSpec).toEqual(before.deployedModels![0]!.dedicatedResources?.machineSpec);
      expect(replicasOf(parked)).toEqual({ [EP.idle.model]: 0 });

      const { restoreSeconds } = await w.remediator.restore(tokenFor(ref, 'min-replicas-zero', prior, { state: 'restoring' }), async () => undefined);
      expect(restoreSeconds).toBeGreaterThan(0);
      const restored = await getEndpoint(w, EP.idle.id);
      expect(endpointShape(restored)).toEqual(endpointShape(before));
      expect(replicasOf(restored)).toEqual({ [EP.idle.model]: 1 });
    });

    it('is refused with PREVIEW_DISABLED when clouds.gcp.scaleToZeroPreview is off, changing nothing', async () => {
      const w = await world({ scaleToZeroPreview: false });
      const ref = endpointRef(EP.idle);
      await expect(w.remediator.capture(ref, 'min-replicas-zero')).rejects.toMatchObject({ code: 'PREVIEW_DISABLED' });
      const prior = { endpointName: ref.id, models: [{ id: EP.idle.model, minReplicaCount: 1, maxReplicaCount: 1 }], untouched: [] };
      await expect(w.remediator.park(tokenFor(ref, 'min-replicas-zero', prior), async () => undefined)).rejects.toMatchObject({ code: 'PREVIEW_DISABLED' });
      expect(w.sim.calls()['Vertex.MutateDeployedModel'] ?? 0).toBe(0);
      expect(replicasOf(await getEndpoint(w, EP.idle.id))).toEqual({ [EP.idle.model]: 1 });
    });
  });

  describe('stop-notebook', () => {
    it('stops the Workbench instance and starts it again', async () => {
      const w = await world();
      const get = () => w.http.request<{ state: string; gceSetup: unknown }>({ operation: 'Notebooks.GetInstance', path: `/v2/${notebookRef.id}` });
      const before = await get();
      expect(before.state).toBe('ACTIVE');
      const { prior, providerStatus, steps } = await parkAndRecord(w, notebookRef, 'stop-notebook');
      expect(providerStatus).toBe('ACTIVE');
      expect(steps).toEqual(['stop-instance', 'wait-stopped']);
      expect((await get()).state).toBe('STOPPED');
      const { restoreSeconds } = await w.remediator.restore(tokenFor(notebookRef, 'stop-notebook', prior, { state: 'restoring' }), async () => undefined);
      expect(restoreSeconds).toBeGreaterThan(0);
      const after = await get();
      expect(after.state).toBe('ACTIVE');
      expect(after.gceSetup).toEqual(before.gceSetup);
    });
  });

  describe('stop-training-job', () => {
    it('cancels the running custom job; restore explains it cannot be resumed', async () => {
      const w = await world();
      const get = () => w.http.request<{ state: string }>({ operation: 'Vertex.GetCustomJob', path: `/v1/${jobRef.id}` });
      const { prior, providerStatus } = await parkAndRecord(w, jobRef, 'stop-training-job');
      expect(providerStatus).toBe('JOB_STATE_RUNNING');
      expect(['JOB_STATE_CANCELLING', 'JOB_STATE_CANCELLED']).toContain((await get()).state);
      w.sim.clock.advance(SETTLE_MS);
      expect((await get()).state).toBe('JOB_STATE_CANCELLED');
      await expect(w.remediator.restore(tokenFor(jobRef, 'stop-training-job', prior, { state: 'restoring' }), async () => undefined)).rejects.toMatchObject({ code: 'NOT_RESTORABLE' });
    });
  });

  it('re-checks traffic right before acting: 0 on the idle endpoint, plenty on the busy one, unknown once undeployed or for notebooks', async () => {
    const w = await world();
    const since = new Date(START.getTime() - 3 * HOUR_MS);
    expect(await w.remediator.recentInvocations(endpointRef(EP.idle), since)).toBe(0);
    expect(await w.remediator.recentInvocations(endpointRef(EP.busy), since)).toBeGreaterThan(1000);
    expect(await w.remediator.recentInvocations(notebookRef, since)).toBeUndefined();

    await parkAndRecord(w, endpointRef(EP.busy), 'undeploy-model');
    const parkedAt = w.now();
    w.sim.clock.advance(HOUR_MS);
    // No replicas, no predictions: the telemetry says nothing, which is unknown, never zero.
    expect(await w.remediator.recentInvocations(endpointRef(EP.busy), new Date(parkedAt.getTime() + MINUTE_MS))).toBeUndefined();
  });

  it('tags an endpoint for the Ignore button with the watchdog-ignore label, keeping its labels', async () => {
    const w = await world();
    const before = await getEndpoint(w, EP.idle.id);
    await w.remediator.tagResource(endpointRef(EP.idle), { 'watchdog:ignore': 'true' });
    expect((await getEndpoint(w, EP.idle.id)).labels).toEqual({ ...before.labels, 'watchdog-ignore': 'true' });
    // Tagging again is a no-op (no second PATCH).
    const patches = w.sim.calls()['Vertex.UpdateEndpoint'];
    await w.remediator.tagResource(endpointRef(EP.idle), { 'watchdog:ignore': 'true' });
    expect(w.sim.calls()['Vertex.UpdateEndpoint']).toBe(patches);
  });
});
