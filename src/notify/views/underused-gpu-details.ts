import type { UnderusedGpuFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import { formatRatioPct } from '../format';
import type { KindDetails } from './kind-details';

/** One line for the CLI audit table: how busy, over how long, and what to do instead. */
export function underusedGpuLine(f: UnderusedGpuFinding): string {
  const e = f.evidence;
  const to =
    e.recommended === 'smaller-instance' && e.candidate
      ? `-> ${e.candidate.instanceType} (${e.candidate.projectedGpuUtilPct.toFixed(0)}% projected)`
      : `${e.quietHoursPct.toFixed(0)}% of hours quiet -> scale to zero`;
  return `${e.instanceCount} x ${e.instanceType}: GPU p95 ${e.p95GpuUtilPct.toFixed(0)}% over ${e.windowHours} h; ${to}`;
}

/** Evidence of lightly used GPUs: how busy they are, what they cost, and the cheaper way to serve the same load. */
export function underusedGpuDetails(f: UnderusedGpuFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number, digits = 0) => formatMoney({ amount, currency: e.currentMonthly.currency }, digits);
  const gpus = `${e.acceleratorsPerInstance} x ${e.acceleratorModel ?? 'GPU'}`;
  const facts: AlertFact[] = [
    { label: 'Instances', value: `${e.instanceCount} x ${e.instanceType} (${gpus} each), ${m(e.currentMonthly.amount)}/month (${e.currentBasis})`, brief: true },
    {
      label: 'GPU utilisation',
      value: `p95 ${e.p95GpuUtilPct.toFixed(1)}%, mean ${e.meanGpuUtilPct.toFixed(1)}% per GPU (hourly means, last ${e.windowHours} h, ${formatRatioPct(e.coverage)} measured)`,
      brief: true,
    },
    { label: 'GPU memory', value: e.peakGpuMemoryPct !== undefined ? `peak ${e.peakGpuMemoryPct.toFixed(0)}% per GPU (hourly mean)` : 'not measured' },
    { label: 'Traffic', value: `${Math.round(e.invocationsInWindow).toLocaleString('en-US')} invocations; ${e.quietHoursPct.toFixed(0)}% of hours without any` },
  ];
  if (e.candidate) {
    const c = e.candidate;
    facts.push({
      label: 'Smaller instance',
      value: `${c.instanceType} (${c.acceleratorsPerInstance} GPU${c.acceleratorsPerInstance === 1 ? '' : 's'}) at ${formatMoney(c.hourly, 3)}/h: p95 ${c.projectedGpuUtilPct.toFixed(0)}% per GPU${c.projectedGpuMemoryPct !== undefined ? `, ${c.projectedGpuMemoryPct.toFixed(0)}% GPU memory` : ''} projected, saves ${m(c.monthlySaving)}/month`,
      brief: e.recommended === 'smaller-instance',
    });
  }
  if (e.scaleToZero) {
    facts.push({ label: 'Scale to zero', value: `${e.scaleToZero.mode}: saves about ${m(e.scaleToZero.monthlySaving)}/month`, brief: e.recommended === 'scale-to-zero' });
  }
  return { kindLabel: 'Underused GPU', facts };
}
