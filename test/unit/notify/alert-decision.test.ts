import { describe, expect, it } from 'vitest';
import { decideAlerts, wasteGrowthPct } from '../../../src/notify/alert-decision';
import type { AlertRecord } from '../../../src/state/state-store';
import { idleGpuFinding, NOW } from './finding-factory';

const HOUR = 3_600_000;
const policy = { cooldownHours: 24, realertGrowthPct: 25 };
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);

function record(fingerprint: string, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    fingerprint,
    kind: 'idle-gpu',
    refKey: fingerprint.replace(/^idle-gpu:/, ''),
    firstSeenAt: ago(72),
    lastSeenAt: ago(1),
    lastSentAt: ago(2),
    lastSentMonthlyCost: 7.09 * 730,
    currency: 'USD',
    sendCount: 1,
    ...over,
  };
}

function decideOne(over: Partial<AlertRecord> | undefined, finding = idleGpuFinding(), p = policy) {
  const alerts = new Map(over ? [[finding.fingerprint, record(finding.fingerprint, over)]] : []);
  return decideAlerts([finding], alerts, p, NOW);
}

describe('decideAlerts', () => {
  it('sends a finding never seen before as new', () => {
    const d = decideOne(undefined);
    expect(d.send.map((s) => s.reason)).toEqual(['new']);
    expect(d.send[0]!.previous).toBeUndefined();
    expect(d.suppressed).toEqual([]);
  });

  it('treats a record that was never sent (failed post, Slack off) as new', () => {
    const d = decideOne({ lastSentAt: undefined, lastSentMonthlyCost: undefined, sendCount: 0 });
    expect(d.send.map((s) => s.reason)).toEqual(['new']);
    expect(d.send[0]!.previous?.sendCount).toBe(0);
  });

  it('sends an alertOnce finding once and never again: no cooldown reminder, no growth re-alert', () => {
    const once = { ...idleGpuFinding({ instanceCount: 3 }), alertOnce: true };
    expect(decideOne(undefined, once).send.map((s) => s.reason)).toEqual(['new']);
    expect(decideOne({ lastSentAt: undefined, sendCount: 0 }, once).send.map((s) => s.reason)).toEqual(['new']);
    expect(decideOne({ lastSentAt: ago(24 * 40) }, once).suppressed.map((s) => s.reason)).toEqual(['sent-once']);
    expect(decideOne({ lastSentAt: ago(1) }, once).suppressed.map((s) => s.reason)).toEqual(['sent-once']);
  });

  it('suppresses inside the cooldown when the waste did not grow enough', () => {
    const d = decideOne({ lastSentAt: ago(23.9) });
    expect(d.send).toEqual([]);
    expect(d.suppressed.map((s) => s.reason)).toEqual(['cooldown']);
  });

  it('re-sends once the cooldown has fully elapsed (boundary inclusive)', () => {
    expect(decideOne({ lastSentAt: ago(24) }).send.map((s) => s.reason)).toEqual(['cooldown-expired']);
    expect(decideOne({ lastSentAt: ago(100) }).send[0]!.previous?.lastSentAt).toEqual(ago(100));
  });

  it('re-alerts inside the cooldown when the monthly cost grew by at least realertGrowthPct', () => {
    const grown = idleGpuFinding({ instanceCount: 2 }); // 2 x the cost of the last alert: +100%
    expect(decideOne({}, grown).send.map((s) => s.reason)).toEqual(['waste-grew']);
    const base = 1000;
    const at = (amount: number) => {
      const f = idleGpuFinding();
      f.cost.monthly.amount = amount;
      return decideOne({ lastSentMonthlyCost: base }, f);
    };
    expect(at(1250).send.map((s) => s.reason)).toEqual(['waste-grew']); // exactly +25%
    expect(at(1249.99).suppressed.map((s) => s.reason)).toEqual(['cooldown']);
    expect(at(800).suppressed.map((s) => s.reason)).toEqual(['cooldown']); // shrank
  });

  it('never compares costs across currencies', () => {
    const eur = idleGpuFinding({ currency: 'EUR', instanceCount: 3 });
    const d = decideOne({ currency: 'USD' }, eur);
    expect(d.suppressed.map((s) => s.reason)).toEqual(['cooldown']);
    expect(wasteGrowthPct(eur, record(eur.fingerprint))).toBeUndefined();
  });

  it('counts any positive cost after a zero-cost alert as growth', () => {
    expect(decideOne({ lastSentMonthlyCost: 0 }).send.map((s) => s.reason)).toEqual(['waste-grew']);
  });

  it('with realertGrowthPct 0 re-alerts on any growth but not on an unchanged cost', () => {
    const zero = { cooldownHours: 24, realertGrowthPct: 0 };
    const f = idleGpuFinding();
    expect(decideOne({}, f, zero).suppressed.map((s) => s.reason)).toEqual(['cooldown']);
    f.cost.monthly.amount += 0.01;
    expect(decideOne({}, f, zero).send.map((s) => s.reason)).toEqual(['waste-grew']);
  });

  it('with cooldownHours 0 alerts every run', () => {
    const d = decideOne({ lastSentAt: NOW }, idleGpuFinding(), { cooldownHours: 0, realertGrowthPct: 25 });
    expect(d.send.map((s) => s.reason)).toEqual(['cooldown-expired']);
  });

  it('respects a snooze even when the waste grew, and forgets it once it has passed', () => {
    const grown = idleGpuFinding({ instanceCount: 4 });
    expect(decideOne({ snoozedUntil: new Date(NOW.getTime() + HOUR) }, grown).suppressed.map((s) => s.reason)).toEqual(['snoozed']);
    expect(decideOne({ snoozedUntil: NOW, lastSentAt: ago(30) }).send.map((s) => s.reason)).toEqual(['cooldown-expired']);
  });

  it('keeps the costliest copy of a duplicated fingerprint, in input order, and reports the other', () => {
    const a = idleGpuFinding({ name: 'a' });
    const cheap = idleGpuFinding({ name: 'dup', instanceCount: 1 });
    const b = idleGpuFinding({ name: 'b' });
    const dear = idleGpuFinding({ name: 'dup', instanceCount: 2 });
    const d = decideAlerts([a, cheap, b, dear], new Map(), policy, NOW);
    expect(d.send.map((s) => s.finding)).toEqual([a, dear, b]);
    expect(d.suppressed).toEqual([{ finding: cheap, reason: 'duplicate' }]);
  });

  it('decides 10,000 findings quickly (one map lookup each)', () => {
    const findings = Array.from({ length: 10_000 }, (_, i) => idleGpuFinding({ name: `ep-${i}` }));
    const alerts = new Map(findings.filter((_, i) => i % 2 === 0).map((f) => [f.fingerprint, record(f.fingerprint)]));
    const t0 = performance.now();
    const d = decideAlerts(findings, alerts, policy, NOW);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(d.send).toHaveLength(5_000);
    expect(d.suppressed).toHaveLength(5_000);
  });
});
