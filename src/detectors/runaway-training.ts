import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { RunawayTrainingFinding, Severity } from '../domain/finding';
import { formatMoney, HOURS_PER_MONTH } from '../domain/money';
import type { TrainingJob } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { familyHistories, familyKey, jobFamily, type FamilyHistory, type JobFamily } from './job-family';

export { jobFamily } from './job-family';

const HOUR_MS = 3_600_000;
type Policy = WatchdogConfig['detectors']['runaway-training'];
type Evidence = RunawayTrainingFinding['evidence'];

/** "7.5 h", "73.0 h (3.0 days)": hours always, so a duration and its limit compare at a glance. */
export const hoursText = (x: number): string => (x >= 48 ? `${x.toFixed(1)} h (${(x / 24).toFixed(1)} days)` : `${x.toFixed(1)} h`);

interface Expected {
  hours: number;
  source: Evidence['expectedSource'];
  history?: FamilyHistory;
}

/**
 * The longest a job of this family should run: its configured maximum (maxHoursByFamily) when set; else, with at
 * least minHistoryRuns earlier successful runs, medianMultiple x their median (never under minExpectedHours, never
 * over the default maxHours, which stays the ceiling); else the default maxHours.
 */
export function expectedMaxHours(family: string, history: FamilyHistory | undefined, policy: Policy): Expected {
  const configured = Object.entries(policy.maxHoursByFamily).find(([k]) => k.toLowerCase() === family)?.[1];
  if (configured !== undefined) return { hours: configured, source: 'family', ...(history ? { history } : {}) };
  if (history && history.runs >= policy.minHistoryRuns) {
    const learnt = Math.max(policy.minExpectedHours, policy.medianMultiple * history.medianHours);
    return learnt < policy.maxHours ? { hours: learnt, source: 'history', history } : { hours: policy.maxHours, source: 'default', history };
  }
  return { hours: policy.maxHours, source: 'default', ...(history ? { history } : {}) };
}

/**
 * `runaway-training`: a job training far past its expected duration (above), or still starting `startingMinutes`
 * after it was created (waiting for capacity or quota, an image that never pulls, data that never downloads).
 * Stopping loses the progress since the last checkpoint, so `stop-training-job` is approval-only in every cloud.
 */
export function detectRunawayTraining(snapshot: Snapshot, config: WatchdogConfig, now: Date): RunawayTrainingFinding[] {
  const policy = config.detectors['runaway-training'];
  if (!policy.enabled) return [];
  const histories = familyHistories(snapshot.trainingHistory, policy.familyTag, now);
  const out: RunawayTrainingFinding[] = [];
  for (const job of snapshot.trainingJobs) {
    if (exclusionReason(job.ref.name, job.tags, config.exclusions)) continue;
    const family = jobFamily(job, policy.familyTag);
    const expected = expectedMaxHours(family.name, histories.get(familyKey(job.ref.cloud, family.name)), policy);
    if (job.status === 'creating') {
      const waiting = (now.getTime() - job.createdAt.getTime()) / HOUR_MS;
      if (waiting * 60 >= policy.startingMinutes) out.push(finding({ job, signal: 'stuck-starting', family, expected, hours: waiting, snapshot, config, now }));
    } else if (job.status === 'in-service') {
      const hours = (now.getTime() - (job.startedAt ?? job.createdAt).getTime()) / HOUR_MS;
      if (hours > expected.hours) out.push(finding({ job, signal: 'past-expected-duration', family, expected, hours, snapshot, config, now }));
    }
  }
  return out;
}

interface FindingInput {
  job: TrainingJob;
  signal: Evidence['signal'];
  family: JobFamily;
  expected: Expected;
  hours: number;
  snapshot: Snapshot;
  config: WatchdogConfig;
  now: Date;
}

