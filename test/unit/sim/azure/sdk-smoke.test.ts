import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { MonitorClient } from '@azure/arm-monitor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { armClientOptions } from '../../../../src/providers/azure/arm-options';
import { demoFleet } from '../../../../src/sim/index';
import { DEMO_RG as RG, DEMO_SUBSCRIPTION as SUB, DEMO_WORKSPACE as WS, demoEndpointId, startAzureSim, type AzureSim } from '../../../contract/azure-sim';

/** The real Azure SDK clients (Machine Learning, Monitor) against the simulated demo world. */
let w: AzureSim;
let ml: AzureMachineLearningWorkspaces;
let monitor: MonitorClient;
const MIN = 60_000;

beforeEach(async () => {
  w = await startAzureSim('demo');
  ml = new AzureMachineLearningWorkspaces(w.credential, SUB, armClientOptions(w.config.clouds.azure));
  monitor = new MonitorClient(w.credential, SUB, armClientOptions(w.config.clouds.azure));
});
afterEach(() => w.close());

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const span = (fromMs: number, toMs: number) => `${new Date(fromMs).toISOString()}/${new Date(toMs).toISOString()}`;

describe('Azure SDK clients against the simulator', () => {
  it('lists the demo inventory', async () => {
    const workspaces = await all(ml.workspaces.listBySubscription());
    expect(workspaces.map((x) => [x.name, x.location])).toEqual([['mlw-prod', 'eastus']]);
    expect((await all(ml.workspaces.listByResourceGroup(RG))).map((x) => x.name)).toEqual(['mlw-prod']);

    const endpoints = await all(ml.onlineEndpoints.list(RG, WS));
    const fraud = endpoints.find((e) => e.name === 'fraud-scorer')!;
    expect(fraud).toMatchObject({ id: demoEndpointId('fraud-scorer'), location: 'eastus', tags: { owner: 'risk-team', env: 'prod' }, properties: { authMode: 'Key', provisioningState: 'Succeeded', traffic: { blue: 100 } } });
    expect(fraud.systemData?.createdAt).toBeInstanceOf(Date);

    const [green] = await all(ml.onlineDeployments.list(RG, WS, 'support-chat'));
    expect(green).toMatchObject({ name: 'green', sku: { capacity: 2 }, properties: { endpointComputeType: 'Managed', instanceType: 'Standard_NC24ads_A100_v4', provisioningState: 'Succeeded', model: 'azureml:support-llm:4' } });

    const computes = await all(ml.computeOperations.list(RG, WS));
    const research = computes.find((c) => c.name === 'ci-gpu-research')!;
    expect(research.properties).toMatchObject({ computeType: 'ComputeInstance', properties: { vmSize: 'Standard_NC6s_v3', state: 'Running', createdBy: { userName: 'alice@contoso.com' } } });
    expect((research.properties as unknown as { properties: Record<string, unknown> }).properties.idleTimeBeforeShutdown).toBeUndefined();
    const dev = computes.find((c) => c.name === 'ci-cpu-dev')!;
    expect(dev.properties).toMatchObject({ properties: { state: 'Stopped', idleTimeBeforeShutdown: 'PT60M' } });
    expect(computes.find((c) => c.name === 'gpu-cluster')!.properties).toMatchObject({ computeType: 'AmlCompute', properties: { currentNodeCount: 2 } });

    const [job] = await all(ml.jobs.list(RG, WS, { listViewType: 'All' }));
    expect(job).toMatchObject({ name: 'ft-llama-lora-0412', properties: { jobType: 'Command', status: 'Running', experimentName: 'llama-finetune', resources: { instanceCount: 2, instanceType: 'Standard_NC24ads_A100_v4' } } });
  });

  it('follows nextLink pages through the redirecting client', async () => {
    const fleet = demoFleet();
    fleet.azure = { ...fleet.azure!, listPageSize: 1 };
    const paged = await startAzureSim(fleet);
    try {
      const client = new AzureMachineLearningWorkspaces(paged.credential, SUB, armClientOptions(paged.config.clouds.azure));
      expect((await all(client.computeOperations.list(RG, WS))).map((c) => c.name).sort()).toEqual(['ci-cpu-dev', 'ci-gpu-finetune', 'ci-gpu-research', 'gpu-cluster']);
      expect((await all(client.onlineEndpoints.list(RG, WS))).map((e) => e.name).sort()).toEqual(['fraud-scorer', 'support-chat']);
      expect(paged.sim.calls()['MachineLearning.Compute_List']).toBe(4);
    } finally {
      await paged.close();
    }
  });

  it('sets traffic to 0, deletes a deployment, recreates it behind the same endpoint', async () => {
    const endpoint = await ml.onlineEndpoints.get(RG, WS, 'fraud-scorer');
    const blue = await ml.onlineDeployments.get(RG, WS, 'fraud-scorer', 'blue');
    // Azure refuses to delete a deployment that still takes traffic.
    await expect(ml.onlineDeployments.beginDelete(RG, WS, 'fraud-scorer', 'blue')).rejects.toMatchObject({ statusCode: 400, code: 'BadArgument' });

    const traffic = await ml.onlineEndpoints.beginCreateOrUpdate(RG, WS, 'fraud-scorer', { ...endpoint, properties: { ...endpoint.properties, traffic: { blue: 0 } } });
    expect(traffic.isDone()).toBe(false);
    w.sim.clock.advance(30_000);
    await traffic.poll();
    expect(traffic.isDone()).toBe(true);
    expect(traffic.getResult()?.properties.traffic).toEqual({ blue: 0 });

    const del = await ml.onlineDeployments.beginDelete(RG, WS, 'fraud-scorer', 'blue');
    expect(del.isDone()).toBe(false);
    expect((await ml.onlineDeployments.get(RG, WS, 'fraud-scorer', 'blue')).properties.provisioningState).toBe('Deleting');
    w.sim.clock.advance(MIN);
    await del.poll();
    expect(del.isDone()).toBe(false);
    w.sim.clock.advance(MIN);
    await del.poll();
    expect(del.isDone()).toBe(true);
    await expect(ml.onlineDeployments.get(RG, WS, 'fraud-scorer', 'blue')).rejects.toMatchObject({ statusCode: 404 });
    expect(await all(ml.onlineDeployments.list(RG, WS, 'fraud-scorer'))).toEqual([]);
    expect((await ml.onlineEndpoints.get(RG, WS, 'fraud-scorer')).properties.traffic).toEqual({});

    const create = await ml.onlineDeployments.beginCreateOrUpdate(RG, WS, 'fraud-scorer', 'blue', { location: blue.location, tags: blue.tags, sku: blue.sku, properties: blue.properties });
    expect(create.isDone()).toBe(false);
    expect((await ml.onlineDeployments.get(RG, WS, 'fraud-scorer', 'blue')).properties.provisioningState).toBe('Creating');
    for (let i = 0; i < 8 && !create.isDone(); i++) {
      w.sim.clock.advance(MIN);
      await create.poll();
    }
    expect(create.isDone()).toBe(true);
    const again = create.getResult()!;
    expect(again.properties).toMatchObject({ provisioningState: 'Succeeded', instanceType: 'Standard_NC24ads_A100_v4', model: 'azureml:fraud-xgb:7' });
    expect(again.sku?.capacity).toBe(1);
    // The endpoint is untouched: same scoring URI.
    expect((await ml.onlineEndpoints.get(RG, WS, 'fraud-scorer')).properties.scoringUri).toBe(endpoint.properties.scoringUri);
    const calls = w.sim.calls();
    expect(calls['MachineLearning.OnlineDeployments_Delete']).toBe(2);
    expect(calls['MachineLearning.OperationStatus_Get']).toBeGreaterThan(5);
  });

  it('stops a compute instance and cancels a job', async () => {
    const stop = await ml.computeOperations.beginStop(RG, WS, 'ci-gpu-research');
    expect((await ml.computeOperations.get(RG, WS, 'ci-gpu-research')).properties).toMatchObject({ properties: { state: 'Stopping' } });
    w.sim.clock.advance(MIN);
    await stop.poll();
    expect(stop.isDone()).toBe(true);
    expect((await ml.computeOperations.get(RG, WS, 'ci-gpu-research')).properties).toMatchObject({ properties: { state: 'Stopped', lastOperation: { operationName: 'Stop', operationStatus: 'Succeeded' } } });

    const cancel = await ml.jobs.beginCancel(RG, WS, 'ft-llama-lora-0412');
    expect((await ml.jobs.get(RG, WS, 'ft-llama-lora-0412')).properties.status).toBe('CancelRequested');
    w.sim.clock.advance(MIN);
    await cancel.poll();
    expect(cancel.isDone()).toBe(true);
    expect((await ml.jobs.get(RG, WS, 'ft-llama-lora-0412')).properties.status).toBe('Canceled');
  });

  it('reads Azure Monitor metrics: the idle endpoint has zero requests with full coverage, the busy one serves', async () => {
    const now = w.sim.clock.now().getTime();
    const idle = await monitor.metrics.list(demoEndpointId('fraud-scorer'), { metricnames: 'RequestsPerMinute', timespan: span(now - 72 * 3_600_000, now), interval: 'PT1H', aggregation: 'Total,Count', metricnamespace: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints' });
    const data = idle.value[0]!.timeseries![0]!.data!;
    expect(data).toHaveLength(72);
    expect(data.every((p) => p.total === 0 && p.count === 60)).toBe(true);

    const earlier = await monitor.metrics.list(demoEndpointId('fraud-scorer'), { metricnames: 'RequestsPerMinute', timespan: span(now - 7 * 86_400_000, now - 72 * 3_600_000), interval: 'P1D', aggregation: 'Total' });
    expect(earlier.value[0]!.timeseries![0]!.data!.some((p) => (p.total ?? 0) > 0)).toBe(true);

    const busy = await monitor.metrics.list(demoEndpointId('support-chat'), { metricnames: 'RequestsPerMinute,RequestLatency', timespan: span(now - 3_600_000, now), interval: 'PT5M', aggregation: 'Total,Average', filter: "deployment eq '*'" });
    const [rpm, latency] = busy.value;
    expect(rpm!.timeseries!.map((s) => s.metadatavalues![0]!)).toEqual([{ name: { value: 'deployment', localizedValue: 'deployment' }, value: 'green' }]);
    expect(rpm!.timeseries![0]!.data!.every((p) => p.total === 450)).toBe(true);
    expect(latency!.unit).toBe('MilliSeconds');
    expect(latency!.timeseries![0]!.data![0]!.average).toBeGreaterThan(300);

    const gpu = await monitor.metrics.list(`${demoEndpointId('support-chat')}/deployments/green`, { metricnames: 'GpuUtilizationPercentage,DeploymentCapacity', timespan: span(now - 3_600_000, now), interval: 'PT1H', aggregation: 'Average' });
    expect(gpu.value[0]!.timeseries![0]!.data![0]!.average).toBeGreaterThan(55);
    expect(gpu.value[1]!.timeseries![0]!.data![0]!.average).toBe(2);

    await expect(monitor.metrics.list(demoEndpointId('fraud-scorer'), { metricnames: 'GpuUtilization', timespan: span(now - 3_600_000, now) })).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });
});
