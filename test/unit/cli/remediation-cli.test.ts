import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';
import { useCliCapture } from '../../support/cli-capture';

/** The "done when": npm start in auto mode parks and prints the saving; restore brings it back; approve prints the alert with buttons. */
describe('remediation from the CLI, in the persisted simulated world', () => {
  const cli = useCliCapture('wd-rem-cli-');
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    cli.out = '';
    cli.err = '';
    return main(argv, env, cli.dir);
  };

  it('dry-run by default: says what it would park and changes nothing', async () => {
    expect(await run(['start'])).toBe(0);
    expect(cli.out).toMatch(/DRY-RUN nlp-llama3-70b-eval/);
    expect(cli.out).toMatch(/\$5,175\.70\/month \(list price\)/);
    expect(await run(['actions'])).toBe(0);
    expect(cli.out).toContain('No remediation actions recorded yet.');
  });

  it('auto parks the abandoned endpoints of all three clouds and prints the saving; restore brings them back in a later run', async () => {
    expect(await run(['start'], { WATCHDOG_REMEDIATION_MODE: 'auto' })).toBe(0);
    expect(cli.out).toMatch(/PARKED nlp-llama3-70b-eval \(delete-endpoint-keep-config\): saves \$7\.09\/h, \$5,175\.70\/month/);
    expect(cli.out).toMatch(/PARKED vision-defect-detector \(undeploy-model\): saves \$[\d.]+\/h/);
    expect(cli.out).toMatch(/PARKED fraud-scorer \(delete-deployment\): saves \$[\d.]+\/h, \$[\d,.]+\/month \(billed\)/);
    const azureToken = /fraud-scorer[^\n]*\n\s*Restore token (wd-[0-9a-f]+)/.exec(cli.out)?.[1];
    expect(azureToken).toBeDefined();
    const token = /nlp-llama3-70b-eval[^\n]*\n\s*Restore token (wd-[0-9a-f]+)/.exec(cli.out)?.[1];
    const gcpToken = /vision-defect-detector[^\n]*\n\s*Restore token (wd-[0-9a-f]+)/.exec(cli.out)?.[1];
    expect(gcpToken).toBeDefined();
    expect(token).toBeDefined();

    // A new process: the endpoint is gone from the simulated account, the ledger remembers it.
    expect(await run(['start'], { WATCHDOG_REMEDIATION_MODE: 'auto' })).toBe(0);
    expect(cli.out).not.toContain('nlp-llama3-70b-eval │');
    expect(cli.out).not.toMatch(/gcp us-central1 +│ vision-defect-detector/); // an AWS endpoint of that name is in the demo too
    expect(cli.out).not.toContain('fraud-scorer │');
    expect(await run(['actions', '--json'])).toBe(0);
    const ledger = JSON.parse(cli.out) as { tokens: { tokenId: string }[] };
    // The second run parks no notebook: idle-notebook is capped at approve in auto mode (idleness is inferred).
    expect(ledger.tokens).toHaveLength(3);
    expect(ledger.tokens.find((t) => t.tokenId === token)).toMatchObject({ state: 'parked', approval: { by: 'auto', principal: 'scan' } });

    expect(await run(['restore', 'fraud-scorer'])).toBe(0);
    expect(cli.out).toMatch(/restored: restored fraud-scorer in \d+ min/);

    expect(await run(['restore', gcpToken!])).toBe(0);
    expect(cli.out).toMatch(/restored: restored vision-defect-detector/);

    expect(await run(['restore', token!])).toBe(0);
    expect(cli.out).toMatch(/restored: restored nlp-llama3-70b-eval in \d+ min/);
    expect(await run(['restore', token!])).toBe(0);
    expect(cli.out).toMatch(/already-restored/);
    expect(await run(['actions', '--json'])).toBe(0);
    expect((JSON.parse(cli.out) as { tokens: { tokenId: string }[] }).tokens.find((t) => t.tokenId === token)).toMatchObject({ state: 'restored', stepsDone: expect.arrayContaining([expect.stringMatching(/^park:/), expect.stringMatching(/^restore:/)]) });
  });

  it('approve mode prints the Slack alert with its buttons, and park from the CLI is the approval', async () => {
    expect(await run(['start'], { WATCHDOG_REMEDIATION_MODE: 'approve' })).toBe(0);
    expect(cli.out).toMatch(/AWAITING APPROVAL nlp-llama3-70b-eval/);
    expect(cli.out).toContain('Park now | Snooze 24 h | Snooze 7 d | Ignore');
    expect(await run(['park', 'nlp-llama3-70b-eval', '--dry-run'], { WATCHDOG_REMEDIATION_MODE: 'approve' })).toBe(0);
    expect(cli.out).toMatch(/every guardrail passes/);
    expect(await run(['park', 'nlp-llama3-70b-eval'], { WATCHDOG_REMEDIATION_MODE: 'approve' })).toBe(0);
    expect(cli.out).toMatch(/PARKED nlp-llama3-70b-eval/);
  });

  it('refuses with exit 4 when the gate says no, and explains', async () => {
    expect(await run(['park', 'nlp-llama3-70b-eval'])).toBe(4);
    expect(cli.out).toMatch(/dry-run/);
    expect(await run(['park', 'no-such-endpoint'], { WATCHDOG_REMEDIATION_MODE: 'approve' })).toBe(1);
    expect(cli.err).toMatch(/no current finding for "no-such-endpoint"/);
    expect(await run(['restore', 'wd-000000000000'])).toBe(1);
    expect(cli.err).toMatch(/no restore token/);
  });
});

describe('a saved simulated world for another fleet', () => {
  it('is moved aside, not lost, and the demo starts afresh', async () => {
    const { mkdtempSync: mk, readFileSync, writeFileSync, readdirSync } = await import('node:fs');
    const dir = mk(join(tmpdir(), 'wd-mismatch-'));
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      // A world with a recorded write (a park), saved for the built-in demo fleet.
      expect(await main(['start'], { WATCHDOG_REMEDIATION_MODE: 'auto' }, dir)).toBe(0);
      const changed = JSON.parse(readFileSync('src/sim/fleets/demo.json', 'utf8'));
      changed.endpoints[0].tags = { ...changed.endpoints[0].tags, changed: 'yes' };
      const fleetFile = join(dir, 'changed.json');
      writeFileSync(fleetFile, JSON.stringify(changed));
      expect(await main(['demo', '--fleet', fleetFile], {}, dir)).toBe(0);
      expect(err).toMatch(/moved it to .*demo\.old-/);
      expect(readdirSync(join(dir, '.watchdog')).filter((f) => f.startsWith('demo.old-'))).toHaveLength(1);
    } finally {
      vi.restoreAllMocks();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
