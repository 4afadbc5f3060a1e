import { refKey } from '../domain/cloud';
import type { Finding } from '../domain/finding';
import type { Approval, RemediationPlan } from '../domain/remediation';
import { executePark, type ParkResult, type RemediationDeps } from '../remediation/execute-park';
import type { Ledger } from '../remediation/ledger';
import { planFor } from '../remediation/plan';

/**
 * The plan for a finding in its current episode: a resource restored since its last park gets a new plan (and so a
 * new restore token); otherwise the same plan id as before, so a re-run resumes the existing token.
 */
export async function currentPlan(finding: Finding, ledger: Ledger): Promise<RemediationPlan | undefined> {
  const latest = await ledger.latestFor(refKey(finding.ref));
  let episode = 'first';
  if (latest?.state === 'restored' && latest.restoredAt) episode = latest.restoredAt.toISOString();
  else if (latest && latest.planId.startsWith(`${finding.fingerprint}#`)) episode = latest.planId.slice(finding.fingerprint.length + 1);
  return planFor(finding, episode);
}

/**
 * Runs the gate over findings, costliest first, and parks what it allows; `maxParksPerRun` is counted here (the
 * blast radius of one run). Used in-process by the CLI and by the remediation Lambda.
 */
export async function runRemediation(
  findings: readonly Finding[],
  deps: RemediationDeps,
  opts: { approval?: Approval } = {},
): Promise<ParkResult[]> {
  const results: ParkResult[] = [];
  let parksThisRun = 0;
  const ordered = [...findings].sort((a, b) => b.cost.monthly.amount - a.cost.monthly.amount);
  for (const finding of ordered) {
    const plan = await currentPlan(finding, deps.ledger);
    if (!plan) continue;
    const result = await executePark(plan, deps, { parksThisRun, ...(opts.approval ? { approval: opts.approval } : {}) });
    if (result.status === 'parked') parksThisRun++;
    results.push(result);
  }
  return results;
}
