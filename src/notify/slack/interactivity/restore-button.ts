import type { ResourceRef } from '../../../domain/cloud';
import { resourceRefSchema } from '../../../remediation/remediation-request';
import { BUTTON_VALUE_MAX } from '../../alert-buttons';

/** action_id of the Restore button on a "parked" outcome. */
export const RESTORE_ACTION_ID = 'wd_restore';

/** What the Restore button carries. `retry` makes a "Retry restore" click a new request (see actionClaimKey). */
export interface RestoreButtonPayload {
  tokenId: string;
  ref?: ResourceRef;
  retry?: string;
}

/**
 * JSON `{tokenId, ref, retry?}`; the ref is dropped when it would break Slack's 2000-character value limit (the
 * token id alone finds the token). Undefined when even the token id does not fit: then no button is shown.
 */
export function restoreButtonValue(tokenId: string, ref?: ResourceRef, retry?: string): string | undefined {
  const base: RestoreButtonPayload = { tokenId, ...(retry ? { retry } : {}) };
  if (ref) {
    const full = JSON.stringify({ ...base, ref });
    if (full.length <= BUTTON_VALUE_MAX) return full;
  }
  const bare = JSON.stringify(base);
  return bare.length <= BUTTON_VALUE_MAX ? bare : undefined;
}

/** Reads a Restore button value back; undefined when it is not ours. */
export function parseRestoreButtonValue(value: string): RestoreButtonPayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { tokenId, ref, retry } = parsed as Record<string, unknown>;
  if (typeof tokenId !== 'string' || tokenId.length === 0) return undefined;
  const out: RestoreButtonPayload = { tokenId };
  if (ref !== undefined) {
    const r = resourceRefSchema.safeParse(ref);
    if (!r.success) return undefined;
    out.ref = r.data;
  }
  if (typeof retry === 'string' && retry.length > 0) out.retry = retry;
  return out;
}
