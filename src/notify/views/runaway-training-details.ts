import type { RunawayTrainingFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

const hoursText = (x: number) => (x >= 48 ? `${(x / 24).toFixed(1)} days` : `${x.toFixed(1)} h`);

/** One line for the CLI table. */
export function runawayTrainingLine(f: RunawayTrainingFinding): string {
  const e = f.evidence;
  const what = e.signal === 'stuck-starting' ? `starting for ${hoursText(e.hours)}` : `running ${hoursText(e.hours)} (expected <= ${e.expectedMaxHours} h, ${e.family})`;
  return `${what}; ${e.instanceCount} x ${e.instanceType}${e.accruedCost !== undefined ? `, ${formatMoney({ amount: e.accruedCost, currency: e.currency }, 0)} so far` : ''}`;
}

export function runawayTrainingDetails(f: RunawayTrainingFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const facts: AlertFact[] = [
    { label: e.signal === 'stuck-starting' ? 'Starting for' : 'Running for', value: `${hoursText(e.hours)} (${e.providerStatus})`, brief: true },
    { label: 'Expected', value: `at most ${e.expectedMaxHours} h for family ${e.family} (${e.expectedSource === 'family' ? 'maxHoursByFamily' : 'the default maxHours'})`, brief: true },
    { label: 'Instances', value: `${e.instanceCount} x ${e.instanceType}` },
  ];
  if (e.accruedCost !== undefined) facts.push({ label: 'Cost so far', value: m(e.accruedCost) });
  if (e.projectedToLimitCost !== undefined) facts.push({ label: 'Until its runtime limit', value: `${m(e.projectedToLimitCost)} more (limit ${hoursText(e.maxRuntimeHours!)})` });
  return { kindLabel: 'Runaway training', facts };
}
