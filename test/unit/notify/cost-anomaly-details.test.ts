import { describe, expect, it } from 'vitest';
import { detectCostAnomaly } from '../../../src/detectors/cost-anomaly';
import { detectHiddenCost } from '../../../src/detectors/hidden-cost';
import { addDays } from '../../../src/detectors/spend-baseline';
import type { CostLine } from '../../../src/domain/cost';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { config, costLine, snapshot } from '../../support/builders';

const NOW = new Date('2026-11-18T10:00:00Z');
const ago = (n: number) => addDays('2026-11-18', -n);
function days(value: (n: number) => number, over: Partial<CostLine> = {}): CostLine[] {
  return Array.from({ length: 29 }, (_, i) => costLine(ago(29 - i), value(29 - i), over));
}
const view = (f: Parameters<typeof buildAlertView>[0]) => {
  const v = buildAlertView(f, { now: NOW, ownerTag: 'owner', reason: 'new' });
  return { v, facts: Object.fromEntries(v.facts.map((x) => [x.label, x.value])) };
};

describe('cost-anomaly alert view', () => {
  it('shows the day against its baseline, who saw it, the drivers and AWS\'s impact; no Park button', () => {
    const costs = [
      ...days((n) => (n === 1 ? 700 : 100)),
      ...days((n) => (n === 1 ? 650 : 50), { breakdown: 'owner', Tags: { owner: 'team-nlp' } }),
      ...days(() => 50, { breakdown: 'owner', Tags: { owner: 'team-cv' } }),
    ];
    const nativeAnomalies = [
      {
        cloud: 'aws' as const,
        id: 'a-1',
        monitor: 'm',
        startDay: ago(1),
        endDay: ago(0),
        rootCauses: [{ service: 'Amazon SageMaker', region: 'us-east-1', usageType: 'USE1-Train:ml.p4d.24xlarge', contribution: 1100 }],
        impact: { maxImpact: 600, totalImpact: 1100, totalActualSpend: 1300, totalExpectedSpend: 200 },
        currency: 'USD',
        source: 's',
      },
    ];
    const [f] = detectCostAnomaly(snapshot({ costs, nativeAnomalies }, NOW), config(), NOW);
    const { v, facts } = view(f!);
    expect(v.kindLabel).toBe('Cost anomaly');
    expect(facts.Resource).toBe('aws 123456789012 Amazon SageMaker (cost-scope)');
    expect(facts.Spend).toBe('$700.00 on 2026-11-17, 7.0x the baseline of $100.00');
    expect(facts.Baseline).toBe('same weekday: 2026-11-10, 2026-11-03, 2026-10-27, 2026-10-20; robust z 120.0');
    expect(facts['Seen by']).toBe('ml-watchdog baseline and AWS Cost Anomaly Detection');
    expect(facts['AWS impact']).toBe('$1,100.00 total impact, $1,300.00 actual vs $200.00 expected (2026-11-17 .. 2026-11-18)');
    expect(facts.Owners).toBe('team-nlp (+$600/day, 100%)');
    expect(facts['AWS root causes']).toBe('USE1-Train:ml.p4d.24xlarge (+$550/day, 100%)');
    expect(facts['Owner jumps included']).toBe('team-nlp');
    expect(facts.Owner).toBe('team-nlp');
    expect(v.buttons.map((b) => b.actionId)).not.toContain('wd_park');
    expect(v.cost.basisLabel).toBe('billed');
  });

  it('shows a hidden cost\'s week against the one before and the platform\'s', () => {
    const costs = [
      ...days(() => 1000),
      ...days((n) => 30 * Math.pow(1.35, -n / 7), { ServiceName: 'AmazonCloudWatch' }),
    ];
    const [f] = detectHiddenCost(snapshot({ costs }, NOW), config(), NOW);
    const { v, facts } = view(f!);
    expect(v.kindLabel).toBe('Hidden cost');
    expect(facts.Category).toBe('Logging');
    expect(facts['Last 7 days']).toMatch(/^\$177\.56 \(2026-11-11 \.\. 2026-11-17\), \+35% on the 7 before \(\$131\.52\)$/);
    expect(facts.Platform).toBe('$7,000.00 in the same days, +0%; this category is 3% of it');
    expect(facts.Why).toBe('grows faster than the platform');
    expect(facts.Services).toBe('AmazonCloudWatch $177.56 (+35%)');
  });
});
