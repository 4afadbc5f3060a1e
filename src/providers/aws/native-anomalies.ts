import type { Anomaly } from '@aws-sdk/client-cost-explorer';
import type { NativeCostAnomaly, NativeRootCause } from '../../domain/native-cost-anomaly';

/**
 * Pure mapping of GetAnomalies answers to NativeCostAnomaly.
 * - Dates come as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (the API's AnomalyDateInterval pattern allows both), so only
 *   the day is kept.
 * - Impact figures are doubles in USD (unlike GetCostAndUsage's decimal strings); a non-number is dropped, never 0.
 */

const SOURCE = 'AWS Cost Anomaly Detection (Cost Explorer GetAnomalies)';

function day(s: string | undefined): string | undefined {
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function rootCause(r: NonNullable<Anomaly['RootCauses']>[number]): NativeRootCause {
  const contribution = num(r.Impact?.Contribution);
  return {
    ...(r.Service ? { service: r.Service } : {}),
    ...(r.Region ? { region: r.Region } : {}),
    ...(r.LinkedAccount ? { account: r.LinkedAccount } : {}),
    ...(r.LinkedAccountName ? { accountName: r.LinkedAccountName } : {}),
    ...(r.UsageType ? { usageType: r.UsageType } : {}),
    ...(contribution !== undefined ? { contribution } : {}),
  };
}

/** One NativeCostAnomaly per answer entry; entries without an id or a start day are skipped. */
export function toNativeAnomalies(anomalies: readonly Anomaly[]): NativeCostAnomaly[] {
  const out: NativeCostAnomaly[] = [];
  for (const a of anomalies) {
    const startDay = day(a.AnomalyStartDate);
    if (!a.AnomalyId || !startDay) continue;
    const endDay = day(a.AnomalyEndDate);
    const i = a.Impact;
    const opt = (k: string, v: unknown) => (num(v) !== undefined ? { [k]: num(v)! } : {});
    const feedback = a.Feedback === 'YES' || a.Feedback === 'NO' || a.Feedback === 'PLANNED_ACTIVITY' ? a.Feedback : undefined;
    const max = num(a.AnomalyScore?.MaxScore);
    const current = num(a.AnomalyScore?.CurrentScore);
    out.push({
      cloud: 'aws',
      id: a.AnomalyId,
      monitor: a.MonitorArn ?? 'unknown',
      startDay,
      ...(endDay ? { endDay } : {}),
      ...(a.DimensionValue ? { dimensionValue: a.DimensionValue } : {}),
      rootCauses: (a.RootCauses ?? []).map(rootCause),
      impact: {
        maxImpact: num(i?.MaxImpact) ?? 0,
        ...opt('totalImpact', i?.TotalImpact),
        ...opt('totalActualSpend', i?.TotalActualSpend),
        ...opt('totalExpectedSpend', i?.TotalExpectedSpend),
        ...opt('totalImpactPct', i?.TotalImpactPercentage),
      },
      ...(max !== undefined && current !== undefined ? { score: { max, current } } : {}),
      ...(feedback ? { feedback } : {}),
      currency: 'USD',
      source: SOURCE,
    });
  }
  return out;
}
