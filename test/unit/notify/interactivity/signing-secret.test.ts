import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSigningSecret, SigningSecretError } from '../../../../src/notify/slack/interactivity/signing-secret';
import type { ParameterReader } from '../../../../src/notify/slack/token';

const PARAM = '/ml-watchdog/slack/signing-secret';
const VALUE = 'abcdef0123456789abcdef0123456789';

/** A fake SSM endpoint in the real awsJson1_1 wire format (X-Amz-Target: AmazonSSM.GetParameter). */
let server: Server;
let endpoint: string;
const requests: { Name?: string; WithDecryption?: boolean }[] = [];
const parameters = new Map([[PARAM, VALUE], ['/blank', ' ']]);

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw) as { Name?: string; WithDecryption?: boolean };
    requests.push(body);
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    const value = parameters.get(body.Name ?? '');
    if (body.Name === '/denied') {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized' }));
    } else if (value === undefined) {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'ParameterNotFound', message: '' }));
    } else {
      res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function realReader(): ParameterReader {
  const provider = new SSMProvider({
    clientConfig: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 },
  });
  return (name, options) => provider.get(name, options);
}
const lambdaEnv = { AWS_LAMBDA_FUNCTION_NAME: 'ml-watchdog-dev-slackActions' };

describe('resolveSigningSecret', () => {
  it('uses SLACK_SIGNING_SECRET locally without touching SSM', async () => {
    const before = requests.length;
    const r = await resolveSigningSecret({ env: { ...lambdaEnv, SLACK_SIGNING_SECRET: ` ${VALUE}\n` }, parameter: PARAM, readParameter: realReader() });
    expect(r).toEqual({ secret: VALUE, source: 'env' });
    expect(requests.length).toBe(before);
  });

  it('reads the SecureString with decryption in Lambda, once per cache lifetime', async () => {
    const reader = realReader();
    const before = requests.length;
    const a = await resolveSigningSecret({ env: lambdaEnv, parameter: PARAM, readParameter: reader });
    const b = await resolveSigningSecret({ env: lambdaEnv, parameter: PARAM, readParameter: reader });
    expect(a).toEqual({ secret: VALUE, source: 'ssm' });
    expect(b).toEqual(a);
    expect(requests.slice(before)).toEqual([{ Name: PARAM, WithDecryption: true }]);
  });

  it('refuses to run locally without a secret (nothing could be verified)', async () => {
    await expect(resolveSigningSecret({ env: {}, parameter: PARAM, readParameter: realReader() })).rejects.toMatchObject({
      code: 'SLACK_SIGNING_SECRET_MISSING',
    });
  });

  it('maps SSM failures to typed errors naming the parameter and the fix, never a value', async () => {
    const cases: [string, string, RegExp][] = [
      ['/missing', 'SLACK_SIGNING_SECRET_PARAMETER_NOT_FOUND', /create it as a SecureString/],
      ['/denied', 'SLACK_SIGNING_SECRET_ACCESS_DENIED', /grant ssm:GetParameter/],
      ['/blank', 'SLACK_SIGNING_SECRET_EMPTY', /is empty/],
    ];
    for (const [parameter, code, message] of cases) {
      const err = await resolveSigningSecret({ env: lambdaEnv, parameter, readParameter: realReader() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SigningSecretError);
      expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((err as Error).message).toContain(parameter);
    }
    const other = await resolveSigningSecret({ env: lambdaEnv, parameter: PARAM, readParameter: () => Promise.reject(new Error('socket hang up')) }).catch(
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ code: 'SLACK_SIGNING_SECRET_UNREADABLE', cause: expect.any(Error) });
  });
});
