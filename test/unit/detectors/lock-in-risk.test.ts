import { describe, expect, it } from 'vitest';
import { detectLockInRisk } from '../../../src/detectors/lock-in-risk';
import { lockInScores, servingValue } from '../../../src/detectors/lock-in-score';
import type { Endpoint, ServedModel, TrainingJob } from '../../../src/domain/resources';
import { gcpInstanceSpec } from '../../../src/providers/gcp/machine-types';
import { config, costLine, endpoint, NOW, ref, snapshot, variant } from '../../support/builders';

const custom: ServedModel = { name: 'm', source: 'custom-container', basis: 'own image' };
const builtIn: ServedModel = { name: 'm', source: 'built-in-algorithm', basis: 'linear-learner' };
const day = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString().slice(0, 10);
/** A week of SageMaker spend in the account (AWS is then 100% of ML platform spend). */
const sagemakerWeek = (amount = 100, over = {}) => Array.from({ length: 7 }, (_, i) => costLine(day(i + 1), amount, over));
const savingsPlan = (account = '123456789012') =>
  Array.from({ length: 7 }, (_, i) => costLine(day(i + 1), 50, { ServiceName: 'Savings Plans for AWS Machine Learning', SubAccountId: account, CommitmentDiscountType: 'Savings Plans' }));

function ep(name: string, type: string, models: ServedModel[] | undefined, over: Partial<Endpoint> = {}): Endpoint {
  return endpoint(name, { variants: [variant(type)], ...(models ? { models } : {}), ...over });
}

const factor = (s: { factors: { factor: string; points: number; known: boolean }[] }, name: string) => s.factors.find((f) => f.factor === name)!;

