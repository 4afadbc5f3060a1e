import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { classifyFailure } from '../../src/domain/capacity-failure';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { loadFleet, startSimulator, type Simulator } from '../../src/sim';

/**
 * SageMaker capacity and quota failures through the real SDK (DescribeEndpoint against the simulator): a Failed
 * endpoint's FailureReason, and an InService endpoint whose last update failed ("If the status of the endpoint is
 * Failed, or the status is InService but update operation fails, this provides the reason why it failed").
 */
const START = new Date('2026-11-20T12:00:00Z');
const credentials = { accessKeyId: 'AKIDCAPACITY', secretAccessKey: 'secret' };
const LIMIT = "ResourceLimitExceeded: The account-level service limit 'ml.p4d.24xlarge for endpoint usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances.";
const STOCKOUT = 'CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.';

describe('AWS reader: capacity and quota failures (real SDK against the simulator)', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reads FailureReason of a Failed endpoint and of an InService one whose scale-up update failed', async () => {
    const fleet = loadFleet({
      endpoints: [
        { name: 'llm-blocked', servingMode: 'real-time', status: 'Failed', failureReason: LIMIT, variants: [{ instanceType: 'ml.p4d.24xlarge', instanceCount: 0 }], traffic: { type: 'idle' } },
        { name: 'chat-scale-up', servingMode: 'real-time', failureReason: STOCKOUT, variants: [{ instanceType: 'ml.g5.12xlarge', instanceCount: 1 }], traffic: { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: 60 } },
        { name: 'fine', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge', instanceCount: 1 }], traffic: { type: 'steady', invocationsPerMinute: 100, gpuUtilPct: 60 } },
      ],
    });
    sim = await startSimulator({ fleet, now: START });
    const config = configSchema.parse({ clouds: { aws: { regions: [fleet.defaultRegion], endpointUrl: sim.url } } });
    const reader = createAwsReader({
      config,
      clientsFor: (region) => createAwsClients({ region, endpointUrl: sim!.url, credentials, maxAttempts: 3 }),
      costExplorer: createCostExplorerClient({ endpointUrl: sim.url, credentials, maxAttempts: 3 }),
      costCache: new InMemoryCostCache(),
      now: () => sim!.clock.now(),
    });
    const byName = new Map((await reader.inventory({})).endpoints.map((e) => [e.ref.name, e]));
    expect(byName.get('llm-blocked')).toMatchObject({ status: 'failed', providerStatus: 'Failed', failureReason: LIMIT });
    expect(classifyFailure(byName.get('llm-blocked')!.failureReason)).toBe('quota-failure');
    expect(byName.get('chat-scale-up')).toMatchObject({ status: 'in-service', providerStatus: 'InService', failureReason: STOCKOUT });
    expect(classifyFailure(byName.get('chat-scale-up')!.failureReason)).toBe('capacity-failure');
    expect(byName.get('fine')!.failureReason).toBeUndefined();
  });
});
