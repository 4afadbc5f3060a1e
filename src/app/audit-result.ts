import type { Finding, FindingKind, Severity } from '../domain/finding';
import type { Money } from '../domain/money';
import { sumByCurrency } from '../domain/money';
import type { Snapshot } from '../domain/snapshot';
import type { ProviderStatus } from '../domain/status';
import type { TimeWindow } from '../domain/utilization';
import type { AuditRequest } from './audit-request';

/** The audit answer (HTTP body, `--json`), documented in docs/audit-output.md. Bump on breaking changes. */
/** Kinds whose figure is context, not waste: see summary.monthlyCost. */
export const CONTEXT_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['budget-overrun', 'capacity-risk', 'lock-in-risk']);

export const AUDIT_SCHEMA_VERSION = 1;

export interface AuditResult {
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  generatedAt: Date;
  window: TimeWindow;
  request: AuditRequest;
  summary: {
    findings: number;
    byKind: Partial<Record<FindingKind, number>>;
    bySeverity: Partial<Record<Severity, number>>;
    /**
     * Sum of the monthly waste and savings findings name, one entry per currency (never mixed). Budget forecasts,
     * capacity and lock-in figures are context (a month's total, the serving at stake), not money to save: left out,
     * and overlapping figures (an anomaly and the idle endpoint behind it) may still count twice.
     */
    monthlyCost: Money[];
    resourcesScanned: { endpoints: number; notebooks: number; trainingJobs: number };
    /** True when at least one provider status is not ok: findings may be incomplete. */
    degraded: boolean;
  };
  findings: Finding[];
  statuses: ProviderStatus[];
}

export function buildAuditResult(
  snapshot: Snapshot,
  findings: Finding[],
  request: AuditRequest,
  now: Date,
): AuditResult {
  const byKind: Partial<Record<FindingKind, number>> = {};
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const f of findings) {
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  }
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    generatedAt: now,
    window: snapshot.window,
    request,
    summary: {
      findings: findings.length,
      byKind,
      bySeverity,
      monthlyCost: sumByCurrency(findings.filter((f) => !CONTEXT_KINDS.has(f.kind)).map((f) => f.cost.monthly)),
      resourcesScanned: {
        endpoints: snapshot.endpoints.length,
        notebooks: snapshot.notebooks.length,
        trainingJobs: snapshot.trainingJobs.length,
      },
      degraded: snapshot.statuses.some((s) => s.state !== 'ok' && s.state !== 'disabled'),
    },
    findings,
    statuses: snapshot.statuses,
  };
}
