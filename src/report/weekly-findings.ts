import { CONTEXT_KINDS } from '../app/audit-result';
import type { Finding, FindingKind } from '../domain/finding';
import { sumByCurrency, type Money } from '../domain/money';

/**
 * Open findings of the report's run by kind and owner, ranked by monthly cost. Waste and savings findings (idle GPUs,
 * failures, anomalies...) rank first; budget, capacity and lock-in findings carry a figure that is context (a month's
 * forecast, the serving at stake), not money to save, so they rank after them and are never added to the waste.
 */
export interface FindingGroup {
  key: string;
  count: number;
  /** Monthly waste of the group's waste findings, per currency. */
  monthlyWaste: Money[];
  /** Findings whose figure is context only. */
  contextCount: number;
}

export interface FindingsSection {
  total: number;
  monthlyWaste: Money[];
  byKind: FindingGroup[];
  byOwner: FindingGroup[];
  /** Every finding, waste first then context, each by monthly cost descending. */
  ranked: Finding[];
}

export function isContextFinding(f: Finding): boolean {
  return CONTEXT_KINDS.has(f.kind);
}

function groups(findings: readonly Finding[], key: (f: Finding) => string): FindingGroup[] {
  const by = new Map<string, Finding[]>();
  for (const f of findings) by.set(key(f), [...(by.get(key(f)) ?? []), f]);
  return [...by]
    .map(([k, fs]) => ({
      key: k,
      count: fs.length,
      monthlyWaste: sumByCurrency(fs.filter((f) => !isContextFinding(f)).map((f) => f.cost.monthly)),
      contextCount: fs.filter(isContextFinding).length,
    }))
    .sort((a, b) => top(b) - top(a) || b.count - a.count || a.key.localeCompare(b.key));
}

/** Largest single-currency amount: a ranking key only, never shown as a sum across currencies. */
const top = (g: FindingGroup) => Math.max(0, ...g.monthlyWaste.map((m) => m.amount));

export function weeklyFindings(findings: readonly Finding[], ownerTag: string): FindingsSection {
  const ranked = [...findings].sort(
    (a, b) => Number(isContextFinding(a)) - Number(isContextFinding(b)) || b.cost.monthly.amount - a.cost.monthly.amount || a.fingerprint.localeCompare(b.fingerprint),
  );
  return {
    total: findings.length,
    monthlyWaste: sumByCurrency(findings.filter((f) => !isContextFinding(f)).map((f) => f.cost.monthly)),
    byKind: groups(findings, (f) => f.kind as FindingKind),
    byOwner: groups(findings, (f) => f.owner ?? f.tags[ownerTag] ?? `(no ${ownerTag} tag)`),
    ranked,
  };
}
