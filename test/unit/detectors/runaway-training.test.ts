import { describe, expect, it } from 'vitest';
import { familyHistories, jobFamily } from '../../../src/detectors/job-family';
import { detectRunawayTraining, expectedMaxHours } from '../../../src/detectors/runaway-training';
import type { TrainingJob, TrainingRun } from '../../../src/domain/resources';
import { runawayTrainingDetails, runawayTrainingLine } from '../../../src/notify/views/runaway-training-details';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { billedLine, config, HOUR, NOW, ref, snapshot } from '../../support/builders';

const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

function job(name: string, over: Partial<TrainingJob> = {}): TrainingJob {
  const price = sagemakerListPrice('ml.g5.12xlarge', 'us-east-1', 'training');
  return {
    ref: ref(name, { kind: 'training-job', id: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}` }),
    status: 'in-service',
    providerStatus: 'InProgress',
    secondaryStatus: 'Training',
    instance: { ...awsInstanceSpec('ml.g5.12xlarge'), ...(price ? { listPrice: price } : {}) },
    instanceCount: 2,
    createdAt: ago(100),
    startedAt: ago(80),
    maxRuntimeSeconds: 5 * 86_400,
    tags: { owner: 'team-nlp' },
    ...over,
  };
}

/** A finished run of `hours`, ending `endedHoursAgo` before NOW. */
function run(name: string, hours: number, endedHoursAgo = 24, over: Partial<TrainingRun> = {}): TrainingRun {
  return {
    ref: ref(name, { kind: 'training-job', id: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}` }),
    tags: {},
    providerStatus: 'Completed',
    createdAt: ago(endedHoursAgo + hours),
    endedAt: ago(endedHoursAgo),
    ...over,
  };
}

/** Runs of the `sft` family lasting 7, 8 and 9 h (median 8 h). */
const SFT_HISTORY = [run('sft-run-1', 7, 300), run('sft-run-2', 8, 200), run('sft-run-3', 9, 100)];

describe('jobFamily', () => {
  const fam = (name: string, tags = {}) => jobFamily({ ref: { name }, tags }, 'job-family');
  it('strips run counters, numbers, versions, timestamps, months and hex ids from the end, repeatedly', () => {
    expect(fam('llama3-8b-sft-run-17')).toEqual({ name: 'llama3-8b-sft', source: 'name' });
    expect(fam('ft-llama-lora-0412').name).toBe('ft-llama-lora');
    expect(fam('bert-distill-20261117-0900').name).toBe('bert-distill');
    expect(fam('pytorch-training-2026-11-18-10-30-00-123').name).toBe('pytorch-training');
    expect(fam('resnet-ft-a1b2c3d4').name).toBe('resnet-ft');
    expect(fam('llm-finetune-sft-nov').name).toBe('llm-finetune-sft');
    expect(fam('llm-finetune-sft-nov2026').name).toBe('llm-finetune-sft');
    expect(fam('eval-20261118t103000z').name).toBe('eval');
    expect(fam('sweep_v7').name).toBe('sweep');
    expect(fam('xgb_attempt2').name).toBe('xgb');
    expect(fam('Nightly-ETL-3').name).toBe('nightly-etl');
    // Vertex display names shared by live jobs come as name~id.
    expect(fam('llm-sft-3~7745319902826168320').name).toBe('llm-sft');
  });

  it('keeps words and model sizes, and never goes under 3 characters', () => {
    expect(fam('ft-llama3').name).toBe('ft-llama3');
    expect(fam('mistral-7b').name).toBe('mistral-7b');
    expect(fam('train-facade').name).toBe('train-facade');
    expect(fam('job-1').name).toBe('job');
    expect(fam('ab-1').name).toBe('ab-1');
    expect(fam('v2').name).toBe('v2');
  });

  it('takes the family tag first, lower-cased', () => {
    expect(fam('anything-17', { 'job-family': 'Nightly' })).toEqual({ name: 'nightly', source: 'tag' });
    expect(jobFamily({ ref: { name: 'a-1' }, tags: { team_family: 'x' } }, 'team_family').name).toBe('x');
  });
});

describe('familyHistories', () => {
  it('takes the median per cloud and family, from start (else creation) to end, of runs that ended', () => {
    const h = familyHistories(
      [
        ...SFT_HISTORY,
        run('sft-run-4', 100, 10, { ref: { ...ref('sft-run-4'), cloud: 'gcp', kind: 'training-job' } }),
        { ...run('sft-run-5', 50, -10) },
        run('sft-run-6', 3, 50, { startedAt: ago(50 + 2) }),
      ],
      'job-family',
      NOW,
    );
    expect(h.get('aws|sft')).toEqual({ runs: 4, medianHours: 7.5 });
    expect(h.get('gcp|sft')).toEqual({ runs: 1, medianHours: 100 });
  });
});

