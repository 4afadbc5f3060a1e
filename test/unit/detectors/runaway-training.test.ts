import { describe, expect, it } from 'vitest';
import { detectRunawayTraining, jobFamily } from '../../../src/detectors/runaway-training';
import type { TrainingJob } from '../../../src/domain/resources';
import { runawayTrainingDetails, runawayTrainingLine } from '../../../src/notify/views/runaway-training-details';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { config, HOUR, NOW, ref, snapshot } from '../../support/builders';

function job(name: string, over: Partial<TrainingJob> = {}): TrainingJob {
  const price = sagemakerListPrice('ml.g5.12xlarge', 'us-east-1', 'training');
  return {
    ref: ref(name, { kind: 'training-job', id: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}` }),
    status: 'in-service',
    providerStatus: 'InProgress',
    instance: { ...awsInstanceSpec('ml.g5.12xlarge'), ...(price ? { listPrice: price } : {}) },
    instanceCount: 2,
    createdAt: new Date(NOW.getTime() - 100 * HOUR),
    startedAt: new Date(NOW.getTime() - 80 * HOUR),
    maxRuntimeSeconds: 5 * 86_400,
    tags: { owner: 'team-nlp' },
    ...over,
  };
}

describe('jobFamily', () => {
  it('strips run suffixes, or takes the family tag', () => {
    const fam = (name: string, tags = {}) => jobFamily({ ref: ref(name), tags }, 'job-family');
    expect(fam('llama3-8b-sft-run-17')).toBe('llama3-8b-sft');
    expect(fam('ft-llama-lora-0412')).toBe('ft-llama-lora');
    expect(fam('bert-distill-20261117-0900')).toBe('bert-distill');
    expect(fam('resnet-ft-a1b2c3d4')).toBe('resnet-ft');
    expect(fam('sweep_v7')).toBe('sweep');
    expect(fam('job-1')).toBe('job');
    expect(fam('v2')).toBe('v2');
    expect(fam('anything-17', { 'job-family': 'nightly' })).toBe('nightly');
  });
});

describe('detectRunawayTraining', () => {
  it('reports a job past the default maximum with its cost so far and to its runtime limit, to be stopped with approval', () => {
    const [f, ...rest] = detectRunawayTraining(snapshot({ trainingJobs: [job('sft-run-1')] }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({ signal: 'past-expected-duration', family: 'sft', expectedSource: 'default', expectedMaxHours: 72, hours: 80, instanceCount: 2 });
    const hourly = f!.cost.hourly!.amount;
    expect(f!.evidence.accruedCost).toBeCloseTo(hourly * 80);
    expect(f!.evidence.projectedToLimitCost).toBeCloseTo(hourly * 40);
    expect(f!.recommendation).toMatchObject({ action: 'stop-training-job', reversible: false });
    expect(runawayTrainingLine(f!)).toMatch(/^running 3.3 days \(expected <= 72 h, sft\); 2 x ml.g5.12xlarge, \$/);
    expect(runawayTrainingDetails(f!).facts.map((x) => x.label)).toEqual(['Running for', 'Expected', 'Instances', 'Cost so far', 'Until its runtime limit']);
  });

  it('uses the family maximum when configured, and stays quiet within it', () => {
    const c = config({ detectors: { 'runaway-training': { maxHoursByFamily: { sft: 100 } } } });
    expect(detectRunawayTraining(snapshot({ trainingJobs: [job('sft-run-1')] }), c, NOW)).toEqual([]);
    const tight = config({ detectors: { 'runaway-training': { maxHoursByFamily: { sft: 10 } } } });
    const short = job('sft-run-2', { startedAt: new Date(NOW.getTime() - 11 * HOUR) });
    expect(detectRunawayTraining(snapshot({ trainingJobs: [short] }), tight, NOW)[0]!.evidence.expectedSource).toBe('family');
  });

  it('reports a job still starting after startingMinutes, not before, and never finished or excluded jobs', () => {
    const starting = (minutes: number) => job('prep-1', { status: 'creating', providerStatus: 'Preparing', createdAt: new Date(NOW.getTime() - minutes * 60_000) });
    const [f] = detectRunawayTraining(snapshot({ trainingJobs: [starting(90)] }), config(), NOW);
    expect(f!.evidence.signal).toBe('stuck-starting');
    expect(f!.recommendation.action).toBe('none');
    expect(f!.severity).toBe('low');
    expect(detectRunawayTraining(snapshot({ trainingJobs: [starting(30)] }), config(), NOW)).toEqual([]);
    expect(detectRunawayTraining(snapshot({ trainingJobs: [job('done-1', { status: 'stopped', providerStatus: 'Completed' })] }), config(), NOW)).toEqual([]);
    expect(detectRunawayTraining(snapshot({ trainingJobs: [job('x-1', { tags: { 'watchdog:ignore': 'true' } })] }), config(), NOW)).toEqual([]);
  });
});
