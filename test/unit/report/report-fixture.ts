import type { Finding } from '../../../src/domain/finding';
import type { RestoreToken } from '../../../src/domain/remediation';
import type { Snapshot } from '../../../src/domain/snapshot';
import { lastFullWeek } from '../../../src/report/weekly-period';
import { buildWeeklyReport, type WeeklyReport } from '../../../src/report/weekly-report';
import { weeklySavings } from '../../../src/report/weekly-savings';
import { savingsReport } from '../../../src/remediation/ledger-savings';
import type { WatchdogCostSummary } from '../../../src/usage/watchdog-cost';
import { config, costLine, endpoint, ref, snapshot } from '../../support/builders';
import { idleGpuFinding } from '../notify/finding-factory';

export const REPORT_NOW = new Date('2026-11-23T08:00:00Z');
export const WEEK = lastFullWeek(REPORT_NOW);
const DAY = 86_400_000;

export function fiveWeeksOfAws(perDay = 100): Snapshot['costs'] {
  const start = WEEK.start.getTime() - 28 * DAY;
  return Array.from({ length: 35 + 1 }, (_, i) => costLine(new Date(start + i * DAY).toISOString().slice(0, 10), perDay + (i >= 28 ? 50 : 0)));
}

export function token(name: string, over: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: `tok-${name}`,
    planId: `plan-${name}`,
    ref: ref(name),
    action: 'delete-endpoint-keep-config',
    prior: {},
    approval: { by: 'auto', principal: 'scan', at: WEEK.start },
    state: 'parked',
    stepsDone: [],
    createdAt: WEEK.start,
    hourlySaving: { amount: 7.09, currency: 'USD' },
    basis: 'list-price',
    ...over,
  };
}

export const WATCHDOG_COST: WatchdogCostSummary = {
  period: { start: WEEK.start, end: WEEK.end },
  operations: [{ cloud: 'aws', operation: 'GetCostAndUsage', calls: 168, cost: { amount: 1.68, currency: 'USD' }, priceBasis: 'Cost Explorer API: $0.01 per request' }],
  lambda: [{ functionName: 'scan', invocations: 168, gbSeconds: 3360, cost: { amount: 0.045, currency: 'USD' } }],
  total: [{ amount: 1.725, currency: 'USD' }],
  basis: 'list-price',
  coverage: { runs: 168, firstRunAt: WEEK.start, lastRunAt: new Date(WEEK.end.getTime() - 3_600_000) },
  notes: ['Free tiers are not subtracted.'],
};

export interface FixtureOptions {
  snapshot?: Partial<Snapshot>;
  findings?: Finding[];
  tokens?: RestoreToken[];
  budgets?: boolean;
}

export function fixtureReport(o: FixtureOptions = {}): WeeklyReport {
  const cfg = config({
    clouds: { gcp: { enabled: true, projects: ['acme-ml-prod'], billingExport: { enabled: false } } },
    ...(o.budgets === false ? {} : { detectors: { 'budget-overrun': { budgets: [{ name: 'ML platform', amount: 5000 }] } } }),
  });
  const snap = snapshot({ costs: fiveWeeksOfAws(), endpoints: [endpoint('llm-chat-prod')], ...o.snapshot }, REPORT_NOW);
  const tokens = o.tokens ?? [];
  return buildWeeklyReport({
    config: cfg,
    week: WEEK,
    now: REPORT_NOW,
    snapshot: snap,
    findings: o.findings ?? [idleGpuFinding({ name: 'llm-chat-prod', owner: 'team-nlp' })],
    weekTraffic: [],
    savings: weeklySavings(savingsReport(tokens, WEEK.start, WEEK.end), tokens, WEEK),
    restores: [],
    watchdogCost: WATCHDOG_COST,
  });
}
