import type { ResourceRef } from '../../../domain/cloud';
import { HOURS_PER_MONTH, scaleMoney, type Money } from '../../../domain/money';
import type { Approval } from '../../../domain/remediation';
import type { RemediationRequestType, SlackMessageRef } from '../../../remediation/remediation-request';
import { formatHourly, formatHours, formatMonthly, formatUtc } from '../../format';
import { SLACK_LIMITS as L, type SlackButton } from '../limits';
import { mrkdwn, truncateText } from '../mrkdwn';
import type { SlackBlockLike } from './block-action';
import { restoreButtonValue, RESTORE_ACTION_ID } from './restore-button';

/**
 * What happened after a click, as the remediation function (or the handler, for `working`) reports it. Every
 * variant names who asked (`approval`) and what about (`subject`: the resource name or key, plain text).
 */
export type ActionOutcome =
  | { kind: 'working'; label: string; subject?: string; approval: Approval }
  | { kind: 'parked'; subject: string; tokenId: string; ref: ResourceRef; hourlySaving: Money; approval: Approval; at: Date; alreadyParked?: boolean }
  | { kind: 'restored'; subject: string; tokenId: string; approval: Approval; at: Date; restoreSeconds?: number }
  | { kind: 'snoozed'; subject: string; until: Date; approval: Approval }
  | { kind: 'ignored'; subject: string; tag: { key: string; value: string }; approval: Approval }
  /** A guardrail stopped it (src/remediation/guardrails.ts GuardrailName and its reason). */
  | { kind: 'refused'; request: RemediationRequestType; subject: string; guardrail: string; reason: string; retryLater: boolean; approval: Approval }
  /** The mode did not allow acting: off, dry-run ("would park ..."), needs-approval, or no remediator for the cloud. */
  | { kind: 'not-run'; request: RemediationRequestType; subject: string; status: 'off' | 'dry-run' | 'needs-approval' | 'not-supported'; reason: string; approval: Approval }
  | {
      kind: 'failed';
      request: RemediationRequestType;
      subject: string;
      error: string;
      /** The next step for a person: a CLI command, a permission to grant. */
      whatToDo: string;
      /** Offers "Retry restore" for a failed restore (a new button value, so the retry is a new click). */
      retryRestore?: { tokenId: string; ref?: ResourceRef };
      approval: Approval;
      at: Date;
    };

/** A section with an optional button beside it: one block, so replacing the actions block never grows a digest. */
export interface OutcomeBlock {
  type: 'section';
  block_id?: string;
  text: { type: 'mrkdwn'; text: string };
  accessory?: SlackButton;
}

const VERB: Record<RemediationRequestType, string> = { park: 'Park', restore: 'Restore', snooze: 'Snooze', ignore: 'Ignore' };

/** `<@U123>` for a Slack user (renders as their name), else the principal as plain text ("scan", a CLI user). */
export function whoText(a: Approval): string {
  return a.by === 'slack' && /^[UW][A-Z0-9]+$/.test(a.principal) ? `<@${a.principal}>` : mrkdwn(a.principal, 200);
}

const code = (s: string, max = 300) => `\`${mrkdwn(s, max)}\``;

/** The mrkdwn status line(s) of an outcome (pure). */
export function outcomeText(o: ActionOutcome): string {
  const by = whoText(o.approval);
  switch (o.kind) {
    case 'working':
      return `:hourglass_flowing_sand: ${mrkdwn(o.label, 100)} requested by ${by}${o.subject ? ` for ${code(o.subject)}` : ''} - working…`;
    case 'parked': {
      const monthly = scaleMoney(o.hourlySaving, HOURS_PER_MONTH);
      return [
        `:zzz: *${o.alreadyParked ? 'Already parked' : 'Parked'}* ${code(o.subject)} - approved by ${by}, ${formatUtc(o.at)}`,
        `Saves *${formatHourly(o.hourlySaving)}* (${formatMonthly(monthly)} while parked) · restore token ${code(o.tokenId, 200)}`,
      ].join('\n');
    }
    case 'restored':
      return [
        `:white_check_mark: *Restored* ${code(o.subject)} - requested by ${by}`,
        `Serving again since ${formatUtc(o.at)}${o.restoreSeconds !== undefined ? ` (restore took ${formatHours(o.restoreSeconds / 3600)})` : ''} · token ${code(o.tokenId, 200)}`,
      ].join('\n');
    case 'snoozed':
      return `:mute: *Snoozed* ${code(o.subject)} by ${by} until ${formatUtc(o.until)}: no alerts for this finding until then.`;
    case 'ignored':
      return `:no_bell: *Ignored* ${code(o.subject)} by ${by}: tagged ${code(`${o.tag.key}=${o.tag.value}`, 200)}; ml-watchdog skips it until the tag is removed.`;
    case 'refused':
      return [
        `:shield: *${VERB[o.request]} refused* for ${code(o.subject)} (asked by ${by}): guardrail ${code(o.guardrail, 100)}`,
        `${mrkdwn(o.reason, 1200)}${o.retryLater ? ' A later run may act once this clears.' : ''}`,
      ].join('\n');
    case 'not-run':
      return `:memo: *${VERB[o.request]} not run* for ${code(o.subject)} (asked by ${by}, ${o.status}): ${mrkdwn(o.reason, 1200)}`;
    case 'failed':
      return [
        `:x: *${VERB[o.request]} failed* for ${code(o.subject)} (asked by ${by}, ${formatUtc(o.at)}): ${mrkdwn(o.error, 1000)}`,
        `*What to do:* ${mrkdwn(o.whatToDo, 1000)}`,
      ].join('\n');
  }
}

