import type { Approval, RestoreToken } from '../domain/remediation';
import type { RemediationDeps } from './execute-park';
import { phaseStep, phaseView } from './step-names';

export type RestoreStatus = 'restored' | 'already-restored' | 'not-restorable' | 'busy' | 'failed' | 'not-supported';

export interface RestoreResult {
  status: RestoreStatus;
  token: RestoreToken;
  message: string;
}

/**
 * Restores from the token alone (days later is fine: the token holds the prior state). Idempotent: a restored token
 * is left alone, an interrupted restore resumes from its recorded steps, and a park that never finished is undone.
 */
export async function executeRestore(token: RestoreToken, approval: Approval, deps: RemediationDeps): Promise<RestoreResult> {
  const { ledger } = deps;
  if (token.state === 'restored') return { status: 'already-restored', token, message: `${token.ref.name} was already restored at ${token.restoredAt?.toISOString()}` };
  const remediator = deps.remediatorFor(token.ref.cloud);
  const spec = remediator?.actions.find((a) => a.action === token.action);
  if (!remediator || !spec) return { status: 'not-supported', token, message: `no ${token.ref.cloud} remediator can restore ${token.action}` };
  if (!spec.restorable) return { status: 'not-restorable', token, message: `${token.action} cannot be undone: ${token.ref.name} has to be started again by its owner` };

  const started = await ledger.transition(token.tokenId, ['parked', 'restoring', 'failed', 'parking', 'pending'], {
    state: 'restoring',
    restoreRequestedAt: token.restoreRequestedAt ?? deps.now(),
    restoreApproval: token.restoreApproval ?? approval,
  });
  if (!started) {
    const current = (await ledger.get(token.tokenId)) ?? token;
    return { status: current.state === 'restored' ? 'already-restored' : 'busy', token: current, message: `token ${token.tokenId} is ${current.state}` };
  }
  try {
    const { restoreSeconds } = await remediator.restore(phaseView(started, 'restore'), async (step) => {
      await ledger.recordStep(token.tokenId, phaseStep('restore', step));
    });
    const done = await ledger.transition(token.tokenId, ['restoring'], {
      state: 'restored',
      restoredAt: deps.now(),
      ...(restoreSeconds !== undefined ? { restoreSeconds } : {}),
    });
    const took = restoreSeconds !== undefined ? ` in ${Math.round(restoreSeconds / 60)} min` : '';
    return { status: 'restored', token: done ?? started, message: `restored ${token.ref.name}${took}` };
  } catch (err) {
    const failed = await ledger.transition(token.tokenId, ['restoring'], { state: 'failed', lastError: (err as Error).message });
    return {
      status: 'failed',
      token: failed ?? started,
      message: `restoring ${token.ref.name} failed: ${(err as Error).message}. Run the restore again: it resumes where it stopped.`,
    };
  }
}
