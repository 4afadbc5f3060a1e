import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';
import { DEMO_DIR } from '../../../src/cli/world';
import { FileStateStore } from '../../../src/state/file-state-store';
import { readWatchdogUsage } from '../../../src/usage/usage-store';
import { useCliCapture } from '../../support/cli-capture';

describe('ml-watchdog CLI', () => {
  const cli = useCliCapture('wd-cli-');

  it('start without a config audits the simulated fleet and prints the abandoned GPU endpoint with its waste and basis', async () => {
    expect(await main(['start'], {}, cli.dir)).toBe(0);
    expect(cli.out).toContain('built-in simulated fleet');
    expect(cli.out).toContain('nlp-llama3-70b-eval');
    expect(cli.out).toMatch(/\$5,176/);
    expect(cli.out).toContain('list price');
    expect(cli.out).toContain('ml.g5.12xlarge at $7.090/h');
  });

  it('start records the audit and the weekly report as two usage records; the audit\'s calls are the simulator\'s', async () => {
    expect(await main(['start'], {}, cli.dir)).toBe(0);
    const answered = Number(/The simulator answered (\d+) API calls/.exec(cli.out)?.[1]);
    const store = new FileStateStore({ file: join(cli.dir, DEMO_DIR, 'state.json'), findingsTtlDays: 90, now: () => new Date() });
    const records = await readWatchdogUsage(store, { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 86_400_000) });
    const totals = records.map((r) => r.calls.reduce((n, c) => n + c.calls, 0));
    expect(records.map((r) => r.functionName)).toEqual(['cli', 'cli']);
    // The report collects again (five weeks of billing): a record of its own, never mixed into the audit's.
    expect(totals).toContain(answered);
    expect(Math.min(...totals)).toBeGreaterThan(0);
  });

  it('demo --json prints the documented audit document', async () => {
    expect(await main(['demo', '--json'], {}, cli.dir)).toBe(0);
    const doc = JSON.parse(cli.out);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary.findings).toBe(doc.findings.length);
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toContain('idle-gpu');
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toContain('cost-anomaly');
    expect(doc.statuses.length).toBeGreaterThan(0);
  });

  it("the demo's budget comes from its config file (src/sim/fleets/demo.config.yaml), and WATCHDOG_* variables override it", async () => {
    expect(await main(['demo', '--json'], {}, cli.dir)).toBe(0);
    const budgets = (doc: { findings: { kind: string; ref: { name: string }; clouds?: string[]; evidence: { forecast?: { parts: { cloud: string; method: string }[] } } }[] }) =>
      doc.findings.filter((f) => f.kind === 'budget-overrun');
    const [demo] = budgets(JSON.parse(cli.out));
    expect(demo).toMatchObject({ ref: { name: 'budget ML platform' }, clouds: ['aws', 'gcp', 'azure'] });
    expect(demo!.evidence.forecast!.parts.map((p) => `${p.cloud} ${p.method}`)).toEqual(['aws cloud', 'gcp run-rate', 'azure cloud']);
    cli.out = '';
    expect(await main(['demo', '--json'], { WATCHDOG_DETECTORS_BUDGET_OVERRUN_BUDGETS: '[]' }, cli.dir)).toBe(0);
    expect(budgets(JSON.parse(cli.out))).toEqual([]);
  });

  it('--fail-on-findings exits 3 when there are findings', async () => {
    expect(await main(['demo', '--json', '--fail-on-findings'], {}, cli.dir)).toBe(3);
  });

  it('an invalid config exits 2 and lists every problem with its path', async () => {
    const file = join(cli.dir, 'watchdog.config.yaml');
    writeFileSync(file, 'clouds:\n  aws:\n    regions: [moon-1]\n    regoins: []\ndetectors:\n  idle-gpu:\n    idleWindowHours: soon\n');
    expect(await main(['audit'], {}, cli.dir)).toBe(2);
    expect(cli.err).toContain('clouds.aws.regions[0]');
    expect(cli.err).toContain('regoins');
    expect(cli.err).toContain('idleWindowHours');
  });

  it('a bad WATCHDOG_* override exits 2 naming the variable', async () => {
    expect(await main(['demo'], { WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS: 'x' }, cli.dir)).toBe(2);
    expect(cli.err).toContain('WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS');
  });

  it('usage errors exit 2 with help', async () => {
    expect(await main(['audit', '--cloud', 'oracle'], {}, cli.dir)).toBe(2);
    expect(cli.err).toContain('Usage: ml-watchdog');
  });
});
