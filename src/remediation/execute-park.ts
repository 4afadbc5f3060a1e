import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { Approval, RemediationPlan, RestoreToken } from '../domain/remediation';
import type { CloudRemediator } from '../providers/types';
import { decide, decideWithoutIo, type GateDecision } from './gate';
import { tokenIdFor, type Ledger } from './ledger';
import { phaseStep, phaseView } from './step-names';

export interface RemediationDeps {
  config: WatchdogConfig;
  remediatorFor(cloud: RemediationPlan['ref']['cloud']): CloudRemediator | undefined;
  ledger: Ledger;
  now: () => Date;
}

export type ParkStatus = 'parked' | 'already-parked' | 'off' | 'dry-run' | 'needs-approval' | 'blocked' | 'not-supported' | 'failed';

export interface ParkResult {
  status: ParkStatus;
  plan: RemediationPlan;
  message: string;
  decision?: GateDecision;
  token?: RestoreToken;
}

/**
 * Parks one plan: gate -> capture -> restore token in the ledger (before any change) -> idempotent steps, each
 * recorded -> parked. Re-running the same plan (a retry, a double click, a crash) resumes the same token instead of
 * acting twice. Never throws for a cloud failure: the result says what happened.
 */
export async function executePark(
  plan: RemediationPlan,
  deps: RemediationDeps,
  ctx: { approval?: Approval; parksThisRun: number; /** check everything, change nothing */ dryRun?: boolean },
): Promise<ParkResult> {
  const remediator = deps.remediatorFor(plan.ref.cloud);
  const spec = remediator?.actions.find((a) => a.action === plan.action);
  if (!remediator || !spec) return { status: 'not-supported', plan, message: `no ${plan.ref.cloud} remediator can ${plan.action}` };

  const tokenId = tokenIdFor(plan.planId);
  const existing = await deps.ledger.get(tokenId);
  if (existing?.state === 'parked') return { status: 'already-parked', plan, token: existing, message: `${plan.ref.name} is already parked (token ${tokenId})` };
  if (existing?.restoreRequestedAt && existing.state !== 'restored') {
    // A restore was asked for: parking again would fight it. Finish the restore first.
    return { status: 'failed', plan, token: existing, message: `a restore of ${plan.ref.name} is pending (token ${tokenId}); run \`ml-watchdog restore ${tokenId}\`` };
  }
  if (existing && ['pending', 'parking', 'failed'].includes(existing.state)) {
    // The gate passed when this token was opened; converge instead of deciding again.
    return runSteps(existing, plan, remediator, deps);
  }

  const early = decideWithoutIo(plan, spec, ctx.approval, deps.config);
  if (early.outcome !== 'check-guardrails') return { status: early.outcome, plan, decision: early, message: early.reason };

  let captured: Awaited<ReturnType<CloudRemediator['capture']>>;
  let invocations: number | undefined;
  try {
    captured = await remediator.capture(plan.ref, plan.action);
    invocations = deps.config.remediation.guardrails.recheckTraffic ? await remediator.recentInvocations(plan.ref, plan.detectedAt) : 0;
  } catch (err) {
    return { status: 'failed', plan, message: `could not read ${plan.ref.name} before acting: ${(err as Error).message}` };
  }
  const now = deps.now();
  const latest = await deps.ledger.latestFor(refKey(plan.ref));
  const decision = decide(
    plan,
    spec,
    {
      plan,
      spec,
      providerStatus: captured.providerStatus,
      parksThisRun: ctx.parksThisRun,
      invocationsSinceDetection: invocations,
      now,
      ...(latest?.restoredAt ? { lastRestoredAt: latest.restoredAt } : {}),
      ...(captured.createdAt ? { currentCreatedAt: captured.createdAt } : {}),
      ...(ctx.approval ? { approval: ctx.approval } : {}),
    },
    deps.config,
  );
  if (decision.outcome === 'blocked') return { status: 'blocked', plan, decision, message: decision.block.reason };
  if (decision.outcome !== 'act') return { status: decision.outcome, plan, decision, message: decision.reason };
  if (ctx.dryRun) {
    return { status: 'dry-run', plan, decision, message: `every guardrail passes: would ${plan.action} ${plan.ref.name} (${captured.providerStatus}); nothing was changed` };
  }

  const { token } = await deps.ledger.open({
    tokenId,
    planId: plan.planId,
    ref: plan.ref,
    action: plan.action,
    prior: captured.prior,
    approval: decision.approval,
    state: 'pending',
    stepsDone: [],
    createdAt: now,
    hourlySaving: plan.hourlySaving,
    basis: plan.basis,
  });
  const result = await runSteps(token, plan, remediator, deps);
  return { ...result, decision };
}

async function runSteps(token: RestoreToken, plan: RemediationPlan, remediator: CloudRemediator, deps: RemediationDeps): Promise<ParkResult> {
  const { ledger } = deps;
  const started = await ledger.transition(token.tokenId, ['pending', 'parking', 'failed'], { state: 'parking' });
  if (!started) {
    const current = await ledger.get(token.tokenId);
    return { status: current?.state === 'parked' ? 'already-parked' : 'failed', plan, ...(current ? { token: current } : {}), message: `another run is acting on ${plan.ref.name} (token ${token.tokenId} is ${current?.state})` };
  }
  try {
    await remediator.park(phaseView(started, 'park'), async (step) => {
      await ledger.recordStep(token.tokenId, phaseStep('park', step));
    });
  } catch (err) {
    const message = `parking ${plan.ref.name} failed: ${(err as Error).message}. The restore token ${token.tokenId} keeps its prior state; the next run resumes, or restore it with \`ml-watchdog restore ${token.tokenId}\`.`;
    const failed = await ledger.transition(token.tokenId, ['parking'], { state: 'failed', lastError: (err as Error).message });
    return { status: 'failed', plan, message, ...(failed ? { token: failed } : {}) };
  }
  const parked = await ledger.transition(token.tokenId, ['parking'], { state: 'parked', parkedAt: deps.now() });
  return {
    status: 'parked',
    plan,
    ...(parked ? { token: parked } : {}),
    message: `parked ${plan.ref.name} (${plan.action}); restore with \`ml-watchdog restore ${token.tokenId}\``,
  };
}
