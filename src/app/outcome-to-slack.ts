import type { Approval } from '../domain/remediation';
import type { ActionOutcome } from '../notify/slack/interactivity/outcome-blocks';
import type { RemediationOutcome } from './handle-remediation';

/** What the remediation function did, in the shape the Slack outcome message renders (pure). */
export function toActionOutcome(o: RemediationOutcome, approval: Approval, now: Date): ActionOutcome {
  const t = o.token;
  switch (o.status) {
    case 'parked':
    case 'already-parked':
      if (t) return { kind: 'parked', subject: o.subject, tokenId: t.tokenId, ref: t.ref, hourlySaving: t.hourlySaving, approval: t.approval, at: t.parkedAt ?? now, ...(o.status === 'already-parked' ? { alreadyParked: true } : {}) };
      break;
    case 'restored':
    case 'already-restored':
      if (t) return { kind: 'restored', subject: o.subject, tokenId: t.tokenId, approval: t.restoreApproval ?? approval, at: t.restoredAt ?? now, ...(t.restoreSeconds !== undefined ? { restoreSeconds: t.restoreSeconds } : {}) };
      break;
    case 'snoozed':
      return { kind: 'snoozed', subject: o.subject, until: o.snoozedUntil ?? now, approval };
    case 'ignored':
      return { kind: 'ignored', subject: o.subject, tag: o.tag ?? { key: 'watchdog:ignore', value: '' }, approval };
    case 'blocked':
      if (o.decision?.outcome === 'blocked') {
        const b = o.decision.block;
        return { kind: 'refused', request: o.request, subject: o.subject, guardrail: b.guardrail, reason: b.reason, retryLater: b.retryLater, approval };
      }
      break;
    case 'off':
    case 'dry-run':
    case 'needs-approval':
    case 'not-supported':
      return { kind: 'not-run', request: o.request, subject: o.subject, status: o.status, reason: o.message, approval };
  }
  const retry = o.request === 'restore' && t ? { retryRestore: { tokenId: t.tokenId, ref: t.ref } } : {};
  return {
    kind: 'failed',
    request: o.request,
    subject: o.subject,
    error: o.message,
    whatToDo: t ? `see \`ml-watchdog actions\`; token ${t.tokenId}` : 'run a scan, then try again',
    approval,
    at: now,
    ...retry,
  };
}
