import type { WatchdogConfig } from '../config/schema';
import { CLOUDS, type Cloud } from '../domain/cloud';
import type { Finding } from '../domain/finding';
import { sumByCurrency } from '../domain/money';
import type { LockInFactor } from '../domain/findings/lock-in-risk';
import type { Snapshot } from '../domain/snapshot';
import type { ProviderStatus } from '../domain/status';
import type { UtilizationSeries } from '../domain/utilization';
import { lockInScores } from '../detectors/lock-in-score';
import type { WatchdogCostSummary } from '../usage/watchdog-cost';
import { weeklyBudgets, type BudgetSection } from './weekly-budgets';
import { weeklyComparison, type ComparisonSection, type MeasuredRestore } from './weekly-comparison';
import { weeklyFindings, type FindingsSection } from './weekly-findings';
import type { ReportWeek } from './weekly-period';
import type { SavingsSection } from './weekly-savings';
import { weeklySpend, type SpendSection } from './weekly-spend';

/**
 * The weekly cost report as data: every figure computed, nothing formatted. `toReportDocument` turns it into the
 * HTML report's sections, `weeklySlackMessage` into the Slack summary, and `--json` prints it as is.
 */
export interface WeeklyReport {
  week: ReportWeek;
  generatedAt: Date;
  /** Set on a per-owner report: everything below is narrowed to this owner. */
  owner?: string;
  ownerTag: string;
  /** Clouds enabled in the config, and what each returned. */
  clouds: CloudCoverage[];
  spend: SpendSection;
  budgets: BudgetSection;
  findings: FindingsSection;
  savings: SavingsSection;
  lockIn: LockInRow[];
  comparison: ComparisonSection;
  watchdogCost: WatchdogCostSummary | { unavailable: string };
  statuses: ProviderStatus[];
}

export interface CloudCoverage {
  cloud: Cloud;
  enabled: boolean;
  /** Billed lines in the report week. */
  costLines: number;
  endpoints: number;
  /** Non-ok statuses of the cloud, in words. */
  problems: string[];
}

export interface LockInRow {
  workload: string;
  cloud: Cloud;
  kind: 'endpoint' | 'training-job';
  owner?: string;
  score: number;
  /** The factor contributing most, with its open alternative. */
  top?: LockInFactor;
  /** Factors whose data was not read: the score is then a lower bound. */
  unknownFactors: number;
}

export interface WeeklyReportInput {
  config: WatchdogConfig;
  week: ReportWeek;
  now: Date;
  snapshot: Snapshot;
  findings: readonly Finding[];
  /** Invocations and model latency over the report week (the comparison). */
  weekTraffic: readonly UtilizationSeries[];
  savings: SavingsSection;
  restores: readonly MeasuredRestore[];
  watchdogCost: WatchdogCostSummary | { unavailable: string };
}

export function describeStatus(s: ProviderStatus): string {
  return `${s.component}: ${s.state}${s.code ? ` (${s.code})` : ''}${s.message ? `: ${s.message}` : ''}`;
}

export function buildWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const { config, week, now, snapshot } = input;
  const spend = weeklySpend(snapshot.costs, week, config.ownerTag);
  const clouds = CLOUDS.map((cloud): CloudCoverage => ({
    cloud,
    enabled: config.clouds[cloud].enabled,
    costLines: spend.byCloud.filter((r) => r.cloud === cloud).length > 0 ? snapshot.costs.filter((l) => l.cloud === cloud && l.ChargePeriodStart >= week.start && l.ChargePeriodStart < week.end).length : 0,
    endpoints: snapshot.endpoints.filter((e) => e.ref.cloud === cloud).length,
    problems: snapshot.statuses.filter((s) => s.cloud === cloud && s.state !== 'ok' && s.state !== 'disabled').map(describeStatus),
  }));
  const lockIn = lockInScores(snapshot, config, now).map((s): LockInRow => {
    const top = [...s.factors].sort((a, b) => b.points - a.points)[0];
    const owner = s.tags[config.ownerTag];
    return {
      workload: s.ref.name,
      cloud: s.ref.cloud,
      kind: s.workload,
      ...(owner ? { owner } : {}),
      score: s.score,
      ...(top && top.points > 0 ? { top } : {}),
      unknownFactors: s.factors.filter((f) => !f.known).length,
    };
  });
  return {
    week,
    generatedAt: now,
    ownerTag: config.ownerTag,
    clouds,
    spend,
    budgets: weeklyBudgets(snapshot, config, now),
    findings: weeklyFindings(input.findings, config.ownerTag),
    savings: input.savings,
    lockIn,
    comparison: weeklyComparison(snapshot.endpoints, input.weekTraffic, snapshot.costs, input.restores, week),
    watchdogCost: input.watchdogCost,
    statuses: snapshot.statuses,
  };
}

/** Owners with anything to report: spend rows, findings or workloads tagged with them. */
export function reportOwners(report: WeeklyReport): string[] {
  const noTag = `(no ${report.ownerTag} tag)`;
  const owners = new Set<string>([...report.spend.byOwner.map((r) => r.name), ...report.findings.byOwner.map((g) => g.key), ...report.lockIn.flatMap((r) => (r.owner ? [r.owner] : []))]);
  owners.delete(noTag);
  return [...owners].sort();
}

/**
 * The report narrowed to one owner: their spend rows, findings, lock-in scores and savings. Cloud, service and budget
 * figures are the whole fleet's and stay out (an owner's channel should not read the fleet's totals as theirs); the
 * comparison is per GPU class and fleet-wide, also left out.
 */
export function forOwner(report: WeeklyReport, owner: string, findings: readonly Finding[], ownerOf: (resourceName: string) => string | undefined): WeeklyReport {
  const mine = findings.filter((f) => (f.owner ?? f.tags[report.ownerTag]) === owner);
  const keep = <T extends { ref: { name: string } }>(xs: readonly T[]) => xs.filter((t) => ownerOf(t.ref.name) === owner);
  const savedItems = report.savings.savings.items.filter((i) => ownerOf(i.ref.name) === owner);
  return {
    ...report,
    owner,
    spend: { ...report.spend, byCloud: [], byService: [], byOwner: report.spend.byOwner.filter((r) => r.name === owner), daily: [], otherServices: [] },
    budgets: { ...report.budgets, rows: [], none: 'Budgets are fleet-wide: see the full report.' },
    findings: weeklyFindings(mine, report.ownerTag),
    savings: {
      ...report.savings,
      savings: { items: savedItems, total: sumByCurrency(savedItems.map((i) => i.saved)) },
      parked: keep(report.savings.parked),
      restored: keep(report.savings.restored),
      stillParked: keep(report.savings.stillParked),
    },
    lockIn: report.lockIn.filter((r) => r.owner === owner),
    comparison: { rows: [], crossCloudGroups: [], excluded: [] },
  };
}
