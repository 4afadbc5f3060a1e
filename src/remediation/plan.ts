import type { Finding } from '../domain/finding';
import type { RemediationPlan } from '../domain/remediation';

/**
 * The park plan for a finding, or undefined when its recommendation is not a reversible park (pure).
 * `episode` separates parks of the same resource over time: it is the restore time of the previous token (or
 * "first"), so a resource restored and idle again gets a new plan while a re-run of the same plan does not.
 */
export function planFor(finding: Finding, episode: string): RemediationPlan | undefined {
  const rec = finding.recommendation;
  if (rec.action === 'none') return undefined;
  const hourly = finding.cost.hourly ?? { amount: finding.cost.monthly.amount / 730, currency: finding.cost.monthly.currency };
  return {
    planId: `${finding.fingerprint}#${episode}`,
    fingerprint: finding.fingerprint,
    findingKind: finding.kind,
    ref: finding.ref,
    tags: finding.tags,
    action: rec.action,
    hourlySaving: hourly,
    basis: finding.cost.basis,
    reason: finding.title,
    detectedAt: finding.detectedAt,
    ...(finding.resourceCreatedAt ? { resourceCreatedAt: finding.resourceCreatedAt } : {}),
  };
}
