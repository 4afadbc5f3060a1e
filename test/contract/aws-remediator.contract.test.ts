import { ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import type { RestoreToken } from '../../src/domain/remediation';
import { createAwsRemediationClients } from '../../src/providers/aws/clients';
import { createAwsRemediator } from '../../src/providers/aws/remediation';
import type { CloudRemediator } from '../../src/providers/types';
import { SIM_CREDENTIALS, simHarness, type SimHarness } from '../support/sim-deps';
import { CASES, contractFleet, refOf, START, type Clients, type ContractCase } from './aws-remediator-world';

/**
 * The AWS remediator against the simulator, through the real SDK clients: every park action parks its resource to
 * zero and restores it, and a crash at any step (a failing call, or a run that dies after a step changed the cloud
 * but before the ledger recorded it) converges, on re-run, to the same end state as an uninterrupted run.
 */

const POLL_MS = 30_000;
/** Long enough for every transition (teardown 60 s, provisioning 360 s) to settle before comparing runs. */
const SETTLE_MS = 30 * 60_000;

interface World {
  h: SimHarness;
  remediator: CloudRemediator;
  clients: Clients;
}

const open: SimHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.sim.close()));
});

async function world(): Promise<World> {
  const h = await simHarness({ fleet: contractFleet(), now: START });
  open.push(h);
  // One attempt per call, so an injected fault is a failed step rather than a retried call.
  const clientsFor = (region: string) => createAwsRemediationClients({ region, endpointUrl: h.sim.url, credentials: SIM_CREDENTIALS, maxAttempts: 1 });
  const remediator = createAwsRemediator({
    clientsFor,
    now: h.now,
    // Waiting moves the simulator's virtual clock: no wall time, and restoreSeconds is virtual time.
    sleep: async (ms) => h.sim.clock.advance(ms),
    pollMs: POLL_MS,
    waitTimeoutMs: 20 * 60_000,
  });
  return { h, remediator, clients: clientsFor('us-east-1') };
}

function tokenFor(c: ContractCase, prior: Record<string, unknown>, over: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: `tok-${c.action}`,
    planId: `plan-${c.action}`,
    ref: c.ref,
    action: c.action,
    // The ledger keeps prior as JSON.
    prior: JSON.parse(JSON.stringify(prior)) as Record<string, unknown>,
    approval: { by: 'cli', principal: 'contract-test', at: START },
    state: 'parking',
    stepsDone: [],
    createdAt: START,
    hourlySaving: { amount: 1, currency: 'USD' },
    basis: 'list-price',
    ...over,
  };
}

async function settled(w: World, c: ContractCase): Promise<Record<string, unknown>> {
  w.h.sim.clock.advance(SETTLE_MS);
  return c.observe(w.clients);
}

/**
 * Records the steps of an uninterrupted run and, per step, the operation to break in a crash run: the step's
 * write call (what changed the cloud), or its first read when it wrote nothing (a wait, or work already done).
 * Learned from the simulator's call counts, so the contract does not restate each action's internals.
 */
function stepRecorder(w: World) {
  const steps: string[] = [];
  const operationOf = new Map<string, string>();
  let before = w.h.sim.calls();
  const onStep = async (step: string) => {
    const now = w.h.sim.calls();
    const called = Object.keys(now).filter((op) => now[op]! > (before[op] ?? 0));
    const writes = called.filter((op) => !/\.(Describe|List|Get)/.test(op));
    if (called.length === 0) throw new Error(`step ${step} made no AWS call`);
    operationOf.set(step, writes[0] ?? called[0]!);
    steps.push(step);
    before = now;
  };
  return { steps, operationOf, onStep };
}

/** Captures and parks without interruption; returns the prior, the steps and the settled end state. */
async function parkUninterrupted(c: ContractCase) {
  const w = await world();
  const before = await c.observe(w.clients);
  const { prior, providerStatus } = await w.remediator.capture(c.ref, c.action);
  const rec = stepRecorder(w);
  await w.remediator.park(tokenFor(c, prior), rec.onStep);
  return { w, before, prior, providerStatus, steps: rec.steps, operationOf: rec.operationOf, parked: await settled(w, c) };
}

type CrashMode = 'call-fails' | 'dies-before-record';
/** The re-run comes at once (the resource is mid-transition: Deleting, Updating...) or later (it has settled). */
const RESUME_AFTER_MS = [0, 10 * 60_000] as const;

/**
 * Runs `phase` with a crash at step `index`, then runs it again with the steps the ledger would have recorded.
 * 'call-fails': the step's AWS call fails once (a simulator fault injected as the step starts). 'dies-before-record':
 * the step did its work but the run died before onStep recorded it, so the re-run repeats the step.
 */
async function runWithCrash(
  w: World,
  run: (token: RestoreToken, onStep: (s: string) => Promise<void>) => Promise<unknown>,
  token: RestoreToken,
  steps: readonly string[],
  operationOf: ReadonlyMap<string, string>,
  index: number,
  mode: CrashMode,
  resumeAfterMs: number,
) {
  const target = steps[index]!;
  const breakTarget = () => w.h.sim.faults.inject({ operation: operationOf.get(target)!, kind: 'server-error', times: 1 });
  const recorded = [...token.stepsDone];
  const crash = new Error(`run died after ${target}`);
  if (mode === 'call-fails' && index === 0) breakTarget();
  const first = await run(token, async (s) => {
    if (mode === 'dies-before-record' && s === target) throw crash;
    recorded.push(s);
    if (mode === 'call-fails' && steps[steps.indexOf(s) + 1] === target) breakTarget();
  }).then(
    () => 'completed',
    (e: unknown) => e,
  );
  if (mode === 'dies-before-record') expect(first).toBe(crash);
  else expect(first).toMatchObject({ name: 'AwsRemediationError', step: target, resource: token.ref.id });
  w.h.sim.faults.clear();
  expect(recorded).toEqual([...token.stepsDone, ...steps.slice(0, index)]);
  w.h.sim.clock.advance(resumeAfterMs);
  const resumed: string[] = [];
  await run({ ...token, stepsDone: recorded }, async (s) => void resumed.push(s));
  expect([...recorded, ...resumed]).toEqual([...token.stepsDone, ...steps]);
}

