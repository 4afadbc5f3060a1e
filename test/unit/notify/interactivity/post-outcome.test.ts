import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../../../src/domain/remediation';
import type { ActionOutcome } from '../../../../src/notify/slack/interactivity/outcome-blocks';
import { postOutcome, type SlackUpdateClient } from '../../../../src/notify/slack/interactivity/post-outcome';
import { createResponseUrlPoster } from '../../../../src/notify/slack/interactivity/response-url';
import { createSlackWebClient } from '../../../../src/notify/slack/slack-notifier';
import type { SlackMessageRef } from '../../../../src/remediation/remediation-request';
import { startFakeSlack, type FakeSlack } from '../slack/fake-slack-server';
import { alertBlocks, APPROVER, CHANNEL, MESSAGE_TS, NOW, startFakeResponseUrl, type FakeResponseUrl } from './slack-fixtures';

let slack: FakeSlack;
let hooks: FakeResponseUrl;
beforeAll(async () => {
  [slack, hooks] = await Promise.all([startFakeSlack(), startFakeResponseUrl()]);
});
afterAll(() => Promise.all([slack.close(), hooks.close()]));

const approval: Approval = { by: 'slack', principal: APPROVER, at: NOW };
const snoozed: ActionOutcome = { kind: 'snoozed', subject: 'llm-chat-prod', until: new Date('2026-11-04T14:00:00Z'), approval };

function ref(channel = CHANNEL): SlackMessageRef {
  const { message } = alertBlocks();
  return {
    channel,
    ts: MESSAGE_TS,
    responseUrl: hooks.url(),
    blockId: 'wd_actions',
    original: { text: message.text, blocks: message.blocks as unknown as Record<string, unknown>[] },
  };
}

describe('postOutcome', () => {
  it('updates the message with chat.update through a real WebClient when a bot token is available', async () => {
    const client: SlackUpdateClient = createSlackWebClient('xoxb-test', { apiUrl: slack.url });
    const hooksBefore = hooks.calls.length;
    const result = await postOutcome({ chat: client, responseUrl: createResponseUrlPoster({ allowedOrigins: [hooks.origin] }) }, ref(), snoozed);
    expect(result).toEqual({ ok: true, via: 'chat.update', errors: [] });
    const call = slack.calls.at(-1)!;
    expect(call.method).toBe('chat.update');
    expect(call.authorization).toBe('Bearer xoxb-test');
    expect(call.fields.ts).toBe(MESSAGE_TS);
    expect(call.channel).toBe(CHANNEL);
    expect(JSON.stringify(call.blocks)).toContain('Snoozed');
    expect(call.blocks!.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect(hooks.calls.length).toBe(hooksBefore);
  });

  it('falls back to the response_url when chat.update fails, and says why', async () => {
    slack.script('C0NOTIN001', { error: 'not_in_channel' });
    const client = createSlackWebClient('xoxb-test', { apiUrl: slack.url });
    const before = hooks.calls.length;
    const result = await postOutcome(
      { chat: client, responseUrl: createResponseUrlPoster({ allowedOrigins: [hooks.origin] }) },
      ref('C0NOTIN001'),
      snoozed,
    );
    expect(result).toMatchObject({ ok: true, via: 'response_url' });
    expect(result.errors[0]).toContain('not_in_channel');
    expect(result.errors[0]).toContain('/invite @ml-watchdog');
    expect(hooks.calls[before]!.body).toMatchObject({ replace_original: true, text: expect.stringContaining('Snoozed') });
  });

  it('uses the response_url alone when there is no bot token', async () => {
    const before = hooks.calls.length;
    const result = await postOutcome({ responseUrl: createResponseUrlPoster({ allowedOrigins: [hooks.origin] }) }, ref(), snoozed);
    expect(result).toEqual({ ok: true, via: 'response_url', errors: [] });
    expect(hooks.calls.length).toBe(before + 1);
  });

  it('never throws: reports every failure', async () => {
    hooks.script({ status: 404, body: 'expired_url' });
    const failing: SlackUpdateClient = { chat: { update: () => Promise.reject(new Error('boom')) } };
    const result = await postOutcome({ chat: failing, responseUrl: createResponseUrlPoster({ allowedOrigins: [hooks.origin] }) }, ref(), snoozed);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(['chat.update: boom', 'response_url: response_url answered 404 expired_url']);
    expect(await postOutcome({}, { channel: CHANNEL, ts: MESSAGE_TS }, snoozed)).toEqual({
      ok: false,
      errors: ['no way to reach Slack: no bot token client and no response_url'],
    });
  });
});
