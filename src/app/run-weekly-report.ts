import type { WatchdogConfig } from '../config/schema';
import { collectSnapshot } from '../collect/collect-snapshot';
import { detectAll } from '../detectors/index';
import { refKey } from '../domain/cloud';
import type { RestoreToken } from '../domain/remediation';
import type { Endpoint } from '../domain/resources';
import type { ProviderStatus } from '../domain/status';
import type { TimeWindow, UtilizationSeries } from '../domain/utilization';
import { mapLimit } from '../lib/map-limit';
import type { CloudReader } from '../providers/types';
import type { Ledger } from '../remediation/ledger';
import { gpuClass, type MeasuredRestore } from '../report/weekly-comparison';
import { lastFullWeek, weekBefore, type ReportWeek } from '../report/weekly-period';
import { buildWeeklyReport, type WeeklyReport } from '../report/weekly-report';
import { unavailableSavings, weeklySavings, type SavingsSection } from '../report/weekly-savings';
import type { Finding } from '../domain/finding';
import type { WatchdogCostSummary } from '../usage/watchdog-cost';
import { costWindow, detailWindow, utilizationWindow } from './collect-window';
import { forecastRequest } from './forecast-request';

export interface WeeklyReportDeps {
  config: WatchdogConfig;
  readers: readonly CloudReader[];
  ledger: Pick<Ledger, 'savings' | 'get' | 'latestFor'>;
  now: () => Date;
  /** The watchdog's own cost over a period (src/usage); absent: the section says it is not recorded. */
  watchdogCost?: (period: TimeWindow) => Promise<WatchdogCostSummary>;
}

export interface WeeklyReportRun {
  report: WeeklyReport;
  /** The run's findings, for per-owner reports. */
  findings: Finding[];
  /** Owner tag of every endpoint, notebook and job by name: per-owner savings. */
  ownerOf: (resourceName: string) => string | undefined;
  /** The collection's statuses, with their API calls (the week's traffic read replaces some in the readers). */
  collectedStatuses: ProviderStatus[];
}

const DAY_MS = 86_400_000;
const READ_CONCURRENCY = 8;

/**
 * Billing lookback of the report: what the detectors need (collect-window.ts) and at least the report week plus the
 * four weeks before it, so the 4-week average exists whenever the clouds have the history. AWS Cost Explorer keeps
 * 14 months and the exports keep what they have, so five weeks is never refused; days the cloud lacks are stated.
 */
export function reportCostWindow(config: WatchdogConfig, now: Date, week: ReportWeek): TimeWindow {
  const base = costWindow(config, now);
  const start = Math.min(base.start.getTime(), weekBefore(week, 4).start.getTime());
  return { start: new Date(start), end: new Date(Math.max(base.end.getTime(), week.end.getTime() + DAY_MS)) };
}

/**
 * The weekly report: one collection exactly as the scan does (so the findings are the scan's), its billing window
 * widened to five weeks; then the week's invocations and model latency for the comparison, read separately over the
 * week (hourly datapoints) because the detectors' own windows are hours long and must not change; then the ledger and
 * the usage records. Nothing is written. A source that fails becomes a status or a "not available" in the report.
 */
export async function runWeeklyReport(deps: WeeklyReportDeps, request: { week?: ReportWeek } = {}): Promise<WeeklyReportRun> {
  const { config } = deps;
  const now = deps.now();
  const week = request.week ?? lastFullWeek(now);
  const snapshot = await collectSnapshot({
    readers: deps.readers,
    scope: {},
    window: utilizationWindow(config, now),
    detailWindow: detailWindow(config, now),
    costWindow: reportCostWindow(config, now, week),
    forecast: forecastRequest(config, now),
    now,
  });
  const findings = detectAll(snapshot, config, now);
  const collectedStatuses = snapshot.statuses;
  const weekTraffic = await readWeekTraffic(deps.readers, snapshot.endpoints, week);
  snapshot.statuses = mergeStatuses(snapshot.statuses, deps.readers.flatMap((r) => r.status()));
  const savings = await readSavings(deps.ledger, week);
  const restores = await readRestores(deps.ledger, snapshot.endpoints.filter((e) => 'group' in gpuClass(e)).map((e) => refKey(e.ref)));
  const watchdogCost = deps.watchdogCost
    ? await deps.watchdogCost(week).catch((err: unknown) => ({ unavailable: `the usage records could not be read (${(err as Error).message})` }))
    : { unavailable: 'usage recording is not set up in this deployment, so the watchdog\'s own API calls and Lambda time were not counted.' };
  const report = buildWeeklyReport({ config, week, now, snapshot, findings, weekTraffic, savings, restores, watchdogCost });
  const owners = new Map<string, string>();
  for (const r of [...snapshot.endpoints, ...snapshot.notebooks, ...snapshot.trainingJobs]) {
    const o = r.tags[config.ownerTag];
    if (o) owners.set(r.ref.name, o);
  }
  return { report, findings, ownerOf: (name) => owners.get(name), collectedStatuses };
}

async function readWeekTraffic(readers: readonly CloudReader[], endpoints: readonly Endpoint[], week: ReportWeek): Promise<UtilizationSeries[]> {
  const window = { start: week.start, end: week.end };
  const parts = await Promise.all(
    readers.map(async (r) => {
      const mine = endpoints.filter((e) => e.ref.cloud === r.cloud && 'group' in gpuClass(e));
      if (mine.length === 0) return [];
      // Readers report failures as statuses; a throw here only loses the comparison's traffic, not the report.
      return r.utilization(mine, { window, detailWindow: window }).catch(() => []);
    }),
  );
  return parts.flat().filter((s) => s.metric === 'invocations' || s.metric === 'latency-ms');
}

/** Statuses of the collection plus any new non-ok ones of the week's traffic read, each once. */
function mergeStatuses(first: readonly ProviderStatus[], later: readonly ProviderStatus[]): ProviderStatus[] {
  const key = (s: ProviderStatus) => `${s.cloud}|${s.component}|${s.state}|${s.code ?? ''}`;
  const seen = new Set(first.map(key));
  return [...first, ...later.filter((s) => s.state !== 'ok' && !seen.has(key(s)) && (seen.add(key(s)), true))];
}

async function readSavings(ledger: WeeklyReportDeps['ledger'], week: ReportWeek): Promise<SavingsSection> {
  try {
    const savings = await ledger.savings({ since: week.start, until: week.end });
    const tokens = await mapLimit([...new Set(savings.items.map((i) => i.tokenId))], READ_CONCURRENCY, (id) => ledger.get(id));
    return weeklySavings(savings, tokens.filter((t): t is RestoreToken => t !== undefined), week);
  } catch (err) {
    return unavailableSavings((err as Error).message);
  }
}

/** The latest measured restore of each endpoint (any week): a cold start measured once is still the best figure. */
async function readRestores(ledger: WeeklyReportDeps['ledger'], keys: readonly string[]): Promise<MeasuredRestore[]> {
  const tokens = await mapLimit([...keys], READ_CONCURRENCY, (k) => ledger.latestFor(k).catch(() => undefined));
  return tokens.flatMap((t, i) => (t?.restoreSeconds !== undefined ? [{ refKey: keys[i]!, seconds: t.restoreSeconds }] : []));
}
