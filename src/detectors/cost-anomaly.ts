import type { WatchdogConfig } from '../config/schema';
import type { AnomalyDriver, AnomalyStatistics, CostAnomalyFinding } from '../domain/finding';
import type { NativeCostAnomaly } from '../domain/native-cost-anomaly';
import type { Snapshot } from '../domain/snapshot';
import { driversBy, inReadingOrder, newResourceDrivers, resourceNamer } from './anomaly-drivers';
import { toFinding, type AnomalyCandidate } from './cost-anomaly-finding';
import { dismissed, isCurrent, nativeDrivers, nativeExcessPerDay, primaryScope, sameAnomaly } from './native-anomalies';
import { isPlatformService, ownerLines } from './spend';
import { addDays, judgeDay, runStart, type DayJudgement } from './spend-baseline';
import { spendOf, spendScopes, watched, type SpendScope } from './spend-scopes';

const DAY_MS = 86_400_000;

/**
 * `cost-anomaly`: a day's billed spend far above its own robust baseline (src/detectors/spend-baseline.ts), per
 * service of each account and per owner, judged on the latest complete day (yesterday) and on today's partial spend
 * (a lower bound of the day, so only ever a confirmation that the day is already far above normal, never scaled up).
 * AWS Cost Anomaly Detection's own anomalies are merged in: the same service and days make one finding that says
 * both saw it; AWS's anomalies we did not see are reported on their own figures. An owner whose jump a service
 * anomaly already explains is named in it rather than reported twice.
 */
export function detectCostAnomaly(snapshot: Snapshot, config: WatchdogConfig, now: Date): CostAnomalyFinding[] {
  const policy = config.detectors['cost-anomaly'];
  if (!policy.enabled) return [];
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const scopes = spendScopes(snapshot.costs, { services: policy.services, byOwner: policy.byOwner, ownerTag: config.ownerTag });

  const candidates: AnomalyCandidate[] = [];
  for (const scope of scopes) {
    const c = ownCandidate(scope, snapshot, config, today);
    if (c) candidates.push(c);
  }

  // AWS's anomalies: one finding with ours when they are about the same service and days; otherwise their own.
  const natives = snapshot.nativeAnomalies.filter((a) => isCurrent(a, today));
  const used = new Set<string>();
  const merged: AnomalyCandidate[] = [];
  // Service anomalies first: an owner anomaly takes an AWS anomaly only when no service anomaly did.
  const ordered = [...candidates].sort((a, b) => (a.scope.kind === b.scope.kind ? 0 : a.scope.kind === 'service' ? -1 : 1));
  for (const c of ordered) {
    const a = natives.find((n) => !used.has(n.id) && matches(n, c, today));
    if (!a) {
      merged.push(c);
      continue;
    }
    used.add(a.id);
    if (dismissed(a)) continue;
    merged.push({ ...c, native: a, detectedBy: ['ml-watchdog', 'aws-cost-anomaly-detection'], drivers: inReadingOrder([...c.drivers, ...nativeDrivers(a, today)]) });
  }
  for (const a of natives) {
    if (used.has(a.id) || dismissed(a)) continue;
    const scope = primaryScope(a);
    const excess = nativeExcessPerDay(a, today);
    if (!scope || !watched({ cloud: a.cloud, ServiceName: scope.service }, policy.services) || excess < policy.minDailyDelta) continue;
    merged.push({
      scope: { kind: 'service', cloud: a.cloud, account: scope.account, service: scope.service, currency: a.currency },
      startDay: a.startDay,
      endDay: a.endDay ?? today,
      excessPerDay: excess,
      drivers: nativeDrivers(a, today),
      native: a,
      detectedBy: ['aws-cost-anomaly-detection'],
      mergedOwners: [],
    });
  }

  return foldOwners(merged).map((c) => toFinding(c, config, now, today));
}

/**
 * An AWS anomaly is one of ours when it is about the same service and days: a service anomaly of that service and
 * account, or an owner anomaly that the same service drives (AWS monitors services; the jump may show only per owner).
 */
function matches(a: NativeCostAnomaly, c: AnomalyCandidate, today: string): boolean {
  const days = { start: c.startDay, end: c.endDay };
  if (c.scope.kind === 'service') return sameAnomaly(a, c.scope, days, today);
  return c.drivers.some((d) => d.kind === 'service' && sameAnomaly(a, { cloud: c.scope.cloud, account: '*', service: d.name }, days, today));
}

