import type { AnomalyDriver, NativeAnomalySummary } from '../domain/finding';
import type { NativeCostAnomaly } from '../domain/native-cost-anomaly';
import { pickTop } from './anomaly-drivers';
import { addDays } from './spend-baseline';

/**
 * How AWS Cost Anomaly Detection's anomalies meet ours. A native anomaly names its root causes (service, linked
 * account, region, usage type); it is the same anomaly as one of ours when a root cause (or, without root causes,
 * the monitored dimension value) is our scope's service in our scope's account, and the days overlap.
 */

/**
 * An anomaly whose last day is at most this many days before today is still current: Cost Explorer data lags up to a
 * day, so a running anomaly can show the day before yesterday as its end.
 */
const CURRENT_WITHIN_DAYS = 2;

export function isCurrent(a: NativeCostAnomaly, today: string): boolean {
  return (a.endDay ?? today) >= addDays(today, -CURRENT_WITHIN_DAYS);
}

/** A person told AWS it is expected (PLANNED_ACTIVITY) or not an anomaly (NO): neither is reported again. */
export function dismissed(a: NativeCostAnomaly): boolean {
  return a.feedback === 'NO' || a.feedback === 'PLANNED_ACTIVITY';
}

/** The (account, service) pairs the anomaly is about; account undefined when AWS did not name it. */
export function nativeScopes(a: NativeCostAnomaly): { account?: string; service: string }[] {
  const fromCauses = a.rootCauses.filter((r) => r.service).map((r) => ({ ...(r.account ? { account: r.account } : {}), service: r.service! }));
  if (fromCauses.length > 0) return fromCauses;
  return a.dimensionValue ? [{ service: a.dimensionValue }] : [];
}

/** Same service, same account (where both name one), overlapping days. */
export function sameAnomaly(a: NativeCostAnomaly, scope: { cloud: string; account: string; service?: string }, days: { start: string; end: string }, today: string): boolean {
  if (a.cloud !== scope.cloud || !scope.service) return false;
  const overlaps = a.startDay <= days.end && (a.endDay ?? today) >= days.start;
  return overlaps && nativeScopes(a).some((s) => s.service === scope.service && (scope.account === '*' || s.account === undefined || s.account === scope.account));
}

/** The scope a native-only finding is filed under: its biggest root cause's account and service. */
export function primaryScope(a: NativeCostAnomaly): { account: string; service: string } | undefined {
  const causes = [...a.rootCauses].filter((r) => r.service).sort((x, y) => (y.contribution ?? 0) - (x.contribution ?? 0));
  const top = causes[0];
  if (top) return { account: top.account ?? '*', service: top.service! };
  return a.dimensionValue ? { account: '*', service: a.dimensionValue } : undefined;
}

/** Days the anomaly has lasted so far (start to end, or to today while it runs), at least 1. */
export function nativeDays(a: NativeCostAnomaly, today: string): number {
  const end = a.endDay ?? today;
  return Math.max(1, Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${a.startDay}T00:00:00Z`)) / 86_400_000) + 1);
}

/** AWS's spend above expected per day: total impact over the days so far, or the max daily impact when no total. */
export function nativeExcessPerDay(a: NativeCostAnomaly, today: string): number {
  return a.impact.totalImpact !== undefined ? a.impact.totalImpact / nativeDays(a, today) : a.impact.maxImpact;
}

/** AWS's root causes as drivers: usage type (service, region, account), by their contribution per day of the anomaly. */
export function nativeDrivers(a: NativeCostAnomaly, today: string): AnomalyDriver[] {
  const days = nativeDays(a, today);
  const drivers = a.rootCauses.map((r): AnomalyDriver => {
    const where = [r.service, r.region, r.accountName ?? r.account].filter(Boolean).join(', ');
    return { kind: 'usage-type', name: r.usageType ?? r.service ?? 'unknown', deltaPerDay: (r.contribution ?? 0) / days, detail: `AWS root cause${where ? `: ${where}` : ''}` };
  });
  return pickTop(drivers, nativeExcessPerDay(a, today));
}

export function summary(a: NativeCostAnomaly): NativeAnomalySummary {
  const i = a.impact;
  return {
    id: a.id,
    monitor: a.monitor,
    startDay: a.startDay,
    ...(a.endDay ? { endDay: a.endDay } : {}),
    maxImpact: i.maxImpact,
    ...(i.totalImpact !== undefined ? { totalImpact: i.totalImpact } : {}),
    ...(i.totalActualSpend !== undefined ? { totalActualSpend: i.totalActualSpend } : {}),
    ...(i.totalExpectedSpend !== undefined ? { totalExpectedSpend: i.totalExpectedSpend } : {}),
    ...(i.totalImpactPct !== undefined ? { totalImpactPct: i.totalImpactPct } : {}),
    ...(a.feedback ? { feedback: a.feedback } : {}),
  };
}
