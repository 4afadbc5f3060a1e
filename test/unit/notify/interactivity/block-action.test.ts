import { describe, expect, it } from 'vitest';
import { parseInteraction } from '../../../../src/notify/slack/interactivity/block-action';
import { APPROVER, blockActionsPayload, CHANNEL, formBody, MESSAGE_TS, TEAM } from './slack-fixtures';

const parse = (body: string) => parseInteraction(Buffer.from(body, 'utf8'));

describe('parseInteraction', () => {
  it('reads a block_actions click on a message', () => {
    const payload = blockActionsPayload({ userName: 'Zoë' });
    const parsed = parse(formBody(payload));
    expect(parsed.kind).toBe('block-action');
    if (parsed.kind !== 'block-action') return;
    const a = parsed.action;
    expect(a).toMatchObject({
      actionId: 'wd_park',
      blockId: 'wd_actions',
      userId: APPROVER,
      userTeamId: TEAM,
      teamId: TEAM,
      channelId: CHANNEL,
      messageTs: MESSAGE_TS,
      responseUrl: payload.response_url,
    });
    expect(JSON.parse(a.value!)).toHaveProperty('fp');
    expect(a.message?.blocks.some((b) => b.block_id === 'wd_actions')).toBe(true);
    expect(a.message?.text).toContain('llm-chat-prod');
  });

  it('decodes `+` as a space and percent-escapes as UTF-8, as form encoding defines', () => {
    const payload = blockActionsPayload({ text: 'Idle GPU · Zoë 🚀' });
    const body = formBody(payload);
    expect(body).toContain('+');
    const parsed = parse(body);
    expect(parsed.kind === 'block-action' && parsed.action.message?.text).toBe('Idle GPU · Zoë 🚀');
  });

  it('falls back to container.channel_id and message.ts', () => {
    const payload = blockActionsPayload();
    delete payload.channel;
    (payload.container as Record<string, unknown>).message_ts = undefined;
    const parsed = parse(formBody(payload));
    expect(parsed.kind === 'block-action' && parsed.action).toMatchObject({ channelId: CHANNEL, messageTs: MESSAGE_TS });
  });

  it('tolerates fields Slack may add and a null team (org-wide installs)', () => {
    const payload = { ...blockActionsPayload(), team: null, brand_new_field: { x: 1 } };
    const parsed = parse(formBody(payload));
    expect(parsed.kind).toBe('block-action');
    expect(parsed.kind === 'block-action' && parsed.action.teamId).toBeUndefined();
  });

  it('calls other payload types and buttons outside messages unsupported', () => {
    const modal = parse(formBody({ type: 'view_submission', user: { id: APPROVER }, view: {} }));
    expect(modal).toEqual({ kind: 'unsupported', what: 'payload type view_submission' });
    const shortcut = parse(formBody({ type: 'message_action', response_url: 'https://hooks.slack.com/x' }));
    expect(shortcut).toEqual({ kind: 'unsupported', what: 'payload type message_action', responseUrl: 'https://hooks.slack.com/x' });
    const inModal = parse(formBody({ ...blockActionsPayload(), container: { type: 'view', view_id: 'V1' } }));
    expect(inModal).toMatchObject({ kind: 'unsupported', what: 'a button in a view' });
  });

  it('names the problem in malformed requests', () => {
    expect(parse('token=abc')).toEqual({ kind: 'malformed', problem: 'the form body has no `payload` field' });
    expect(parse('payload=%7Bnot-json')).toMatchObject({ kind: 'malformed', problem: expect.stringMatching(/not valid JSON/) });
    expect(parse(formBody([1, 2]))).toEqual({ kind: 'malformed', problem: 'the payload has no `type`' });
    const noUser = blockActionsPayload();
    delete noUser.user;
    expect(parse(formBody(noUser))).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('user') });
    expect(parse(formBody({ ...blockActionsPayload(), actions: [] }))).toMatchObject({ problem: expect.stringContaining('no actions') });
    const noChannel = blockActionsPayload();
    delete noChannel.channel;
    noChannel.container = { type: 'message' };
    expect(parse(formBody(noChannel))).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('channel.id') });
  });
});
