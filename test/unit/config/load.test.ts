import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../../src/config/errors';
import { DEFAULT_CONFIG_FILE, loadConfig, loadConfigDetailed } from '../../../src/config/load';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchdog-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function loadError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns all defaults when the default file is absent', () => {
    const loaded = loadConfigDetailed({ cwd: dir, env: {} });
    expect(loaded.filePath).toBeUndefined();
    expect(loaded.config.remediation.mode).toBe('dry-run');
    expect(loaded.config.clouds.aws.regions).toEqual(['us-east-1']);
    expect(loaded.config.state).toMatchObject({ backend: 'file', file: '.watchdog/state.json', findingsTtlDays: 90 });
  });

  it('reads watchdog.config.yaml from cwd and fills defaults around it', () => {
    write(DEFAULT_CONFIG_FILE, 'clouds:\n  aws:\n    regions: [eu-west-1, us-west-2]\nremediation:\n  mode: approve\n');
    const loaded = loadConfigDetailed({ cwd: dir, env: {} });
    expect(loaded.filePath).toBe(join(dir, DEFAULT_CONFIG_FILE));
    expect(loaded.config.clouds.aws.regions).toEqual(['eu-west-1', 'us-west-2']);
    expect(loaded.config.clouds.aws.costExplorer.cacheHours).toBe(6);
    expect(loaded.config.remediation.mode).toBe('approve');
  });

  it('treats an empty or comment-only file as all defaults', () => {
    write(DEFAULT_CONFIG_FILE, '# nothing yet\n');
    expect(loadConfig({ cwd: dir, env: {} }).ownerTag).toBe('owner');
  });

  it('prefers opts.path over WATCHDOG_CONFIG and WATCHDOG_CONFIG over the default', () => {
    write(DEFAULT_CONFIG_FILE, 'ownerTag: from-default\n');
    write('env.yaml', 'ownerTag: from-env\n');
    write('opt.yaml', 'ownerTag: from-opt\n');
    expect(loadConfig({ cwd: dir, env: { WATCHDOG_CONFIG: 'env.yaml' } }).ownerTag).toBe('from-env');
    expect(loadConfig({ cwd: dir, path: 'opt.yaml', env: { WATCHDOG_CONFIG: 'env.yaml' } }).ownerTag).toBe('from-opt');
  });

  it('fails with CONFIG_NOT_FOUND when an explicitly named file is missing', () => {
    const viaEnv = loadError(() => loadConfig({ cwd: dir, env: { WATCHDOG_CONFIG: 'nope.yaml' } }));
    expect(viaEnv.code).toBe('CONFIG_NOT_FOUND');
    expect(viaEnv.message).toContain('WATCHDOG_CONFIG');
    expect(viaEnv.message).toContain(join(dir, 'nope.yaml'));
    const viaPath = loadError(() => loadConfig({ cwd: dir, path: join(dir, 'missing.yaml'), env: {} }));
    expect(viaPath.code).toBe('CONFIG_NOT_FOUND');
    expect(formatConfigError(viaPath)).toContain('watchdog.config.example.yaml');
  });

  it('reports YAML syntax errors with line and column', () => {
    write(DEFAULT_CONFIG_FILE, 'clouds:\n  aws:\n    regions: [us-east-1\nremediation: {}\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems[0]).toMatchObject({ source: 'file', line: 4, column: 1 });
    expect(err.message).toMatch(/YAML syntax error: .*\[.*watchdog\.config\.yaml:4:1\]/);
  });

  it('rejects duplicate keys instead of keeping the last one', () => {
    write(DEFAULT_CONFIG_FILE, 'ownerTag: a\nownerTag: b\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.problems[0]?.message).toContain('unique');
    expect(err.problems[0]?.line).toBe(2);
  });

  it('points an unknown top-level key at the key itself and lists the allowed keys when nothing is close', () => {
    write(DEFAULT_CONFIG_FILE, 'ownerTag: team\nzzz: 1\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.problems).toEqual([expect.objectContaining({ path: 'zzz', line: 2, column: 1 })]);
    expect(err.problems[0]?.message).toContain('allowed keys: ownerTag, clouds, detectors');
  });

  it('rejects a document that is not a mapping', () => {
    write(DEFAULT_CONFIG_FILE, '- a\n- b\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.problems[0]?.message).toContain('mapping');
  });

  it('lists every problem, one per line, with path, expectation, value and file position', () => {
    write(
      DEFAULT_CONFIG_FILE,
      [
        'clouds:',
        '  aws:',
        '    regions:',
        '      - moon-1',
        '    regoins: [us-east-1]',
        'state:',
        '  findingsTtlDays: soon',
        'remediation:',
        '  mode: yolo',
        '',
      ].join('\n'),
    );
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    const lines = err.message.split('\n');
    expect(lines[0]).toContain('4 problems');
    expect(err.message).toContain('clouds.aws.regions[0]: an AWS region such as us-east-1 (got "moon-1")');
    expect(err.problems.find((p) => p.path === 'clouds.aws.regions[0]')).toMatchObject({ line: 4, column: 9, source: 'file' });
    expect(err.message).toContain('clouds.aws.regoins: unknown key (did you mean "regions"?)');
    expect(err.problems.find((p) => p.path === 'clouds.aws.regoins')).toMatchObject({ line: 5, column: 5 });
    expect(err.message).toContain('state.findingsTtlDays: a number (got "soon")');
    expect(err.message).toContain('remediation.mode: one of off, dry-run, approve, auto (got "yolo")');
    expect(lines).toHaveLength(5);
  });

  it('describes range and length problems in words', () => {
    write(DEFAULT_CONFIG_FILE, 'clouds:\n  aws:\n    regions: []\n    maxConcurrency: 2.5\nstate:\n  tableName: ab\n  endpointUrl: not a url\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    const byPath = new Map(err.problems.map((p) => [p.path, p.message]));
    expect(byPath.get('clouds.aws.regions')).toBe('at least 1 item');
    expect(byPath.get('clouds.aws.maxConcurrency')).toBe('an integer');
    expect(byPath.get('state.tableName')).toBe('at least 3 characters');
    expect(byPath.get('state.endpointUrl')).toMatch(/^a URL/);
  });

  it('quotes record keys that are not identifiers in paths', () => {
    write(DEFAULT_CONFIG_FILE, 'exclusions:\n  tags:\n    "cost:center": 5\n');
    const err = loadError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.problems[0]).toMatchObject({ path: 'exclusions.tags["cost:center"]', message: 'a string', received: '5' });
  });

  it('applies WATCHDOG_* overrides over the file and names the variable in errors', () => {
    write(DEFAULT_CONFIG_FILE, 'remediation:\n  mode: approve\n');
    const loaded = loadConfigDetailed({
      cwd: dir,
      env: { WATCHDOG_REMEDIATION_MODE: 'auto', WATCHDOG_CLOUDS_AWS_REGIONS: 'eu-west-1, eu-central-1', PATH: '/bin' },
    });
    expect(loaded.config.remediation.mode).toBe('auto');
    expect(loaded.config.clouds.aws.regions).toEqual(['eu-west-1', 'eu-central-1']);
    expect(loaded.envOverrides.map((o) => o.path)).toEqual(['clouds.aws.regions', 'remediation.mode']);

    const err = loadError(() => loadConfig({ cwd: dir, env: { WATCHDOG_CLOUDS_AWS_REGIONS: 'us-east-1,moon-1' } }));
    expect(err.problems).toEqual([
      expect.objectContaining({ path: 'clouds.aws.regions[1]', source: 'env', envVar: 'WATCHDOG_CLOUDS_AWS_REGIONS', received: '"moon-1"' }),
    ]);
    expect(err.message).toContain('[from env WATCHDOG_CLOUDS_AWS_REGIONS]');
  });

  it('collects env coercion problems, unknown variables and file problems together', () => {
    write(DEFAULT_CONFIG_FILE, 'ownerTag: ""\n');
    const err = loadError(() =>
      loadConfig({ cwd: dir, env: { WATCHDOG_STATE_FINDINGS_TTL_DAYS: 'ninety', WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANEL: '#x' } }),
    );
    expect(err.problems.map((p) => [p.source, p.path || p.envVar])).toEqual([
      ['env', 'WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANEL'],
      ['env', 'state.findingsTtlDays'],
      ['file', 'ownerTag'],
    ]);
    expect(err.message).toContain('did you mean WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANNEL?');
  });
});
