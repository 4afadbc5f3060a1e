import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePark } from '../../../../../src/remediation/execute-park';
import { executeRestore } from '../../../../../src/remediation/execute-restore';
import { createLedger, tokenIdFor } from '../../../../../src/remediation/ledger';
import { FileStateStore } from '../../../../../src/state/file-state-store';
import { config } from '../../../../support/builders';
import { FakeGoogle, twoModelEndpoint } from './fake-google';
import { ENDPOINT, modelSpecs, ref, remediator } from './helpers';

/** The GCP remediator behind the real gate, ledger and step bookkeeping (phase-prefixed step names). */
describe('undeploy-model through executePark / executeRestore', () => {
  let fake: FakeGoogle;
  let dir: string;
  beforeEach(async () => {
    fake = new FakeGoogle();
    await fake.start();
    fake.endpoints.set(ENDPOINT, twoModelEndpoint());
    // Idle but alive: replicas reported, no prediction points.
    fake.metrics.set('4000000000000000001', { replicas: [{ points: [{ value: { int64Value: '3' } }] }] });
    dir = mkdtempSync(join(tmpdir(), 'wd-gcp-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fake.stop();
  });

  it('parks after the zero-filled re-check, records every step, restores with restoreSeconds', async () => {
    const ledger = createLedger(new FileStateStore({ file: join(dir, 'state.json'), findingsTtlDays: 90, now: fake.now }), fake.now);
    const r = remediator(fake);
    const deps = { config: config({ remediation: { mode: 'approve' } }), ledger, now: fake.now, remediatorFor: () => r };
    const approval = { by: 'slack' as const, principal: 'U0123ABCD', at: fake.now() };
    const plan = {
      planId: 'idle-gpu:gcp:my-ml-project:us-central1:endpoint:fraud-scorer#1',
      fingerprint: 'idle-gpu:gcp:my-ml-project:us-central1:endpoint:fraud-scorer',
      findingKind: 'idle-gpu' as const,
      ref: ref('endpoint', ENDPOINT, 'fraud-scorer'),
      tags: { team: 'risk' },
      action: 'undeploy-model' as const,
      hourlySaving: { amount: 1.6, currency: 'USD' },
      basis: 'list-price' as const,
      reason: 'idle',
      detectedAt: new Date(fake.nowMs - 3600_000),
      resourceCreatedAt: new Date('2025-04-30T08:00:00Z'),
    };
    const parked = await executePark(plan, deps, { approval, parksThisRun: 0 });
    expect(parked.message).toMatch(/parked/);
    expect(parked.status).toBe('parked');
    const token = (await ledger.get(tokenIdFor(plan.planId)))!;
    expect(token.stepsDone).toEqual(['park:undeploy:2222222222', 'park:undeploy:1111111111']);
    expect(fake.endpoints.get(ENDPOINT)!.deployedModels).toEqual([]);

    const restored = await executeRestore(token, approval, deps);
    expect(restored.status).toBe('restored');
    expect(restored.token.restoreSeconds).toBeGreaterThan(0);
    expect(restored.token.stepsDone.filter((s) => s.startsWith('restore:'))).toEqual([
      'restore:deploy:1111111111',
      'restore:deploy:2222222222',
      'restore:traffic-split',
      'restore:wait-serving',
    ]);
    expect(modelSpecs(fake.endpoints.get(ENDPOINT))).toEqual(modelSpecs(twoModelEndpoint()));
    expect(fake.endpoints.get(ENDPOINT)!.trafficSplit).toEqual({ '1111111111': 70, '2222222222': 30 });
  });
});
