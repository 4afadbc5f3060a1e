import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../../src/cli/args';

describe('parseCliArgs', () => {
  it('parses the audit filters', () => {
    const a = parseCliArgs(['audit', '--json', '--cloud', 'aws', '--region', 'us-east-1', '--region', 'eu-west-1', '--kind', 'idle-gpu', '--min-monthly-cost', '100', '-c', 'x.yaml']);
    expect(a).toMatchObject({ command: 'audit', json: true, clouds: ['aws'], regions: ['us-east-1', 'eu-west-1'], kinds: ['idle-gpu'], minMonthlyCost: 100, config: 'x.yaml' });
  });

  it('defaults to help and knows --version', () => {
    expect(parseCliArgs([]).command).toBe('help');
    expect(parseCliArgs(['--help']).command).toBe('help');
    expect(parseCliArgs(['-v']).version).toBe(true);
  });

  it.each([
    [['nope'], /unknown command "nope"/],
    [['audit', '--cloud', 'oracle'], /--cloud oracle: expected one of aws, gcp, azure/],
    [['audit', '--kind', 'idle'], /--kind idle: expected one of idle-gpu/],
    [['audit', '--min-monthly-cost=-5'], /expected a number from 0/],
    [['audit', '--bogus'], /bogus/],
    [['audit', 'extra'], /unexpected argument: extra/],
  ])('rejects %j with a message that says what to fix', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
