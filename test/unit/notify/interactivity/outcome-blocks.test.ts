import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../src/domain/remediation';
import type { SlackBlockLike } from '../../../../src/notify/slack/interactivity/block-action';
import {
  outcomeBlock,
  outcomeMessage,
  outcomeText,
  spliceOutcome,
  type ActionOutcome,
} from '../../../../src/notify/slack/interactivity/outcome-blocks';
import { parseRestoreButtonValue, RESTORE_ACTION_ID } from '../../../../src/notify/slack/interactivity/restore-button';
import { SLACK_LIMITS } from '../../../../src/notify/slack/limits';
import { idleGpuFinding } from '../finding-factory';
import { alertBlocks, APPROVER, CHANNEL, digestBlocks, MESSAGE_TS, NOW } from './slack-fixtures';

const approval: Approval = { by: 'slack', principal: APPROVER, at: NOW };
const finding = idleGpuFinding({ name: 'llm-chat-prod' });
const parked: ActionOutcome = {
  kind: 'parked',
  subject: 'llm-chat-prod',
  tokenId: 'rt-7f3a9c',
  ref: finding.ref,
  hourlySaving: { amount: 7.09, currency: 'USD' },
  approval,
  at: new Date('2026-11-03T14:01:30Z'),
};

describe('outcomeText', () => {
  it('parked: who, when, the saving per hour and per month, the token', () => {
    const text = outcomeText(parked);
    expect(text).toContain('*Parked* `llm-chat-prod`');
    expect(text).toContain(`<@${APPROVER}>`);
    expect(text).toContain('2026-11-03 14:01 UTC');
    expect(text).toContain('$7.09/h');
    expect(text).toContain('$5,175.70/month'); // 7.09 x 730
    expect(text).toContain('`rt-7f3a9c`');
    expect(outcomeText({ ...parked, alreadyParked: true })).toContain('*Already parked*');
  });

  it('restored: the time it serves again and how long the restore took', () => {
    const text = outcomeText({ kind: 'restored', subject: 'llm-chat-prod', tokenId: 'rt-7f3a9c', approval, at: new Date('2026-11-04T09:12:00Z'), restoreSeconds: 420 });
    expect(text).toContain('*Restored*');
    expect(text).toContain('since 2026-11-04 09:12 UTC');
    expect(text).toContain('restore took 7 min');
  });

  it('snoozed, ignored, refused, not run and failed say what happened and what to do', () => {
    expect(outcomeText({ kind: 'snoozed', subject: 'llm-chat-prod', until: new Date('2026-11-10T14:00:00Z'), approval })).toContain(
      'until 2026-11-10 14:00 UTC',
    );
    expect(outcomeText({ kind: 'ignored', subject: 'llm-chat-prod', tag: { key: 'watchdog:ignore', value: 'true' }, approval })).toContain(
      'tagged `watchdog:ignore=true`',
    );
    const refused = outcomeText({
      kind: 'refused',
      request: 'park',
      subject: 'llm-chat-prod',
      guardrail: 'traffic-since-detection',
      reason: '12 invocation(s) since detection at 2026-11-03T13:00:00.000Z: someone is using it',
      retryLater: false,
      approval,
    });
    expect(refused).toContain('*Park refused*');
    expect(refused).toContain('guardrail `traffic-since-detection`');
    expect(refused).toContain('12 invocation(s)');
    expect(
      outcomeText({ kind: 'refused', request: 'park', subject: 'x', guardrail: 'quiet-hours', reason: 'inside quiet hours', retryLater: true, approval }),
    ).toContain('A later run may act');
    expect(
      outcomeText({ kind: 'not-run', request: 'park', subject: 'x', status: 'dry-run', reason: 'dry-run (remediation.mode): would delete-endpoint-keep-config x', approval }),
    ).toContain('*Park not run*');
    const failed = outcomeText({
      kind: 'failed',
      request: 'park',
      subject: 'llm-chat-prod',
      error: 'AccessDeniedException: not authorized to perform sagemaker:DeleteEndpoint',
      whatToDo: 'grant sagemaker:DeleteEndpoint to the remediation role, then run `ml-watchdog park llm-chat-prod`',
      approval,
      at: NOW,
    });
    expect(failed).toContain('*Park failed*');
    expect(failed).toContain('*What to do:* grant sagemaker:DeleteEndpoint');
  });

  it('escapes resource names and errors so they cannot mention or link', () => {
    const text = outcomeText({ ...parked, subject: 'evil <!channel> & <https://x|y>' });
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; &amp;');
    expect(outcomeText({ kind: 'working', label: 'Park', approval: { by: 'auto', principal: '<!here>', at: NOW } })).not.toContain('<!here>');
  });
});

