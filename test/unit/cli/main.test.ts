import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';

describe('ml-watchdog CLI', () => {
  let out: string;
  let err: string;
  let dir: string;
  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    dir = mkdtempSync(join(tmpdir(), 'wd-cli-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('start without a config audits the simulated fleet and prints the abandoned GPU endpoint with its waste and basis', async () => {
    expect(await main(['start'], {}, dir)).toBe(0);
    expect(out).toContain('built-in simulated fleet');
    expect(out).toContain('nlp-llama3-70b-eval');
    expect(out).toMatch(/\$5,176/);
    expect(out).toContain('list price');
    expect(out).toContain('ml.g5.12xlarge at $7.090/h');
  });

  it('demo --json prints the documented audit document', async () => {
    expect(await main(['demo', '--json'], {}, dir)).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary.findings).toBe(doc.findings.length);
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toContain('idle-gpu');
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toContain('cost-anomaly');
    expect(doc.statuses.length).toBeGreaterThan(0);
  });

  it("the demo's budget comes from its config file (src/sim/fleets/demo.config.yaml), and WATCHDOG_* variables override it", async () => {
    expect(await main(['demo', '--json'], {}, dir)).toBe(0);
    const budgets = (doc: { findings: { kind: string; ref: { name: string }; clouds?: string[]; evidence: { forecast?: { parts: { cloud: string; method: string }[] } } }[] }) =>
      doc.findings.filter((f) => f.kind === 'budget-overrun');
    const [demo] = budgets(JSON.parse(out));
    expect(demo).toMatchObject({ ref: { name: 'budget ML platform' }, clouds: ['aws', 'gcp', 'azure'] });
    expect(demo!.evidence.forecast!.parts.map((p) => `${p.cloud} ${p.method}`)).toEqual(['aws cloud', 'gcp run-rate', 'azure cloud']);
    out = '';
    expect(await main(['demo', '--json'], { WATCHDOG_DETECTORS_BUDGET_OVERRUN_BUDGETS: '[]' }, dir)).toBe(0);
    expect(budgets(JSON.parse(out))).toEqual([]);
  });

  it('--fail-on-findings exits 3 when there are findings', async () => {
    expect(await main(['demo', '--json', '--fail-on-findings'], {}, dir)).toBe(3);
  });

  it('an invalid config exits 2 and lists every problem with its path', async () => {
    const file = join(dir, 'watchdog.config.yaml');
    writeFileSync(file, 'clouds:\n  aws:\n    regions: [moon-1]\n    regoins: []\ndetectors:\n  idle-gpu:\n    idleWindowHours: soon\n');
    expect(await main(['audit'], {}, dir)).toBe(2);
    expect(err).toContain('clouds.aws.regions[0]');
    expect(err).toContain('regoins');
    expect(err).toContain('idleWindowHours');
  });

  it('a bad WATCHDOG_* override exits 2 naming the variable', async () => {
    expect(await main(['demo'], { WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS: 'x' }, dir)).toBe(2);
    expect(err).toContain('WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS');
  });

  it('usage errors exit 2 with help', async () => {
    expect(await main(['audit', '--cloud', 'oracle'], {}, dir)).toBe(2);
    expect(err).toContain('Usage: ml-watchdog');
  });
});
