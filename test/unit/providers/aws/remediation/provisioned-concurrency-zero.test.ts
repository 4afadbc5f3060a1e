import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { provisionedConcurrencyZeroSpec } from '../../../../../src/providers/aws/remediation/actions/provisioned-concurrency-zero';
import { fakeAas } from './fake-aas';
import { fakeConfigEndpoint } from './fake-config-endpoint';
import { awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, writeCalls } from './support';

const ref = awsRef('endpoint', 'fraud-score-serverless');
const CONFIG = 'fraud-score-serverless-config';
const PARKED = `${CONFIG}-wd-parked`;
const DIM = 'sagemaker:variant:DesiredProvisionedConcurrency';
const RID = 'endpoint/fraud-score-serverless/variant/AllTraffic';

function world(provisionedConcurrency = 5, target?: { min: number; max: number }) {
  const endpoint = fakeConfigEndpoint({
    name: ref.name,
    config: CONFIG,
    variants: [
      {
        VariantName: 'AllTraffic',
        ModelName: 'fraud-score-model',
        ServerlessConfig: { MemorySizeInMB: 4096, MaxConcurrency: 20, ...(provisionedConcurrency ? { ProvisionedConcurrency: provisionedConcurrency } : {}) },
      },
    ],
  });
  return { ...endpoint, aas: fakeAas(target ? { [`${RID}|${DIM}`]: target } : {}) };
}

const pcOf = (w: ReturnType<typeof world>) => w.ep.pcOverride.get('AllTraffic') ?? w.configs.get(w.ep.config)!.ProductionVariants![0]!.ServerlessConfig!.ProvisionedConcurrency;

beforeEach(resetMocks);

describe('provisioned-concurrency-zero', () => {
  it('drops provisioned concurrency with a derived config (the API refuses 0) and restores the value the endpoint had', async () => {
    const w = world(5, { min: 2, max: 10 });
    // AAS had scaled provisioned concurrency to 8, away from the config's 5: restore must bring back 8.
    w.ep.pcOverride.set('AllTraffic', 8);
    const r = remediator();
    const { prior } = await r.capture(ref, 'provisioned-concurrency-zero');
    expect(prior).toEqual({
      endpointName: ref.name,
      endpointConfigName: CONFIG,
      parkedConfigName: PARKED,
      variants: [{ variantName: 'AllTraffic', provisionedConcurrency: 8, scalableTarget: { resourceId: RID, scalableDimension: DIM, minCapacity: 2, maxCapacity: 10 } }],
    });

    const park = stepLog();
    await r.park(token(ref, 'provisioned-concurrency-zero', prior), park.onStep);
    expect(park.steps).toEqual(['scaling-min-zero:AllTraffic', 'create-parked-config', 'switch-to-parked-config']);
    expect(w.aas.get(RID, DIM)).toEqual({ min: 0, max: 10 });
    expect(w.ep.config).toBe(PARKED);
    expect(pcOf(w)).toBeUndefined();
    expect(w.configs.get(PARKED)!.ProductionVariants![0]!.ServerlessConfig).toEqual({ MemorySizeInMB: 4096, MaxConcurrency: 20 });
    expect(sm.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);

    const restore = stepLog();
    await r.restore(token(ref, 'provisioned-concurrency-zero', prior), restore.onStep);
    expect(restore.steps).toEqual(['switch-to-original-config', 'restore-provisioned-concurrency', 'restore-scaling:AllTraffic', 'delete-parked-config']);
    expect(w.ep.config).toBe(CONFIG);
    expect(pcOf(w)).toBe(8);
    expect(w.aas.get(RID, DIM)).toEqual({ min: 2, max: 10 });
    expect(w.configs.has(PARKED)).toBe(false);
    expect(sm.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)[0]!.args[0].input).toEqual({
      EndpointName: ref.name,
      DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', ServerlessUpdateConfig: { ProvisionedConcurrency: 8 } }],
    });
    expectDeclared(provisionedConcurrencyZeroSpec);
  });

  it('without an auto scaling target: no AAS writes, and no capacity call when the config already has the value', async () => {
    const w = world(5);
    const r = remediator();
    const { prior } = await r.capture(ref, 'provisioned-concurrency-zero');
    await r.park(token(ref, 'provisioned-concurrency-zero', prior), stepLog().onStep);
    await r.restore(token(ref, 'provisioned-concurrency-zero', prior), stepLog().onStep);
    expect(pcOf(w)).toBe(5);
    expect(writeCalls()).toEqual(['sagemaker:CreateEndpointConfig', 'sagemaker:UpdateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:DeleteEndpointConfig']);
  });

  it('refuses a serverless endpoint without provisioned concurrency: it already costs nothing idle', async () => {
    world(0);
    await expect(remediator().capture(ref, 'provisioned-concurrency-zero')).rejects.toMatchObject({ code: 'NOT_APPLICABLE', message: expect.stringMatching(/costs nothing while idle/) });
  });

  it('restore fails clearly, and leaves the endpoint alone, when the original config was deleted meanwhile', async () => {
    const w = world(5);
    const r = remediator();
    const { prior } = await r.capture(ref, 'provisioned-concurrency-zero');
    await r.park(token(ref, 'provisioned-concurrency-zero', prior), stepLog().onStep);
    w.configs.delete(CONFIG);
    const err = await r.restore(token(ref, 'provisioned-concurrency-zero', prior), stepLog().onStep).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENDPOINT_CONFIG_MISSING', step: 'switch-to-original-config' });
    expect(w.ep.config).toBe(PARKED);
  });
});
