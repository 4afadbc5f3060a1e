import { describe, expect, it } from 'vitest';
import { readSecureParameter, SecureParameterError, type ParameterReader } from '../../../src/lib/secure-parameter';

/** Powertools wraps SDK failures in GetParameterError with the SDK error as `cause`; both layers are checked. */
const sdkError = (name: string): Error => Object.assign(new Error('wrapped'), { name: 'GetParameterError', cause: Object.assign(new Error(''), { name }) });

const base = { name: '/ml-watchdog/x', contents: 'the x token', emptyContents: 'the xoxb- x token', configKey: 'a.b.xParameter' };

describe('readSecureParameter', () => {
  it('reads with decryption, a 300 s cache by default, and trims the value', async () => {
    const calls: unknown[] = [];
    const read: ParameterReader = async (name, options) => {
      calls.push([name, options]);
      return '  s3cr3t \n';
    };
    expect(await readSecureParameter({ ...base, readParameter: read })).toBe('s3cr3t');
    expect(await readSecureParameter({ ...base, readParameter: read, maxAgeSeconds: 60, forceFetch: true })).toBe('s3cr3t');
    expect(calls).toEqual([
      ['/ml-watchdog/x', { decrypt: true, maxAge: 300 }],
      ['/ml-watchdog/x', { decrypt: true, maxAge: 60, forceFetch: true }],
    ]);
  });

  it('classifies failures into stable codes with messages that name the parameter and the fix', async () => {
    const cases: [ParameterReader, string, string][] = [
      [async () => Promise.reject(sdkError('ParameterNotFound')), 'PARAMETER_NOT_FOUND', 'SSM parameter /ml-watchdog/x does not exist: create it as a SecureString holding the x token, or set a.b.xParameter'],
      [async () => Promise.reject(sdkError('AccessDeniedException')), 'ACCESS_DENIED', 'not allowed to read SSM parameter /ml-watchdog/x: grant ssm:GetParameter on it (and kms:Decrypt on its key)'],
      [async () => Promise.reject(new Error('socket hang up')), 'UNREADABLE', 'could not read SSM parameter /ml-watchdog/x: socket hang up'],
      [async () => '   ', 'EMPTY', 'SSM parameter /ml-watchdog/x is empty: store the xoxb- x token in it'],
      [async () => undefined, 'EMPTY', 'SSM parameter /ml-watchdog/x is empty: store the xoxb- x token in it'],
    ];
    for (const [read, code, message] of cases) {
      const err = await readSecureParameter({ ...base, readParameter: read }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecureParameterError);
      expect(err).toMatchObject({ code, message, parameter: '/ml-watchdog/x' });
    }
  });
});
