import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../src/detectors/index';
import { detectUnderusedGpu } from '../../../src/detectors/underused-gpu';
import type { ResourceRef } from '../../../src/domain/cloud';
import type { Endpoint, EndpointVariant } from '../../../src/domain/resources';
import type { MetricName, UtilizationSeries } from '../../../src/domain/utilization';
import { azureListPrice } from '../../../src/providers/azure/price-table';
import { azureInstanceSpec } from '../../../src/providers/azure/vm-sizes';
import { gcpInstanceSpec, gcpMachineShape } from '../../../src/providers/gcp/machine-types';
import { staticGcpPrice } from '../../../src/providers/gcp/price-table';
import { HOUR, NOW, billedLine, config, endpoint, ref, series, snapshot, variant } from '../../support/builders';

/** Hourly datapoints over the 72 h GPU window ending at NOW (what collect-window's gpuWindow reads). */
function hourly(r: ResourceRef, metric: MetricName, value: (t: Date) => number | undefined, hours = 72, variantName = 'AllTraffic'): UtilizationSeries {
  const start = NOW.getTime() - hours * HOUR;
  const points = [];
  for (let t = start; t < NOW.getTime(); t += HOUR) {
    const v = value(new Date(t));
    if (v !== undefined) points.push({ t: new Date(t), v });
  }
  return { ref: r, variant: variantName, metric, periodSeconds: 3600, window: { start: new Date(start), end: NOW }, points, coverage: points.length / hours };
}

/** Traffic over the 10-day lookback, hourly, like the reader's long window. */
const traffic = (r: ResourceRef, perHour: (t: Date) => number, v = 'AllTraffic') => hourly(r, 'invocations', perHour, 240, v);
const steady = () => 1200;
/** Office hours 09-18 UTC on weekdays (NOW is Friday 12:00 UTC). */
const officeHours = (t: Date) => (t.getUTCDay() % 6 !== 0 && t.getUTCHours() >= 9 && t.getUTCHours() < 18 ? 900 : 0);

function world(e: Endpoint, opts: { gpu?: number | ((t: Date) => number | undefined); memory?: number; calls?: (t: Date) => number; extra?: UtilizationSeries[] } = {}) {
  const gpu = opts.gpu ?? 8;
  const utilization = [
    traffic(e.ref, opts.calls ?? steady),
    hourly(e.ref, 'gpu-util-pct', typeof gpu === 'number' ? () => gpu : gpu),
    ...(opts.memory !== undefined ? [hourly(e.ref, 'gpu-memory-util-pct', () => opts.memory)] : []),
    ...(opts.extra ?? []),
  ];
  return snapshot({ endpoints: [e], utilization });
}

const fourGpu = endpoint('catalog-embeddings'); // 1 x ml.g5.12xlarge: 4 x A10G, 48 vCPU, 192 GiB, $7.09/h

