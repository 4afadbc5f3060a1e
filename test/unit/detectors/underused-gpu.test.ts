import { describe, expect, it } from 'vitest';
import { detectUnderusedGpu } from '../../../src/detectors/underused-gpu';
import { underusedGpuDetails, underusedGpuLine } from '../../../src/notify/views/underused-gpu-details';
import { config, endpoint, NOW, series, snapshot, variant } from '../../support/builders';

const withMetrics = (name: string, type: string, gpu: number | undefined, calls = 10) => {
  const e = endpoint(name, { variants: [variant(type)] });
  return {
    e,
    series: [series(e.ref, 'invocations', 6, () => calls), ...(gpu === undefined ? [] : [series(e.ref, 'gpu-util-pct', 6, () => gpu)])],
  };
};

describe('detectUnderusedGpu', () => {
  it('recommends the cheapest same-GPU instance that keeps the projected p95 under target, and reports the saving', () => {
    const { e, series: s } = withMetrics('light', 'ml.g5.12xlarge', 8);
    const [f, ...rest] = detectUnderusedGpu(snapshot({ endpoints: [e], utilization: s }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.evidence.candidate).toMatchObject({ instanceType: 'ml.g5.xlarge', gpus: 1, projectedP95GpuUtilPct: 32 });
    expect(f!.cost).toMatchObject({ basis: 'list-price' });
    expect(f!.cost.monthly.amount).toBeCloseTo((7.09 - 1.408) * 730, 1);
    expect(underusedGpuLine(f!)).toBe('1 x ml.g5.12xlarge: GPU p95 8% over 6 h; -> ml.g5.xlarge (~32%)');
    expect(underusedGpuDetails(f!).facts.map((x) => x.label)).toEqual(['GPU use', 'Now', 'Instead']);
  });

  it('stays quiet when busy, idle, unmeasured, already smallest, or when no candidate fits the target', () => {
    const quiet = (x: ReturnType<typeof withMetrics>, c = config()) => detectUnderusedGpu(snapshot({ endpoints: [x.e], utilization: x.series }), c, NOW);
    expect(quiet(withMetrics('busy', 'ml.g5.12xlarge', 40))).toEqual([]);
    expect(quiet(withMetrics('idle', 'ml.g5.12xlarge', 1, 0))).toEqual([]);
    expect(quiet(withMetrics('unmeasured', 'ml.g5.12xlarge', undefined))).toEqual([]);
    expect(quiet(withMetrics('smallest', 'ml.g5.xlarge', 5))).toEqual([]);
    // 18% on 4 GPUs is 72% on one: over the 60% target, and the 2-GPU sizes are not in the price table.
    expect(quiet(withMetrics('tight', 'ml.g5.12xlarge', 18))).toEqual([]);
    expect(quiet(withMetrics('off', 'ml.g5.12xlarge', 8), config({ detectors: { 'underused-gpu': { enabled: false } } }))).toEqual([]);
  });
});