function finding({ job, signal, family, expected, hours, snapshot, config, now }: FindingInput): RunawayTrainingFinding {
  const policy = config.detectors['runaway-training'];
  const estimate = estimateMonthlyCost(job.ref, [{ instance: job.instance, count: job.instanceCount }], snapshot.costs, now);
  const hourly = estimate.hourly?.amount;
  const currency = estimate.monthly.currency;
  // Instances bill from the start on them (SageMaker TrainingStartTime, Vertex startTime): a job still queued costs
  // nothing yet, one downloading its data on launched instances already does.
  const billedHours = signal === 'past-expected-duration' ? hours : job.startedAt ? (now.getTime() - job.startedAt.getTime()) / HOUR_MS : 0;
  const billing = billedHours > 0;
  const maxRuntimeHours = job.maxRuntimeSeconds !== undefined ? job.maxRuntimeSeconds / 3600 : undefined;
  const accrued = hourly !== undefined && billing ? hourly * billedHours : undefined;
  const toLimit = hourly !== undefined && billing && maxRuntimeHours !== undefined ? Math.max(0, maxRuntimeHours - billedHours) * hourly : undefined;
  const owner = job.tags[config.ownerTag];
  const h = expected.history;
  return {
    kind: 'runaway-training',
    fingerprint: signal === 'stuck-starting' ? `runaway-training:starting:${refKey(job.ref)}` : `runaway-training:${refKey(job.ref)}`,
    ref: job.ref,
    tags: job.tags,
    ...(owner ? { owner } : {}),
    title: titleOf(job, signal, family.name, expected, hours),
    severity: severityOf(signal, billing, estimate.monthly.amount),
    resourceCreatedAt: job.createdAt,
    detectedAt: now,
    cost: costOf(estimate, billing, accrued, toLimit, maxRuntimeHours, billedHours),
    recommendation:
      signal === 'stuck-starting'
        ? {
            action: 'none',
            summary: `Find out why it does not start (capacity or quota for ${job.instanceCount} x ${job.instance.instanceType}, the image, the input data) and cancel it if it cannot.`,
            reversible: false,
          }
        : {
            action: 'stop-training-job',
            summary: `Check its logs and metrics and stop it if it is stuck or diverging: a stopped job cannot resume, so make sure its last checkpoint is saved (a new job can start from it); if this run is meant to be long, set maxHoursByFamily for ${family.name}.`,
            reversible: false,
          },
    evidence: {
      signal,
      family: family.name,
      familySource: family.source,
      expectedSource: expected.source,
      expectedMaxHours: expected.hours,
      ...(h ? { history: { runs: h.runs, medianHours: h.medianHours, multiple: policy.medianMultiple, lookbackDays: policy.historyDays } } : {}),
      hours,
      providerStatus: job.providerStatus,
      ...(job.secondaryStatus ? { secondaryStatus: job.secondaryStatus } : {}),
      instanceType: job.instance.instanceType,
      instanceCount: job.instanceCount,
      ...(hourly !== undefined ? { hourlyCost: hourly } : {}),
      ...(accrued !== undefined ? { accruedCost: accrued } : {}),
      ...(toLimit !== undefined ? { projectedToLimitCost: toLimit } : {}),
      ...(maxRuntimeHours !== undefined ? { maxRuntimeHours } : {}),
      currency,
    },
  };
}

function titleOf(job: TrainingJob, signal: Evidence['signal'], family: string, expected: Expected, hours: number): string {
  const name = job.ref.name;
  if (signal === 'stuck-starting') return `${name} has been starting for ${hoursText(hours)} (${[job.providerStatus, job.secondaryStatus].filter(Boolean).join(' / ')})`;
  if (expected.source === 'history') {
    const m = expected.history!.medianHours;
    return `${name} has run ${hoursText(hours)}, ${(hours / m).toFixed(1)}x the ${hoursText(m)} median of ${family}'s last ${expected.history!.runs} runs`;
  }
  if (expected.source === 'family') return `${name} has run ${hoursText(hours)}, past the ${hoursText(expected.hours)} configured for ${family}`;
  return `${name} has run ${hoursText(hours)}, past the default maximum of ${hoursText(expected.hours)}`;
}

/** The finding's monthly figure is the job's hourly cost x 730 while it bills; a job still waiting costs 0 so far. */
function costOf(estimate: CostEstimate, billing: boolean, accrued: number | undefined, toLimit: number | undefined, limitHours: number | undefined, billedHours: number): CostEstimate {
  const c = estimate.monthly.currency;
  const money = (amount: number) => formatMoney({ amount, currency: c });
  if (!billing) {
    const then = estimate.hourly ? `; once it runs, ${money(estimate.hourly.amount)}/h (${estimate.explanation})` : `; once it runs: ${estimate.explanation}`;
    return { monthly: { amount: 0, currency: c }, basis: estimate.basis, explanation: `nothing bills until its instances start${then}` };
  }
  const parts = [`while it runs: ${estimate.explanation}`];
  if (accrued !== undefined) parts.push(`${money(accrued)} so far over ${hoursText(billedHours)}`);
  if (toLimit !== undefined) parts.push(`${money(toLimit)} more if it runs to its ${hoursText(limitHours!)} limit`);
  else if (estimate.hourly) parts.push(`no runtime limit: ${money(estimate.hourly.amount * 24)} a day until stopped`);
  return { ...estimate, explanation: parts.join('; ') };
}

function severityOf(signal: Evidence['signal'], billing: boolean, monthly: number): Severity {
  if (signal === 'stuck-starting') return billing ? 'medium' : 'low';
  return monthly >= 10 * HOURS_PER_MONTH ? 'high' : 'medium';
}
