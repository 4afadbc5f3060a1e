/**
 * Detector quality over the labelled scenario suite (test/scenarios): precision and recall per finding kind,
 * against the targets of issue 6 (precision >= 0.98, recall >= 0.95 for every kind).
 */
import { listScenarios, runScenario, scoreByKind, describeFinding, type KindScore } from '../test/scenarios/scenario-runner';

export const TARGET = { precision: 0.98, recall: 0.95 };

export interface QualityReport {
  scenarios: number;
  scores: KindScore[];
  /** "scenario: missed idle-gpu x" / "scenario: unexpected ..." lines, empty when every label held. */
  misses: string[];
}

export async function measureDetectorQuality(): Promise<QualityReport> {
  const scenarios = listScenarios();
  const results = await Promise.all(scenarios.map((s) => runScenario(s)));
  const misses = results.flatMap((r) => [
    ...r.falseNegatives.map((l) => `${r.scenario.name}: missed ${l.kind} ${l.name}`),
    ...r.falsePositives.map((f) => `${r.scenario.name}: unexpected ${describeFinding(f)}`),
  ]);
  return { scenarios: scenarios.length, scores: scoreByKind(results), misses };
}

export function qualityLines(q: QualityReport): string[] {
  const ok = (s: KindScore) => (s.precision >= TARGET.precision && s.recall >= TARGET.recall ? 'yes' : 'NO');
  return [
    `Detector quality over ${q.scenarios} labelled scenarios (target precision >= ${TARGET.precision}, recall >= ${TARGET.recall}):`,
    '',
    '| kind | true pos. | false pos. | false neg. | near misses | precision | recall | meets target |',
    '|---|---|---|---|---|---|---|---|',
    ...q.scores.map(
      (s) =>
        `| ${s.kind} | ${s.truePositives} | ${s.falsePositives} | ${s.falseNegatives} | ${s.nearMisses} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${ok(s)} |`,
    ),
    ...(q.misses.length ? ['', 'Misses:', ...q.misses.map((m) => `- ${m}`)] : []),
  ];
}
