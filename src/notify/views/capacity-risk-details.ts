import type { CapacityRiskFinding } from '../../domain/finding';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

const SIGNAL_WORDS = {
  'quota-failure': 'failed for quota',
  'capacity-failure': 'failed for capacity (no instances available)',
  'stuck-scale-up': 'scale-up stuck short of its desired count',
  'single-region': 'production accelerator type served from one region only',
} as const;

/** One line for the CLI table. */
export function capacityRiskLine(f: CapacityRiskFinding): string {
  const e = f.evidence;
  const fallback = e.fallbackRegions.length ? `; fallback ${e.fallbackRegions.slice(0, 3).join(', ')}` : '; no fallback region known';
  if (e.signal === 'single-region') return `${e.endpoints!.length} prod endpoint(s) on ${e.accelerator}, all in ${e.region}${fallback}`;
  if (e.signal === 'stuck-scale-up') return `${e.currentInstances}/${e.desiredInstances} instances for ${e.minutesSinceChange} min${fallback}`;
  const reason = e.failureReason ?? '';
  return `${SIGNAL_WORDS[e.signal]}: ${reason.length > 90 ? `${reason.slice(0, 89)}…` : reason}${fallback}`;
}

export function capacityRiskDetails(f: CapacityRiskFinding): KindDetails {
  const e = f.evidence;
  const facts: AlertFact[] = [{ label: 'Risk', value: SIGNAL_WORDS[e.signal], brief: true }];
  if (e.failureReason) facts.push({ label: 'Failure', value: e.failureReason, brief: true });
  if (e.signal === 'stuck-scale-up') facts.push({ label: 'Instances', value: `${e.currentInstances} running of ${e.desiredInstances} desired, ${e.minutesSinceChange} min since the last change`, brief: true });
  if (e.signal === 'single-region') facts.push({ label: 'Endpoints', value: `${e.endpoints!.join(', ')} (${e.instanceTypes!.join(', ')}), all in ${e.region}`, brief: true });
  facts.push({ label: 'Fallback regions', value: e.fallbackRegions.length ? e.fallbackRegions.join(', ') : 'none in our price tables; check the cloud\'s regional availability' });
  return { kindLabel: 'Capacity risk', facts };
}
