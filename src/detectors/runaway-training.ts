import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { RunawayTrainingFinding, Severity } from '../domain/finding';
import { formatMoney, HOURS_PER_MONTH } from '../domain/money';
import type { TrainingJob } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';

const HOUR_MS = 3_600_000;

/**
 * A job's family: its family tag when set, else its name without the run suffix people and pipelines append:
 * "-run-17", "-0412", "-20261118-1030", "-v3", a trailing "-abc123" hash (`llama3-8b-sft-run-17` -> `llama3-8b-sft`,
 * `ft-llama-lora-0412` -> `ft-llama-lora`). Suffixes are stripped repeatedly ("-20261118-1030" is two).
 */
export function jobFamily(job: Pick<TrainingJob, 'ref' | 'tags'>, familyTag: string): string {
  const tagged = job.tags[familyTag];
  if (tagged) return tagged;
  let name = job.ref.name;
  const suffix = /[-_](run[-_]?\d+|v?\d+|\d{8}(t\d{4,6})?|[0-9a-f]{6,}|attempt[-_]?\d+)$/i;
  while (suffix.test(name) && name.replace(suffix, '').length >= 3) name = name.replace(suffix, '');
  return name;
}

/**
 * `runaway-training`: a job running far past its expected duration (its family's configured maximum, else the
 * default), or still starting long after it was created (queued for capacity or quota, an image that never pulls).
 * Stopping loses progress since the last checkpoint, so the action is `stop-training-job`, approval only.
 */
export function detectRunawayTraining(snapshot: Snapshot, config: WatchdogConfig, now: Date): RunawayTrainingFinding[] {
  const policy = config.detectors['runaway-training'];
  if (!policy.enabled) return [];
  const out: RunawayTrainingFinding[] = [];
  for (const job of snapshot.trainingJobs) {
    if (exclusionReason(job.ref.name, job.tags, config.exclusions)) continue;
    const family = jobFamily(job, policy.familyTag);
    const familyMax = policy.maxHoursByFamily[family];
    const expectedMaxHours = familyMax ?? policy.maxHours;
    if (job.status === 'creating') {
      const waiting = (now.getTime() - job.createdAt.getTime()) / HOUR_MS;
      if (waiting * 60 >= policy.startingMinutes) out.push(finding(job, 'stuck-starting', family, familyMax !== undefined, expectedMaxHours, waiting, snapshot, config, now));
      continue;
    }
    if (job.status !== 'in-service') continue;
    const hours = (now.getTime() - (job.startedAt ?? job.createdAt).getTime()) / HOUR_MS;
    if (hours > expectedMaxHours) out.push(finding(job, 'past-expected-duration', family, familyMax !== undefined, expectedMaxHours, hours, snapshot, config, now));
  }
  return out;
}

function finding(
  job: TrainingJob,
  signal: RunawayTrainingFinding['evidence']['signal'],
  family: string,
  fromFamily: boolean,
  expectedMaxHours: number,
  hours: number,
  snapshot: Snapshot,
  config: WatchdogConfig,
  now: Date,
): RunawayTrainingFinding {
  const running = [{ instance: job.instance, count: signal === 'stuck-starting' ? 0 : job.instanceCount }];
  const cost = estimateMonthlyCost(job.ref, running, snapshot.costs, now);
  const hourly = cost.hourly?.amount;
  const currency = cost.monthly.currency;
  const maxRuntimeHours = job.maxRuntimeSeconds !== undefined ? job.maxRuntimeSeconds / 3600 : undefined;
  const accrued = hourly !== undefined && signal === 'past-expected-duration' ? hourly * hours : undefined;
  const toLimit = hourly !== undefined && maxRuntimeHours !== undefined && signal === 'past-expected-duration' ? Math.max(0, maxRuntimeHours - hours) * hourly : undefined;
  const owner = job.tags[config.ownerTag];
  const h = (x: number) => (x >= 48 ? `${(x / 24).toFixed(1)} days` : `${x.toFixed(1)} h`);
  const title =
    signal === 'stuck-starting'
      ? `${job.ref.name} has been starting for ${h(hours)} (${job.providerStatus})`
      : `${job.ref.name} has run ${h(hours)}, past the ${expectedMaxHours} h expected for ${family}`;
  return {
    kind: 'runaway-training',
    fingerprint: `runaway-training:${refKey(job.ref)}`,
    ref: job.ref,
    tags: job.tags,
    ...(owner ? { owner } : {}),
    title,
    severity: severityOf(signal, cost.monthly.amount),
    resourceCreatedAt: job.createdAt,
    detectedAt: now,
    cost:
      signal === 'stuck-starting'
        ? { ...cost, explanation: `nothing bills while it waits; when it starts: ${cost.explanation}` }
        : { ...cost, explanation: `while it runs: ${cost.explanation}${accrued !== undefined ? `; ${formatMoney({ amount: accrued, currency })} so far` : ''}` },
    recommendation: {
      action: signal === 'stuck-starting' ? 'none' : 'stop-training-job',
      summary:
        signal === 'stuck-starting'
          ? `Check why it does not start (capacity or quota for ${job.instance.instanceType}, the image, the data source) and cancel it if it cannot.`
          : `Check its logs and metrics: stop it if it is stuck or diverging (progress since the last checkpoint is lost); if the run is expected to be this long, raise maxHoursByFamily for ${family}.`,
      reversible: false,
    },
    evidence: {
      signal,
      family,
      expectedSource: fromFamily ? 'family' : 'default',
      expectedMaxHours,
      hours,
      providerStatus: job.providerStatus,
      instanceType: job.instance.instanceType,
      instanceCount: job.instanceCount,
      ...(accrued !== undefined ? { accruedCost: accrued } : {}),
      ...(toLimit !== undefined ? { projectedToLimitCost: toLimit } : {}),
      ...(maxRuntimeHours !== undefined ? { maxRuntimeHours } : {}),
      currency,
    },
  };
}

function severityOf(signal: RunawayTrainingFinding['evidence']['signal'], monthly: number): Severity {
  if (signal === 'stuck-starting') return 'low';
  return monthly >= 10 * HOURS_PER_MONTH ? 'high' : 'medium';
}
