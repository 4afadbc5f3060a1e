import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledConfigPath, defaultWatchRegions, DEFAULT_REPORT_SCHEDULE, reportEnabledFrom, reportScheduleFrom } from '../../scripts/bundled-config.cjs';
import { reportSchema } from '../../src/config/report-schema';

function repoWith(config?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ml-watchdog-bundled-config-'));
  if (config !== undefined) writeFileSync(join(root, 'watchdog.config.yaml'), config);
  return root;
}

describe('bundled-config (serverless.yml variable source)', () => {
  it('points WATCHDOG_CONFIG at nothing and watches the deploy region when there is no config file', () => {
    const root = repoWith();
    expect(bundledConfigPath(root)).toBe('');
    expect(defaultWatchRegions('eu-west-1', root)).toBe('eu-west-1');
  });

  it('bundles the file and still defaults to the deploy region when the file does not list regions', () => {
    const root = repoWith('ownerTag: team\nclouds:\n  aws:\n    enabled: true\n');
    expect(bundledConfigPath(root)).toBe('watchdog.config.yaml');
    expect(defaultWatchRegions('eu-west-1', root)).toBe('eu-west-1');
  });

  it('leaves the regions to the file when it lists them (an env value would override the file)', () => {
    const root = repoWith('clouds:\n  aws:\n    regions: [us-west-2, ap-northeast-1]\n');
    expect(defaultWatchRegions('eu-west-1', root)).toBe('');
  });

  it('does not guess from a file that does not parse (the config loader reports it with line numbers)', () => {
    const root = repoWith('clouds: [unclosed\n');
    expect(bundledConfigPath(root)).toBe('watchdog.config.yaml');
    expect(defaultWatchRegions('eu-west-1', root)).toBe('eu-west-1');
  });

  it('schedules the weekly report from the bundled file, else Monday 08:00 UTC (the config schema\'s default)', () => {
    expect(DEFAULT_REPORT_SCHEDULE).toBe(reportSchema.parse({}).schedule);
    expect([reportScheduleFrom(repoWith()), reportEnabledFrom(repoWith())]).toEqual([DEFAULT_REPORT_SCHEDULE, true]);
    const root = repoWith('report:\n  schedule: cron(30 6 ? * TUE *)\n  enabled: false\n');
    expect([reportScheduleFrom(root), reportEnabledFrom(root)]).toEqual(['cron(30 6 ? * TUE *)', false]);
  });
});
