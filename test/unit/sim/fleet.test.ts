import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { demoFleet, fleetJsonSchema, FleetValidationError, generateFleet, loadFleet, startSimulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

const problemsOf = (raw: unknown): string[] => {
  try {
    loadFleet(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(FleetValidationError);
    return (e as FleetValidationError).problems;
  }
  throw new Error('expected the fleet to be rejected');
};

describe('fleet description', () => {
  it('lets a training job stay Starting or Pending without a start, and nothing else', () => {
    const job = (over: Record<string, unknown>) => ({ trainingJobs: [{ name: 'j-1', instanceType: 'ml.g5.xlarge', ...over }] });
    expect(loadFleet(job({ createdAt: '-2h', secondaryStatus: 'Pending' })).trainingJobs[0]).toMatchObject({ secondaryStatus: 'Pending' });
    expect(problemsOf(job({}))).toEqual([expect.stringMatching(/^trainingJobs\[0\]\.startedAt: startedAt is required/)]);
    expect(problemsOf(job({ createdAt: '-2h', secondaryStatus: 'Downloading' }))).toEqual([expect.stringMatching(/startedAt is required/)]);
    expect(problemsOf(job({ status: 'Completed', startedAt: '-3h', endedAt: '-1h', secondaryStatus: 'Starting' }))).toEqual([expect.stringMatching(/secondaryStatus is for InProgress jobs/)]);
  });

  it('rejects unknown keys, bad times and inconsistent endpoints with the path of each problem', () => {
    const problems = problemsOf({
      endpoints: [
        { name: 'a', servingMode: 'real-time', variants: [{ instanceTyp: 'ml.g5.xlarge' }], createdAt: '3 days ago' },
        { name: 'b', servingMode: 'serverless', status: 'Failed', variants: [{ instanceType: 'ml.g5.xlarge' }] },
        { name: 'b', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge' }] },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^endpoints\[0\]\.variants\[0\]: .*instanceTyp/),
        expect.stringMatching(/^endpoints\[0\]\.createdAt: .*relative/),
        expect.stringMatching(/^endpoints\[1\]\.variants\[0\]\.serverless: /),
        expect.stringMatching(/^endpoints\[1\]\.failureReason: /),
        expect.stringMatching(/^endpoints\[2\]\.name: duplicate endpoint name b/),
      ]),
    );
  });

  it('loads JSON text, JSON files and YAML files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-fleet-'));
    const json = join(dir, 'f.json');
    const yaml = join(dir, 'f.yaml');
    writeFileSync(json, JSON.stringify({ account: '111122223333', endpoints: [] }));
    writeFileSync(yaml, 'defaultRegion: eu-west-1\nnotebooks:\n  - name: nb\n    instanceType: ml.t3.medium\n');
    expect(loadFleet(json).account).toBe('111122223333');
    expect(loadFleet(yaml)).toMatchObject({ defaultRegion: 'eu-west-1', notebooks: [{ name: 'nb', status: 'InService', createdAt: '-30d' }] });
    expect(loadFleet('{"endpoints": []}').account).toBe('123456789012');
    expect(() => loadFleet(join(dir, 'missing.json'))).toThrow(/cannot read fleet file/);
    expect(() => loadFleet('{ nope')).toThrow(/not valid JSON/);
  });

  it('ships docs/fleet.schema.json generated from the zod schema (regenerate: npm run schema)', () => {
    const onDisk = JSON.parse(readFileSync(join(__dirname, '../../../docs/fleet.schema.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(fleetJsonSchema());
    expect(JSON.stringify(onDisk)).toContain('"additionalProperties":false');
  });
});

describe('demo fleet', () => {
  const fleet = demoFleet();
  const byName = new Map(fleet.endpoints.map((e) => [e.name, e]));

  it('has the realistic mix the audit demo relies on', () => {
    expect(fleet.account).toBe('123456789012');
    const abandoned = fleet.endpoints.find((e) => e.traffic.type === 'abandoned');
    expect(abandoned?.variants[0]?.instanceType).toBe('ml.g5.12xlarge');
    expect(abandoned?.tags.owner).toBe('team-nlp');
    expect(fleet.endpoints.some((e) => e.traffic.type === 'business-hours' && e.variants[0]?.instanceType === 'ml.g5.2xlarge')).toBe(true);
    expect(byName.get('search-ranker-prod')?.variants[0]).toMatchObject({ instanceType: 'ml.g5.xlarge', instanceCount: 2 });
    expect(fleet.endpoints.map((e) => e.servingMode)).toEqual(expect.arrayContaining(['inference-components', 'serverless', 'async']));
    expect(fleet.endpoints.filter((e) => e.status === 'Failed')).toHaveLength(1);
    const cpuIdle = byName.get('legacy-churn-model')!;
    expect(awsInstanceSpec(cpuIdle.variants[0]!.instanceType!).acceleratorCount).toBe(0);
    expect(byName.get('perf-benchmark-g5')?.tags['watchdog:ignore']).toBe('true');
    expect(fleet.notebooks.some((n) => n.status === 'InService' && awsInstanceSpec(n.instanceType).acceleratorCount > 0)).toBe(true);
    expect(fleet.trainingJobs.some((j) => j.status === 'InProgress')).toBe(true);
    // Every resource has an owner but one: support-ticket-classifier is the demo's unattributed spend.
    const unowned = [...fleet.endpoints, ...fleet.notebooks, ...fleet.trainingJobs].filter((r) => !r.tags.owner);
    expect(unowned.map((r) => r.name)).toEqual(['support-ticket-classifier']);
    // catalog-embeddings: steady light traffic at 8 % on four GPUs with 12 % GPU memory, the demo's underused-gpu case.
    expect(byName.get('catalog-embeddings')).toMatchObject({ traffic: { type: 'steady', gpuUtilPct: 8 }, gpuMemoryUtilPct: 12, variants: [{ instanceType: 'ml.g5.12xlarge' }] });
  });
});

describe('generateFleet', () => {
  it('builds a deterministic 10,000-endpoint fleet with about 5% idle GPUs that the simulator serves', async () => {
    const fleet = generateFleet({ endpoints: 10_000, seed: 7 });
    expect(fleet.endpoints).toHaveLength(10_000);
    const idleGpu = fleet.endpoints.filter(
      (e) => (e.traffic.type === 'idle' || e.traffic.type === 'abandoned') && e.status === 'InService' && awsInstanceSpec(e.variants[0]?.instanceType ?? '').acceleratorCount > 0,
    );
    expect(idleGpu.length / 10_000).toBeGreaterThan(0.035);
    expect(idleGpu.length / 10_000).toBeLessThan(0.065);
    expect(new Set(fleet.endpoints.map((e) => e.servingMode)).size).toBe(4);
    expect(generateFleet({ endpoints: 50, seed: 7 })).toEqual(generateFleet({ endpoints: 50, seed: 7 }));
    expect(generateFleet({ endpoints: 50, seed: 8 })).not.toEqual(generateFleet({ endpoints: 50, seed: 7 }));

    const sim = await startSimulator({ fleet, now: NOW });
    try {
      const page = await simClients(sim).sagemaker.send(new ListEndpointsCommand({ MaxResults: 100 }));
      expect(page.Endpoints).toHaveLength(100);
      expect(page.NextToken).toBeDefined();
    } finally {
      await sim.close();
    }
  });
});
