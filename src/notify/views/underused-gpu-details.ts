import type { UnderusedGpuFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { KindDetails } from './kind-details';

export function underusedGpuLine(f: UnderusedGpuFinding): string {
  const e = f.evidence;
  return `${e.instanceCount} x ${e.instanceType}: GPU p95 ${e.p95GpuUtilPct.toFixed(0)}% over ${e.windowHours.toFixed(0)} h; -> ${e.candidate.instanceType} (~${e.candidate.projectedP95GpuUtilPct.toFixed(0)}%)`;
}

export function underusedGpuDetails(f: UnderusedGpuFinding): KindDetails {
  const e = f.evidence;
  const $ = (x: number) => formatMoney({ amount: x, currency: e.currency }, 3);
  return {
    kindLabel: 'Underused GPU',
    facts: [
      { label: 'GPU use', value: `p95 ${e.p95GpuUtilPct.toFixed(0)}%, mean ${e.meanGpuUtilPct.toFixed(0)}% per GPU over ${e.windowHours.toFixed(0)} h (${(e.coverage * 100).toFixed(0)}% measured), ${e.invocations} requests`, brief: true },
      { label: 'Now', value: `${e.instanceCount} x ${e.instanceType} (${e.gpusPerInstance} x ${e.acceleratorModel ?? 'GPU'}) at ${$(e.currentHourly)}/h`, brief: true },
      { label: 'Instead', value: `${e.candidate.instanceType} (${e.candidate.gpus} GPU) at ${$(e.candidate.hourly)}/h, projected p95 ${e.candidate.projectedP95GpuUtilPct.toFixed(0)}%` },
    ],
  };
}
