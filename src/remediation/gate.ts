import type { WatchdogConfig } from '../config/schema';
import type { Approval, RemediationMode, RemediationPlan } from '../domain/remediation';
import type { ActionSpec } from '../providers/types';
import { checkGuardrails, type GuardrailBlock, type GuardrailInput } from './guardrails';
import { resolveMode } from './mode';

export type GateDecision =
  | { outcome: 'off'; mode: RemediationMode; source: string; reason: string }
  | { outcome: 'dry-run'; mode: RemediationMode; source: string; reason: string }
  | { outcome: 'needs-approval'; mode: RemediationMode; source: string; reason: string }
  | { outcome: 'blocked'; mode: RemediationMode; source: string; block: GuardrailBlock }
  | { outcome: 'act'; mode: RemediationMode; source: string; approval: Approval };

const isPerson = (a: Approval | undefined): boolean => a !== undefined && a.by !== 'auto';

/**
 * The part of the decision that needs no cloud read: the mode. Callers use it to skip the capture and the traffic
 * re-check when nothing would run anyway (dry-run of a 10,000-endpoint fleet must not make 10,000 reads).
 */
export function decideWithoutIo(
  plan: RemediationPlan,
  spec: ActionSpec,
  approval: Approval | undefined,
  config: WatchdogConfig,
): Exclude<GateDecision, { outcome: 'blocked' | 'act' }> | { outcome: 'check-guardrails'; mode: RemediationMode; source: string } {
  const { mode, source } = resolveMode(config.remediation, plan.findingKind, plan.tags, spec.approvalOnly ?? false);
  if (mode === 'off') return { outcome: 'off', mode, source, reason: `remediation is off (${source})` };
  if (mode === 'dry-run') {
    return { outcome: 'dry-run', mode, source, reason: `dry-run (${source}): would ${spec.action} ${plan.ref.name}; set the mode to approve or auto to act` };
  }
  if (mode === 'approve' && !isPerson(approval)) {
    return { outcome: 'needs-approval', mode, source, reason: `needs a person's approval (${source})` };
  }
  return { outcome: 'check-guardrails', mode, source };
}

export interface GateInput extends Omit<GuardrailInput, 'mode' | 'approvedByPerson'> {
  /** A person's approval (Slack button, CLI, HTTP); undefined for the scheduled scan. */
  approval?: Approval;
}

/**
 * THE remediation gate: the only code that reads the remediation mode and decides whether a change runs. Pure.
 * off and dry-run never act, not even on a person's request (the deployed remediation role may be read-only then);
 * approve acts only with a person's approval; auto acts on its own; in every case every guardrail must pass.
 */
export function decide(plan: RemediationPlan, spec: ActionSpec, input: GateInput, config: WatchdogConfig): GateDecision {
  const early = decideWithoutIo(plan, spec, input.approval, config);
  if (early.outcome !== 'check-guardrails') return early;
  const { mode, source } = early;
  const approvedByPerson = isPerson(input.approval);
  const block = checkGuardrails({ ...input, mode, approvedByPerson }, config);
  if (block) return { outcome: 'blocked', mode, source, block };
  return { outcome: 'act', mode, source, approval: input.approval ?? { by: 'auto', principal: 'scan', at: input.now } };
}
