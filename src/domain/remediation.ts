import type { ResourceRef, Tags } from './cloud';
import type { CostBasis } from './cost';
import type { FindingKind, ParkAction } from './finding';
import type { Money } from './money';

export const REMEDIATION_MODES = ['off', 'dry-run', 'approve', 'auto'] as const;
/** off: never act; dry-run: say what would be done; approve: a person approves; auto: act within the guardrails. */
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** Who or what approved a change; recorded in the restore token. */
export interface Approval {
  by: 'auto' | 'slack' | 'cli' | 'http';
  /** Slack user id, CLI user name, IAM principal ARN, or "scan" for auto mode. */
  principal: string;
  at: Date;
}

/**
 * One intended park, derived from a finding (pure). `planId` is the idempotency key: the same finding on the
 * same resource in the same detection episode always yields the same id, so running a plan twice acts once.
 */
export interface RemediationPlan {
  planId: string;
  fingerprint: string;
  findingKind: FindingKind;
  ref: ResourceRef;
  tags: Tags;
  action: ParkAction;
  /** What parking saves per hour, with the basis of the figure. */
  hourlySaving: Money;
  basis: CostBasis;
  reason: string;
  /** When the finding that produced the plan was detected (the re-check looks for traffic since then). */
  detectedAt: Date;
  resourceCreatedAt?: Date;
}

/** Lifecycle of a restore token. `parking`/`restoring` mean a step may have run: re-running converges. */
export type TokenState = 'pending' | 'parking' | 'parked' | 'restoring' | 'restored' | 'failed';

/**
 * Everything needed to bring a resource back, written to the ledger BEFORE any change (conditional write keyed by
 * planId). `prior` is the cloud-specific snapshot a remediator captured (config name, variants, instance counts,
 * scaling targets, tags...), opaque to everything but that remediator.
 */
export interface RestoreToken {
  tokenId: string;
  planId: string;
  ref: ResourceRef;
  action: ParkAction;
  prior: Record<string, unknown>;
  approval: Approval;
  state: TokenState;
  /** Idempotent steps already completed (names are the remediator's), in order. */
  stepsDone: string[];
  createdAt: Date;
  parkedAt?: Date;
  restoreRequestedAt?: Date;
  /** Who asked for the restore. */
  restoreApproval?: Approval;
  restoredAt?: Date;
  /** Seconds from restore request until the resource served again, when the remediator can tell. */
  restoreSeconds?: number;
  hourlySaving: Money;
  basis: CostBasis;
  lastError?: string;
}

/** Hours parked x hourly saving, for the weekly report; open-ended tokens count up to `until`. */
export function savingsOf(token: RestoreToken, until: Date): { hours: number; saved: Money } {
  if (!token.parkedAt) return { hours: 0, saved: { amount: 0, currency: token.hourlySaving.currency } };
  const end = token.restoredAt ?? until;
  const hours = Math.max(0, (end.getTime() - token.parkedAt.getTime()) / 3_600_000);
  return { hours, saved: { amount: hours * token.hourlySaving.amount, currency: token.hourlySaving.currency } };
}
