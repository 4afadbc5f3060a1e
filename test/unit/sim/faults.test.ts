import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeEndpointCommand, ListEndpointsCommand, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, SimFaultError, startSimulator, type Simulator } from '../../../src/sim/index';
import { HOUR_MS, NOW, simClients } from './sim-clients';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
});
afterEach(() => {
  sim.faults.clear();
  sim.resetCalls();
});
afterAll(() => sim.close());

describe('fault injection through the real SDK clients', () => {
  it('throttles once and the SDK retries to success (maxAttempts 3)', async () => {
    sim.faults.inject({ operation: 'SageMaker.ListEndpoints', kind: 'throttle', times: 1 });
    const r = await simClients(sim, { maxAttempts: 3 }).sagemaker.send(new ListEndpointsCommand({}));
    expect(r.Endpoints?.length).toBe(10);
    expect(r.$metadata.attempts).toBe(2);
    expect(sim.calls()).toEqual({ 'SageMaker.ListEndpoints': 2 });
  });

  it('surfaces throttling as a typed error when retries are exhausted', async () => {
    sim.faults.inject({ operation: 'SageMaker.ListEndpoints', kind: 'throttle' });
    const err = await simClients(sim).sagemaker.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SageMakerServiceException);
    expect(err).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400, attempts: 1 } });
  });

  it('throttles Cost Explorer with LimitExceededException, which the SDK also retries', async () => {
    sim.faults.inject({ operation: 'CostExplorer.GetCostAndUsage', kind: 'throttle', times: 2 });
    const r = await simClients(sim, { maxAttempts: 3 }).costExplorer.send(
      new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-10', End: '2026-11-11' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }),
    );
    expect(r.$metadata.attempts).toBe(3);
  });

  it('throttles CloudWatch with the query-compatible code Throttling', async () => {
    sim.faults.inject({ operation: 'CloudWatch.*', kind: 'throttle' });
    const err = await simClients(sim)
      .cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(NOW.getTime() - HOUR_MS), EndTime: NOW, MetricDataQueries: [] }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'Throttling', Code: 'Throttling', $metadata: { httpStatusCode: 400 } });
  });

  it('retries 5xx server errors and reports AccessDenied and ExpiredToken without retrying', async () => {
    sim.faults.inject({ operation: 'SageMaker.DescribeEndpoint', kind: 'server-error', times: 1 });
    const client = simClients(sim, { maxAttempts: 3 }).sagemaker;
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: 'search-ranker-prod' }))).resolves.toMatchObject({ $metadata: { attempts: 2 } });

    sim.faults.inject({ operation: 'SageMaker.ListEndpoints', kind: 'access-denied' });
    await expect(client.send(new ListEndpointsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: sagemaker:ListEndpoints'),
      $metadata: { attempts: 1 },
    });
    sim.faults.inject({ operation: '*', kind: 'expired-token' });
    await expect(simClients(sim, { maxAttempts: 3 }).tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException', $metadata: { attempts: 1 } });
  });

  it('delays answers so client timeouts fire', async () => {
    sim.faults.inject({ operation: 'SageMaker.ListEndpoints', kind: 'delay', delayMs: 1500, times: 1 });
    const err = await simClients(sim, { requestTimeout: 200 }).sagemaker.send(new ListEndpointsCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError' });
    await expect(simClients(sim).sagemaker.send(new ListEndpointsCommand({}))).resolves.toBeDefined();
  });

  it('stops injecting after clear() and rejects malformed fault specs', async () => {
    sim.faults.inject({ operation: '*', kind: 'server-error' });
    sim.faults.clear();
    await expect(simClients(sim).sagemaker.send(new ListEndpointsCommand({}))).resolves.toBeDefined();
    expect(() => sim.faults.inject({ operation: 'ListEndpoints', kind: 'throttle' })).toThrow(SimFaultError);
    expect(() => sim.faults.inject({ operation: '*', kind: 'explode' as never })).toThrow(/unknown fault kind/);
  });
});

describe('call counting', () => {
  it('counts each call per <Service>.<Operation> and resets', async () => {
    const c = simClients(sim);
    await c.sagemaker.send(new ListEndpointsCommand({}));
    await c.sagemaker.send(new ListEndpointsCommand({}));
    await c.tagging.send(new GetResourcesCommand({}));
    await c.costExplorer.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-10', End: '2026-11-11' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }));
    expect(sim.calls()).toEqual({ 'SageMaker.ListEndpoints': 2, 'Tagging.GetResources': 1, 'CostExplorer.GetCostAndUsage': 1 });
    sim.resetCalls();
    expect(sim.calls()).toEqual({});
  });
});
