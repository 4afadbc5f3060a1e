import type { ProviderStatus } from '../src/domain/status';
import type { ScheduledEvent } from 'aws-lambda';
import { deliverWeeklyReport } from '../src/app/deliver-weekly-report';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import { runWeeklyReport } from '../src/app/run-weekly-report';
import { buildWeeklyReportDeps, type WeeklyReportAppDeps } from '../src/app/weekly-report-deps';
import { parseReportWeek } from '../src/report/weekly-period';
import { callsOf, watchStatuses } from '../src/usage/run-calls';
import { recordUsageQuietly, startUsageMeter, type UsageContext } from '../src/usage/usage-meter';

export interface WeeklyReportSummary {
  week: string;
  reports: Array<{ owner?: string; stored: string; posted: boolean; channel?: string; error?: string; chartError?: string }>;
  findings: number;
  degraded: string[];
  skipped?: string;
}

/** A manual invoke may ask for an earlier week: `{"week": "2026-11-16"}` (any day of it). */
type Event = Partial<ScheduledEvent> & { week?: string };

/**
 * Weekly schedule (default Monday 08:00 UTC): collect -> detect -> report -> store in S3 -> Slack summary with chart
 * and link. A cloud that cannot be read is a status in the report, not a failure; a report that could not be stored
 * or posted fails the invocation (after trying every channel) so the error shows in the function's metrics.
 */
export function makeWeeklyReportHandler(getDeps: () => Promise<WeeklyReportAppDeps>) {
  return async (event: Event = {}, context?: UsageContext): Promise<WeeklyReportSummary> => {
    const meter = startUsageMeter('weekly-report', context ? { context } : {});
    const deps = await getDeps();
    const { config, now } = deps.run;
    const week = event.week ? parseReportWeek(event.week, now()) : undefined;
    if (!config.report.enabled) {
      logger.info('weekly report disabled (report.enabled: false)');
      return { week: week?.label ?? '', reports: [], findings: 0, degraded: [], skipped: 'report.enabled is false' };
    }
    const run = watchStatuses(deps.run.readers);
    let collected: ProviderStatus[] = [];
    try {
      const result = await runWeeklyReport(deps.run, week ? { week } : {});
      collected = result.collectedStatuses;
      const delivered = await deliverWeeklyReport(result, deps.deliver);
      const summary: WeeklyReportSummary = {
        week: result.report.week.label,
        findings: result.findings.length,
        degraded: result.report.statuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled').map((s) => `${s.cloud} ${s.component}: ${s.state}`),
        reports: delivered.map((d) => ({
          ...(d.owner ? { owner: d.owner } : {}),
          // The object key, never the signed URL: a log line must not hand out read access.
          stored: d.location.kind === 'url' ? new URL(d.location.url).pathname : d.location.kind === 'file' ? d.location.path : `not stored: ${d.location.reason}`,
          posted: d.posted !== undefined,
          ...(d.posted ? { channel: d.posted.channel } : {}),
          ...(d.postError ? { error: d.postError } : {}),
          ...(d.posted?.chartError ? { chartError: d.posted.chartError } : {}),
        })),
      };
      logger.info('weekly report finished', { ...summary, scheduledAt: event.time });
      for (const f of summary.degraded) logger.warn('provider degraded', { status: f });
      const failed = delivered.filter((d) => d.postError || d.location.kind === 'none');
      if (failed.length > 0) {
        logger.error('weekly report not fully delivered', { failed: summary.reports.filter((r) => r.error || r.stored.startsWith('not stored')) });
        throw new Error(`weekly report ${summary.week}: ${failed.length} of ${delivered.length} report(s) not stored or not posted; see the log`);
      }
      return summary;
    } finally {
      await recordUsageQuietly(deps.store, meter.finish(callsOf(run.since(collected)), now), logger);
    }
  };
}

export const handler = makeWeeklyReportHandler(lazy(() => buildWeeklyReportDeps()));
