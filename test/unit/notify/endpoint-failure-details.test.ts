import { describe, expect, it } from 'vitest';
import { detectEndpointFailure } from '../../../src/detectors/endpoint-failure';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { HOUR, NOW, config, endpoint, series, snapshot } from '../../support/builders';

describe('endpoint-failure alert view', () => {
  it('shows the signals, the numbers behind them and what keeps billing; no Park button (nothing to park)', () => {
    const e = endpoint('erroring', { status: 'failed', providerStatus: 'UpdateRollbackFailed', failureReason: 'health check failed' });
    const snap = snapshot({
      endpoints: [e],
      utilization: [
        series(e.ref, 'invocations', 72, () => 60),
        series(e.ref, 'errors-5xx', 6, () => 12),
        series(e.ref, 'latency-ms', 6, (t) => (t.getTime() >= NOW.getTime() - HOUR ? 300 : 40)),
      ],
    });
    const [f] = detectEndpointFailure(snap, config(), NOW);
    const view = buildAlertView(f!, { now: NOW, ownerTag: 'owner', reason: 'new', remediation: { mode: 'approve', source: 'mode' } as never });
    const facts = Object.fromEntries(view.facts.map((x) => [x.label, x.value]));
    expect(view.kindLabel).toBe('Failing endpoint');
    expect(facts.Signals).toBe('failed state, server errors (5xx), latency regression');
    expect(facts.Status).toBe('UpdateRollbackFailed: health check failed');
    expect(facts['Server errors']).toBe('864 of 4320 requests (20.0%) in the detail window');
    expect(facts['Latency p95']).toBe('300 ms in the last 1 h, 40 ms before');
    expect(facts.Instances).toBe('1 x ml.g5.12xlarge (billing while failing)');
    expect(view.buttons.map((b) => b.actionId)).not.toContain('wd_park');
  });
});
