import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../src/domain/finding';
import { describeFinding, listScenarios, runScenario, scoreByKind, type ScenarioResult } from './scenario-runner';

const scenarios = listScenarios();

describe.concurrent('labelled scenarios (test/scenarios)', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.labels.description}`, async () => {
      const r = await runScenario(scenario);
      expect(r.degraded, 'every simulated cloud reads cleanly').toBe(false);
      expect({ missed: r.falseNegatives.map((l) => `${l.kind} ${l.name}`), unexpected: r.falsePositives.map(describeFinding) }).toEqual({ missed: [], unexpected: [] });
    }, 60_000);
  }
});

describe('the suite', () => {
  it('has labelled positives and near misses for every finding kind', () => {
    const labels = scenarios.flatMap((s) => s.labels.findings.map((l) => l.kind));
    const near = scenarios.flatMap((s) => s.labels.nearMisses.map((l) => l.kind));
    expect(FINDING_KINDS.filter((k) => !labels.includes(k)), 'kinds without a positive case').toEqual([]);
    expect(FINDING_KINDS.filter((k) => !near.includes(k)), 'kinds without a near miss').toEqual([]);
  });

  it('scores precision and recall per kind, counting unlabelled findings as false positives', () => {
    const [tp, fp, fn] = [{ kind: 'idle-gpu', name: 'a' }, { kind: 'idle-gpu', name: 'b' }, { kind: 'idle-gpu', name: 'c' }] as const;
    const scenario = { name: 's', fleetFile: 'f', labels: { description: 'd', now: '', config: {}, findings: [tp, fn], nearMisses: [fp] } };
    const produced = { kind: 'idle-gpu', ref: { name: 'b' } } as unknown as ScenarioResult['produced'][number];
    const [score] = scoreByKind([{ scenario, produced: [], truePositives: [tp], falsePositives: [produced], falseNegatives: [fn], degraded: false }]);
    expect(score).toMatchObject({ kind: 'idle-gpu', truePositives: 1, falsePositives: 1, falseNegatives: 1, nearMisses: 1, precision: 0.5, recall: 0.5 });
    expect(scoreByKind([]).every((s) => s.precision === 1 && s.recall === 1)).toBe(true);
  });
});
