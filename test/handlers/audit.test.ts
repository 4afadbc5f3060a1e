import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuditHandler } from '../../handlers/audit';
import { simHarness, type SimHarness } from '../support/sim-deps';

const sample = JSON.parse(readFileSync('events/audit.http.json', 'utf8')) as APIGatewayProxyEventV2WithIAMAuthorizer;
const withBody = (body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  ({ ...sample, body, isBase64Encoded: false, headers: { ...sample.headers, ...headers } }) as APIGatewayProxyEventV2WithIAMAuthorizer;

describe('audit handler (HTTP API POST /audit)', () => {
  let h: SimHarness;
  let handler: ReturnType<typeof makeAuditHandler>;
  beforeAll(async () => {
    h = await simHarness();
    handler = makeAuditHandler(async () => ({ config: h.config, readers: h.readers(), now: h.now }));
  });
  afterAll(() => h.sim.close());

  it('answers the sample event with findings JSON and provider statuses', async () => {
    const res = await handler(sample);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/json');
    const body = JSON.parse(res.body!);
    expect(body.schemaVersion).toBe(1);
    expect(body.request).toEqual({ clouds: ['aws'], kinds: ['idle-gpu'] });
    expect(body.findings.length).toBeGreaterThan(0);
    const abandoned = body.findings.find((f: { evidence: { instanceType: string } }) => f.evidence.instanceType === 'ml.g5.12xlarge');
    expect(abandoned).toBeDefined();
    expect(abandoned.cost.basis).toBe('list-price');
    expect(abandoned.cost.monthly.amount).toBeGreaterThan(1000);
    expect(body.statuses.every((s: { state: string }) => s.state === 'ok')).toBe(true);
  });

  it('accepts an empty or base64-encoded body', async () => {
    expect((await handler(withBody(undefined, {}))).statusCode).toBe(200);
    const b64 = { ...withBody(Buffer.from('{"kinds":["idle-gpu"]}').toString('base64')), isBase64Encoded: true };
    expect((await handler(b64)).statusCode).toBe(200);
  });

  it('narrows to regions: a region without resources gives no findings', async () => {
    const res = await handler(withBody('{"regions":["eu-north-1"]}'));
    expect(JSON.parse(res.body!).findings).toEqual([]);
  });

  it('rejects malformed JSON with 400 naming the problem', async () => {
    const res = await handler(withBody('{"clouds": [aws]}'));
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body!);
    expect(body.error).toBe('malformed-json');
    expect(body.message).toMatch(/not valid JSON/);
  });

  it('rejects unknown fields and bad values with 400 listing each path', async () => {
    const res = await handler(withBody('{"clouds":["oracle"],"kind":["idle-gpu"]}'));
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body!);
    expect(body.error).toBe('invalid-request');
    const paths = body.problems.map((p: { path: string }) => p.path);
    expect(paths).toContain('clouds.0');
    expect(body.message).toMatch(/kind/);
  });

  it('rejects oversized bodies with 413 and other media types with 415', async () => {
    const big = JSON.stringify({ regions: Array.from({ length: 3000 }, () => 'us-east-1') });
    expect((await handler(withBody(big))).statusCode).toBe(413);
    expect((await handler(withBody('clouds=aws', { 'content-type': 'application/x-www-form-urlencoded' }))).statusCode).toBe(415);
  });

  it('returns 500 JSON without internals when dependencies cannot be built', async () => {
    const broken = makeAuditHandler(async () => {
      throw new Error('secret detail');
    });
    const res = await broken(sample);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret detail');
  });
});
