import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSlackActionsDeps, makeSlackActionsHandler, type SlackActionsHandlerDeps } from '../../handlers/slack-actions';
import { logger } from '../../src/app/logger';
import { FileStateStore } from '../../src/state/file-state-store';
import { readWatchdogUsage } from '../../src/usage/usage-store';
import type { SlackActionsDeps } from '../../src/notify/slack/interactivity/handle-slack-action';
import { outcomeBlock } from '../../src/notify/slack/interactivity/outcome-blocks';
import { createResponseUrlPoster } from '../../src/notify/slack/interactivity/response-url';
import { parseRemediationRequest, type RemediationRequest } from '../../src/remediation/remediation-request';
import { resignSlackEvent } from '../../scripts/sign-slack-event';
import { config } from '../support/builders';
import { idleGpuFinding } from '../unit/notify/finding-factory';
import {
  APPROVER,
  blockActionsPayload,
  CHANNEL,
  formBody,
  MESSAGE_TS,
  NOW,
  NOW_SEC,
  SECRET,
  slackEvent,
  startFakeResponseUrl,
  TEAM,
  type FakeResponseUrl,
  type PayloadOptions,
} from '../unit/notify/interactivity/slack-fixtures';

const FUNCTION = 'ml-watchdog-dev-remediation';
const lambda = mockClient(LambdaClient);
let hooks: FakeResponseUrl;
const logs: { level: string; message: string; extra: unknown[] }[] = [];
const log = Object.fromEntries(
  (['info', 'warn', 'error'] as const).map((level) => [level, (message: string, ...extra: unknown[]) => void logs.push({ level, message, extra })]),
) as unknown as SlackActionsDeps['log'];

beforeAll(async () => {
  hooks = await startFakeResponseUrl();
});
afterAll(() => hooks.close());
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  hooks.calls.length = 0;
  logs.length = 0;
});
afterEach(() => lambda.reset());

/** An in-memory claimOnce with the ledger's contract (true only the first time a key is seen). */
function memoryClaims() {
  const keys = new Set<string>();
  const calls: { key: string; ttlHours: number }[] = [];
  const claimOnce = async (key: string, ttlHours: number) => {
    calls.push({ key, ttlHours });
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  };
  return { claimOnce, calls, keys };
}

function deps(over: Partial<SlackActionsDeps> = {}, approvers: Record<string, unknown> = { slackUsers: [APPROVER] }): SlackActionsDeps {
  return {
    config: config({ remediation: { approvers, functionName: FUNCTION } }),
    signingSecret: async () => SECRET,
    lambda: new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
    claimOnce: memoryClaims().claimOnce,
    respond: createResponseUrlPoster({ allowedOrigins: [hooks.origin], timeoutMs: 1000 }),
    now: () => NOW,
    log,
    ...over,
  };
}

const handlerWith = (d: SlackActionsHandlerDeps) => makeSlackActionsHandler(async () => d);
const click = (o: PayloadOptions = {}, headers: Record<string, string> = {}) =>
  slackEvent(formBody(blockActionsPayload({ responseUrl: hooks.url(), ...o })), { headers });

function invokedRequests(): RemediationRequest[] {
  return lambda.commandCalls(InvokeCommand).map((c) => parseRemediationRequest(JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString('utf8'))));
}

