import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CreateEndpointCommand, DeleteEndpointCommand, DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { demoFleet, loadFleet, SimStateError, startSimulator, type Simulator } from '../../../src/sim/index';
import { HOUR_MS, NOW, simClients } from './sim-clients';

const MINUTE_MS = 60_000;
const NAME = 'nlp-llama3-70b-eval';

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'sim-state-')), 'nested', 'world.json');
}

async function withSim<T>(opts: { now: Date; stateFile: string }, fn: (sim: Simulator, c: ReturnType<typeof simClients>) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ fleet: demoFleet(), ...opts });
  try {
    return await fn(sim, simClients(sim));
  } finally {
    await sim.close();
  }
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('simulator state file', () => {
  it('carries every write, at its virtual time, into the next simulator started with the same file', async () => {
    const file = tempFile();
    await withSim({ now: NOW, stateFile: file }, async (sim, c) => {
      expect(sim.stateFile).toBe(file);
      sim.clock.advance(10 * MINUTE_MS);
      await c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: NAME }));
      await c.autoscaling.send(
        new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/doc-ocr-async/variant/AllTraffic', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', MinCapacity: 0, MaxCapacity: 0 }),
      );
      // A refused write is not recorded.
      await expect(c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'no-such-endpoint' }))).rejects.toMatchObject({ name: 'ValidationException' });
    });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { fleetStart: string; clock: string; writes: Array<{ at: string; operation: string; region: string }> };
    expect(doc.fleetStart).toBe(NOW.toISOString());
    expect(doc.writes.map((w) => [w.at, w.operation, w.region])).toEqual([
      ['2026-11-18T15:10:00.000Z', 'SageMaker.DeleteEndpoint', 'us-east-1'],
      ['2026-11-18T15:10:00.000Z', 'ApplicationAutoScaling.RegisterScalableTarget', 'us-east-1'],
    ]);
    expect(readdirSync(join(file, '..'))).toEqual(['world.json']); // the temporary file was renamed, not left behind

    // A new process, hours later by the wall clock: the endpoint is gone, the async endpoint is at zero, and the
    // fleet's relative times still resolve against the first run's start.
    await withSim({ now: new Date(NOW.getTime() + 3 * HOUR_MS), stateFile: file }, async (sim, c) => {
      expect(sim.clock.now().getTime()).toBe(NOW.getTime() + 3 * HOUR_MS);
      await expect(c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: NAME }))).rejects.toMatchObject({ name: 'ValidationException' });
      const names = (await c.sagemaker.send(new ListEndpointsCommand({ MaxResults: 100 }))).Endpoints?.map((e) => e.EndpointName);
      expect(names).not.toContain(NAME);
      const async = await c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'doc-ocr-async' }));
      expect(async.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(0);
      const other = await c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'search-ranker-prod' }));
      expect(other.CreationTime?.getTime()).toBe(NOW.getTime() - 200 * 24 * HOUR_MS);
      await c.sagemaker.send(new CreateEndpointCommand({ EndpointName: NAME, EndpointConfigName: `${NAME}-config` }));
    });

    // Started with an earlier clock, the third process starts at the last write instead: time never runs backwards.
    await withSim({ now: NOW, stateFile: file }, async (sim, c) => {
      expect(sim.clock.now().getTime()).toBe(NOW.getTime() + 3 * HOUR_MS);
      expect((await c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: NAME }))).EndpointStatus).toBe('Creating');
      sim.clock.advance(6 * MINUTE_MS);
      expect((await c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: NAME }))).EndpointStatus).toBe('InService');
    });
  });

  it('refuses a corrupt file, naming it, and leaves it untouched', async () => {
    const file = tempFile();
    await withSim({ now: NOW, stateFile: file }, (_sim, c) => c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: NAME })));
    writeFileSync(file, '{"format": "ml-watchdog-simulator-state", "version": 1, "writes": [');
    const err = await rejection(startSimulator({ fleet: demoFleet(), now: NOW, stateFile: file }));
    expect(err).toBeInstanceOf(SimStateError);
    expect(err).toMatchObject({ code: 'SIM_STATE_CORRUPT', file, message: expect.stringContaining(file) });
    expect(readFileSync(file, 'utf8')).toContain('"writes": [');

    writeFileSync(file, JSON.stringify({ format: 'ml-watchdog-simulator-state', version: 1, writes: [] }));
    expect(await rejection(startSimulator({ fleet: demoFleet(), now: NOW, stateFile: file }))).toMatchObject({
      code: 'SIM_STATE_CORRUPT',
      message: expect.stringContaining('fleetSha256'),
    });
  });

  it('refuses a file written for another fleet, and one whose writes no longer apply', async () => {
    const file = tempFile();
    await withSim({ now: NOW, stateFile: file }, (_sim, c) => c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: NAME })));
    const other = loadFleet({ endpoints: [] });
    expect(await rejection(startSimulator({ fleet: other, now: NOW, stateFile: file }))).toMatchObject({ code: 'SIM_STATE_FLEET_MISMATCH', file });

    const doc = JSON.parse(readFileSync(file, 'utf8')) as { writes: Array<{ input: { EndpointName: string } }> };
    doc.writes[0]!.input.EndpointName = 'never-existed';
    writeFileSync(file, JSON.stringify(doc));
    const err = await rejection(startSimulator({ fleet: demoFleet(), now: NOW, stateFile: file }));
    expect(err).toMatchObject({ code: 'SIM_STATE_REPLAY_FAILED', message: expect.stringContaining('write #1 (SageMaker.DeleteEndpoint at 2026-11-18T15:00:00.000Z)') });
    expect((err as Error).cause).toMatchObject({ type: 'ValidationException' });
  });
});
