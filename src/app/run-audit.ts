import type { WatchdogConfig } from '../config/schema';
import { collectSnapshot } from '../collect/collect-snapshot';
import { detectAll } from '../detectors/index';
import type { CloudReader } from '../providers/types';
import type { AuditRequest } from './audit-request';
import { buildAuditResult, type AuditResult } from './audit-result';
import { costWindow, detailWindow, gpuRequest, gpuWindow, utilizationWindow } from './collect-window';
import { forecastRequest } from './forecast-request';

export interface AuditDeps {
  config: WatchdogConfig;
  readers: readonly CloudReader[];
  now: () => Date;
}

/** On-demand audit: collect -> detect, no side effects (no alerts, no state writes, no remediation). */
export async function runAudit(deps: AuditDeps, request: AuditRequest = {}): Promise<AuditResult> {
  const now = deps.now();
  const readers = deps.readers.filter((r) => !request.clouds || request.clouds.includes(r.cloud));
  const snapshot = await collectSnapshot({
    readers,
    scope: request.regions ? { regions: request.regions } : {},
    window: utilizationWindow(deps.config, now),
    detailWindow: detailWindow(deps.config, now),
    ...gpuRequest(gpuWindow(deps.config, now)),
    costWindow: costWindow(deps.config, now),
    forecast: forecastRequest(deps.config, now),
    now,
  });
  const min = request.minMonthlyCost ?? 0;
  // Narrowed to regions: findings about money are account-wide (cost scopes are 'global'), so they are left out.
  const regions = request.regions ? new Set(request.regions) : undefined;
  const findings = detectAll(snapshot, deps.config, now, request.kinds)
    .filter((f) => f.cost.monthly.amount >= min)
    .filter((f) => !regions || regions.has(f.ref.region))
    .sort((a, b) => b.cost.monthly.amount - a.cost.monthly.amount);
  return buildAuditResult(snapshot, findings, request, now);
}
