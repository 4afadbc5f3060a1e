import { describe, expect, it } from 'vitest';
import { buildAuditResult } from '../../../src/app/audit-result';
import { renderAudit } from '../../../src/cli/render-audit';
import { detectUnderusedGpu } from '../../../src/detectors/underused-gpu';
import type { ResourceRef } from '../../../src/domain/cloud';
import type { MetricName, UtilizationSeries } from '../../../src/domain/utilization';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { HOUR, NOW, config, endpoint, snapshot, variant } from '../../support/builders';

function hourly(r: ResourceRef, metric: MetricName, v: number | ((i: number) => number), hours = 72): UtilizationSeries {
  const start = NOW.getTime() - hours * HOUR;
  const points = Array.from({ length: hours }, (_, i) => ({ t: new Date(start + i * HOUR), v: typeof v === 'number' ? v : v(i) }));
  return { ref: r, variant: 'AllTraffic', metric, periodSeconds: 3600, window: { start: new Date(start), end: NOW }, points, coverage: 1 };
}

const view = (f: Parameters<typeof buildAlertView>[0]) => buildAlertView(f, { now: NOW, ownerTag: 'owner', reason: 'new' });

describe('underused-gpu views', () => {
  const e = endpoint('catalog-embeddings', { variants: [variant('ml.g5.12xlarge')] });
  const snap = snapshot({ endpoints: [e], utilization: [hourly(e.ref, 'invocations', 1200, 240), hourly(e.ref, 'gpu-util-pct', 8), hourly(e.ref, 'gpu-memory-util-pct', 15)] });
  const [f] = detectUnderusedGpu(snap, config(), NOW);

  it('shows how busy the GPUs are, what they cost, and the smaller instance with its projection', () => {
    const v = view(f!);
    const facts = Object.fromEntries(v.facts.map((x) => [x.label, x.value]));
    expect(v.kindLabel).toBe('Underused GPU');
    expect(facts.Instances).toBe('1 x ml.g5.12xlarge (4 x NVIDIA A10G each), $5,176/month (list-price)');
    expect(facts['GPU utilisation']).toBe('p95 8.0%, mean 8.0% per GPU (hourly means, last 72 h, 100% measured)');
    expect(facts['GPU memory']).toBe('peak 15% per GPU (hourly mean)');
    expect(facts['Smaller instance']).toBe('ml.g5.4xlarge (1 GPU) at $2.030/h: p95 32% per GPU, 60% GPU memory projected, saves $3,694/month');
    expect(facts['Scale to zero']).toBeUndefined();
    expect(v.buttons.map((b) => b.actionId)).not.toContain('wd_park');
  });

  it('has a one-line CLI detail', () => {
    const out = renderAudit(buildAuditResult(snap, [f!], {}, NOW));
    expect(out).toContain('1 x ml.g5.12xlarge: GPU p95 8% over 72 h; -> ml.g5.4xlarge (32% projected)');
  });

  it('shows the serving mode that reaches zero when that is the recommendation', () => {
    const o = endpoint('support-bot', { variants: [variant('ml.g5.2xlarge')] });
    // Calls in the last 9 of every 24 hours (so also in idle-gpu's window), none otherwise: quiet most hours.
    const calls = hourly(o.ref, 'invocations', (i) => (i % 24 >= 15 ? 300 : 0), 72);
    const [z] = detectUnderusedGpu(snapshot({ endpoints: [o], utilization: [calls, hourly(o.ref, 'gpu-util-pct', 6)] }), config(), NOW);
    const facts = Object.fromEntries(view(z!).facts.map((x) => [x.label, x.value]));
    expect(facts['GPU memory']).toBe('not measured');
    expect(facts['Scale to zero']).toMatch(/^SageMaker inference components with managed instance scaling to 0 instances .*: saves about \$691\/month$/);
    expect(renderAudit(buildAuditResult(snapshot(), [z!], {}, NOW))).toContain('1 x ml.g5.2xlarge: GPU p95 6% over 72 h; 63% of hours quiet -> scale to zero');
  });
});
