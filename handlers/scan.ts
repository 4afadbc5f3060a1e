import type { ScheduledEvent } from 'aws-lambda';
import { buildScanDeps } from '../src/app/scan-deps';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import { runScan, type ScanDeps, type ScanResult } from '../src/app/run-scan';
import { callsOf, watchStatuses } from '../src/usage/run-calls';
import { recordUsageQuietly, startUsageMeter, type UsageContext } from '../src/usage/usage-meter';

export interface ScanSummary {
  runAt: string;
  findings: number;
  alerted: number;
  suppressed: number;
  failed: number;
  degraded: string[];
}

function summarize(r: ScanResult): ScanSummary {
  return {
    runAt: r.runAt.toISOString(),
    findings: r.findings.length,
    alerted: r.alerted.length,
    suppressed: r.suppressed.length,
    failed: r.failed.length,
    degraded: r.statuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled').map((s) => `${s.cloud} ${s.component}: ${s.state}`),
  };
}

/**
 * Hourly schedule: collect -> detect -> notify -> record. Failures of one cloud are statuses, not exceptions.
 * Every invocation also records its own usage (duration, memory, API calls) for the weekly report's cost section.
 */
export function makeScanHandler(getDeps: () => Promise<ScanDeps>) {
  return async (event: Partial<ScheduledEvent> = {}, context?: UsageContext): Promise<ScanSummary> => {
    const meter = startUsageMeter('scan', context ? { context } : {});
    const deps = await getDeps();
    const run = watchStatuses(deps.readers);
    try {
      const summary = summarize(await runScan(deps));
      logger.info('scan finished', { ...summary, scheduledAt: event.time });
      for (const f of summary.degraded) logger.warn('provider degraded', { status: f });
      return summary;
    } finally {
      await recordUsageQuietly(deps.store, meter.finish(callsOf(run.since()), deps.now), logger);
    }
  };
}

export const handler = makeScanHandler(lazy(() => buildScanDeps()));