describe('AWS remediator contract (simulator, real SDK clients)', () => {
  it('covers every park action the remediator declares', async () => {
    const w = await world();
    expect(CASES.map((c) => c.action).sort()).toEqual(w.remediator.actions.map((a) => a.action).sort());
  });

  for (const c of CASES) {
    describe(c.action, () => {
      it('parks the resource to zero and restores it as it was', async () => {
        const { w, before, prior, providerStatus, steps, parked } = await parkUninterrupted(c);
        expect(providerStatus).toBe(c.origin);
        expect(w.remediator.actions.find((a) => a.action === c.action)!.validOriginStates).toContain(providerStatus);
        expect(steps.length).toBeGreaterThan(0);
        expect(c.atZero(before)).toBe(false);
        expect(c.atZero(parked)).toBe(true);

        const spec = w.remediator.actions.find((a) => a.action === c.action)!;
        const restore = w.remediator.restore(tokenFor(c, prior, { state: 'restoring', stepsDone: [] }), async () => undefined);
        if (!spec.restorable) {
          await expect(restore).rejects.toMatchObject({ code: 'NOT_RESTORABLE' });
          return;
        }
        const { restoreSeconds } = await restore;
        expect(restoreSeconds).toBeGreaterThan(0);
        expect(await settled(w, c)).toEqual(before);
      });

      it('converges after a crash at any park step, to the same end state as an uninterrupted run', async () => {
        const { prior, steps, operationOf, parked } = await parkUninterrupted(c);
        for (const mode of ['call-fails', 'dies-before-record'] as const) {
          for (const later of RESUME_AFTER_MS) {
            for (let i = 0; i < steps.length; i++) {
              const w = await world();
              await runWithCrash(w, (t, on) => w.remediator.park(t, on), tokenFor(c, prior), steps, operationOf, i, mode, later);
              expect(await settled(w, c), `${mode} at ${steps[i]}, resumed after ${later} ms`).toEqual(parked);
            }
          }
        }
      });

      it('converges after a crash at any restore step, back to where it started', async () => {
        const { w: first, before, prior } = await parkUninterrupted(c);
        // Nothing to restore for a stopped training job (its restore is covered above).
        if (!first.remediator.actions.find((a) => a.action === c.action)!.restorable) return;
        const rec = stepRecorder(first);
        await first.remediator.restore(tokenFor(c, prior, { state: 'restoring' }), rec.onStep);
        for (const mode of ['call-fails', 'dies-before-record'] as const) {
          for (const later of RESUME_AFTER_MS) {
            for (let i = 0; i < rec.steps.length; i++) {
              const { w } = await parkUninterrupted(c);
              await runWithCrash(w, (t, on) => w.remediator.restore(t, on), tokenFor(c, prior, { state: 'restoring' }), rec.steps, rec.operationOf, i, mode, later);
              expect(await settled(w, c), `${mode} at ${rec.steps[i]}, resumed after ${later} ms`).toEqual(before);
            }
          }
        }
      });
    });
  }

  it('re-checks traffic right before acting: none on the abandoned endpoint, plenty on a busy one, unknown for notebooks', async () => {
    const w = await world();
    const since = new Date(START.getTime() - 3 * 3_600_000);
    expect(await w.remediator.recentInvocations(refOf('endpoint', 'nlp-llama3-70b-eval'), since)).toBe(0);
    expect(await w.remediator.recentInvocations(refOf('endpoint', 'search-ranker-prod'), since)).toBeGreaterThan(1000);
    expect(await w.remediator.recentInvocations(refOf('notebook', 'ds-priya-llm-exploration'), since)).toBeUndefined();
  });

  it('reports the classic endpoint\'s restore time on the virtual clock (CreateEndpoint takes provisioningSeconds)', async () => {
    const c = CASES.find((x) => x.action === 'delete-endpoint-keep-config')!;
    const { w, prior } = await parkUninterrupted(c);
    const { restoreSeconds } = await w.remediator.restore(tokenFor(c, prior, { state: 'restoring' }), async () => undefined);
    // 360 s of provisioning, seen by polls every 30 s.
    expect(restoreSeconds).toBeGreaterThanOrEqual(360);
    expect(restoreSeconds).toBeLessThanOrEqual(360 + POLL_MS / 1000);
  });

  it('tags a resource for the Ignore button', async () => {
    const w = await world();
    await w.remediator.tagResource(refOf('endpoint', 'legacy-churn-model'), { 'watchdog:ignore': 'true' });
    const tags = await w.clients.sagemaker.send(new ListTagsCommand({ ResourceArn: refOf('endpoint', 'legacy-churn-model').id, MaxResults: 50 }));
    expect(tags.Tags).toContainEqual({ Key: 'watchdog:ignore', Value: 'true' });
  });
});