describe('expectedMaxHours', () => {
  const policy = config().detectors['runaway-training'];
  it('prefers the family maximum, then 3 x the median with 3 runs, else the default', () => {
    expect(expectedMaxHours('sft', { runs: 5, medianHours: 8 }, { ...policy, maxHoursByFamily: { SFT: 10 } })).toMatchObject({ hours: 10, source: 'family' });
    expect(expectedMaxHours('sft', { runs: 3, medianHours: 8 }, policy)).toMatchObject({ hours: 24, source: 'history' });
    expect(expectedMaxHours('sft', { runs: 2, medianHours: 8 }, policy)).toMatchObject({ hours: 72, source: 'default' });
    expect(expectedMaxHours('sft', undefined, policy)).toEqual({ hours: 72, source: 'default' });
  });
  it('keeps the learnt limit between minExpectedHours and the default maximum', () => {
    expect(expectedMaxHours('etl', { runs: 9, medianHours: 0.05 }, policy)).toMatchObject({ hours: 1, source: 'history' });
    expect(expectedMaxHours('pretrain', { runs: 9, medianHours: 40 }, policy)).toMatchObject({ hours: 72, source: 'default', history: { runs: 9 } });
  });
});

describe('detectRunawayTraining', () => {
  const detect = (jobs: TrainingJob[], history: TrainingRun[] = [], c = config()) => detectRunawayTraining(snapshot({ trainingJobs: jobs, trainingHistory: history }), c, NOW);

  it('reports a job at 4 x its family median, with its cost so far and to its runtime limit, to stop with approval', () => {
    const [f, ...rest] = detect([job('sft-run-9', { startedAt: ago(32) })], SFT_HISTORY);
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({
      signal: 'past-expected-duration',
      family: 'sft',
      familySource: 'name',
      expectedSource: 'history',
      expectedMaxHours: 24,
      history: { runs: 3, medianHours: 8, multiple: 3, lookbackDays: 30 },
      hours: 32,
      secondaryStatus: 'Training',
    });
    const hourly = f!.cost.hourly!.amount;
    expect(f!.evidence.hourlyCost).toBe(hourly);
    expect(f!.cost.monthly.amount).toBeCloseTo(hourly * 730);
    expect(f!.cost.basis).toBe('list-price');
    expect(f!.evidence.accruedCost).toBeCloseTo(hourly * 32);
    expect(f!.evidence.projectedToLimitCost).toBeCloseTo(hourly * (120 - 32));
    expect(f!.cost.explanation).toMatch(/so far over 32.0 h; \$[\d,.]+ more if it runs to its 120.0 h \(5.0 days\) limit$/);
    expect(f!.title).toBe('sft-run-9 has run 32.0 h, 4.0x the 8.0 h median of sft\'s last 3 runs');
    expect(f!.fingerprint).toBe('runaway-training:aws:123456789012:us-east-1:training-job:sft-run-9');
    expect(f!.recommendation).toMatchObject({ action: 'stop-training-job', reversible: false });
    expect(f!.recommendation.summary).toMatch(/checkpoint/);
    expect(f!.severity).toBe('high');
    expect(runawayTrainingLine(f!)).toMatch(/^running 32.0 h, expected <= 24.0 h \(3 x median of 3 runs, sft\); 2 x ml.g5.12xlarge, \$/);
    const details = runawayTrainingDetails(f!);
    expect(details.facts.map((x) => x.label)).toEqual(['Running for', 'Expected', 'Family', 'Instances', 'Cost so far', 'Until its runtime limit']);
    expect(details.facts[1]!.value).toBe("at most 24.0 h: 3 x the 8.0 h median of sft's 3 successful runs in 30 days");
    expect(details.wastedSoFar!.amount).toBeCloseTo(hourly * 8);
  });

  it('stays quiet within 3 x the median, and fires just past it', () => {
    expect(detect([job('sft-run-9', { startedAt: ago(24) })], SFT_HISTORY)).toEqual([]);
    expect(detect([job('sft-run-9', { startedAt: ago(24.1) })], SFT_HISTORY)).toHaveLength(1);
    expect(detect([job('sft-run-9', { startedAt: ago(20) })], SFT_HISTORY)).toEqual([]);
  });

  it('needs minHistoryRuns runs: with 2 only the default maximum applies', () => {
    const two = SFT_HISTORY.slice(0, 2);
    expect(detect([job('sft-run-9', { startedAt: ago(30) })], two)).toEqual([]);
    const [f] = detect([job('sft-run-9', { startedAt: ago(80) })], two);
    expect(f!.evidence).toMatchObject({ expectedSource: 'default', expectedMaxHours: 72, history: { runs: 2 } });
    expect(runawayTrainingDetails(f!).facts[1]!.value).toBe('at most 72.0 h (3.0 days): the default maxHours (sft has 2 earlier run(s) in 30 days)');
  });

  it('learns from runs of the same family only: by tag, and on the same cloud', () => {
    const tagged = SFT_HISTORY.map((r, i) => ({ ...r, ref: { ...r.ref, name: `nightly-${i}-x` }, tags: { 'job-family': 'sft' } }));
    expect(detect([job('sft-run-9', { startedAt: ago(30) })], tagged)).toHaveLength(1);
    const onGcp = SFT_HISTORY.map((r) => ({ ...r, ref: { ...r.ref, cloud: 'gcp' as const } }));
    expect(detect([job('sft-run-9', { startedAt: ago(30) })], onGcp)).toEqual([]);
    expect(detect([job('other-run-9', { startedAt: ago(30) })], SFT_HISTORY)).toEqual([]);
  });

  it('uses the configured family maximum over the history, and the default past 72 h', () => {
    const c = config({ detectors: { 'runaway-training': { maxHoursByFamily: { sft: 40 } } } });
    expect(detect([job('sft-run-9', { startedAt: ago(30) })], SFT_HISTORY, c)).toEqual([]);
    const [f] = detect([job('sft-run-9', { startedAt: ago(41) })], SFT_HISTORY, c);
    expect(f!.evidence).toMatchObject({ expectedSource: 'family', expectedMaxHours: 40 });
    expect(f!.title).toBe('sft-run-9 has run 41.0 h, past the 40.0 h configured for sft');
    const [d] = detect([job('lonely-run-1', { startedAt: ago(73), maxRuntimeSeconds: undefined })]);
    expect(d!.evidence).toMatchObject({ expectedSource: 'default', expectedMaxHours: 72 });
    expect(d!.title).toBe('lonely-run-1 has run 73.0 h (3.0 days), past the default maximum of 72.0 h (3.0 days)');
    expect(d!.cost.explanation).toMatch(/no runtime limit: \$[\d,.]+ a day until stopped$/);
    expect(d!.evidence.projectedToLimitCost).toBeUndefined();
  });

  it('counts from the start on the instances, else from creation', () => {
    expect(detect([job('x-run-1', { createdAt: ago(80), startedAt: ago(70) })])).toEqual([]);
    expect(detect([job('x-run-1', { createdAt: ago(80), startedAt: undefined })])).toHaveLength(1);
  });

  it('reports a job still starting after startingMinutes (nothing billed yet), not before', () => {
    const starting = (minutes: number, over: Partial<TrainingJob> = {}) =>
      job('prep-1', { status: 'creating', secondaryStatus: 'Starting', createdAt: new Date(NOW.getTime() - minutes * 60_000), startedAt: undefined, ...over });
    const [f] = detect([starting(90)]);
    expect(f!.evidence).toMatchObject({ signal: 'stuck-starting', hours: 1.5, secondaryStatus: 'Starting' });
    expect(f!.title).toBe('prep-1 has been starting for 1.5 h (InProgress / Starting)');
    expect(f!.fingerprint).toMatch(/^runaway-training:starting:aws:/);
    expect(f!.recommendation.action).toBe('none');
    expect(f!.severity).toBe('low');
    expect(f!.cost.monthly.amount).toBe(0);
    expect(f!.cost.explanation).toMatch(/^nothing bills until its instances start; once it runs, \$[\d,.]+\/h/);
    expect(f!.evidence.accruedCost).toBeUndefined();
    expect(detect([starting(60)])).toHaveLength(1);
    expect(detect([starting(59)])).toEqual([]);
    expect(detect([starting(5)])).toEqual([]);
    // Downloading on launched instances already bills.
    const [d] = detect([starting(120, { secondaryStatus: 'Downloading', startedAt: ago(1) })]);
    expect(d!.severity).toBe('medium');
    expect(d!.evidence.accruedCost).toBeCloseTo(d!.cost.hourly!.amount);
    expect(d!.cost.monthly.amount).toBeCloseTo(d!.cost.hourly!.amount * 730);
  });

  it('prefers the billed cost of the job when the cloud gives it', () => {
    const j = job('sft-run-9', { startedAt: ago(32) });
    const costs = ['2026-11-18', '2026-11-19'].map((d) => billedLine(j.ref, d, 480));
    const [f] = detectRunawayTraining(snapshot({ trainingJobs: [j], trainingHistory: SFT_HISTORY, costs }), config(), NOW);
    expect(f!.cost.basis).toBe('billed');
    expect(f!.evidence.hourlyCost).toBeCloseTo(20);
    expect(f!.evidence.accruedCost).toBeCloseTo(20 * 32);
  });

  it('never reports finished, failed or excluded jobs, nor anything when disabled', () => {
    expect(detect([job('done-1', { status: 'stopped', providerStatus: 'Completed' })])).toEqual([]);
    expect(detect([job('bad-1', { status: 'failed', providerStatus: 'Failed' })])).toEqual([]);
    expect(detect([job('x-1', { tags: { 'watchdog:ignore': 'true' } })])).toEqual([]);
    expect(detect([job('x-1')], [], config({ detectors: { 'runaway-training': { enabled: false } } }))).toEqual([]);
  });
});
