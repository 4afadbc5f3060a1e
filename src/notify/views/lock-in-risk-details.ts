import type { LockInFactor, LockInFactorName, LockInRiskFinding } from '../../domain/finding';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

export const FACTOR_LABELS: Record<LockInFactorName, string> = {
  'proprietary-accelerator': 'Proprietary accelerator',
  'platform-serving': 'Platform-only serving',
  'proprietary-model': 'Proprietary model',
  commitments: 'Commitments',
  'cloud-concentration': 'Cloud concentration',
};

/** "+35 (weight 35 x 100%)", or "unknown" when the data behind the factor was not read. */
export function factorPoints(f: LockInFactor): string {
  if (!f.known) return `unknown (weight ${f.weight}; counted as 0)`;
  return `+${Math.round(f.points)} (weight ${f.weight} x ${Math.round(f.value * 100)}%)`;
}

/**
 * Evidence of a lock-in score: the score against the level, then every factor with its points, what was seen and the
 * open alternative (factors that add nothing stay listed, briefly, so the reader sees what was checked).
 */
export function lockInRiskDetails(f: LockInRiskFinding): KindDetails {
  const e = f.evidence;
  const facts: AlertFact[] = [
    { label: 'Score', value: `${e.score}/100 (alert level ${e.alertLevel})`, brief: true },
    { label: 'Runs on', value: e.instanceTypes.join(', ') || 'unknown', brief: true },
  ];
  const ordered = [...e.factors].sort((a, b) => b.points - a.points);
  for (const factor of ordered) {
    const seen = `${factorPoints(factor)}: ${factor.detail}`;
    facts.push({ label: FACTOR_LABELS[factor.factor], value: factor.points >= 0.5 ? `${seen}. Open alternative: ${factor.alternative}` : seen, ...(factor.points >= 0.5 ? { brief: true } : {}) });
  }
  return { kindLabel: 'Lock-in risk', facts };
}