describe('slack-actions handler (POST /slack/actions)', () => {
  it('hands an allowed Park click to the remediation function and shows "working…" in place of the buttons', async () => {
    const handler = handlerWith(deps());
    const started = performance.now();
    const res = await handler(click());
    expect(performance.now() - started).toBeLessThan(3000);
    expect(res).toEqual({ statusCode: 200 });

    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: FUNCTION, InvocationType: 'Event' });
    const finding = idleGpuFinding({ name: 'llm-chat-prod' });
    const [request] = invokedRequests();
    expect(request).toMatchObject({
      type: 'park',
      fingerprint: finding.fingerprint,
      refKey: 'aws:123456789012:us-east-1:endpoint:llm-chat-prod',
      approval: { by: 'slack', principal: APPROVER, at: NOW },
      slack: { channel: CHANNEL, ts: MESSAGE_TS, responseUrl: hooks.url(), blockId: 'wd_actions' },
    });
    expect(request!.slack?.original?.blocks.some((b) => b.type === 'actions')).toBe(true);

    expect(hooks.calls).toHaveLength(1);
    const working = hooks.calls[0]!.body as { replace_original: boolean; text: string; blocks: { type: string; block_id?: string; text?: { text: string } }[] };
    expect(working.replace_original).toBe(true);
    expect(working.blocks.some((b) => b.type === 'actions')).toBe(false);
    const status = working.blocks.find((b) => b.block_id === 'wd_actions')!;
    expect(status.text!.text).toContain(`Park requested by <@${APPROVER}> - working…`);
    expect(working.blocks[0]!.type).toBe('header'); // the alert itself stays
  });

  it('posts "working…" before invoking, so a fast outcome is never overwritten by it', async () => {
    let hooksAtInvoke = -1;
    lambda.on(InvokeCommand).callsFake(() => {
      hooksAtInvoke = hooks.calls.length;
      return { StatusCode: 202 };
    });
    await handlerWith(deps())(click({ actionId: 'wd_snooze_24h' }));
    expect(hooksAtInvoke).toBe(1);
    expect(invokedRequests()[0]).toMatchObject({ type: 'snooze', hours: 24 });
  });

  it('refuses a user who is not an approver with an ephemeral reply naming what to configure; nothing is done', async () => {
    const claims = memoryClaims();
    const res = await handlerWith(deps({ claimOnce: claims.claimOnce }, { slackUsers: ['U0SOMEONE1'] }))(click({ userId: 'U0ZOE00001' }));
    expect(res).toEqual({ statusCode: 200 });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(claims.calls).toHaveLength(0);
    expect(hooks.calls).toHaveLength(1);
    expect(hooks.calls[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const text = String(hooks.calls[0]!.body.text);
    expect(text).toContain('`U0ZOE00001` to `remediation.approvers.slackUsers`');
    expect(text).toContain(`remediation.approvers.byChannel.${CHANNEL}`);
  });

  it('allows by channel and by workspace, but not a Slack Connect guest of an allowed workspace', async () => {
    await handlerWith(deps({}, { byChannel: { [CHANNEL]: ['U0ZOE00001'] } }))(click({ userId: 'U0ZOE00001' }));
    await handlerWith(deps({}, { slackTeams: [TEAM] }))(click({ userId: 'U0ZOE00001', messageTs: '1762178400.000200' }));
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 2);
    await handlerWith(deps({}, { slackTeams: [TEAM] }))(click({ userId: 'U0GUEST001', userTeamId: 'T0GUEST001', messageTs: '1762178400.000300' }));
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('acts once for a double click, a concurrent double click and a Slack retry', async () => {
    const d = deps();
    const handler = handlerWith(d);
    expect((await handler(click())).statusCode).toBe(200);
    // The second click is a new request (new timestamp and signature) for the same button on the same message.
    const second = slackEvent(formBody(blockActionsPayload({ responseUrl: hooks.url() })), { timestampSec: NOW_SEC + 1 });
    expect((await handler(second)).statusCode).toBe(200);
    expect((await handler(click({}, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }))).statusCode).toBe(200);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(hooks.calls).toHaveLength(1); // duplicates get a bare 200: no second "working…"
    expect(logs.some((l) => l.message === 'duplicate slack action ignored')).toBe(true);

    const other = { messageTs: '1762178400.000900' };
    const results = await Promise.all([handler(click(other)), handler(click(other)), handler(click(other))]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('refuses a duplicate through the real ledger claim too (file state store, production wiring)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-slack-'));
    try {
      const cfg = config({ remediation: { approvers: { slackUsers: [APPROVER] }, functionName: FUNCTION }, state: { backend: 'file', file: 'state.json' } });
      const built = buildSlackActionsDeps({ config: cfg, env: { SLACK_SIGNING_SECRET: SECRET }, cwd: dir, now: () => NOW });
      const handler = handlerWith({ ...built, respond: createResponseUrlPoster({ allowedOrigins: [hooks.origin] }), log });
      await handler(click());
      await handler(click({}, { 'x-slack-retry-num': '1' }));
      expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
      expect(readFileSync(join(dir, 'state.json'), 'utf8')).toContain('slack-action:');
      // each invocation recorded its usage in the same store (the weekly report's own-cost section)
      const store = new FileStateStore({ file: join(dir, 'state.json'), findingsTtlDays: 90, now: () => NOW });
      const usage = await readWatchdogUsage(store, { start: new Date(NOW.getTime() - 60_000), end: new Date(NOW.getTime() + 60_000) });
      expect(usage.map((u) => [u.functionName, u.calls])).toEqual([
        ['slack-actions', []],
        ['slack-actions', []],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses forged, stale and unsigned requests with 401 JSON, and does nothing else', async () => {
    const claims = memoryClaims();
    const handler = handlerWith(deps({ claimOnce: claims.claimOnce }));
    const body = formBody(blockActionsPayload({ responseUrl: hooks.url() }));
    const forged = await handler(slackEvent(body, { secret: 'fedcba9876543210fedcba9876543210' }));
    expect(forged.statusCode).toBe(401);
    expect(JSON.parse(forged.body!)).toEqual({ error: 'forged', message: 'signature mismatch' });
    const stale = await handler(slackEvent(body, { timestampSec: NOW_SEC - 600 }));
    expect(JSON.parse(stale.body!)).toMatchObject({ error: 'stale' });
    const unsigned = slackEvent(body);
    delete unsigned.headers['x-slack-signature'];
    expect(JSON.parse((await handler(unsigned)).body!)).toMatchObject({ error: 'missing-headers' });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(claims.calls).toHaveLength(0);
    expect(hooks.calls).toHaveLength(0);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
  });

  it('answers malformed payloads with 400 JSON naming the problem', async () => {
    const handler = handlerWith(deps());
    const cases: [string, RegExp][] = [
      ['token=abc&team_id=T1', /no `payload` field/],
      ['payload=%7B%22type%22%3A', /not valid JSON/],
      [formBody({ ...blockActionsPayload(), user: { name: 'no id' } }), /user\.id/],
      [formBody(blockActionsPayload({ value: 'not-json' })), /button value is not/],
    ];
    for (const [body, problem] of cases) {
      const res = await handler(slackEvent(body));
      expect(res.statusCode).toBe(400);
      expect(res.headers?.['content-type']).toBe('application/json');
      const json = JSON.parse(res.body!);
      expect(json.error).toBe('malformed-payload');
      expect(json.message).toMatch(problem);
    }
    expect((await handler(slackEvent('{"a":1}', { headers: { 'content-type': 'application/json' } }))).statusCode).toBe(415);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  it('answers unknown buttons and payload types with 200 and an ephemeral "not supported"', async () => {
    const handler = handlerWith(deps());
    expect(await handler(click({ actionId: 'wd_delete_everything' }))).toEqual({ statusCode: 200 });
    expect(hooks.calls[0]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Not supported') });
    const shortcut = slackEvent(formBody({ type: 'message_action', callback_id: 'x', response_url: hooks.url() }));
    expect(await handler(shortcut)).toEqual({ statusCode: 200 });
    expect(hooks.calls[1]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('message_action') });
    expect(await handler(slackEvent(formBody({ type: 'view_submission', view: {} })))).toEqual({ statusCode: 200 });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  it('turns Ignore, Snooze 7 d and Restore into their requests', async () => {
    const handler = handlerWith(deps());
    await handler(click({ actionId: 'wd_ignore' }));
    await handler(click({ actionId: 'wd_snooze_7d' }));
    const finding = idleGpuFinding({ name: 'llm-chat-prod' });
    const parked = outcomeBlock(
      { kind: 'parked', subject: 'llm-chat-prod', tokenId: 'rt-7f3a9c', ref: finding.ref, hourlySaving: { amount: 7.09, currency: 'USD' }, approval: { by: 'slack', principal: APPROVER, at: NOW }, at: NOW },
      'wd_actions',
    );
    await handler(click({ actionId: 'wd_restore', value: parked.accessory!.value! }));
    expect(invokedRequests().map((r) => r.type)).toEqual(['ignore', 'snooze', 'restore']);
    expect(invokedRequests()[1]).toMatchObject({ hours: 168 });
    expect(invokedRequests()[2]).toMatchObject({ type: 'restore', tokenId: 'rt-7f3a9c', ref: finding.ref });
    expect(String((hooks.calls[2]!.body.blocks as { text?: { text: string } }[]).find((b) => b.text?.text.includes('Restore requested'))?.text?.text)).toContain(
      `<@${APPROVER}>`,
    );
  });

  it('shows the failure in place when the invoke fails and the claim cannot be released', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('User is not authorized to perform: lambda:InvokeFunction'), { name: 'AccessDeniedException' }));
    const res = await handlerWith(deps())(click());
    expect(res).toEqual({ statusCode: 200 });
    expect(hooks.calls).toHaveLength(2); // "working…", then the failure in its place
    const text = JSON.stringify(hooks.calls[1]!.body);
    expect(text).toContain('Park failed');
    expect(text).toContain('AccessDeniedException');
    expect(text).toContain(`check that ${FUNCTION} exists and that this function may call lambda:InvokeFunction on it`);
    expect(text).toContain('ml-watchdog park aws:123456789012:us-east-1:endpoint:llm-chat-prod');
    expect(logs.some((l) => l.level === 'error' && l.message === 'could not invoke the remediation function')).toBe(true);
  });

  it('puts the buttons back and lets the user press again when the claim can be released', async () => {
    const claims = memoryClaims();
    const releaseClaim = async (key: string) => void claims.keys.delete(key);
    const handler = handlerWith(deps({ claimOnce: claims.claimOnce, releaseClaim }));
    lambda.on(InvokeCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })).resolves({ StatusCode: 202 });
    await handler(click());
    const restored = hooks.calls[1]!.body as { blocks: { type: string }[] };
    expect(restored.blocks.some((b) => b.type === 'actions')).toBe(true);
    expect(hooks.calls[2]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('press the button again') });
    await handler(click({}, { 'x-slack-request-timestamp': String(NOW_SEC) }));
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it('says so, without acting, when remediation.functionName is not set', async () => {
    const d = deps();
    const res = await handlerWith({ ...d, config: config({ remediation: { approvers: { slackUsers: [APPROVER] } } }) })(click());
    expect(res.statusCode).toBe(200);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(String(hooks.calls[0]!.body.text)).toContain('remediation.functionName');
  });

  it('still answers within 3 s when the response_url hangs', async () => {
    hooks.script({ delayMs: 5000 });
    const d = deps({ respond: createResponseUrlPoster({ allowedOrigins: [hooks.origin], timeoutMs: 300 }) });
    const started = performance.now();
    expect(await handlerWith(d)(click())).toEqual({ statusCode: 200 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('answers in time when the usage write hangs or fails (a warning, nothing else)', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      const hanging = { ...deps(), usageStore: { putIfAbsent: () => new Promise<boolean>(() => undefined) } };
      const started = performance.now();
      expect(await handlerWith(hanging)(click())).toEqual({ statusCode: 200 });
      expect(performance.now() - started).toBeLessThan(1500);
      const failing = { ...deps(), usageStore: { putIfAbsent: async () => Promise.reject(new Error('AccessDeniedException')) } };
      expect(await handlerWith(failing)(click())).toEqual({ statusCode: 200 });
      expect(warn.mock.calls.map((c) => c[0])).toEqual(['usage record not written: the state store did not answer in time', 'usage record not written']);
    } finally {
      warn.mockRestore();
    }
  });

  it('answers 500 without details when the signing secret or the dependencies are unavailable', async () => {
    const noSecret = await handlerWith(deps({ signingSecret: () => Promise.reject(Object.assign(new Error('SSM parameter /x does not exist'), { code: 'SLACK_SIGNING_SECRET_PARAMETER_NOT_FOUND' })) }))(click());
    expect(noSecret.statusCode).toBe(500);
    expect(JSON.parse(noSecret.body!)).toMatchObject({ error: 'signing-secret-unavailable' });
    const broken = makeSlackActionsHandler(async () => {
      throw new Error('secret detail');
    });
    const res = await broken(click());
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret detail');
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  it('accepts the sample event once re-signed (scripts/sign-slack-event.ts), and refuses it as stale without', async () => {
    const sample = JSON.parse(readFileSync('events/slack-actions.json', 'utf8')) as APIGatewayProxyEventV2;
    expect(sample.isBase64Encoded).toBe(true);
    const later = new Date(NOW.getTime() + 24 * 3_600_000);
    const respond = createResponseUrlPoster({ fetch: async () => new Response('ok') }); // hooks.slack.com, answered locally
    const handler = handlerWith(deps({ respond, now: () => later }));
    expect(JSON.parse((await handler(sample)).body!)).toMatchObject({ error: 'stale' });
    const signed = resignSlackEvent(sample, SECRET, Math.floor(later.getTime() / 1000));
    expect(await handler(signed)).toEqual({ statusCode: 200 });
    expect(invokedRequests()[0]).toMatchObject({ type: 'park', approval: { by: 'slack' } });
    expect(Buffer.from(signed.body!, 'base64').equals(Buffer.from(sample.body!, 'base64'))).toBe(true);
  });
});
