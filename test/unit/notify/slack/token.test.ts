import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSlackToken, SlackTokenError, type ParameterReader } from '../../../../src/notify/slack/token';

const PARAM = '/ml-watchdog/slack/bot-token';
const SECRET = 'xoxb-999-888-secret';

/** A fake SSM endpoint in the real awsJson1_1 wire format (X-Amz-Target: AmazonSSM.GetParameter). */
let server: Server;
let endpoint: string;
const requests: { target: string | undefined; body: { Name?: string; WithDecryption?: boolean } }[] = [];
const parameters = new Map<string, string>([[PARAM, SECRET], ['/empty', '  ']]);

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw) as { Name?: string; WithDecryption?: boolean };
    requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
    const value = parameters.get(body.Name ?? '');
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (body.Name === '/denied') {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform ssm:GetParameter' }));
    } else if (value === undefined) {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'ParameterNotFound', message: '' }));
    } else {
      res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 3, DataType: 'text' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Powertools' real provider + SSM client, pointed at the fake. */
function realReader(): ParameterReader {
  const provider = new SSMProvider({
    clientConfig: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 },
  });
  return (name, options) => provider.get(name, options);
}

const lambdaEnv = { AWS_LAMBDA_FUNCTION_NAME: 'ml-watchdog-scan' };

describe('resolveSlackToken', () => {
  it('uses SLACK_BOT_TOKEN when set, without touching SSM', async () => {
    const before = requests.length;
    const r = await resolveSlackToken({ env: { ...lambdaEnv, SLACK_BOT_TOKEN: ' xoxb-local ' }, tokenParameter: PARAM, readParameter: realReader() });
    expect(r).toEqual({ token: 'xoxb-local', source: 'env' });
    expect(requests.length).toBe(before);
  });

  it('returns no token locally when none is set (the console notifier takes over)', async () => {
    const r = await resolveSlackToken({ env: {}, tokenParameter: PARAM, readParameter: realReader() });
    expect(r).toEqual({ token: undefined, source: 'none', reason: 'SLACK_BOT_TOKEN is not set' });
  });

  it('reads the SecureString with decryption in Lambda and caches it across calls', async () => {
    const read = realReader();
    const before = requests.length;
    const first = await resolveSlackToken({ env: lambdaEnv, tokenParameter: PARAM, readParameter: read });
    const second = await resolveSlackToken({ env: lambdaEnv, tokenParameter: PARAM, readParameter: read });
    expect(first).toEqual({ token: SECRET, source: 'ssm' });
    expect(second).toEqual(first);
    expect(requests.slice(before)).toEqual([{ target: 'AmazonSSM.GetParameter', body: { Name: PARAM, WithDecryption: true } }]);
    await resolveSlackToken({ env: lambdaEnv, tokenParameter: PARAM, readParameter: read, forceFetch: true });
    expect(requests.length).toBe(before + 2);
  });

  it('reads SSM outside Lambda only when asked to', async () => {
    const r = await resolveSlackToken({ env: {}, tokenParameter: PARAM, parameterStore: 'always', readParameter: realReader() });
    expect(r.source).toBe('ssm');
    const never = await resolveSlackToken({ env: lambdaEnv, tokenParameter: PARAM, parameterStore: 'never', readParameter: realReader() });
    expect(never.source).toBe('none');
  });

  it('throws typed errors that say what to do and never contain the token', async () => {
    const cases: [string, string][] = [
      ['/missing', 'SLACK_TOKEN_PARAMETER_NOT_FOUND'],
      ['/denied', 'SLACK_TOKEN_ACCESS_DENIED'],
      ['/empty', 'SLACK_TOKEN_EMPTY'],
    ];
    for (const [name, code] of cases) {
      const err = await resolveSlackToken({ env: lambdaEnv, tokenParameter: name, readParameter: realReader() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SlackTokenError);
      expect((err as SlackTokenError).code).toBe(code);
      expect((err as Error).message).toContain(name);
      expect((err as Error).message).not.toContain(SECRET);
    }
    const notFound = await resolveSlackToken({ env: lambdaEnv, tokenParameter: '/missing', readParameter: realReader() }).catch((e: unknown) => e);
    expect((notFound as Error).cause).toBeDefined();
  });
});
