import { hoursText } from '../../detectors/runaway-training';
import type { RunawayTrainingFinding } from '../../domain/finding';
import { formatMoney } from '../../domain/money';
import type { AlertFact } from '../alert-view';
import type { KindDetails } from './kind-details';

type Evidence = RunawayTrainingFinding['evidence'];

/** "at most 22.5 h: 3 x the 7.5 h median of 4 runs (30 days)" and the like. */
function expectedText(e: Evidence): string {
  if (e.expectedSource === 'family') return `at most ${hoursText(e.expectedMaxHours)} for ${e.family} (maxHoursByFamily)`;
  if (e.expectedSource === 'history') return `at most ${hoursText(e.expectedMaxHours)}: ${e.history!.multiple} x the ${hoursText(e.history!.medianHours)} median of ${e.family}'s ${e.history!.runs} successful runs in ${e.history!.lookbackDays} days`;
  const why = e.history ? `${e.family} has ${e.history.runs} earlier run(s) in ${e.history.lookbackDays} days` : `no earlier runs of ${e.family}`;
  return `at most ${hoursText(e.expectedMaxHours)}: the default maxHours (${why})`;
}

const statusText = (e: Evidence) => [e.providerStatus, e.secondaryStatus].filter(Boolean).join(' / ');

/** One line for the CLI table. */
export function runawayTrainingLine(f: RunawayTrainingFinding): string {
  const e = f.evidence;
  const what =
    e.signal === 'stuck-starting'
      ? `starting for ${hoursText(e.hours)} (${statusText(e)})`
      : `running ${hoursText(e.hours)}, expected <= ${hoursText(e.expectedMaxHours)} (${e.expectedSource === 'history' ? `${e.history!.multiple} x median of ${e.history!.runs} runs` : e.expectedSource === 'family' ? 'family maximum' : 'default maximum'}, ${e.family})`;
  return `${what}; ${e.instanceCount} x ${e.instanceType}${e.accruedCost !== undefined ? `, ${formatMoney({ amount: e.accruedCost, currency: e.currency }, 0)} so far` : ''}`;
}

export function runawayTrainingDetails(f: RunawayTrainingFinding): KindDetails {
  const e = f.evidence;
  const m = (amount: number) => formatMoney({ amount, currency: e.currency }, 0);
  const facts: AlertFact[] = [
    { label: e.signal === 'stuck-starting' ? 'Starting for' : 'Running for', value: `${hoursText(e.hours)} (${statusText(e)})`, brief: true },
    { label: 'Expected', value: expectedText(e), brief: true },
    { label: 'Family', value: `${e.family} (${e.familySource === 'tag' ? 'its family tag' : 'its name without the run suffix'})` },
    { label: 'Instances', value: `${e.instanceCount} x ${e.instanceType}${e.hourlyCost !== undefined ? ` at ${formatMoney({ amount: e.hourlyCost, currency: e.currency })}/h` : ''}` },
  ];
  if (e.accruedCost !== undefined) facts.push({ label: 'Cost so far', value: m(e.accruedCost) });
  if (e.projectedToLimitCost !== undefined) facts.push({ label: 'Until its runtime limit', value: `${m(e.projectedToLimitCost)} more (limit ${hoursText(e.maxRuntimeHours!)})` });
  // Only the hours past the expected maximum count as wasted: the expected part of the run was meant to be paid.
  const beyond = e.signal === 'past-expected-duration' && e.hourlyCost !== undefined ? e.hourlyCost * Math.max(0, e.hours - e.expectedMaxHours) : undefined;
  return { kindLabel: 'Runaway training', facts, ...(beyond !== undefined && beyond > 0 ? { wastedSoFar: { amount: beyond, currency: e.currency } } : {}) };
}
