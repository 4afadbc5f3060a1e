import { createHash } from 'node:crypto';
import type { Approval } from '../../../domain/remediation';
import type { RemediationRequest, SlackMessageRef } from '../../../remediation/remediation-request';
import { parseButtonValue } from '../../alert-buttons';
import { ALERT_ACTION_IDS, type AlertActionId } from '../../alert-view';
import type { SlackBlockAction } from './block-action';
import { parseRestoreButtonValue, RESTORE_ACTION_ID } from './restore-button';

/** Every action_id the handler accepts. */
export const SLACK_ACTION_IDS = [...ALERT_ACTION_IDS, RESTORE_ACTION_ID] as const;
export type SlackActionId = (typeof SLACK_ACTION_IDS)[number];

const SNOOZES: Partial<Record<AlertActionId, { hours: number; label: string }>> = {
  wd_snooze_24h: { hours: 24, label: 'Snooze 24 h' },
  wd_snooze_7d: { hours: 24 * 7, label: 'Snooze 7 d' },
};

export type ActionRequestResult =
  | {
      ok: true;
      request: RemediationRequest;
      /** What the click is about (fingerprint, or token id + retry nonce): part of the idempotency key. */
      subject: string;
      /** "Park", "Snooze 24 h": shown in "... requested by". */
      label: string;
    }
  | { ok: false; kind: 'unsupported' | 'malformed'; message: string };

/** Turns a verified click into the request for the remediation function (pure). */
export function toRemediationRequest(action: SlackBlockAction, now: Date): ActionRequestResult {
  const id = action.actionId;
  if (!(SLACK_ACTION_IDS as readonly string[]).includes(id)) {
    return { ok: false, kind: 'unsupported', message: `the button ${id} is not an ml-watchdog action` };
  }
  if (action.value === undefined) return { ok: false, kind: 'malformed', message: `the ${id} button has no value` };
  const approval: Approval = { by: 'slack', principal: action.userId, at: now };
  const slack = slackRef(action);

  if (id === RESTORE_ACTION_ID) {
    const v = parseRestoreButtonValue(action.value);
    if (!v) return { ok: false, kind: 'malformed', message: `the ${id} button value is not {"tokenId": ...}` };
    const request: RemediationRequest = { type: 'restore', tokenId: v.tokenId, ...(v.ref ? { ref: v.ref } : {}), approval, slack };
    return { ok: true, request, subject: v.retry ? `${v.tokenId}#${v.retry}` : v.tokenId, label: 'Restore' };
  }

  const v = parseButtonValue(action.value);
  if (!v) return { ok: false, kind: 'malformed', message: `the ${id} button value is not {"fp": ...}` };
  const fingerprint = v.fp;
  const refKey = v.ref ?? refKeyOfFingerprint(fingerprint);
  if (id === 'wd_park' || id === 'wd_ignore') {
    if (!refKey) return { ok: false, kind: 'malformed', message: `the ${id} button names no resource (fingerprint ${fingerprint})` };
    const type = id === 'wd_park' ? 'park' : 'ignore';
    return { ok: true, request: { type, fingerprint, refKey, approval, slack }, subject: fingerprint, label: type === 'park' ? 'Park' : 'Ignore' };
  }
  const { hours, label } = SNOOZES[id as AlertActionId]!;
  return { ok: true, request: { type: 'snooze', fingerprint, hours, approval, slack }, subject: fingerprint, label };
}

/** Fingerprints are `${kind}:${refKey}` (domain/finding.ts) and kinds hold no colon. */
export function refKeyOfFingerprint(fingerprint: string): string | undefined {
  const i = fingerprint.indexOf(':');
  return i > 0 && i < fingerprint.length - 1 ? fingerprint.slice(i + 1) : undefined;
}

function slackRef(action: SlackBlockAction): SlackMessageRef {
  return {
    channel: action.channelId,
    ts: action.messageTs,
    ...(action.responseUrl ? { responseUrl: action.responseUrl } : {}),
    ...(action.blockId ? { blockId: action.blockId } : {}),
    ...(action.message ? { original: action.message } : {}),
  };
}

/**
 * The idempotency key of one click: workspace + channel + message + button + subject. A double click, a second
 * person pressing the same button, or Slack retrying the request (X-Slack-Retry-Num) all map to the same key, so
 * the remediation function is invoked once. Hashed because fingerprints can be ~2000 characters (Azure ARM names)
 * and the ledger's key must stay small.
 */
export function actionClaimKey(action: SlackBlockAction, subject: string): string {
  const parts = [action.teamId ?? action.userTeamId ?? '-', action.channelId, action.messageTs, action.actionId, subject];
  return `slack-action:${createHash('sha256').update(parts.join('\n')).digest('hex')}`;
}