/** Our own anomaly of one scope, judged on yesterday (complete) or, failing that, today's partial day. */
function ownCandidate(scope: SpendScope, snapshot: Snapshot, config: WatchdogConfig, today: string): AnomalyCandidate | undefined {
  const policy = config.detectors['cost-anomaly'];
  const spend = spendOf(scope);
  const yesterday = judgeDay(spend, addDays(today, -1), policy);
  const partial = judgeDay(spend, today, policy);
  const judged = yesterday?.anomalous ? yesterday : partial?.anomalous ? partial : undefined;
  if (!judged) return undefined;
  const startDay = runStart(spend, judged.day, policy);
  const stats = statistics(judged, today);
  return {
    scope,
    startDay,
    endDay: judged.day,
    stats,
    excessPerDay: judged.excess,
    drivers: drivers(scope, judged, startDay, snapshot, config),
    detectedBy: ['ml-watchdog'],
    mergedOwners: [],
  };
}

function statistics(j: DayJudgement, today: string): AnomalyStatistics {
  return {
    judgedDay: j.day,
    partialDay: j.day === today,
    spend: j.spend,
    baseline: j.baseline.median,
    baselineMethod: j.baseline.method,
    baselineDays: j.baseline.days,
    scaledMad: j.baseline.scaledMad,
    zScore: j.zScore,
    ratio: j.ratio,
  };
}

/**
 * A service scope is explained by its billed resources and by owners (the owner breakdown of the same service);
 * an owner scope by its services and resources. Where the bill names no resource (AWS), the resources that started
 * since the anomaly began stand in, priced at list price.
 */
function drivers(scope: SpendScope, j: DayJudgement, startDay: string, snapshot: Snapshot, config: WatchdogConfig): AnomalyDriver[] {
  const w = { judgedDay: j.day, baselineDays: j.baseline.days, excess: j.excess };
  const ownerTag = config.ownerTag;
  const out: AnomalyDriver[] = [];
  if (scope.kind === 'owner') out.push(...driversBy(scope.lines, 'service', (l) => l.ServiceName, w));
  const resources = driversBy(scope.lines, 'resource', resourceNamer(snapshot), w);
  out.push(...resources);
  if (scope.kind === 'service') {
    const owned = ownerLines(snapshot.costs, scope.cloud).filter(
      (l) => l.ServiceName === scope.service && l.BillingCurrency === scope.currency && (scope.account === '*' || l.SubAccountId === undefined || l.SubAccountId === scope.account),
    );
    out.push(...driversBy(owned, 'owner', (l) => l.Tags?.[ownerTag], w));
  }
  const platform = scope.kind === 'owner' || isPlatformService({ cloud: scope.cloud, ServiceName: scope.service! });
  if (resources.length === 0 && platform) {
    const since = new Date(Date.parse(`${startDay}T00:00:00Z`) - DAY_MS);
    out.push(...newResourceDrivers(snapshot, { cloud: scope.cloud, account: scope.account, ...(scope.owner ? { owner: scope.owner } : {}), ownerTag, since, excess: j.excess }));
  }
  return inReadingOrder(out);
}

/**
 * An owner anomaly that a service anomaly of the same cloud and days already names among its owner drivers is the
 * same jump seen from the other side: it is folded into the service finding (mergedOwners), not reported again.
 */
function foldOwners(candidates: readonly AnomalyCandidate[]): AnomalyCandidate[] {
  const services = candidates.filter((c) => c.scope.kind === 'service').map((c) => ({ ...c, mergedOwners: [...c.mergedOwners] }));
  const out: AnomalyCandidate[] = [...services];
  for (const o of candidates.filter((c) => c.scope.kind === 'owner')) {
    const host = o.native ? undefined : services.find(
      (s) =>
        s.scope.cloud === o.scope.cloud &&
        s.startDay <= o.endDay &&
        s.endDay >= o.startDay &&
        s.drivers.some((d) => d.kind === 'owner' && d.name === o.scope.owner),
    );
    if (host) host.mergedOwners.push(o.scope.owner!);
    else out.push(o);
  }
  return out;
}
