import { describe, expect, it } from 'vitest';
import { parseButtonValue } from '../../../src/notify/alert-buttons';
import { ALERT_ACTION_IDS } from '../../../src/notify/alert-view';
import { buildAlertView, KIND_DETAILS } from '../../../src/notify/build-alert-view';
import { alertViewLines } from '../../../src/notify/view-text';
import type { AlertRecord } from '../../../src/state/state-store';
import { idleGpuFinding, NOW } from './finding-factory';

const ctx = { now: NOW, ownerTag: 'owner', reason: 'new' as const };
const fact = (view: ReturnType<typeof buildAlertView>, label: string) => view.facts.find((f) => f.label === label)?.value;

describe('buildAlertView (idle-gpu)', () => {
  const finding = idleGpuFinding({ idleHours: 10, lastInvocationAt: new Date('2026-11-03T04:00:00Z'), meanGpuUtilPct: 0.4 });
  const view = buildAlertView(finding, ctx);

  it('carries every fact of the alert', () => {
    expect(view.title).toBe('Idle GPU endpoint llm-chat-prod: no invocations for 10 h');
    expect(view.location).toBe('AWS · account 123456789012 · us-east-1');
    expect(fact(view, 'Resource')).toBe('llm-chat-prod (endpoint)');
    expect(fact(view, 'Serving mode')).toBe('real-time endpoint');
    expect(fact(view, 'Instances')).toBe('1 x ml.g5.12xlarge (4 GPUs)');
    expect(fact(view, 'Idle for')).toBe('10 h (0 invocations in the last 6 h)');
    expect(fact(view, 'Last invocation')).toBe('2026-11-03 04:00 UTC (10 h ago)');
    expect(fact(view, 'GPU utilisation')).toBe('0.4% mean per GPU over the idle window');
    expect(fact(view, 'Telemetry coverage')).toBe('97% of the idle window has datapoints');
    expect(fact(view, 'Owner')).toBe('ml-platform');
    expect(view.facts.length).toBeLessThanOrEqual(10);
  });

  it('shows hourly and monthly waste, money lost so far, and the basis with its explanation', () => {
    expect(view.cost.line).toBe('$7.09/h · $5,175.70/month projected · $70.90 wasted so far');
    expect(view.cost.basisLabel).toBe('list price');
    expect(view.cost.explanation).toContain('1 x ml.g5.12xlarge at $7.090/h');
    expect(view.cost.explanation).toContain('us-east-1, as of 2026-11-01');
    expect(view.summary).toBe('Idle GPU endpoint llm-chat-prod: no invocations for 10 h (AWS us-east-1): $5,175.70/month list price');
  });

  it('recommends the park action and identifies the finding', () => {
    expect(view.recommendation).toEqual(finding.recommendation);
    expect(view.context).toBe(`Fingerprint ${finding.fingerprint} · detected 2026-11-03 14:00 UTC · severity high`);
    expect(view.buttons.map((b) => b.actionId)).toEqual([...ALERT_ACTION_IDS]);
    expect(view.buttons.map((b) => b.label)).toEqual(['Park now', 'Snooze 24 h', 'Snooze 7 d', 'Ignore']);
    for (const b of view.buttons) {
      expect(parseButtonValue(b.value)).toEqual({ fp: finding.fingerprint, ref: 'aws:123456789012:us-east-1:endpoint:llm-chat-prod' });
    }
    expect(view.buttons[0]!.style).toBe('danger');
    expect(view.buttons[0]!.confirm?.text).toContain('A restore token is saved first.');
  });

  it('says "none in the last N h" when no invocation was seen, and names the missing owner tag', () => {
    const f = idleGpuFinding({ idleHours: 72, tags: {} });
    delete f.owner;
    const v = buildAlertView(f, { ...ctx, ownerTag: 'team' });
    expect(fact(v, 'Last invocation')).toBe('none in the last 3 d');
    expect(fact(v, 'GPU utilisation')).toBe('no GPU datapoints in the idle window');
    expect(fact(v, 'Owner')).toBe('none (no "team" tag)');
  });

  it('renders an unpriced resource as "cost unknown", never as free', () => {
    const f = idleGpuFinding();
    f.cost = { monthly: { amount: 0, currency: 'USD' }, basis: 'estimate', explanation: 'no list price known for 1 x ml.p6.48xlarge' };
    const v = buildAlertView(f, ctx);
    expect(v.cost.known).toBe(false);
    expect(v.cost.line).toBe('cost unknown');
    expect(v.summary).toMatch(/: cost unknown$/);
  });

  it('explains re-alerts: waste growth and reminders', () => {
    const previous: AlertRecord = {
      fingerprint: finding.fingerprint,
      kind: 'idle-gpu',
      refKey: 'aws:123456789012:us-east-1:endpoint:llm-chat-prod',
      firstSeenAt: new Date('2026-10-30T14:00:00Z'),
      lastSeenAt: new Date('2026-11-03T13:00:00Z'),
      lastSentAt: new Date('2026-11-03T08:00:00Z'),
      lastSentMonthlyCost: 4000,
      currency: 'USD',
      sendCount: 2,
    };
    const grew = buildAlertView(finding, { ...ctx, reason: 'waste-grew', previous });
    expect(grew.reasonNote).toBe('Waste grew 29% since the last alert 6 h ago: $4,000.00/month -> $5,175.70/month.');
    const reminder = buildAlertView(finding, { ...ctx, reason: 'cooldown-expired', previous });
    expect(reminder.reasonNote).toBe('Reminder: still open since 2026-10-30 14:00 UTC; alerted 2 times, last 6 h ago.');
    expect(buildAlertView(finding, ctx).reasonNote).toBeUndefined();
  });

  it('the plain-text rendering shows the same facts', () => {
    const text = alertViewLines(view).join('\n');
    for (const f of view.facts) expect(text).toContain(f.value);
    expect(text).toContain(view.cost.line);
    expect(text).toContain(view.cost.explanation);
    expect(text).toContain('(reversible)');
    expect(text).toContain('Park now | Snooze 24 h | Snooze 7 d | Ignore');
    expect(text).toContain(finding.fingerprint);
  });

  it('has a renderer for every finding kind (a missing one fails tsc)', () => {
    // @ts-expect-error: a registry without the idle-gpu renderer does not type-check
    const incomplete: typeof KIND_DETAILS = {};
    expect(Object.keys(incomplete)).toEqual([]);
    expect(Object.keys(KIND_DETAILS)).toEqual(['idle-gpu', 'endpoint-failure', 'cost-anomaly', 'hidden-cost', 'unattributed-spend', 'capacity-risk', 'idle-notebook']);
  });
});
