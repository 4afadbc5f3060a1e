import { refKey, type ResourceRef } from '../domain/cloud';
import type { Finding } from '../domain/finding';
import type { RemediationMode } from '../domain/remediation';
import type { AlertActionId, AlertButton } from './alert-view';

/** Slack caps a button `value` at 2000 characters (SLK-TYPES). */
export const BUTTON_VALUE_MAX = 2000;

/** What a button carries: the fingerprint (state-store key) and the resource key (`refKey`). */
export interface ButtonPayload {
  fp: string;
  ref?: string;
}

/**
 * JSON `{"fp": ..., "ref": ...}`. The ref is dropped when the value would exceed Slack's limit (very long Azure
 * ARM names): the fingerprint alone finds the record in the state store. Undefined when even that does not fit,
 * in which case no buttons are rendered (an identity must never be truncated).
 */
export function buttonValue(fingerprint: string, ref: ResourceRef): string | undefined {
  const full = JSON.stringify({ fp: fingerprint, ref: refKey(ref) } satisfies ButtonPayload);
  if (full.length <= BUTTON_VALUE_MAX) return full;
  const bare = JSON.stringify({ fp: fingerprint } satisfies ButtonPayload);
  return bare.length <= BUTTON_VALUE_MAX ? bare : undefined;
}

/** Reads a button value back; undefined when it is not ours (the handler must still re-authorise the user). */
export function parseButtonValue(value: string): ButtonPayload | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { fp, ref } = parsed as Record<string, unknown>;
    if (typeof fp !== 'string' || fp.length === 0) return undefined;
    return typeof ref === 'string' ? { fp, ref } : { fp };
  } catch {
    return undefined;
  }
}

const LABELS: Record<AlertActionId, string> = {
  wd_park: 'Park now',
  wd_snooze_24h: 'Snooze 24 h',
  wd_snooze_7d: 'Snooze 7 d',
  wd_ignore: 'Ignore',
};

/**
 * Park now / Snooze 24 h / Snooze 7 d / Ignore. Park is offered only when there is a park action; it asks for
 * confirmation because it changes a production resource (restorable, but traffic fails until restored).
 */
export function alertButtons(finding: Finding, mode?: RemediationMode): AlertButton[] {
  const value = buttonValue(finding.fingerprint, finding.ref);
  if (value === undefined) return [];
  const buttons: AlertButton[] = [];
  // off and dry-run never act, so a Park button there would only ever answer "not allowed".
  if (finding.recommendation.action !== 'none' && mode !== 'off' && mode !== 'dry-run') {
    buttons.push({
      actionId: 'wd_park',
      label: LABELS.wd_park,
      value,
      style: 'danger',
      confirm: {
        title: `Park ${finding.ref.kind}?`,
        text: `${finding.ref.name}: ${finding.recommendation.summary}${finding.recommendation.reversible ? ' A restore token is saved first.' : ''}`,
        confirm: 'Park it',
        deny: 'Cancel',
      },
    });
  }
  buttons.push({ actionId: 'wd_snooze_24h', label: LABELS.wd_snooze_24h, value });
  buttons.push({ actionId: 'wd_snooze_7d', label: LABELS.wd_snooze_7d, value });
  buttons.push({
    actionId: 'wd_ignore',
    label: LABELS.wd_ignore,
    value,
    confirm: {
      title: 'Ignore this finding?',
      text: `ml-watchdog stops alerting about ${finding.ref.name} for this kind of finding until it is un-ignored.`,
      confirm: 'Ignore',
      deny: 'Cancel',
    },
  });
  return buttons;
}
