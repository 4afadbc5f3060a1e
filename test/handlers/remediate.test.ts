import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRemediateHandler } from '../../handlers/remediate';
import { buildCoreDeps } from '../../src/app/deps';
import type { RemediateDeps } from '../../src/app/remediate-deps';
import { buildRemediationDeps } from '../../src/app/remediation-deps';
import { runScan } from '../../src/app/run-scan';
import { refKey } from '../../src/domain/cloud';
import { createConsoleNotifier } from '../../src/notify/console-notifier';
import { configSchema } from '../../src/config/schema';
import { SIM_CREDENTIALS, simHarness, type SimHarness } from '../support/sim-deps';

const FP = 'idle-gpu:aws:123456789012:us-east-1:endpoint:nlp-llama3-70b-eval';

function httpEvent(body: string): APIGatewayProxyEventV2WithIAMAuthorizer {
  return {
    version: '2.0',
    routeKey: 'POST /restore',
    rawPath: '/restore',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method: 'POST', path: '/restore', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: 'POST /restore',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { iam: { accessKey: 'AK', accountId: '123456789012', callerId: 'AID', cognitoIdentity: null, principalOrgId: null, userArn: 'arn:aws:iam::123456789012:user/oncall', userId: 'AID' } },
    },
  } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

describe('remediate handler (the only writer)', () => {
  let h: SimHarness;
  let dir: string;
  let deps: RemediateDeps;
  const posted: { channel: string; ts: string; text: string }[] = [];
  let handler: ReturnType<typeof makeRemediateHandler>;

  beforeAll(async () => {
    h = await simHarness({ config: { remediation: { mode: 'approve' } } });
    dir = mkdtempSync(join(tmpdir(), 'wd-remediate-'));
    const config = configSchema.parse({ ...h.config, state: { backend: 'file', file: join(dir, 'state.json') } });
    const core = buildCoreDeps({ config, env: {}, cwd: dir, now: h.now, credentials: SIM_CREDENTIALS, readOnly: false });
    // The scan records the finding the Slack button refers to.
    await runScan({ ...core, notifier: createConsoleNotifier({ write: () => true }) });
    deps = {
      ...buildRemediationDeps(core, { credentials: SIM_CREDENTIALS, sleep: async (ms) => h.sim.clock.advance(ms) }),
      slack: { chat: { chat: { update: async (m) => (posted.push(m), { ok: true }) } } },
    };
    handler = makeRemediateHandler(async () => deps);
  });
  afterAll(async () => {
    await h.sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parks on an approved Slack click and replaces the buttons with the outcome and a Restore button', async () => {
    const approval = { by: 'slack', principal: 'U0APPROVE1', at: h.now().toISOString() };
    const out = (await handler({ type: 'park', fingerprint: FP, refKey: FP.slice('idle-gpu:'.length), approval, slack: { channel: 'C0ALERTS1', ts: '1762178400.000100' } })) as { status: string; token?: { tokenId: string } };
    expect(out.status).toBe('parked');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: 'C0ALERTS1', ts: '1762178400.000100' });
    expect(JSON.stringify(posted[0])).toContain('wd_restore');
    expect(h.sim.calls()['SageMaker.DeleteEndpoint']).toBe(1);

    // A duplicate delivery acts once.
    const again = (await handler({ type: 'park', fingerprint: FP, refKey: FP.slice('idle-gpu:'.length), approval })) as { status: string };
    expect(again.status).toBe('already-parked');
    expect(h.sim.calls()['SageMaker.DeleteEndpoint']).toBe(1);
  });

  it('POST /restore restores by token (IAM principal recorded) and answers 4xx JSON for bad input', async () => {
    const token = (await deps.ledger.list({}))[0]!;
    const bad = (await handler(httpEvent('{"token":"x"}'))) as { statusCode: number; body: string };
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).problems.length).toBeGreaterThan(0);
    const missing = (await handler(httpEvent('{"tokenId":"wd-000000000000"}'))) as { statusCode: number };
    expect(missing.statusCode).toBe(404);
    const ok = (await handler(httpEvent(JSON.stringify({ tokenId: token.tokenId })))) as { statusCode: number; body: string };
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ status: 'restored', tokenId: token.tokenId });
    expect((await deps.ledger.get(token.tokenId))?.restoreApproval).toMatchObject({ by: 'http', principal: 'arn:aws:iam::123456789012:user/oncall' });
    expect(h.sim.calls()['SageMaker.CreateEndpoint']).toBe(1);
    void refKey;
  });

  it('logs and drops a malformed asynchronous request without acting', async () => {
    const before = { ...h.sim.calls() };
    const out = (await handler({ type: 'park', fingerprint: FP })) as { status: string };
    expect(out.status).toBe('failed');
    expect(h.sim.calls()).toEqual(before);
  });

  it('shows a guardrail refusal in Slack instead of acting', async () => {
    posted.length = 0;
    const approval = { by: 'slack', principal: 'U0APPROVE1', at: h.now().toISOString() };
    // The old alert's button, pressed after someone restored the endpoint: the restore wins.
    const out = (await handler({ type: 'park', fingerprint: FP, refKey: FP.slice('idle-gpu:'.length), approval, slack: { channel: 'C0ALERTS1', ts: '1762178400.000200' } })) as { status: string; message: string };
    expect(out.status).toBe('blocked');
    expect(out.message).toMatch(/was restored at .* after this finding/);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0])).toMatch(/restored at/);
    expect(h.sim.calls()['SageMaker.DeleteEndpoint']).toBe(1);
  });
});
