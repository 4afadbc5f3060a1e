import type { ScheduledEvent } from 'aws-lambda';
import { buildScanDeps } from '../src/app/scan-deps';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import { runScan, type ScanDeps, type ScanResult } from '../src/app/run-scan';

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

/** Hourly schedule: collect -> detect -> notify -> record. Failures of one cloud are statuses, not exceptions. */
export function makeScanHandler(getDeps: () => Promise<ScanDeps>) {
  return async (event: Partial<ScheduledEvent> = {}): Promise<ScanSummary> => {
    const deps = await getDeps();
    const summary = summarize(await runScan(deps));
    logger.info('scan finished', { ...summary, scheduledAt: event.time });
    for (const f of summary.degraded) logger.warn('provider degraded', { status: f });
    return summary;
  };
}

export const handler = makeScanHandler(lazy(() => buildScanDeps()));