describe('outcomeBlock', () => {
  it('puts a Restore button beside a parked outcome, carrying the token id and the ref', () => {
    const block = outcomeBlock(parked, 'wd_actions');
    expect(block.block_id).toBe('wd_actions');
    expect(block.accessory).toMatchObject({ type: 'button', action_id: RESTORE_ACTION_ID, style: 'primary' });
    expect(parseRestoreButtonValue(block.accessory!.value!)).toEqual({ tokenId: 'rt-7f3a9c', ref: finding.ref });
    expect(block.accessory!.confirm!.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmTitle);
  });

  it('offers Retry restore after a failed restore, with a value that differs per failure', () => {
    const failed = (at: Date): ActionOutcome => ({
      kind: 'failed',
      request: 'restore',
      subject: 'llm-chat-prod',
      error: 'ResourceLimitExceeded',
      whatToDo: 'raise the ml.g5.12xlarge quota or retry later',
      retryRestore: { tokenId: 'rt-7f3a9c', ref: finding.ref },
      approval,
      at,
    });
    const a = outcomeBlock(failed(NOW)).accessory!;
    const b = outcomeBlock(failed(new Date(NOW.getTime() + 60_000))).accessory!;
    expect(a.text.text).toBe('Retry restore');
    expect(a.value).not.toBe(b.value);
    expect(parseRestoreButtonValue(a.value!)).toMatchObject({ tokenId: 'rt-7f3a9c', retry: NOW.toISOString() });
    expect(outcomeBlock({ kind: 'snoozed', subject: 'x', until: NOW, approval }).accessory).toBeUndefined();
  });

  it('stays within the section text limit for very long errors', () => {
    const block = outcomeBlock({ kind: 'not-run', request: 'park', subject: 'x'.repeat(5000), status: 'off', reason: 'y'.repeat(5000), approval });
    expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it('shows no Restore button when even the token id cannot fit a button value', () => {
    expect(outcomeBlock({ ...parked, tokenId: 't'.repeat(2100) }).accessory).toBeUndefined();
  });
});

describe('spliceOutcome / outcomeMessage', () => {
  it('replaces only the clicked actions block of a single alert, keeping header, facts and context', () => {
    const { message } = alertBlocks();
    const original = message.blocks as unknown as SlackBlockLike[];
    const out = outcomeMessage({ channel: CHANNEL, ts: MESSAGE_TS, blockId: 'wd_actions', original: { text: message.text, blocks: original } }, parked);
    expect(out.blocks).toHaveLength(original.length);
    expect(out.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(out.blocks[0]).toEqual(original[0]);
    expect(out.blocks.at(-1)).toEqual(original.at(-1));
    expect(out.text.startsWith('Parked llm-chat-prod · ')).toBe(true);
  });

  it('leaves the other findings of a digest and their buttons alone', () => {
    const digest = digestBlocks(['a-endpoint', 'b-endpoint', 'c-endpoint']);
    const blocks = digest.blocks as unknown as SlackBlockLike[];
    const out = spliceOutcome(blocks, 'wd_actions_1', outcomeBlock(parked, 'wd_actions_1'));
    expect(out).toHaveLength(blocks.length);
    expect(out.filter((b) => b.type === 'actions').map((b) => b.block_id)).toEqual(['wd_actions_0', 'wd_actions_2']);
    // A second outcome (after "working…") finds the same slot by block_id.
    const again = spliceOutcome(out, 'wd_actions_1', outcomeBlock({ kind: 'snoozed', subject: 'b', until: NOW, approval }, 'wd_actions_1'));
    expect(again.filter((b) => b.block_id === 'wd_actions_1')).toHaveLength(1);
    expect(JSON.stringify(again)).toContain('Snoozed');
  });

  it('becomes the whole message without the original or the block', () => {
    expect(spliceOutcome(undefined, 'wd_actions', outcomeBlock(parked))).toHaveLength(1);
    expect(spliceOutcome([{ type: 'divider' }], 'wd_actions', outcomeBlock(parked))).toHaveLength(1);
    const out = outcomeMessage({ channel: CHANNEL, ts: MESSAGE_TS }, parked);
    expect(out).toMatchObject({ text: 'Parked llm-chat-prod', blocks: [{ type: 'section' }] });
  });
});
