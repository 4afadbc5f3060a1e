import { afterEach, describe, expect, it } from 'vitest';
import { buildGcpReader, buildGcpRemediator, googleAccess } from '../../src/app/gcp-deps';
import { simGoogleAuth, simulatorConfig } from '../../src/cli/world';
import { configSchema, type WatchdogConfig } from '../../src/config/schema';
import type { RestoreToken } from '../../src/domain/remediation';
import type { Endpoint, Notebook } from '../../src/domain/resources';
import { GoogleHttp } from '../../src/providers/gcp/google-http';
import type { CloudReader, CloudRemediator } from '../../src/providers/types';
import { demoFleet, loadFleet, startSimulator, type Fleet, type Simulator } from '../../src/sim';
import { tokenFor } from './gcp-world';

/**
 * The Google remediator against the simulator, through real HTTP: resources found by the real reader (so the refs
 * are exactly what a finding would carry), parked and restored from the token alone, observed with plain GETs.
 */

const START = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

interface World {
  sim: Simulator;
  config: WatchdogConfig;
  reader: CloudReader;
  remediator: CloudRemediator;
  http: GoogleHttp;
  close(): Promise<void>;
}

async function world(fleet: Fleet, gcp: Record<string, unknown> = {}): Promise<World> {
  const sim = await startSimulator({ fleet, now: START });
  const base = simulatorConfig(configSchema.parse({}), sim, fleet);
  const config = { ...base, clouds: { ...base.clouds, aws: { ...base.clouds.aws, enabled: false }, gcp: { ...base.clouds.gcp, ...gcp } } };
  const access = googleAccess(config, simGoogleAuth());
  const now = () => sim.clock.now();
  return {
    sim,
    config,
    reader: buildGcpReader({ config, access, now }),
    remediator: buildGcpRemediator({ config, access, now, sleep: async (ms) => sim.clock.advance(ms) }),
    http: access.http(),
    close: () => sim.close(),
  };
}

async function endpointNamed(w: World, name: string): Promise<Endpoint> {
  const inv = await w.reader.inventory({});
  return inv.endpoints.find((e) => e.ref.name === name)!;
}

interface EndpointJson {
  deployedModels?: { id: string; dedicatedResources?: { machineSpec?: unknown; minReplicaCount?: number }; status?: { availableReplicaCount?: number } }[];
  trafficSplit?: Record<string, number>;
  labels?: Record<string, string>;
}

const getEndpoint = (w: World, e: Endpoint) => w.http.request<EndpointJson>({ operation: 'Vertex.GetEndpoint', location: e.ref.region, path: `/v1/${e.ref.id}` });

/** Steps recorded as the executor would: appended to the token after each one. */
async function park(w: World, t: RestoreToken): Promise<RestoreToken> {
  const done = [...t.stepsDone];
  await w.remediator.park(t, async (s) => void done.push(s));
  return { ...t, state: 'parked', stepsDone: done };
}

