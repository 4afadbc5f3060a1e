import type { RestoreToken } from '../domain/remediation';

/**
 * How long a restore took, as reported to people ("restored in 7 min"). When no step ran, an earlier call finished
 * the restore and its measurement (if any) stands. Otherwise it is measured from the restore request when an earlier,
 * interrupted call started it (same clock), else from this call's start. Shared by every cloud's remediator.
 */
export function restoreDuration(token: RestoreToken, startedAt: Date, finishedAt: Date, stepsRun: number): { restoreSeconds?: number } {
  if (stepsRun === 0) return token.restoreSeconds !== undefined ? { restoreSeconds: token.restoreSeconds } : {};
  const requested = token.restoreRequestedAt && token.restoreRequestedAt <= startedAt ? token.restoreRequestedAt : startedAt;
  return { restoreSeconds: Math.round((finishedAt.getTime() - requested.getTime()) / 1000) };
}