describe('detectUnderusedGpu', () => {
  it('moves a 4-GPU endpoint at 8 % to the cheapest same-GPU instance that fits, with the saving as its cost', () => {
    const [f, ...rest] = detectUnderusedGpu(world(fourGpu, { memory: 15 }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.kind).toBe('underused-gpu');
    expect(f!.fingerprint).toBe('underused-gpu:aws:123456789012:us-east-1:endpoint:catalog-embeddings:AllTraffic');
    expect(f!.owner).toBe('team-nlp');
    // g5.xlarge (4 vCPU, 16 GiB) and g5.2xlarge are cheaper but keep less than a quarter of the host per GPU.
    expect(f!.evidence.candidate).toMatchObject({ instanceType: 'ml.g5.4xlarge', acceleratorsPerInstance: 1, vcpus: 16, memoryGiB: 64, hourly: { amount: 2.03 } });
    expect(f!.evidence.candidate!.projectedGpuUtilPct).toBeCloseTo(32);
    expect(f!.evidence.candidate!.projectedGpuMemoryPct).toBeCloseTo(60);
    expect(f!.evidence.candidate!.monthlySaving).toBeCloseTo((7.09 - 2.03) * 730);
    expect(f!.cost).toMatchObject({ basis: 'list-price', monthly: { currency: 'USD' } });
    expect(f!.cost.monthly.amount).toBeCloseTo((7.09 - 2.03) * 730);
    expect(f!.cost.explanation).toMatch(/^saving = now \$5,175\.70\/month \(list-price: 1 x ml\.g5\.12xlarge at \$7\.090\/h .*\) - 1 x ml\.g5\.4xlarge at \$2\.030\/h x 730 h = \$1,481\.90\/month \(AWS SageMaker AI/);
    expect(f!.evidence).toMatchObject({
      variant: 'AllTraffic',
      servingMode: 'real-time',
      instanceType: 'ml.g5.12xlarge',
      instanceCount: 1,
      acceleratorModel: 'NVIDIA A10G',
      acceleratorsPerInstance: 4,
      windowHours: 72,
      coverage: 1,
      peakGpuMemoryPct: 15,
      quietHoursPct: 0,
      recommended: 'smaller-instance',
      currentBasis: 'list-price',
    });
    expect(f!.evidence.p95GpuUtilPct).toBeCloseTo(8);
    expect(f!.evidence.invocationsInWindow).toBe(72 * 1200);
    expect(f!.evidence.scaleToZero).toBeUndefined();
    expect(f!.title).toBe('catalog-embeddings: GPUs 8% busy (p95), 1 x ml.g5.4xlarge would do');
    expect(f!.severity).toBe('medium'); // $3,694 a month: high for idle spend, one step lower for an opportunity
    expect(f!.recommendation).toEqual({
      action: 'none',
      reversible: false,
      summary:
        'Move from ml.g5.12xlarge (4 x NVIDIA A10G) to ml.g5.4xlarge (1 x NVIDIA A10G): projected p95 32% per GPU and 60% GPU memory, assuming the load spreads evenly over the GPUs; deploy it beside the current one and shift traffic, so rolling back is a traffic switch.',
    });
  });

  it('judges the p95, not the mean: a few busy hours a day keep the GPUs', () => {
    // 2 busy hours a day, 6 in 72 (8 %): the mean is low (12 %), the p95 is not.
    const bursts = (t: Date) => (t.getUTCHours() === 14 || t.getUTCHours() === 15 ? 90 : 5);
    expect(detectUnderusedGpu(world(fourGpu, { gpu: bursts, memory: 15 }), config(), NOW)).toEqual([]);
  });

  it('stays quiet at or above maxP95GpuUtilPct (near miss: 25 %), and follows the setting', () => {
    expect(detectUnderusedGpu(world(fourGpu, { gpu: 25, memory: 15 }), config(), NOW)).toEqual([]);
    expect(detectUnderusedGpu(world(fourGpu, { gpu: 20, memory: 15 }), config(), NOW)).toEqual([]);
    expect(detectUnderusedGpu(world(fourGpu, { gpu: 25, memory: 15 }), config({ detectors: { 'underused-gpu': { maxP95GpuUtilPct: 30 } } }), NOW)).toHaveLength(0); // 25 x 4 = 100 % on one GPU: no candidate
    expect(detectUnderusedGpu(world(fourGpu, { gpu: 12, memory: 15 }), config({ detectors: { 'underused-gpu': { maxP95GpuUtilPct: 10 } } }), NOW)).toEqual([]);
  });

  it('keeps the GPUs when the model would not fit: projected memory over maxGpuMemoryPct', () => {
    // 30 % of four A10Gs is 120 % of one; g5 has no 2-GPU size.
    expect(detectUnderusedGpu(world(fourGpu, { memory: 30 }), config(), NOW)).toEqual([]);
    expect(detectUnderusedGpu(world(fourGpu, { memory: 30 }), config({ detectors: { 'underused-gpu': { maxGpuMemoryPct: 100 } } }), NOW)).toEqual([]);
  });

  it('says when GPU memory was not measured instead of inventing it', () => {
    const [f] = detectUnderusedGpu(world(fourGpu), config(), NOW);
    expect(f!.evidence.peakGpuMemoryPct).toBeUndefined();
    expect(f!.evidence.candidate!.projectedGpuMemoryPct).toBeUndefined();
    expect(f!.recommendation.summary).toContain('(GPU memory was not measured: check the model fits in 1 x 24 GiB)');
  });

  it('leaves endpoints without traffic in the idle window to idle-gpu: never both', () => {
    const quietSinceYesterday = (t: Date) => (t.getTime() < NOW.getTime() - 20 * HOUR ? 600 : 0);
    const snap = world(fourGpu, { gpu: 0.5, memory: 15, calls: quietSinceYesterday });
    expect(detectUnderusedGpu(snap, config(), NOW)).toEqual([]);
    const kinds = detectAll(snap, config(), NOW).map((f) => f.kind);
    expect(kinds).toEqual(['idle-gpu']);
  });

  it('needs minCoverage of the window measured: 6 hours of 5-minute GPU data are not enough to call it underused', () => {
    const e = fourGpu;
    const short = snapshot({ endpoints: [e], utilization: [traffic(e.ref, steady), series(e.ref, 'gpu-util-pct', 6, () => 8)] });
    expect(detectUnderusedGpu(short, config(), NOW)).toEqual([]);
    const patchy = world(e, { gpu: (t) => (t.getUTCHours() % 4 === 0 ? 8 : undefined) });
    expect(detectUnderusedGpu(patchy, config(), NOW)).toEqual([]);
  });

  it('says nothing without GPU metrics (unknown, not low)', () => {
    const e = fourGpu;
    expect(detectUnderusedGpu(snapshot({ endpoints: [e], utilization: [traffic(e.ref, steady)] }), config(), NOW)).toEqual([]);
  });

  it('has nothing to offer a 1-GPU instance with steady traffic (near miss), but proposes scaling to zero when most hours are quiet', () => {
    const one = endpoint('support-bot', { variants: [variant('ml.g5.2xlarge')] });
    expect(detectUnderusedGpu(world(one, { gpu: 6, memory: 40 }), config(), NOW)).toEqual([]);
    const [f] = detectUnderusedGpu(world(one, { gpu: 6, memory: 40, calls: officeHours }), config(), NOW);
    expect(f!.evidence.recommended).toBe('scale-to-zero');
    expect(f!.evidence.candidate).toBeUndefined();
    // Tue 12:00 .. Fri 12:00 UTC: 6 office hours on Tue, 9 on Wed and Thu, 3 on Fri = 27 of 72 busy.
    expect(f!.evidence.quietHoursPct).toBeCloseTo((45 / 72) * 100);
    expect(f!.evidence.scaleToZero!.mode).toMatch(/^SageMaker inference components with managed instance scaling to 0 instances/);
    expect(f!.cost.basis).toBe('estimate');
    expect(f!.cost.monthly.amount).toBeCloseTo(1.515 * 730 * (45 / 72));
    expect(f!.cost.explanation).toContain('x 63% of the last 72 h without an invocation (45 of 72 h); cold starts and minimum billing not counted');
    expect(f!.title).toBe('support-bot: GPUs 6% busy (p95) and no traffic 63% of hours: scale to zero');
    expect(f!.recommendation.summary).toMatch(/^No invocation in 63% of the last 72 h while the GPUs run 6% busy at p95: move to SageMaker inference components/);
  });

  it('recommends whichever saves more when both a smaller instance and scaling to zero apply', () => {
    const [f] = detectUnderusedGpu(world(fourGpu, { memory: 15, calls: officeHours }), config(), NOW);
    // Smaller: (7.09 - 2.03) x 730 = 3,694; zero: 7.09 x 730 x 62.5 % = 3,235.
    expect(f!.evidence.recommended).toBe('smaller-instance');
    expect(f!.evidence.scaleToZero!.monthlySaving).toBeCloseTo(7.09 * 730 * (45 / 72));
    const nights = (t: Date) => (t.getUTCHours() === 10 ? 500 : 0); // one busy hour a day (the last one 2 h ago)
    const [z] = detectUnderusedGpu(world(fourGpu, { memory: 15, calls: nights }), config(), NOW);
    expect(z!.evidence.recommended).toBe('scale-to-zero');
  });

  it('does not propose scaling to zero where the variant already scales to zero, or below scaleToZeroMinQuietPct', () => {
    const one = endpoint('ic', { servingMode: 'inference-components', variants: [variant('ml.g5.2xlarge', 1, { scaling: { minInstances: 0, maxInstances: 2 } })] });
    expect(detectUnderusedGpu(world(one, { gpu: 6, calls: officeHours }), config(), NOW)).toEqual([]);
    const rt = endpoint('rt', { variants: [variant('ml.g5.2xlarge')] });
    expect(detectUnderusedGpu(world(rt, { gpu: 6, calls: officeHours }), config({ detectors: { 'underused-gpu': { scaleToZeroMinQuietPct: 70 } } }), NOW)).toEqual([]);
  });

  it('keeps the accelerators that inference components reserve', () => {
    const ic = endpoint('shared', {
      servingMode: 'inference-components',
      variants: [variant('ml.g5.12xlarge', 1, { inferenceComponentStates: [{ name: 'llm', providerStatus: 'InService', currentCopyCount: 2, desiredCopyCount: 2, acceleratorsPerCopy: 1 }] })],
    });
    // Two copies need two GPUs per instance: the only 1-GPU sizes are out, and g5 has no 2-GPU size.
    expect(detectUnderusedGpu(world(ic, { memory: 10 }), config(), NOW)).toEqual([]);
  });

  it('only reports savings of at least minMonthlySaving', () => {
    expect(detectUnderusedGpu(world(fourGpu, { memory: 15 }), config({ detectors: { 'underused-gpu': { minMonthlySaving: 5000 } } }), NOW)).toEqual([]);
  });

  it('skips serverless, CPU-only, excluded, failed and parked endpoints', () => {
    const cpu = endpoint('cpu', { variants: [variant('ml.m5.xlarge')] });
    const ignored = endpoint('ignored', { tags: { 'watchdog:ignore': 'true' } });
    const failed = endpoint('failed', { status: 'failed', providerStatus: 'Failed' });
    const parked = endpoint('parked', { variants: [variant('ml.g5.12xlarge', 0)] });
    for (const e of [cpu, ignored, failed, parked]) expect(detectUnderusedGpu(world(e, { memory: 15 }), config(), NOW)).toEqual([]);
    expect(detectUnderusedGpu(world(fourGpu, { memory: 15 }), config({ exclusions: { names: ['catalog-*'] } }), NOW)).toEqual([]);
    expect(detectUnderusedGpu(world(fourGpu, { memory: 15 }), config({ detectors: { 'underused-gpu': { enabled: false } } }), NOW)).toEqual([]);
  });

  it('judges each GPU variant on its own series, priced at list price (billed lines cover the whole endpoint)', () => {
    const blue: EndpointVariant = { ...variant('ml.g5.12xlarge'), name: 'blue' };
    const green: EndpointVariant = { ...variant('ml.g5.12xlarge'), name: 'green' };
    const e = endpoint('two-variants', { variants: [blue, green] });
    const snap = snapshot({
      endpoints: [e],
      utilization: [
        traffic(e.ref, steady, 'blue'),
        traffic(e.ref, steady, 'green'),
        hourly(e.ref, 'gpu-util-pct', () => 8, 72, 'blue'),
        hourly(e.ref, 'gpu-memory-util-pct', () => 15, 72, 'blue'),
        hourly(e.ref, 'gpu-util-pct', () => 55, 72, 'green'),
      ],
      costs: ['2026-11-18', '2026-11-19'].map((d) => billedLine(e.ref, d, 1000)),
    });
    const findings = detectUnderusedGpu(snap, config(), NOW);
    expect(findings.map((f) => [f.evidence.variant, f.evidence.currentBasis, f.fingerprint.endsWith(':blue')])).toEqual([['blue', 'list-price', true]]);
    expect(findings[0]!.recommendation.summary).toMatch(/^Move variant blue from ml\.g5\.12xlarge/);
  });

  it('on Azure moves a 4 x A100 deployment to the 1 x A100 size, keeping the host share per GPU', () => {
    const sub = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
    const size = 'Standard_NC96ads_A100_v4';
    const v: EndpointVariant = { name: 'blue', instance: { ...azureInstanceSpec(size), listPrice: azureListPrice(size, 'eastus')! }, currentInstanceCount: 1, desiredInstanceCount: 1 };
    const e = endpoint('chat', { ref: ref('chat', { cloud: 'azure', account: sub, region: 'eastus', id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/onlineEndpoints/chat` }), variants: [v] });
    const snap = snapshot({ endpoints: [e], utilization: [traffic(e.ref, steady, 'blue'), hourly(e.ref, 'gpu-util-pct', () => 9, 72, 'blue'), hourly(e.ref, 'gpu-memory-util-pct', () => 12, 72, 'blue')] });
    const [f] = detectUnderusedGpu(snap, config(), NOW);
    expect(f!.evidence.candidate).toMatchObject({ instanceType: 'Standard_NC24ads_A100_v4', acceleratorsPerInstance: 1 });
    expect(f!.evidence.candidate!.monthlySaving).toBeCloseTo((14.692 - 3.673) * 730);
    expect(f!.evidence.candidate!.priceSource).toContain('eastus');
  });

  it('on Google moves a2-highgpu-4g to a2-highgpu-1g from the static table, and a billed current cost makes the basis an estimate', () => {
    const spec = { machineType: 'a2-highgpu-4g', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' as const };
    const instance = { ...gcpInstanceSpec('a2-highgpu-4g'), listPrice: staticGcpPrice(spec, gcpMachineShape('a2-highgpu-4g')!)! };
    const r = ref('embedder', { cloud: 'gcp', account: 'acme-ml-prod', region: 'us-central1', id: 'projects/123456789012/locations/us-central1/endpoints/42' });
    const e = endpoint('embedder', { ref: r, variants: [{ name: '777', instance, currentInstanceCount: 1, desiredInstanceCount: 1 }] });
    const billed = ['2026-11-17', '2026-11-18', '2026-11-19'].map((d) => billedLine(r, d, 360));
    const snap = snapshot({ endpoints: [e], costs: billed, utilization: [traffic(r, steady, '777'), hourly(r, 'gpu-util-pct', () => 10, 72, '777'), hourly(r, 'gpu-memory-util-pct', () => 18, 72, '777')] });
    const [f] = detectUnderusedGpu(snap, config(), NOW);
    const oneGpu = staticGcpPrice({ ...spec, machineType: 'a2-highgpu-1g' }, gcpMachineShape('a2-highgpu-1g')!)!;
    expect(f!.evidence.candidate).toMatchObject({ instanceType: 'a2-highgpu-1g', acceleratorsPerInstance: 1 });
    expect(f!.evidence.currentBasis).toBe('billed');
    expect(f!.cost.basis).toBe('estimate');
    expect(f!.cost.monthly.amount).toBeCloseTo(360 * 30.4167 - oneGpu.hourly.amount * 730, 0);
    expect(f!.cost.explanation).toContain('(billed: billed $1,080.00 over the last 3 day(s)');
  });
});
