import { describe, expect, it } from 'vitest';
import { refKey } from '../../../../src/domain/cloud';
import { buttonValue } from '../../../../src/notify/alert-buttons';
import { actionClaimKey, refKeyOfFingerprint, toRemediationRequest } from '../../../../src/notify/slack/interactivity/action-request';
import type { SlackBlockAction } from '../../../../src/notify/slack/interactivity/block-action';
import { restoreButtonValue } from '../../../../src/notify/slack/interactivity/restore-button';
import { parseRemediationRequest } from '../../../../src/remediation/remediation-request';
import { idleGpuFinding } from '../finding-factory';
import { APPROVER, CHANNEL, MESSAGE_TS, NOW, TEAM } from './slack-fixtures';

const finding = idleGpuFinding({ name: 'llm-chat-prod' });
const value = buttonValue(finding.fingerprint, finding.ref)!;

function click(actionId: string, over: Partial<SlackBlockAction> = {}): SlackBlockAction {
  return {
    actionId,
    value,
    blockId: 'wd_actions',
    userId: APPROVER,
    userTeamId: TEAM,
    teamId: TEAM,
    channelId: CHANNEL,
    messageTs: MESSAGE_TS,
    responseUrl: 'https://hooks.slack.com/actions/T/1/x',
    message: { text: 'alert', blocks: [{ type: 'actions', block_id: 'wd_actions', elements: [] }] },
    ...over,
  };
}

describe('toRemediationRequest', () => {
  it('maps Park to a park request with the fingerprint, the resource key and a Slack approval', () => {
    const r = toRemediationRequest(click('wd_park'), NOW);
    expect(r).toMatchObject({ ok: true, label: 'Park', subject: finding.fingerprint });
    if (!r.ok) return;
    expect(r.request).toEqual({
      type: 'park',
      fingerprint: finding.fingerprint,
      refKey: refKey(finding.ref),
      approval: { by: 'slack', principal: APPROVER, at: NOW },
      slack: {
        channel: CHANNEL,
        ts: MESSAGE_TS,
        responseUrl: 'https://hooks.slack.com/actions/T/1/x',
        blockId: 'wd_actions',
        original: { text: 'alert', blocks: [{ type: 'actions', block_id: 'wd_actions', elements: [] }] },
      },
    });
    // What the remediation function receives after a JSON round trip is valid against the strict schema.
    expect(parseRemediationRequest(JSON.parse(JSON.stringify(r.request)))).toEqual(r.request);
  });

  it('maps the snoozes to 24 and 168 hours and Ignore to an ignore request', () => {
    const s24 = toRemediationRequest(click('wd_snooze_24h'), NOW);
    const s7d = toRemediationRequest(click('wd_snooze_7d'), NOW);
    const ignore = toRemediationRequest(click('wd_ignore'), NOW);
    expect(s24.ok && s24.request).toMatchObject({ type: 'snooze', hours: 24, fingerprint: finding.fingerprint });
    expect(s24.ok && s24.label).toBe('Snooze 24 h');
    expect(s7d.ok && s7d.request).toMatchObject({ type: 'snooze', hours: 168 });
    expect(s7d.ok && s7d.label).toBe('Snooze 7 d');
    expect(ignore.ok && ignore.request).toMatchObject({ type: 'ignore', refKey: refKey(finding.ref) });
  });

  it('recovers the resource key from the fingerprint when the button value had to drop it', () => {
    const bare = JSON.stringify({ fp: finding.fingerprint });
    const r = toRemediationRequest(click('wd_park', { value: bare }), NOW);
    expect(r.ok && r.request).toMatchObject({ type: 'park', refKey: refKey(finding.ref) });
    expect(refKeyOfFingerprint('idle-gpu:aws:1:r:endpoint:n')).toBe('aws:1:r:endpoint:n');
    expect(refKeyOfFingerprint('nocolon')).toBeUndefined();
    expect(toRemediationRequest(click('wd_park', { value: '{"fp":"nocolon"}' }), NOW)).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('maps Restore to a restore request with the token id and the full ref', () => {
    const r = toRemediationRequest(click('wd_restore', { value: restoreButtonValue('tok-1', finding.ref)! }), NOW);
    expect(r.ok && r.request).toMatchObject({ type: 'restore', tokenId: 'tok-1', ref: finding.ref });
    expect(r.ok && r.subject).toBe('tok-1');
    const retry = toRemediationRequest(click('wd_restore', { value: restoreButtonValue('tok-1', undefined, '2026-11-03T15:00:00.000Z')! }), NOW);
    expect(retry.ok && retry.subject).toBe('tok-1#2026-11-03T15:00:00.000Z');
  });

  it('calls unknown buttons unsupported and unreadable values malformed', () => {
    expect(toRemediationRequest(click('wd_delete_everything'), NOW)).toMatchObject({ ok: false, kind: 'unsupported' });
    expect(toRemediationRequest(click('wd_park', { value: 'not json' }), NOW)).toMatchObject({ ok: false, kind: 'malformed' });
    expect(toRemediationRequest(click('wd_park', { value: undefined }), NOW)).toMatchObject({ ok: false, kind: 'malformed' });
    expect(toRemediationRequest(click('wd_restore', { value: '{"tokenId":"t","ref":{"cloud":"oracle"}}' }), NOW)).toMatchObject({ ok: false, kind: 'malformed' });
  });
});

describe('actionClaimKey', () => {
  it('is the same for a double click, another person and a Slack retry of one button on one message', () => {
    const a = actionClaimKey(click('wd_park'), finding.fingerprint);
    expect(actionClaimKey(click('wd_park', { userId: 'U0OTHER001' }), finding.fingerprint)).toBe(a);
    expect(a).toMatch(/^slack-action:[0-9a-f]{64}$/);
  });

  it('differs per message, channel, workspace, button and subject', () => {
    const a = actionClaimKey(click('wd_park'), finding.fingerprint);
    const others = [
      actionClaimKey(click('wd_park', { messageTs: '1762178400.000200' }), finding.fingerprint),
      actionClaimKey(click('wd_park', { channelId: 'C0OTHER001' }), finding.fingerprint),
      actionClaimKey(click('wd_park', { teamId: 'T0OTHER001' }), finding.fingerprint),
      actionClaimKey(click('wd_snooze_24h'), finding.fingerprint),
      actionClaimKey(click('wd_park'), 'idle-gpu:aws:123456789012:us-east-1:endpoint:other'),
    ];
    expect(new Set([a, ...others]).size).toBe(6);
  });
});
