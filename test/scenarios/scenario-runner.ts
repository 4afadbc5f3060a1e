/**
 * The labelled scenario suite: each `test/scenarios/<case>.fleet.json` is a simulator fleet, and its sibling
 * `<case>.labels.json` says which findings a correct watchdog reports for it (and which near misses it must not).
 * A scenario is audited exactly like `npm start` audits the demo fleet: the real AWS, Google and Azure clients read
 * the simulator, then every detector runs. Scoring is strict: every finding produced that is not labelled counts
 * as a false positive of its kind, so a scenario fleet must label everything it contains that should fire.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { buildReaders } from '../../src/app/deps';
import { runAudit } from '../../src/app/run-audit';
import { simulatorConfig } from '../../src/cli/commands';
import { simGoogleAuth } from '../../src/cli/world';
import { configSchema } from '../../src/config/schema';
import { FINDING_KINDS, type Finding, type FindingKind } from '../../src/domain/finding';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import { loadFleet, startSimulator } from '../../src/sim/index';

export const SCENARIO_DIR = __dirname;

const Label = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  /** The finding's `ref.name`: a resource name, or a cost scope's name. */
  name: z.string().min(1),
  cloud: z.enum(['aws', 'gcp', 'azure']).optional(),
  /** Why it must (or must not) fire: documentation for the next reader. */
  why: z.string().optional(),
});

export const LabelsSchema = z.strictObject({
  description: z.string().min(1),
  /** The simulator's "now" (fleet times such as "-3d" are relative to it); fixed so weekdays and month days are stable. */
  now: z.iso.datetime().default('2026-11-18T10:00:00Z'),
  /** Config the scenario runs with (defaults otherwise), e.g. budgets. */
  config: z.record(z.string(), z.unknown()).default({}),
  findings: z.array(Label).default([]),
  nearMisses: z.array(Label).default([]),
});
export type Labels = z.output<typeof LabelsSchema>;
export type FindingLabel = z.output<typeof Label>;

export interface Scenario {
  name: string;
  fleetFile: string;
  labels: Labels;
}

export interface ScenarioResult {
  scenario: Scenario;
  produced: Finding[];
  /** Labelled findings that were produced. */
  truePositives: FindingLabel[];
  /** Produced findings no label asked for (near misses that fired land here too). */
  falsePositives: Finding[];
  /** Labelled findings that were not produced. */
  falseNegatives: FindingLabel[];
  degraded: boolean;
}

export function listScenarios(dir = SCENARIO_DIR): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.fleet.json'))
    .sort()
    .map((f) => {
      const name = basename(f, '.fleet.json');
      const labelsFile = join(dir, `${name}.labels.json`);
      const parsed = LabelsSchema.safeParse(JSON.parse(readFileSync(labelsFile, 'utf8')));
      if (!parsed.success) throw new Error(`${labelsFile}: ${z.prettifyError(parsed.error)}`);
      return { name, fleetFile: join(dir, f), labels: parsed.data };
    });
}

const matches = (l: FindingLabel, f: Finding) => l.kind === f.kind && l.name === f.ref.name && (!l.cloud || l.cloud === f.ref.cloud);

/** Audits one scenario's fleet in a fresh simulator and compares the findings with its labels. */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const fleet = loadFleet(scenario.fleetFile);
  const sim = await startSimulator({ fleet, now: new Date(scenario.labels.now) });
  try {
    const config = simulatorConfig(configSchema.parse(scenario.labels.config), sim, fleet);
    const now = () => sim.clock.now();
    const readers = buildReaders({
      config,
      now,
      readOnly: true,
      credentials: { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' },
      googleAuth: simGoogleAuth(),
      azureCredential: staticTokenCredential(),
    });
    const result = await runAudit({ config, readers, now });
    const produced = result.findings;
    const expected = scenario.labels.findings;
    return {
      scenario,
      produced,
      truePositives: expected.filter((l) => produced.some((f) => matches(l, f))),
      falseNegatives: expected.filter((l) => !produced.some((f) => matches(l, f))),
      falsePositives: produced.filter((f) => !expected.some((l) => matches(l, f))),
      degraded: result.summary.degraded,
    };
  } finally {
    await sim.close();
  }
}

export interface KindScore {
  kind: FindingKind;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Near misses labelled for this kind (cases that must stay quiet). */
  nearMisses: number;
  /** tp / (tp + fp); 1 when nothing fired and nothing should have. */
  precision: number;
  /** tp / (tp + fn); 1 when nothing was expected. */
  recall: number;
}

/** Precision and recall per finding kind over a set of scenario results. */
export function scoreByKind(results: readonly ScenarioResult[]): KindScore[] {
  return FINDING_KINDS.map((kind) => {
    const tp = results.reduce((n, r) => n + r.truePositives.filter((l) => l.kind === kind).length, 0);
    const fp = results.reduce((n, r) => n + r.falsePositives.filter((f) => f.kind === kind).length, 0);
    const fn = results.reduce((n, r) => n + r.falseNegatives.filter((l) => l.kind === kind).length, 0);
    const nearMisses = results.reduce((n, r) => n + r.scenario.labels.nearMisses.filter((l) => l.kind === kind).length, 0);
    return {
      kind,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      nearMisses,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}

/** "idle-gpu aws us-east-1 x" for messages. */
export function describeFinding(f: Finding): string {
  return `${f.kind} ${f.ref.cloud} ${f.ref.region} ${f.ref.name}`;
}
