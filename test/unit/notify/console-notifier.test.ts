import { describe, expect, it } from 'vitest';
import { buildAlertBatch } from '../../../src/notify/alert-batch';
import { decideAlerts } from '../../../src/notify/alert-decision';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { createConsoleNotifier } from '../../../src/notify/console-notifier';
import { createRouter } from '../../../src/notify/route';
import type { AlertRecord } from '../../../src/state/state-store';
import { idleGpuFinding, NOW } from './finding-factory';

function capture() {
  const chunks: string[] = [];
  return { out: { write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

const router = createRouter({ ownerTag: 'owner', defaultChannel: '#ml-watchdog', channelsByOwner: { search: '#search-alerts' } });

describe('console notifier', () => {
  it('prints every alert with the same facts, money and basis as Slack, grouped by channel', async () => {
    const a = idleGpuFinding({ name: 'search-ranker', owner: 'search', idleHours: 10 });
    const b = idleGpuFinding({ name: 'orphan-llm', tags: {}, instanceCount: 2, severity: 'critical' });
    delete b.owner;
    const snoozed = idleGpuFinding({ name: 'snoozed' });
    const alerts = new Map<string, AlertRecord>([
      [
        snoozed.fingerprint,
        { fingerprint: snoozed.fingerprint, kind: 'idle-gpu', refKey: 'x', firstSeenAt: NOW, lastSeenAt: NOW, sendCount: 1, snoozedUntil: new Date(NOW.getTime() + 3_600_000) },
      ],
    ]);
    const decision = decideAlerts([a, b, snoozed], alerts, { cooldownHours: 24, realertGrowthPct: 25 }, NOW);
    const batch = buildAlertBatch({
      decision,
      route: router,
      ownerTag: 'owner',
      now: NOW,
      providerStatuses: [{ cloud: 'aws', component: 'utilization:us-west-2', state: 'auth-failed', code: 'AccessDenied', message: 'cloudwatch:GetMetricData denied' }],
    });
    const sink = capture();
    const result = await createConsoleNotifier(sink.out).notify(batch);
    const text = sink.text();

    expect(text).toContain('ml-watchdog 2026-11-03 14:00 UTC: 2 alerts (3 findings, 1 suppressed), $15,527.10/month projected waste');
    expect(text).toContain('Data gap: aws utilization:us-west-2: auth-failed (AccessDenied): cloudwatch:GetMetricData denied');
    expect(text).toContain('-> #search-alerts (1 alert)');
    expect(text).toContain('-> #ml-watchdog (1 alert)');
    expect(text).toContain('[CRITICAL] Idle GPU endpoint orphan-llm');
    expect(text).toContain('  Idle GPU · AWS · account 123456789012 · us-east-1');
    for (const f of [a, b]) {
      const view = buildAlertView(f, { now: NOW, ownerTag: 'owner', reason: 'new' });
      for (const fact of view.facts) expect(text).toContain(fact.value);
      expect(text).toContain(view.cost.line);
      expect(text).toContain(`list price: ${view.cost.explanation}`);
      expect(text).toContain(f.fingerprint);
    }
    expect(text).toContain('$7.09/h · $5,175.70/month projected · $70.90 wasted so far');
    expect(text).toContain('Owner               none (no "owner" tag)');
    expect(text).not.toContain('snoozed (endpoint)');

    expect(result.notifier).toBe('console');
    expect(result.failed).toEqual([]);
    expect(result.posted.map((p) => [p.channel, p.fingerprint])).toEqual([
      ['#search-alerts', a.fingerprint],
      ['#ml-watchdog', b.fingerprint],
    ]);
  });

  it('says so when there is nothing to alert', async () => {
    const sink = capture();
    const batch = buildAlertBatch({ decision: { send: [], suppressed: [] }, route: router, ownerTag: 'owner', now: NOW, providerStatuses: [] });
    const result = await createConsoleNotifier(sink.out).notify(batch);
    expect(sink.text()).toBe('ml-watchdog 2026-11-03 14:00 UTC: nothing to alert (0 findings, 0 suppressed by cooldown or snooze)\n');
    expect(result.posted).toEqual([]);
  });
});
