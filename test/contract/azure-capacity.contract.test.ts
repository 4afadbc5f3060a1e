import { MonitorClient } from '@azure/arm-monitor';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/domain/capacity-failure';
import { activityFilter } from '../../src/providers/azure/activity-log';
import { armClientOptions } from '../../src/providers/azure/arm-options';
import { createAzureReader } from '../../src/providers/azure/azure-reader';
import type { FleetInput } from '../../src/sim/index';
import { AZURE_START, startAzureSim, type AzureSim } from './azure-sim';

/**
 * Azure ML deployment failures through the real SDK clients: the deployment resource says only `Failed`; its
 * error (OutOfQuota, OutOfCapacity ...) is read from the Activity Log (MonitorClient.activityLogs.list), one call
 * per Failed deployment.
 */
const SUBSCRIPTION = '21111111-2222-4333-8444-555555555555';
const QUOTA = 'Not enough quota available for Standard_NC24ads_A100_v4 in SubscriptionId 21111111-2222-4333-8444-555555555555. Current usage/limit: 24/24. Additional needed: 24';
const CAPACITY = 'The specified VM Size failed to provision due to a lack of Azure Machine Learning capacity. Retry later or try deploying to a different region.';

const serving = { name: 'blue', instanceType: 'Standard_NC24ads_A100_v4', instanceCount: 1, model: 'azureml:m:1', trafficPct: 100, traffic: { type: 'steady', invocationsPerMinute: 60, gpuUtilPct: 50 } };
const failedGreen = (code: string, message: string) => ({ name: 'green', instanceType: 'Standard_NC24ads_A100_v4', instanceCount: 2, model: 'azureml:m:2', trafficPct: 0, provisioningState: 'Failed', error: { code, message }, createdAt: '-3h' });

function fleet(endpoints: unknown[]): FleetInput {
  return { azure: { subscriptions: [{ id: SUBSCRIPTION }], workspaces: [{ name: 'mlw-cap', resourceGroup: 'rg-cap', location: 'eastus' }], endpoints } } as FleetInput;
}

const reader = (az: AzureSim) => createAzureReader({ config: az.config, credential: az.credential, now: () => az.sim.clock.now() });

describe('Azure reader: deployment failures from the Activity Log (real SDK clients against the simulator)', () => {
  let az: AzureSim | undefined;
  afterEach(async () => {
    await az?.close();
    az = undefined;
  });

  it('names the Failed deployment with its OutOfQuota error, counts no instance for it, and reads the log once', async () => {
    az = await startAzureSim(fleet([{ name: 'chat', workspace: 'mlw-cap', tags: { env: 'prod' }, deployments: [serving, failedGreen('OutOfQuota', QUOTA)] }]));
    const r = reader(az);
    const [e] = (await r.inventory({})).endpoints;
    expect(e!.failureReason).toBe(`deployment green: OutOfQuota: ${QUOTA}`);
    expect(classifyFailure(e!.failureReason)).toBe('quota-failure');
    expect(e!.variants.map((v) => [v.name, v.currentInstanceCount, v.desiredInstanceCount])).toEqual([
      ['blue', 1, 1],
      ['green', 0, 2],
    ]);
    expect(e!.status).toBe('in-service');
    expect(az.sim.calls()['Monitor.ActivityLogs_List']).toBe(1);
    expect(r.status().find((s) => s.component.startsWith('inventory:'))?.state).toBe('ok');
  });

  it('reads OutOfCapacity as a stockout, and makes no Activity Log call when nothing failed', async () => {
    az = await startAzureSim(fleet([{ name: 'vision', workspace: 'mlw-cap', deployments: [serving, failedGreen('OutOfCapacity', CAPACITY)] }]));
    const [e] = (await reader(az).inventory({})).endpoints;
    expect(classifyFailure(e!.failureReason)).toBe('capacity-failure');
    await az.close();
    az = await startAzureSim(fleet([{ name: 'fine', workspace: 'mlw-cap', deployments: [serving] }]));
    const [fine] = (await reader(az).inventory({})).endpoints;
    expect(fine!.failureReason).toBeUndefined();
    expect(az.sim.calls()['Monitor.ActivityLogs_List'] ?? 0).toBe(0);
  });

  it('finds the reason of a deployment that has stayed Failed for a month (searched from its last change)', async () => {
    az = await startAzureSim(fleet([{ name: 'old', workspace: 'mlw-cap', createdAt: '-60d', deployments: [serving, { ...failedGreen('OutOfQuota', QUOTA), createdAt: '-30d' }] }]));
    const [e] = (await reader(az).inventory({})).endpoints;
    expect(e!.failureReason).toBe(`deployment green: OutOfQuota: ${QUOTA}`);
  });

  it('answers ActivityLogs_List in ARM shape: the failed write with statusMessage, newest first', async () => {
    az = await startAzureSim(fleet([{ name: 'chat', workspace: 'mlw-cap', deployments: [serving, failedGreen('OutOfQuota', QUOTA)] }]));
    const client = new MonitorClient(az.credential, SUBSCRIPTION, armClientOptions(az.config.clouds.azure));
    const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-cap/providers/Microsoft.MachineLearningServices/workspaces/mlw-cap/onlineEndpoints/chat/deployments/green`;
    const events = [];
    for await (const ev of client.activityLogs.list(activityFilter(id, AZURE_START))) events.push(ev);
    expect(events.map((ev) => ev.status?.value)).toEqual(['Failed', 'Started']);
    const failed = events[0]!;
    expect(failed.operationName?.value).toBe('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write');
    expect(failed.eventTimestamp).toBeInstanceOf(Date);
    expect(JSON.parse(failed.properties!.statusMessage!)).toMatchObject({ status: 'Failed', error: { details: [{ code: 'OutOfQuota', message: QUOTA }] } });
    // Another resource's events are not returned; a filter without the start time is refused.
    const other = [];
    for await (const ev of client.activityLogs.list(activityFilter(id.replace('/green', '/blue'), AZURE_START))) other.push(ev);
    expect(other).toEqual([]);
    await expect(async () => {
      for await (const ev of client.activityLogs.list(`resourceUri eq '${id}'`)) void ev;
    }).rejects.toThrow(/eventTimestamp/);
  });

  it('keeps the endpoint when the Activity Log is denied, with the bare Failed state and a status that says so', async () => {
    az = await startAzureSim(fleet([{ name: 'chat', workspace: 'mlw-cap', deployments: [serving, failedGreen('OutOfQuota', QUOTA)] }]));
    az.sim.faults.inject({ operation: 'Monitor.ActivityLogs_List', kind: 'access-denied' });
    const r = reader(az);
    const [e] = (await r.inventory({})).endpoints;
    expect(e!.failureReason).toBe('deployment(s) green in state Failed');
    // Without the error the reader cannot tell the VMs were never placed: it keeps counting them (to-domain.ts).
    expect(e!.variants.find((v) => v.name === 'green')!.currentInstanceCount).toBe(2);
    const status = r.status().find((s) => s.component.startsWith('inventory:'))!;
    expect(status.state).toBe('missing-data');
    expect(status.message).toMatch(/Activity Log of Failed deployments/);
  });
});
