import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { SIM_CREDENTIALS, simHarness, type SimHarness } from '../support/sim-deps';

describe('AWS calls that hang', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness();
  });
  afterAll(() => h.sim.close());

  it('are cut off at requestTimeoutMs and reported as a status instead of stalling the run', async () => {
    const opts = { endpointUrl: h.sim.url, credentials: SIM_CREDENTIALS, maxAttempts: 1, requestTimeoutMs: 300 };
    const reader = createAwsReader({
      config: h.config,
      clientsFor: (region) => createAwsClients({ ...opts, region }),
      costExplorer: createCostExplorerClient(opts),
      costCache: new InMemoryCostCache(),
      now: h.now,
    });
    h.sim.faults.inject({ operation: 'SageMaker.ListEndpoints', kind: 'delay', delayMs: 3_000 });
    const started = Date.now();
    const inv = await reader.inventory({ regions: ['us-east-1'] });
    h.sim.faults.clear();
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(inv.endpoints).toEqual([]);
    const status = reader.status().find((s) => s.component === 'inventory:us-east-1');
    expect(status?.state).toBe('error');
  });
});
