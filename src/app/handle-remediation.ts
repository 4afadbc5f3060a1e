import { refKey } from '../domain/cloud';
import type { RestoreToken } from '../domain/remediation';
import { executePark, type ParkStatus, type RemediationDeps } from '../remediation/execute-park';
import type { GateDecision } from '../remediation/gate';
import { executeRestore, type RestoreStatus } from '../remediation/execute-restore';
import type { RemediationRequest } from '../remediation/remediation-request';
import type { StateStore } from '../state/state-store';
import { latestFinding } from './finding-lookup';
import { currentPlan } from './run-remediation';

export interface RemediationOutcome {
  request: RemediationRequest['type'];
  status: ParkStatus | RestoreStatus | 'snoozed' | 'ignored' | 'stale' | 'not-found' | 'failed';
  message: string;
  /** The resource's name (or key when the resource could not be resolved). */
  subject: string;
  token?: RestoreToken;
  decision?: GateDecision;
  snoozedUntil?: Date;
  tag?: { key: string; value: string };
}

export type HandleDeps = RemediationDeps & { store: StateStore };

/**
 * One remediation request (a Slack click, the scan in auto mode, the CLI, POST /restore), executed through the
 * gate. Never throws for an expected failure: the outcome says what happened and what to do.
 */
export async function handleRemediationRequest(req: RemediationRequest, deps: HandleDeps): Promise<RemediationOutcome> {
  const now = deps.now();
  switch (req.type) {
    case 'park': {
      const finding = await latestFinding(deps.store, req.fingerprint, now);
      if (!finding) return { request: 'park', subject: req.refKey, status: 'stale', message: 'this finding is no longer current (not seen by a scan in the last 7 days); nothing was changed' };
      if (refKey(finding.ref) !== req.refKey) return { request: 'park', subject: req.refKey, status: 'failed', message: `the button names ${req.refKey} but the finding is about ${refKey(finding.ref)}; nothing was changed` };
      const plan = await currentPlan(finding, deps.ledger);
      if (!plan) return { request: 'park', subject: finding.ref.name, status: 'not-supported', message: `${finding.kind} findings have no park action` };
      const r = await executePark(plan, deps, { approval: req.approval, parksThisRun: 0 });
      return { request: 'park', subject: finding.ref.name, status: r.status, message: r.message, ...(r.token ? { token: r.token } : {}), ...(r.decision ? { decision: r.decision } : {}) };
    }
    case 'restore': {
      const token = req.tokenId ? await deps.ledger.get(req.tokenId) : req.ref ? await deps.ledger.latestFor(refKey(req.ref)) : undefined;
      if (!token) return { request: 'restore', subject: req.tokenId ?? req.ref?.name ?? '?', status: 'not-found', message: `no restore token ${req.tokenId ?? (req.ref ? `for ${req.ref.name}` : '')}; list them with \`ml-watchdog actions\`` };
      const r = await executeRestore(token, req.approval, deps);
      return { request: 'restore', subject: token.ref.name, status: r.status, message: r.message, token: r.token };
    }
    case 'snooze': {
      const until = new Date(now.getTime() + req.hours * 3_600_000);
      try {
        await deps.store.snooze(req.fingerprint, until);
      } catch (err) {
        return { request: 'snooze', subject: req.fingerprint, status: 'not-found', message: `cannot snooze: ${(err as Error).message}` };
      }
      return { request: 'snooze', subject: req.fingerprint.split(':').at(-1) ?? req.fingerprint, status: 'snoozed', snoozedUntil: until, message: `snoozed until ${until.toISOString()} by ${req.approval.principal}` };
    }
    case 'ignore': {
      const finding = req.ref ? undefined : await latestFinding(deps.store, req.fingerprint, now);
      const ref = req.ref ?? finding?.ref;
      if (!ref || refKey(ref) !== req.refKey) return { request: 'ignore', subject: req.refKey, status: 'stale', message: 'cannot find the resource of this alert any more; nothing was changed' };
      const remediator = deps.remediatorFor(ref.cloud);
      if (!remediator) return { request: 'ignore', subject: ref.name, status: 'not-supported', message: `no ${ref.cloud} remediator to tag ${ref.name}` };
      const tag = { key: 'watchdog:ignore', value: `${req.approval.by}:${req.approval.principal} ${now.toISOString().slice(0, 10)}` };
      try {
        await remediator.tagResource(ref, { [tag.key]: tag.value });
      } catch (err) {
        return { request: 'ignore', subject: ref.name, status: 'failed', message: `could not tag ${ref.name}: ${(err as Error).message}` };
      }
      return { request: 'ignore', subject: ref.name, status: 'ignored', tag, message: `tagged ${ref.name} watchdog:ignore: it will not be reported or parked again` };
    }
  }
}
