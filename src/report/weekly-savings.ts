import type { RestoreToken } from '../domain/remediation';
import type { SavingsReport } from '../remediation/ledger-savings';
import type { ReportWeek } from './weekly-period';

/**
 * What the watchdog parked and restored in the report week and what that earned, from the savings ledger: hours
 * parked inside the week x each token's hourly saving (ledger-savings.ts), so consecutive weekly reports add up
 * without counting an hour twice. Pure; the tokens are those the ledger's savings() named for the week.
 */
export interface SavingsSection {
  savings: SavingsReport;
  parked: RestoreToken[];
  restored: RestoreToken[];
  /** Parked at the end of the week (still saving). */
  stillParked: RestoreToken[];
  /** Why the ledger could not be read, when it could not. */
  unavailable?: string;
}

const within = (d: Date | undefined, week: ReportWeek) => d !== undefined && d >= week.start && d < week.end;

export function weeklySavings(savings: SavingsReport, tokens: readonly RestoreToken[], week: ReportWeek): SavingsSection {
  const byTime = (at: (t: RestoreToken) => Date | undefined) => (a: RestoreToken, b: RestoreToken) => (at(a)?.getTime() ?? 0) - (at(b)?.getTime() ?? 0);
  return {
    savings,
    parked: tokens.filter((t) => within(t.parkedAt, week)).sort(byTime((t) => t.parkedAt)),
    restored: tokens.filter((t) => within(t.restoredAt, week)).sort(byTime((t) => t.restoredAt)),
    stillParked: tokens.filter((t) => t.parkedAt && t.parkedAt < week.end && (!t.restoredAt || t.restoredAt >= week.end)),
  };
}

export function unavailableSavings(reason: string): SavingsSection {
  return { savings: { total: [], items: [] }, parked: [], restored: [], stillParked: [], unavailable: reason };
}