describe('GCP remediator against the simulator', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('undeploy-model: parks the idle demo endpoint to zero replicas and usage, restores the same models, split and labels', async () => {
    w = await world(demoFleet());
    const e = await endpointNamed(w, 'vision-defect-detector');
    const before = await getEndpoint(w, e);
    const { prior, providerStatus, createdAt } = await w.remediator.capture(e.ref, 'undeploy-model');
    expect(providerStatus).toBe('DEPLOYED');
    expect(createdAt).toBeInstanceOf(Date);
    const parked = await park(w, tokenFor(e.ref, 'undeploy-model', prior));
    expect(parked.stepsDone.some((s) => s.startsWith('undeploy:'))).toBe(true);

    w.sim.clock.advance(HOUR);
    expect((await getEndpoint(w, e)).deployedModels ?? []).toEqual([]);
    const after = await endpointNamed(w, 'vision-defect-detector');
    expect(after.variants).toEqual([]);
    // The re-check knows nothing serves any more: no replicas, no predictions, so unknown, never "0 calls".
    expect(await w.remediator.recentInvocations(e.ref, new Date(w.sim.clock.now().getTime() - HOUR))).toBeUndefined();

    const { restoreSeconds } = await w.remediator.restore({ ...parked, state: 'restoring' }, async () => undefined);
    expect(restoreSeconds).toBeGreaterThan(0);
    const back = await getEndpoint(w, e);
    expect(back.deployedModels!.map((m) => [m.id, m.dedicatedResources])).toEqual(before.deployedModels!.map((m) => [m.id, m.dedicatedResources]));
    expect(back.trafficSplit).toEqual(before.trafficSplit);
    w.sim.clock.advance(HOUR);
    expect((await endpointNamed(w, 'vision-defect-detector')).variants[0]!.currentInstanceCount).toBeGreaterThan(0);
    // Idle but serving again: zero predictions with live replicas.
    expect(await w.remediator.recentInvocations(e.ref, new Date(w.sim.clock.now().getTime() - HOUR))).toBe(0);

    // Restore again: nothing to do, nothing changes.
    await w.remediator.restore({ ...parked, state: 'restoring' }, async () => undefined);
    expect(await getEndpoint(w, e)).toMatchObject({ trafficSplit: before.trafficSplit });
  });

  it('undeploy-model: a 70/30 endpoint comes back with exactly its split, also after a crash between steps', async () => {
    const model = (id: string, pct: number) => ({ id, displayName: `m${id}`, model: '42', machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, trafficPct: pct });
    w = await world(loadFleet({ gcp: { projects: [{ id: 'contract-proj', number: '123456789012' }], endpoints: [{ displayName: 'split', deployedModels: [model('111', 70), model('222', 30)] }] } }));
    const e = await endpointNamed(w, 'split');
    const { prior } = await w.remediator.capture(e.ref, 'undeploy-model');
    const t = tokenFor(e.ref, 'undeploy-model', prior);
    // Crash after the first step, then run again from what the ledger recorded.
    const done: string[] = [];
    await expect(
      w.remediator.park(t, async (s) => {
        done.push(s);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const parked = await park(w, { ...t, stepsDone: done });
    expect(parked.stepsDone.filter((s) => s.startsWith('undeploy:'))).toHaveLength(2);
    w.sim.clock.advance(HOUR);
    expect((await getEndpoint(w, e)).deployedModels ?? []).toEqual([]);
    await w.remediator.restore({ ...parked, state: 'restoring' }, async () => undefined);
    expect((await getEndpoint(w, e)).trafficSplit).toEqual({ '111': 70, '222': 30 });
  });

  it('min-replicas-zero only with the preview switched on, and restore puts the minimum back', async () => {
    w = await world(demoFleet(), { scaleToZeroPreview: false });
    const e = await endpointNamed(w, 'vision-defect-detector');
    await expect(w.remediator.capture(e.ref, 'min-replicas-zero')).rejects.toMatchObject({ code: 'PREVIEW_DISABLED' });
    await w.close();
    w = await world(demoFleet(), { scaleToZeroPreview: true });
    const e2 = await endpointNamed(w, 'vision-defect-detector');
    const { prior } = await w.remediator.capture(e2.ref, 'min-replicas-zero');
    const parked = await park(w, tokenFor(e2.ref, 'min-replicas-zero', prior));
    // proto3 JSON leaves the zero out.
    expect((await getEndpoint(w, e2)).deployedModels![0]!.dedicatedResources!.minReplicaCount ?? 0).toBe(0);
    expect((await endpointNamed(w, 'vision-defect-detector')).variants[0]!.scaling?.minInstances).toBe(0);
    await w.remediator.restore({ ...parked, state: 'restoring' }, async () => undefined);
    expect((await getEndpoint(w, e2)).deployedModels![0]!.dedicatedResources!.minReplicaCount).toBe(1);
  });

  it('stop-notebook stops the demo Workbench instance and start brings it back', async () => {
    w = await world(demoFleet());
    const nb = (await w.reader.inventory({})).notebooks[0] as Notebook;
    expect(nb.providerStatus).toBe('ACTIVE');
    const { prior } = await w.remediator.capture(nb.ref, 'stop-notebook');
    const parked = await park(w, tokenFor(nb.ref, 'stop-notebook', prior));
    expect((await w.reader.inventory({})).notebooks[0]!.providerStatus).toBe('STOPPED');
    await w.remediator.restore({ ...parked, state: 'restoring' }, async () => undefined);
    expect((await w.reader.inventory({})).notebooks[0]!.providerStatus).toBe('ACTIVE');
  });

  it('stop-training-job cancels the demo custom job, and the Ignore label lands on an endpoint as watchdog-ignore', async () => {
    w = await world(demoFleet());
    const inv = await w.reader.inventory({});
    const job = inv.trainingJobs[0]!;
    const { prior } = await w.remediator.capture(job.ref, 'stop-training-job');
    await park(w, tokenFor(job.ref, 'stop-training-job', prior));
    w.sim.clock.advance(HOUR);
    expect((await w.reader.inventory({})).trainingJobs).toEqual([]);

    const e = inv.endpoints.find((x) => x.ref.name === 'recs-ranker-prod')!;
    await w.remediator.tagResource(e.ref, { 'watchdog:ignore': 'true' });
    expect((await getEndpoint(w, e)).labels).toMatchObject({ 'watchdog-ignore': 'true', owner: 'team-recs' });
    expect((await endpointNamed(w, 'recs-ranker-prod')).tags).toMatchObject({ 'watchdog:ignore': 'true' });
  });
});

describe('GCP remediator against the simulator: a crash after any step', () => {
  const model = (id: string, pct: number) => ({ id, displayName: `m${id}`, model: '42', machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, trafficPct: pct });
  const fleet = () =>
    loadFleet({ gcp: { projects: [{ id: 'contract-proj', number: '123456789012' }], endpoints: [{ displayName: 'split', deployedModels: [model('111', 60), model('222', 40)] }] } });

  /** Runs `run` to completion, recording the steps, once without a crash. */
  async function stepsOf(run: (onStep: (s: string) => Promise<void>) => Promise<unknown>): Promise<string[]> {
    const steps: string[] = [];
    await run(async (s) => void steps.push(s));
    return steps;
  }

  it('park and restore each converge to the same end state whichever step the process died after', async () => {
    const reference = await world(fleet());
    const e = await endpointNamed(reference, 'split');
    const { prior } = await reference.remediator.capture(e.ref, 'undeploy-model');
    const t = tokenFor(e.ref, 'undeploy-model', prior);
    const parkSteps = await stepsOf((on) => reference.remediator.park(t, on));
    const restoreSteps = await stepsOf((on) => reference.remediator.restore({ ...t, state: 'restoring', stepsDone: parkSteps }, on));
    const final = await getEndpoint(reference, e);
    await reference.close();
    expect(parkSteps.length).toBeGreaterThan(1);

    for (const [phase, steps] of [['park', parkSteps], ['restore', restoreSteps]] as const) {
      for (let k = 0; k < steps.length; k++) {
        const w2 = await world(fleet());
        try {
          const done = phase === 'park' ? [] : [...parkSteps];
          if (phase === 'restore') await w2.remediator.park(t, async () => undefined);
          const run = (from: string[], on: (s: string) => Promise<void>) =>
            phase === 'park' ? w2.remediator.park({ ...t, stepsDone: from }, on) : w2.remediator.restore({ ...t, state: 'restoring', stepsDone: from }, on);
          // The process dies right after step k completed, before the ledger recorded it.
          let n = 0;
          await expect(
            run(done, async (s) => {
              if (n++ === k) throw new Error('crash');
              done.push(s);
            }),
          ).rejects.toThrow('crash');
          const resumed: string[] = [];
          await run(done, async (s) => void resumed.push(s));
          expect([...done, ...resumed].filter((s) => s.startsWith(`${phase === 'park' ? 'undeploy' : 'deploy'}:`)).length, `${phase} crash after step ${k}`).toBe(2);
          w2.sim.clock.advance(HOUR);
          const end = await getEndpoint(w2, e);
          if (phase === 'park') expect(end.deployedModels ?? [], `park crash after step ${k}`).toEqual([]);
          else {
            expect(end.trafficSplit, `restore crash after step ${k}`).toEqual(final.trafficSplit);
            expect(end.deployedModels!.map((m) => m.id).sort()).toEqual(['111', '222']);
          }
        } finally {
          await w2.close();
        }
      }
    }
  }, 60_000);
});
