import type { EndpointFailureFinding, FailureSignal } from '../../domain/finding';
import { formatHours } from '../format';
import type { KindDetails } from './kind-details';

const SIGNAL_LABELS: Record<FailureSignal, string> = {
  'failed-state': 'failed state',
  'server-errors': 'server errors (5xx)',
  'latency-regression': 'latency regression',
};

/** Evidence of a failing endpoint: what fails, how badly, and what keeps running meanwhile. */
export function endpointFailureDetails(f: EndpointFailureFinding): KindDetails {
  const e = f.evidence;
  const facts = [
    { label: 'Signals', value: e.signals.map((s) => SIGNAL_LABELS[s]).join(', '), brief: true },
    { label: 'Status', value: e.failureReason ? `${e.providerStatus}: ${e.failureReason}` : e.providerStatus },
    { label: 'Instances', value: e.instanceCount > 0 ? `${e.instanceCount} x ${e.instanceType} (billing while failing)` : `none running (${e.instanceType})`, brief: true },
  ];
  if (e.serverErrorRatePct !== undefined) {
    facts.push({ label: 'Server errors', value: `${e.serverErrors} of ${e.requests} requests (${e.serverErrorRatePct.toFixed(1)}%) in the detail window`, brief: true });
  }
  if (e.latencyP95RecentMs !== undefined && e.latencyP95BaselineMs !== undefined) {
    facts.push({
      label: 'Latency p95',
      value: `${e.latencyP95RecentMs.toFixed(0)} ms in the last ${formatHours(e.recentHours)}, ${e.latencyP95BaselineMs.toFixed(0)} ms before`,
      brief: true,
    });
  }
  return { kindLabel: 'Failing endpoint', facts };
}
