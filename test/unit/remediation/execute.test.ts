import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePark, type RemediationDeps } from '../../../src/remediation/execute-park';
import { executeRestore } from '../../../src/remediation/execute-restore';
import { createLedger, tokenIdFor, type Ledger } from '../../../src/remediation/ledger';
import { FileStateStore } from '../../../src/state/file-state-store';
import { HOUR, NOW, config } from '../../support/builders';
import { fakeRemediator } from './fake-remediator';
import { person, plan } from './plan-fixtures';

describe('executePark / executeRestore', () => {
  let dir: string;
  let ledger: Ledger;
  let clock: Date;
  let fake: ReturnType<typeof fakeRemediator>;
  let deps: RemediationDeps;
  const approve = config({ remediation: { mode: 'approve' } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wd-exec-'));
    clock = NOW;
    const now = () => clock;
    ledger = createLedger(new FileStateStore({ file: join(dir, 'state.json'), findingsTtlDays: 90, now }), now);
    fake = fakeRemediator({ tokenExists: async (id) => (await ledger.get(id)) !== undefined });
    deps = { config: approve, ledger, now, remediatorFor: () => fake.remediator };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the restore token before changing anything, then parks and records the step', async () => {
    const r = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    expect(r.status).toBe('parked');
    expect(fake.state.writesBeforeToken).toBe(0);
    expect(fake.state.status).toBe('Deleted');
    const token = await ledger.get(tokenIdFor(plan().planId));
    expect(token).toMatchObject({ state: 'parked', stepsDone: ['park:delete-endpoint'], approval: { by: 'slack', principal: 'U0123ABCD' }, prior: { endpointConfigName: 'cfg-1' } });
  });

  it('acts once when the same plan runs twice (double click, retry)', async () => {
    await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    const again = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    expect(again.status).toBe('already-parked');
    expect(fake.state.calls).toEqual(['delete-endpoint']);
  });

  it('resumes after a crash between steps without losing the token, converging to the same end state', async () => {
    fake.state.crashAt = 'delete-endpoint';
    const first = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    expect(first.status).toBe('failed');
    expect(first.message).toContain('ml-watchdog restore');
    expect((await ledger.get(tokenIdFor(plan().planId)))?.state).toBe('failed');
    const second = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    expect(second.status).toBe('parked');
    expect(fake.state.status).toBe('Deleted');
    expect(fake.state.calls).toEqual(['delete-endpoint']);
  });

  it('changes nothing when the gate says no: dry-run, needs approval, traffic since detection, --dry-run', async () => {
    expect((await executePark(plan(), { ...deps, config: config() }, { approval: person, parksThisRun: 0 })).status).toBe('dry-run');
    expect((await executePark(plan(), deps, { parksThisRun: 0 })).status).toBe('needs-approval');
    const busy = fakeRemediator({ invocations: 4 });
    const blocked = await executePark(plan(), { ...deps, remediatorFor: () => busy.remediator }, { approval: person, parksThisRun: 0 });
    expect(blocked).toMatchObject({ status: 'blocked' });
    expect(blocked.message).toMatch(/4 invocation/);
    const dry = await executePark(plan(), deps, { approval: person, parksThisRun: 0, dryRun: true });
    expect(dry.status).toBe('dry-run');
    expect(dry.message).toMatch(/every guardrail passes/);
    expect(fake.state.calls).toEqual([]);
    expect(busy.state.calls).toEqual([]);
    expect(await ledger.list({})).toEqual([]);
  });

  it('restores from the token alone, days later, idempotently, with the restore time and the saving', async () => {
    const parked = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    clock = new Date(NOW.getTime() + 72 * HOUR);
    const r = await executeRestore(parked.token!, person, deps);
    expect(r).toMatchObject({ status: 'restored', token: { state: 'restored', restoreSeconds: 360 } });
    expect(r.token.stepsDone).toEqual(['park:delete-endpoint', 'restore:create-endpoint', 'restore:wait-in-service']);
    expect(fake.state.status).toBe('InService');
    expect((await executeRestore(r.token, person, deps)).status).toBe('already-restored');
    const savings = await ledger.savings({ since: NOW, until: clock });
    expect(savings.total[0]!.amount).toBeCloseTo(72 * 7.09, 1);
  });

  it('resumes an interrupted restore at the step that failed', async () => {
    const parked = await executePark(plan(), deps, { approval: person, parksThisRun: 0 });
    fake.state.crashAt = 'wait-in-service';
    const failed = await executeRestore(parked.token!, person, deps);
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/resumes where it stopped/);
    // A park retry must not fight the pending restore.
    expect((await executePark(plan(), deps, { approval: person, parksThisRun: 0 })).status).toBe('failed');
    const done = await executeRestore((await ledger.get(parked.token!.tokenId))!, person, deps);
    expect(done.status).toBe('restored');
    expect(fake.state.calls).toEqual(['delete-endpoint', 'create-endpoint', 'wait-in-service']);
  });
});
