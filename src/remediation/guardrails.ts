import type { WatchdogConfig } from '../config/schema';
import type { RemediationMode, RemediationPlan } from '../domain/remediation';
import { exclusionReason } from '../detectors/exclusions';
import type { ActionSpec } from '../providers/types';
import { activeQuietWindow } from './quiet-hours';

/** Tags that keep a resource from ever being parked (it may still be reported, unlike watchdog:ignore). */
export const KEEP_WARM_TAG = 'watchdog:keep-warm';

export type GuardrailName =
  | 'excluded'
  | 'keep-warm'
  | 'not-restorable'
  | 'origin-state'
  | 'min-age'
  | 'blast-radius'
  | 'quiet-hours'
  | 'traffic-since-detection'
  | 'traffic-unknown'
  | 'restored-since-detection';

export interface GuardrailBlock {
  guardrail: GuardrailName;
  /** Whether a later run may act (quiet hours end, blast radius resets) or the plan is off for good. */
  retryLater: boolean;
  reason: string;
}

/** What the guardrails look at; the I/O (status, re-check) is done by the caller before asking. */
export interface GuardrailInput {
  plan: RemediationPlan;
  spec: ActionSpec;
  mode: RemediationMode;
  /** True when a person approved this action (Slack, CLI, HTTP). */
  approvedByPerson: boolean;
  /** The resource's provider status right now (captured immediately before acting). */
  providerStatus: string;
  /** Parks already executed in this run. */
  parksThisRun: number;
  /** Invocations since detection from a fresh read; undefined when the cloud cannot tell. */
  invocationsSinceDetection: number | undefined;
  /** When the resource was last restored by the watchdog, if it was. */
  lastRestoredAt?: Date;
  /** Creation time the cloud reports right now (a recreated endpoint is younger than the finding says). */
  currentCreatedAt?: Date;
  now: Date;
}

/**
 * Every guardrail, in one place, as a pure function: the first block found is returned (undefined = clear to act).
 * Order matters for the message a person sees: permanent reasons before temporary ones.
 */
export function checkGuardrails(input: GuardrailInput, config: WatchdogConfig): GuardrailBlock | undefined {
  const g = config.remediation.guardrails;
  const { plan, spec, now } = input;
  const excluded = exclusionReason(plan.ref.name, plan.tags, config.exclusions);
  if (excluded) return { guardrail: 'excluded', retryLater: false, reason: `excluded (${excluded})` };
  if (plan.tags[KEEP_WARM_TAG] !== undefined && plan.tags[KEEP_WARM_TAG]!.toLowerCase() !== 'false') {
    return { guardrail: 'keep-warm', retryLater: false, reason: `tagged ${KEEP_WARM_TAG}: never parked` };
  }
  if (!spec.restorable && !input.approvedByPerson) {
    return { guardrail: 'not-restorable', retryLater: false, reason: `${spec.action} cannot be undone, so it only runs when a person approves it` };
  }
  if (input.lastRestoredAt && input.lastRestoredAt.getTime() >= plan.detectedAt.getTime()) {
    // Someone brought it back after this finding: an old alert's button must not undo that decision.
    return {
      guardrail: 'restored-since-detection',
      retryLater: false,
      reason: `${plan.ref.name} was restored at ${input.lastRestoredAt.toISOString()}, after this finding; a new scan decides whether it is idle again`,
    };
  }
  if (!spec.validOriginStates.includes(input.providerStatus)) {
    return {
      guardrail: 'origin-state',
      retryLater: true,
      reason: `${plan.ref.name} is ${input.providerStatus}; ${spec.action} starts only from ${spec.validOriginStates.join(' or ')}`,
    };
  }
  const createdAt = input.currentCreatedAt ?? plan.resourceCreatedAt;
  if (createdAt) {
    const ageHours = (now.getTime() - createdAt.getTime()) / 3_600_000;
    if (ageHours < g.minResourceAgeHours) {
      return { guardrail: 'min-age', retryLater: true, reason: `created ${ageHours.toFixed(1)} h ago; resources younger than ${g.minResourceAgeHours} h are never parked` };
    }
  }
  if (!input.approvedByPerson) {
    if (input.parksThisRun >= g.maxParksPerRun) {
      return { guardrail: 'blast-radius', retryLater: true, reason: `already parked ${input.parksThisRun} resource(s) this run (maxParksPerRun ${g.maxParksPerRun})` };
    }
    const quiet = activeQuietWindow(now, g.timezone, g.quietHours);
    if (quiet) {
      return { guardrail: 'quiet-hours', retryLater: true, reason: `inside quiet hours ${quiet.days.join(',')} ${quiet.start}-${quiet.end} ${g.timezone}: automatic parks wait` };
    }
  }
  if (g.recheckTraffic) {
    if (input.invocationsSinceDetection === undefined && plan.ref.kind === 'endpoint') {
      return { guardrail: 'traffic-unknown', retryLater: true, reason: 'the fresh traffic re-check returned no data; not acting on an unknown' };
    }
    if ((input.invocationsSinceDetection ?? 0) > 0) {
      return {
        guardrail: 'traffic-since-detection',
        retryLater: false,
        reason: `${input.invocationsSinceDetection} invocation(s) since detection at ${plan.detectedAt.toISOString()}: someone is using it`,
      };
    }
  }
  return undefined;
}
