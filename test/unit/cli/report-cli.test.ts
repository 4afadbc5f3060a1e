import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { useCliCapture } from '../../support/cli-capture';

describe('ml-watchdog report', () => {
  const cli = useCliCapture('wd-report-cli-');

  it('parses --week alone, --week DATE and --week=DATE', () => {
    expect(parseCliArgs(['report', '--week'])).toMatchObject({ command: 'report' });
    expect(parseCliArgs(['report', '--week']).week).toBeUndefined();
    expect(parseCliArgs(['report', '--week', '2026-11-16', '--out', 'r.html'])).toMatchObject({ week: '2026-11-16', out: 'r.html' });
    expect(parseCliArgs(['report', '--week=2026-11-18', '--json'])).toMatchObject({ week: '2026-11-18', json: true });
  });

  it('writes the simulated fleet\'s HTML report and prints the Slack summary and the path', async () => {
    const file = join(cli.dir, 'r.html');
    expect(await main(['report', '--week', '--out', file], {}, cli.dir)).toBe(0);
    expect(cli.out).toContain('== ML cost report ·');
    expect(cli.out).toMatch(/\*ML spend \(USD, billed\)\* \| \$[\d,]+\.\d\d \| [+−]?\d+ % vs last week/);
    expect(cli.out).toContain(`Full report written to ${file}`);
    const html = readFileSync(file, 'utf8');
    for (const id of ['summary', 'spend', 'budgets', 'findings', 'savings', 'lock-in', 'comparison', 'watchdog-cost', 'statuses']) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  }, 60_000);

  it('--json prints the report data: every figure with its currency and basis', async () => {
    expect(await main(['report', '--week', '--json', '--out', join(cli.dir, 'r.html')], {}, cli.dir)).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.week.label).toMatch(/^\d{4}-W\d\d$/);
    expect(r.spend.byCloud.map((x: { name: string }) => x.name).sort()).toEqual(['aws', 'azure', 'gcp']);
    expect(r.spend.byCloud.every((x: { currency: string; basis: string }) => x.currency === 'USD' && x.basis === 'billed')).toBe(true);
    expect(r.comparison.crossCloudGroups).toContain('NVIDIA A100');
  }, 60_000);

  it('a week that has not ended is a usage error (exit 2) saying which week is the last full one', async () => {
    expect(await main(['report', '--week', '2099-01-05'], {}, cli.dir)).toBe(2);
    expect(cli.err).toMatch(/week of 2099-01-05 has not ended yet.*the last full week is \d{4}-\d\d-\d\d/);
    expect(existsSync(join(cli.dir, 'ml-watchdog-report-2099-W01.html'))).toBe(false);
  }, 60_000);
});
