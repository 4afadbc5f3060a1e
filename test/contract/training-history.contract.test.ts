import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReaders } from '../../src/app/deps';
import { simulatorConfig } from '../../src/cli/commands';
import { simGoogleAuth } from '../../src/cli/world';
import { configSchema, type ConfigInput } from '../../src/config/schema';
import type { Inventory } from '../../src/domain/snapshot';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import type { CloudReader } from '../../src/providers/types';
import { loadFleet, startSimulator, type Simulator } from '../../src/sim/index';

/**
 * runaway-training's reads on every cloud, with the real AWS SDK, GoogleHttp and Azure SDK clients against the
 * simulator in each vendor's wire format: live jobs with their starting states (SageMaker SecondaryStatus, Vertex
 * JOB_STATE_QUEUED / PENDING, Azure Queued / Preparing) and the successful runs of the last `historyDays`
 * (SageMaker ListTrainingJobs StatusEquals=Completed + CreationTimeAfter, Vertex customJobs.list with a state and
 * create_time filter, Azure's job list), with the calls each costs.
 */
const NOW = new Date('2026-11-18T10:00:00Z');
const H = (n: number) => `-${n}h`;

const FLEET = {
  trainingJobs: [
    { name: 'sft-run-5', instanceType: 'ml.g5.12xlarge', instanceCount: 2, startedAt: H(30), maxRuntimeSeconds: 432000, tags: { owner: 'nlp' } },
    { name: 'sft-run-4', instanceType: 'ml.g5.12xlarge', status: 'Completed', startedAt: H(100), endedAt: H(92), tags: { 'job-family': 'sft' } },
    { name: 'sft-run-3', instanceType: 'ml.g5.12xlarge', status: 'Completed', createdAt: H(200), startedAt: '-199.5h', endedAt: H(193) },
    { name: 'sft-run-2', instanceType: 'ml.g5.12xlarge', status: 'Failed', startedAt: H(300), endedAt: H(299) },
    { name: 'sft-run-1', instanceType: 'ml.g5.12xlarge', status: 'Completed', startedAt: '-40d', endedAt: '-39d' },
    { name: 'whisper-ft-1', instanceType: 'ml.g5.12xlarge', createdAt: H(3), secondaryStatus: 'Starting' },
    { name: 'bert-dl-1', instanceType: 'ml.m5.xlarge', createdAt: H(3), startedAt: H(2), secondaryStatus: 'Downloading' },
  ],
  gcp: {
    projects: [{ id: 'ct-ml-history', number: '222222222222' }],
    customJobs: [
      { displayName: 'llm-sft-nov', machineType: 'n1-standard-4', state: 'JOB_STATE_RUNNING', startedAt: H(9), labels: { owner: 'nlp' } },
      { displayName: 'llm-sft-1027', machineType: 'n1-standard-4', state: 'JOB_STATE_SUCCEEDED', createdAt: '-22d', startedAt: '-527.5h', endedAt: '-520h' },
      { displayName: 'llm-sft-1103', machineType: 'n1-standard-4', state: 'JOB_STATE_SUCCEEDED', startedAt: '-15d', endedAt: '-352h' },
      { displayName: 'llm-sft-0901', machineType: 'n1-standard-4', state: 'JOB_STATE_SUCCEEDED', startedAt: '-78d', endedAt: '-77d' },
      { displayName: 'llm-sft-1110', machineType: 'n1-standard-4', state: 'JOB_STATE_FAILED', startedAt: '-8d', endedAt: '-191h' },
      { displayName: 'queued-a', machineType: 'n1-standard-4', state: 'JOB_STATE_QUEUED', createdAt: H(2), startedAt: H(2) },
      { displayName: 'pending-b', machineType: 'n1-standard-4', state: 'JOB_STATE_PENDING', createdAt: H(1), startedAt: H(1) },
      { displayName: 'cancelled-c', machineType: 'n1-standard-4', state: 'JOB_STATE_CANCELLED', startedAt: H(5), endedAt: H(4) },
    ],
  },
  azure: {
    subscriptions: [{ id: '0a1b2c3d-0000-4000-8000-00000000000c' }],
    workspaces: [{ name: 'mlw-ct', resourceGroup: 'rg-ct', location: 'eastus' }],
    jobs: [
      { name: 'lora-ft-0412', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', startedAt: H(20) },
      { name: 'lora-ft-0411', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', status: 'Completed', startedAt: H(50), endedAt: H(45), tags: { 'job-family': 'lora' } },
      { name: 'lora-ft-0301', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', status: 'Completed', startedAt: '-60d', endedAt: '-59d' },
      { name: 'lora-ft-0410', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', status: 'Canceled', startedAt: H(80), endedAt: H(79) },
      { name: 'etl-queued', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', status: 'Queued', createdAt: H(3), startedAt: H(3) },
      { name: 'etl-preparing', workspace: 'mlw-ct', compute: 'gpu', instanceType: 'Standard_NC24ads_A100_v4', status: 'Preparing', createdAt: H(2), startedAt: H(2) },
    ],
  },
};

function readersFor(sim: Simulator, input: ConfigInput): Record<'aws' | 'gcp' | 'azure', CloudReader> {
  const fleet = loadFleet(FLEET);
  const config = simulatorConfig(configSchema.parse(input), sim, fleet);
  const readers = buildReaders({
    config,
    now: () => sim.clock.now(),
    readOnly: true,
    credentials: { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' },
    googleAuth: simGoogleAuth(),
    azureCredential: staticTokenCredential(),
  });
  return Object.fromEntries(readers.map((r) => [r.cloud, r])) as Record<'aws' | 'gcp' | 'azure', CloudReader>;
}

const byName = <T extends { ref: { name: string } }>(xs: readonly T[]) => [...xs].sort((a, b) => a.ref.name.localeCompare(b.ref.name));
const iso = (d: Date | undefined) => d?.toISOString().slice(0, 16);

describe('runaway-training reads (real clients against the simulator)', () => {
  let sim: Simulator;
  let inv: Record<'aws' | 'gcp' | 'azure', Inventory>;
  let calls: Record<string, number>;
  beforeAll(async () => {
    sim = await startSimulator({ fleet: loadFleet(FLEET), now: NOW });
    const readers = readersFor(sim, {});
    const before = sim.calls();
    inv = {
      aws: await readers.aws.inventory({}),
      gcp: await readers.gcp.inventory({}),
      azure: await readers.azure.inventory({}),
    };
    const after = sim.calls();
    calls = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
  }, 60_000);
  afterAll(() => sim?.close());

  it('SageMaker: running jobs with their secondary status; Completed runs of the lookback from the summaries', () => {
    expect(byName(inv.aws.trainingJobs).map((j) => [j.ref.name, j.status, j.secondaryStatus, iso(j.startedAt)])).toEqual([
      ['bert-dl-1', 'creating', 'Downloading', '2026-11-18T08:00'],
      ['sft-run-5', 'in-service', 'Training', '2026-11-17T04:00'],
      ['whisper-ft-1', 'creating', 'Starting', undefined],
    ]);
    // Failed runs and runs created before the 30-day lookback are not history; no TrainingStartTime in summaries.
    expect(byName(inv.aws.trainingHistory).map((r) => [r.ref.name, r.tags['job-family'], iso(r.createdAt), r.startedAt, iso(r.endedAt)])).toEqual([
      ['sft-run-3', undefined, '2026-11-10T02:00', undefined, '2026-11-10T09:00'],
      ['sft-run-4', 'sft', '2026-11-14T05:55', undefined, '2026-11-14T14:00'],
    ]);
    expect(inv.aws.trainingHistory[0]!.ref.id).toMatch(/^arn:aws:sagemaker:us-east-1:\d{12}:training-job\/sft-run-\d$/);
    // One extra ListTrainingJobs page (7 jobs < 100) and no DescribeTrainingJob for finished runs.
    expect(calls['SageMaker.ListTrainingJobs']).toBe(2);
    expect(calls['SageMaker.DescribeTrainingJob']).toBe(3);
  });

  it('Vertex AI: running, queued and pending jobs; succeeded runs created in the lookback with their start and end', () => {
    expect(byName(inv.gcp.trainingJobs).map((j) => [j.ref.name, j.status, j.providerStatus, iso(j.startedAt)])).toEqual([
      ['llm-sft-nov', 'in-service', 'JOB_STATE_RUNNING', '2026-11-18T01:00'],
      ['pending-b', 'creating', 'JOB_STATE_PENDING', undefined],
      ['queued-a', 'creating', 'JOB_STATE_QUEUED', undefined],
    ]);
    expect(byName(inv.gcp.trainingHistory).map((r) => [r.ref.name, iso(r.createdAt), iso(r.startedAt), iso(r.endedAt)])).toEqual([
      ['llm-sft-1027', '2026-10-27T10:00', '2026-10-27T10:30', '2026-10-27T18:00'],
      ['llm-sft-1103', '2026-11-03T09:55', '2026-11-03T10:00', '2026-11-03T18:00'],
    ]);
    // One list call for live jobs and one for the history.
    expect(calls['Vertex.ListCustomJobs']).toBe(2);
  });

  it('Azure ML: waiting jobs listed too; Completed runs from the same job list, no extra call', () => {
    expect(byName(inv.azure.trainingJobs).map((j) => [j.ref.name, j.status, j.providerStatus, iso(j.startedAt)])).toEqual([
      ['etl-preparing', 'creating', 'Preparing', undefined],
      ['etl-queued', 'creating', 'Queued', undefined],
      ['lora-ft-0412', 'in-service', 'Running', '2026-11-17T14:00'],
    ]);
    expect(byName(inv.azure.trainingHistory).map((r) => [r.ref.name, r.tags['job-family'], iso(r.startedAt), iso(r.endedAt)])).toEqual([['lora-ft-0411', 'lora', '2026-11-16T08:00', '2026-11-16T13:00']]);
    expect(calls['MachineLearning.Jobs_List']).toBe(1);
  });

  it('reads no history while the detector is off', async () => {
    const off = readersFor(sim, { detectors: { 'runaway-training': { enabled: false } } });
    const before = sim.calls();
    const [aws, gcp, azure] = [await off.aws.inventory({}), await off.gcp.inventory({}), await off.azure.inventory({})];
    const after = sim.calls();
    expect([aws.trainingHistory, gcp.trainingHistory, azure.trainingHistory]).toEqual([[], [], []]);
    expect(after['SageMaker.ListTrainingJobs']! - before['SageMaker.ListTrainingJobs']!).toBe(1);
    expect(after['Vertex.ListCustomJobs']! - before['Vertex.ListCustomJobs']!).toBe(1);
  });
});