describe('lock-in score', () => {
  it('Inferentia with a built-in algorithm scores 65 (35 + 30) and fires at the default level 60', () => {
    const snap = snapshot({ endpoints: [ep('inf-builtin', 'ml.inf2.xlarge', [builtIn])] });
    const [s] = lockInScores(snap, config(), NOW);
    expect(s!.score).toBe(65);
    expect(factor(s!, 'proprietary-accelerator').points).toBe(35);
    expect(factor(s!, 'platform-serving').points).toBe(30);
    // No cost lines: commitments and concentration are unknown, counted as 0.
    expect(factor(s!, 'commitments').known).toBe(false);
    expect(factor(s!, 'cloud-concentration').known).toBe(false);
    const [f] = detectLockInRisk(snap, config(), NOW);
    expect(f).toMatchObject({ kind: 'lock-in-risk', fingerprint: 'lock-in-risk:aws:123456789012:us-east-1:endpoint:inf-builtin', severity: 'low', recommendation: { action: 'none', reversible: false } });
    expect(f!.alertOnce).toBeUndefined();
    expect(f!.recommendation.summary).toMatch(/NVIDIA GPU/);
    expect(f!.evidence).toMatchObject({ score: 65, alertLevel: 60, workload: 'endpoint', instanceTypes: ['ml.inf2.xlarge'] });
    expect(f!.cost.basis).toBe('list-price');
    expect(f!.cost.explanation).toMatch(/would have to move/);
  });

  it('fires at exactly the alert level and not one point below it', () => {
    const snap = snapshot({ endpoints: [ep('inf-builtin', 'ml.inf2.xlarge', [builtIn])] });
    expect(detectLockInRisk(snap, config({ detectors: { 'lock-in-risk': { alertLevel: 65 } } }), NOW)).toHaveLength(1);
    expect(detectLockInRisk(snap, config({ detectors: { 'lock-in-risk': { alertLevel: 66 } } }), NOW)).toHaveLength(0);
  });

  it('a GPU endpoint on its own container stays low even with a Savings Plan and all spend on one cloud (near miss)', () => {
    const snap = snapshot({ endpoints: [ep('gpu-custom', 'ml.g5.xlarge', [custom])], costs: [...sagemakerWeek(), ...savingsPlan()] });
    const [s] = lockInScores(snap, config(), NOW);
    expect(s!.score).toBe(15);
    expect(factor(s!, 'commitments').points).toBe(10);
    expect(factor(s!, 'cloud-concentration').points).toBe(5);
    expect(detectLockInRisk(snap, config(), NOW)).toEqual([]);
  });

  it('Inferentia on the customer\'s own container, with a commitment and one cloud, is a near miss (50, 59 when compiled for Neuron)', () => {
    const snap = snapshot({ endpoints: [ep('inf-custom', 'ml.inf2.xlarge', [custom])], costs: [...sagemakerWeek(), ...savingsPlan()] });
    expect(lockInScores(snap, config(), NOW)[0]!.score).toBe(50);
    const compiled = snapshot({ endpoints: [ep('inf-custom', 'ml.inf2.xlarge', [{ ...custom, compiledFor: 'aws-neuron' }])], costs: [...sagemakerWeek(), ...savingsPlan()] });
    expect(lockInScores(compiled, config(), NOW)[0]!.score).toBe(59);
    expect(detectLockInRisk(compiled, config(), NOW)).toEqual([]);
  });

  it('single-cloud concentration alone gives only its weight', () => {
    const snap = snapshot({ endpoints: [ep('cpu', 'ml.m5.xlarge', [custom])], costs: sagemakerWeek() });
    const [s] = lockInScores(snap, config(), NOW);
    expect(s!.score).toBe(5);
    expect(factor(s!, 'cloud-concentration').known).toBe(true);
  });

  it('concentration counts linearly from concentrationFromPct', () => {
    const gcp = sagemakerWeek(100 / 3, { cloud: 'gcp', ServiceName: 'Vertex AI', SubAccountId: 'p' });
    const snap = snapshot({ endpoints: [ep('cpu', 'ml.m5.xlarge', [custom])], costs: [...sagemakerWeek(), ...gcp] });
    // AWS holds 75 % of platform spend: half way from 50 % to 100 %.
    const [s] = lockInScores(snap, config({ detectors: { 'lock-in-risk': { weights: { cloudConcentration: 100, proprietaryAccelerator: 0, platformServing: 0, proprietaryModel: 0, commitments: 0 } } } }), NOW);
    expect(s!.score).toBe(50);
  });

  it('a commitment counts only in the workload\'s own account', () => {
    const snap = snapshot({ endpoints: [ep('gpu', 'ml.g5.xlarge', [custom])], costs: [...sagemakerWeek(), ...savingsPlan('999999999999')] });
    const [s] = lockInScores(snap, config(), NOW);
    expect(factor(s!, 'commitments')).toMatchObject({ points: 0, known: true });
  });

  it('a proprietary foundation model on a TPU scores every model factor', () => {
    const tpu = gcpInstanceSpec('ct5lp-hightpu-4t', 'TPU_V5_LITEPOD', 4);
    const model: ServedModel = { name: 'gemini-tuned', source: 'foundation-catalog', proprietary: true, publisher: 'publishers/google/models/gemini-1.5-flash', basis: 'Model Garden' };
    const e = endpoint('tpu-gemini', { ref: ref('tpu-gemini', { cloud: 'gcp', account: 'p', region: 'us-central1' }), variants: [{ ...variant('ml.m5.xlarge'), instance: tpu }], models: [model] });
    const [s] = lockInScores(snapshot({ endpoints: [e] }), config(), NOW);
    expect(s!.score).toBe(85); // 35 + 30 (only the platform serves it) + 20
    expect(factor(s!, 'proprietary-model').points).toBe(20);
  });

  it('weights are relative: the score is normalised by their sum', () => {
    const snap = snapshot({ endpoints: [ep('inf-builtin', 'ml.inf2.xlarge', [builtIn])] });
    const weights = { proprietaryAccelerator: 1, platformServing: 1, proprietaryModel: 1, commitments: 1, cloudConcentration: 0 };
    expect(lockInScores(snap, config({ detectors: { 'lock-in-risk': { weights } } }), NOW)[0]!.score).toBe(50);
  });

  it('models not looked up leave the serving factors unknown (the score is a lower bound)', () => {
    const [s] = lockInScores(snapshot({ endpoints: [ep('inf', 'ml.inf2.xlarge', undefined)] }), config(), NOW);
    expect(factor(s!, 'platform-serving')).toMatchObject({ known: false, points: 0 });
    expect(factor(s!, 'proprietary-model').known).toBe(false);
    expect(s!.score).toBe(35);
  });

  it('Habana Gaudi counts half an accelerator factor', () => {
    const [s] = lockInScores(snapshot({ endpoints: [ep('gaudi', 'ml.dl1.24xlarge', [custom])] }), config(), NOW);
    expect(factor(s!, 'proprietary-accelerator').points).toBe(17.5);
  });

  it('scores running training jobs too, unless turned off', () => {
    const job: TrainingJob = {
      ref: ref('trn-job', { kind: 'training-job' }),
      status: 'in-service',
      providerStatus: 'InProgress',
      instance: variant('ml.trn1.32xlarge').instance,
      instanceCount: 2,
      createdAt: NOW,
      tags: {},
      container: builtIn,
    };
    const snap = snapshot({ trainingJobs: [job] });
    expect(lockInScores(snap, config(), NOW)[0]).toMatchObject({ workload: 'training-job', score: 65 });
    expect(detectLockInRisk(snap, config(), NOW)[0]!.evidence.workload).toBe('training-job');
    expect(lockInScores(snap, config({ detectors: { 'lock-in-risk': { includeTrainingJobs: false } } }), NOW)).toEqual([]);
  });

  it('returns every workload, highest first; the detector keeps those at the level and respects exclusions', () => {
    const snap = snapshot({ endpoints: [ep('low', 'ml.g5.xlarge', [custom]), ep('high', 'ml.inf2.xlarge', [builtIn]), ep('ignored', 'ml.inf2.xlarge', [builtIn], { tags: { 'watchdog:ignore': 'true' } }), endpoint('empty', { variants: [] })] });
    expect(lockInScores(snap, config(), NOW).map((s) => s.ref.name)).toEqual(['high', 'ignored', 'low']);
    expect(detectLockInRisk(snap, config(), NOW).map((f) => f.ref.name)).toEqual(['high']);
    expect(detectLockInRisk(snap, config({ detectors: { 'lock-in-risk': { enabled: false } } }), NOW)).toEqual([]);
  });

  it('servingValue ranks the sources', () => {
    expect(servingValue(custom)).toBe(0);
    expect(servingValue({ ...custom, source: 'framework-container' })).toBe(0.3);
    expect(servingValue({ ...custom, source: 'framework-container', compiledFor: 'google-tpu' })).toBe(0.6);
    expect(servingValue({ ...custom, source: 'foundation-catalog' })).toBe(0.6);
    expect(servingValue({ ...custom, source: 'foundation-catalog', proprietary: true })).toBe(1);
    expect(servingValue({ ...custom, source: 'model-package' })).toBe(1);
    expect(servingValue({ ...custom, source: 'unknown' })).toBe(0);
  });
});
