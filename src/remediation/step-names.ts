import type { RestoreToken } from '../domain/remediation';

/**
 * Park and restore steps share one `stepsDone` list in the token, prefixed by phase, so a remediator that names a
 * step the same in both phases (e.g. "register-scalable-target") never skips a restore step because park did it.
 */
export type Phase = 'park' | 'restore';

export function phaseView(token: RestoreToken, phase: Phase): RestoreToken {
  const prefix = `${phase}:`;
  return { ...token, stepsDone: token.stepsDone.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length)) };
}

export function phaseStep(phase: Phase, step: string): string {
  return `${phase}:${step}`;
}