/** The one block that takes the place of the clicked actions block (pure). */
export function outcomeBlock(o: ActionOutcome, blockId?: string): OutcomeBlock {
  const block: OutcomeBlock = { type: 'section', text: { type: 'mrkdwn', text: truncateText(outcomeText(o), L.sectionText) } };
  if (blockId) block.block_id = blockId;
  const button = outcomeButton(o);
  if (button) block.accessory = button;
  return block;
}

function outcomeButton(o: ActionOutcome): SlackButton | undefined {
  if (o.kind === 'parked') return restoreButton('Restore', o.subject, restoreButtonValue(o.tokenId, o.ref));
  if (o.kind === 'failed' && o.retryRestore) {
    // The outcome time makes the value (and so the idempotency key) new: a retry is not a duplicate of the first click.
    const value = restoreButtonValue(o.retryRestore.tokenId, o.retryRestore.ref, o.at.toISOString());
    return restoreButton('Retry restore', o.subject, value);
  }
  return undefined;
}

function restoreButton(label: string, subject: string, value: string | undefined): SlackButton | undefined {
  if (value === undefined) return undefined;
  return {
    type: 'button',
    action_id: RESTORE_ACTION_ID,
    text: { type: 'plain_text', text: label, emoji: true },
    style: 'primary',
    value,
    confirm: {
      title: { type: 'plain_text', text: truncateText(`Restore ${subject}?`, L.confirmTitle) },
      text: { type: 'plain_text', text: 'ml-watchdog brings it back from the saved restore token; billing resumes while it runs.' },
      confirm: { type: 'plain_text', text: 'Restore' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
}

/**
 * Replaces the block with `blockId` by `replacement`, keeping every other block (a digest's other findings) as it
 * was. The replacement reuses the block_id, so a later outcome (after "working…", or a Restore click on the parked
 * line) finds the same slot. Without the original message or the block, the outcome becomes the whole message.
 */
export function spliceOutcome(
  original: readonly SlackBlockLike[] | undefined,
  blockId: string | undefined,
  replacement: OutcomeBlock,
): SlackBlockLike[] {
  const block = replacement as unknown as SlackBlockLike;
  if (!original || !blockId) return [block];
  const i = original.findIndex((b) => b.block_id === blockId);
  if (i < 0) return [block];
  return [...original.slice(0, i), block, ...original.slice(i + 1)];
}

/** The full replacement message for `chat.update` or a response_url `replace_original` (pure). */
export function outcomeMessage(ref: SlackMessageRef, outcome: ActionOutcome): { text: string; blocks: SlackBlockLike[] } {
  const blocks = spliceOutcome(ref.original?.blocks as SlackBlockLike[] | undefined, ref.blockId, outcomeBlock(outcome, ref.blockId));
  const status = plainStatus(outcome);
  const text = ref.original?.text ? `${status} · ${ref.original.text}` : status;
  return { text: truncateText(text, L.fallbackText), blocks };
}

/** One plain line for the notification fallback and logs. */
export function plainStatus(o: ActionOutcome): string {
  switch (o.kind) {
    case 'working':
      return `${o.label} requested - working…`;
    case 'parked':
      return `${o.alreadyParked ? 'Already parked' : 'Parked'} ${o.subject}`;
    case 'restored':
      return `Restored ${o.subject}`;
    case 'snoozed':
      return `Snoozed ${o.subject} until ${formatUtc(o.until)}`;
    case 'ignored':
      return `Ignored ${o.subject}`;
    case 'refused':
      return `${VERB[o.request]} refused for ${o.subject} (${o.guardrail})`;
    case 'not-run':
      return `${VERB[o.request]} not run for ${o.subject} (${o.status})`;
    case 'failed':
      return `${VERB[o.request]} failed for ${o.subject}`;
  }
}
