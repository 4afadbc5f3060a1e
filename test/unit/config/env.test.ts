import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../../src/config/close-matches';
import { applyEnvOverrides, envNameForPath, envSegment, envVarTable, RESERVED_ENV_VARS } from '../../../src/config/env';
import { configSchema } from '../../../src/config/schema';
import { schemaLeaves } from '../../../src/config/schema-walk';

describe('env variable names', () => {
  it('derives names from schema paths', () => {
    expect(envNameForPath(['notify', 'slack', 'defaultChannel'])).toBe('WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANNEL');
    expect(envNameForPath(['detectors', 'idle-gpu', 'idleWindowHours'])).toBe('WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS');
    expect(envSegment('endpointURL')).toBe('ENDPOINT_URL');
    expect(envSegment('gpuUtilPct')).toBe('GPU_UTIL_PCT');
  });

  it('lists one variable per schema leaf with type, default and description', () => {
    const table = envVarTable();
    expect(table).toHaveLength(schemaLeaves(configSchema).length);
    expect(new Set(table.map((r) => r.env)).size).toBe(table.length);
    const byEnv = new Map(table.map((r) => [r.env, r]));
    expect(byEnv.get('WATCHDOG_REMEDIATION_MODE')).toMatchObject({
      env: 'WATCHDOG_REMEDIATION_MODE',
      path: 'remediation.mode',
      type: 'off | dry-run | approve | auto',
      default: 'dry-run',
    });
    for (const row of table) expect(row.description, `${row.path} needs a description`).toBeTruthy();
    expect(byEnv.get('WATCHDOG_CLOUDS_AWS_REGIONS')).toMatchObject({
      type: 'list of string (comma-separated or JSON array)',
      default: ['us-east-1'],
      description: 'Regions to inventory.',
    });
    expect(byEnv.get('WATCHDOG_STATE_FINDINGS_TTL_DAYS')?.type).toBe('integer');
    expect(byEnv.get('WATCHDOG_NOTIFY_SLACK_CHANNELS_BY_OWNER')?.type).toBe('JSON object');
    expect(byEnv.get('WATCHDOG_CLOUDS_AWS_ENDPOINT_URL')).toMatchObject({ type: 'URL' });
    expect(byEnv.get('WATCHDOG_CLOUDS_AWS_ENDPOINT_URL')).not.toHaveProperty('default');
    for (const reserved of RESERVED_ENV_VARS) expect(byEnv.has(reserved)).toBe(false);
  });
});

describe('applyEnvOverrides', () => {
  it('coerces numbers, booleans, lists and JSON records without mutating the input', () => {
    const input = { notify: { slack: { enabled: false } } };
    const result = applyEnvOverrides(input, {
      WATCHDOG_DETECTORS_IDLE_GPU_IDLE_WINDOW_HOURS: '12.5',
      WATCHDOG_NOTIFY_SLACK_ENABLED: 'TRUE',
      WATCHDOG_CLOUDS_AWS_REGIONS: '["eu-west-1","us-east-2"]',
      WATCHDOG_EXCLUSIONS_NAMES: 'a-*, ,b-*',
      WATCHDOG_NOTIFY_SLACK_CHANNELS_BY_OWNER: '{"team-a":"#a"}',
      WATCHDOG_CONFIG: 'ignored.yaml',
      WATCHDOG_LOG_LEVEL: 'debug',
      HOME: '/root',
    });
    expect(result.problems).toEqual([]);
    expect(result.input).toEqual({
      notify: { slack: { enabled: true, channelsByOwner: { 'team-a': '#a' } } },
      detectors: { 'idle-gpu': { idleWindowHours: 12.5 } },
      clouds: { aws: { regions: ['eu-west-1', 'us-east-2'] } },
      exclusions: { names: ['a-*', 'b-*'] },
    });
    expect(input).toEqual({ notify: { slack: { enabled: false } } });
  });

  it('ignores empty values (a blank Lambda variable means "not set")', () => {
    const result = applyEnvOverrides({}, { WATCHDOG_REMEDIATION_MODE: '  ' });
    expect(result).toEqual({ input: {}, overrides: [], problems: [] });
  });

  it.each([
    ['WATCHDOG_STATE_FINDINGS_TTL_DAYS', '', undefined],
    ['WATCHDOG_STATE_FINDINGS_TTL_DAYS', '0x10', 'a integer'],
    ['WATCHDOG_IDLE', '1', undefined],
    ['WATCHDOG_NOTIFY_SLACK_ENABLED', 'yes', 'true or false'],
    ['WATCHDOG_NOTIFY_SLACK_CHANNELS_BY_OWNER', '[1]', 'a JSON object such as {"team-a":"#team-a-alerts"}'],
    ['WATCHDOG_CLOUDS_AWS_REGIONS', '[oops', 'a JSON array'],
  ])('%s=%j is rejected or ignored', (name, value, expected) => {
    const { problems } = applyEnvOverrides({}, { [name]: value });
    if (name === 'WATCHDOG_IDLE') {
      expect(problems).toEqual([expect.objectContaining({ source: 'env', envVar: 'WATCHDOG_IDLE', path: '' })]);
    } else if (expected === undefined) {
      expect(problems).toEqual([]);
    } else {
      expect(problems).toEqual([expect.objectContaining({ source: 'env', envVar: name, expected })]);
    }
  });

  it('rejects non-numbers in numeric variables instead of reading them as 0 or NaN', () => {
    for (const bad of ['abc', '1,5', 'Infinity', '--1']) {
      const { problems } = applyEnvOverrides({}, { WATCHDOG_DETECTORS_IDLE_GPU_MIN_COVERAGE: bad });
      expect(problems, bad).toHaveLength(1);
    }
    expect(applyEnvOverrides({}, { WATCHDOG_DETECTORS_IDLE_GPU_MIN_COVERAGE: '.5' }).input).toEqual({
      detectors: { 'idle-gpu': { minCoverage: 0.5 } },
    });
  });

  it('suggests close names for unknown variables', () => {
    const { problems } = applyEnvOverrides({}, { WATCHDOG_REMEDIATION_MOD: 'auto', WATCHDOG_SLACK_DEFAULT_CHANNEL: '#x' });
    expect(problems.map((p) => p.message)).toEqual([
      'unknown variable: did you mean WATCHDOG_REMEDIATION_MODE or WATCHDOG_REMEDIATION_RULES?',
      'unknown variable: did you mean WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANNEL?',
    ]);
  });

  it('leaves a non-object section from the file for zod to report', () => {
    const result = applyEnvOverrides({ clouds: 5 }, { WATCHDOG_CLOUDS_AWS_ENABLED: 'false' });
    expect(result.input).toEqual({ clouds: 5 });
    expect(result.overrides).toEqual([]);
  });
});

describe('closeMatches', () => {
  it('ranks by edit distance and stays quiet when nothing is close', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closeMatches('regoins', ['regions', 'enabled', 'maxConcurrency'])).toEqual(['regions']);
    expect(closeMatches('zzz', ['regions', 'enabled'])).toEqual([]);
  });
});
