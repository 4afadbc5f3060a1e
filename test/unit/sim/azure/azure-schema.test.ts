import { describe, expect, it } from 'vitest';
import { buildFleetState } from '../../../../src/sim/fleet-state';
import { demoFleet, FleetSchema } from '../../../../src/sim/index';
import { azureUsageSource } from '../../../../src/sim/azure/azure-usage-records';

const NOW = new Date('2026-11-18T15:00:00Z').getTime();
const SUB = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
const base = () => ({
  subscriptions: [{ id: SUB }],
  workspaces: [{ name: 'mlw-prod', resourceGroup: 'rg-ml-prod' }],
});
const dep = (over: Record<string, unknown> = {}) => ({ name: 'blue', instanceType: 'Standard_NC24ads_A100_v4', model: 'azureml:m:1', ...over });
const problems = (azure: unknown) => {
  const r = FleetSchema.safeParse({ azure });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('azure fleet schema', () => {
  it('accepts the demo fleet with defaults filled in', () => {
    const az = demoFleet().azure!;
    expect(az.defaultLocation).toBe('eastus');
    expect(az.listPageSize).toBe(100);
    expect(az.billing.currency).toBe('USD');
    expect(az.endpoints.map((e) => e.name)).toEqual(['fraud-scorer', 'support-chat']);
    expect(az.endpoints[0]!.authMode).toBe('Key');
    expect(az.endpoints[0]!.deployments[0]!.provisioningState).toBe('Succeeded');
  });

  it('names the offending field with a clear message', () => {
    expect(problems({ ...base(), subscriptions: [{ id: 'not-a-guid' }] })).toEqual([expect.stringContaining('subscriptions.0.id: a GUID')]);
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'nope', deployments: [] }] })).toEqual(['azure.endpoints.0.workspace: workspace nope is not in azure.workspaces']);
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'mlw-prod', deployments: [dep({ trafficPct: 60 }), dep({ name: 'green', trafficPct: 30 })] }] })).toEqual([
      "azure.endpoints.0.deployments: the deployments' trafficPct must add up to 100 or 0 (they add up to 90)",
    ]);
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'mlw-prod', deployments: [dep({ instanceCount: 0 })] }] })[0]).toContain('cannot scale to zero');
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'mlw-prod', deployments: [dep({ instanceType: 'Standard_XYZ9' })] }] })[0]).toContain('no price for this VM size');
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'mlw-prod', deployments: [dep({ model: 'fraud' })] }] })[0]).toContain('azureml:<name>:<version>');
    expect(problems({ ...base(), jobs: [{ name: 'j1', workspace: 'mlw-prod', compute: 'c1', instanceType: 'Standard_DS3_v2', status: 'Completed', startedAt: '-2h' }] })).toEqual([
      'azure.jobs.0.endedAt: a Completed job needs endedAt',
    ]);
    expect(problems({ ...base(), computeInstances: [{ name: 'ci', workspace: 'mlw-prod', vmSize: 'Standard_DS3_v2' }, { name: 'CI', workspace: 'mlw-prod', vmSize: 'Standard_DS3_v2' }] })[0]).toContain(
      'duplicate compute CI in workspace mlw-prod',
    );
    expect(problems({ ...base(), endpoints: [{ name: 'ep-one', workspace: 'mlw-prod', deployments: [dep({ provisioningState: 'Failed' })] }] })).toEqual([
      'azure.endpoints.0.deployments.0.trafficPct: a Failed deployment cannot take traffic',
    ]);
  });
});

describe('azure usage source', () => {
  it('bills live deployments on their endpoint, running compute instances and jobs, per UTC day', () => {
    const state = buildFleetState(demoFleet(), NOW);
    const day = Date.parse('2026-11-17T00:00:00Z');
    const rows = azureUsageSource(state)(day, day + 86_400_000, NOW);
    const by = (suffix: string) => rows.filter((r) => r.resourceId.endsWith(suffix));
    const green = by('/onlineEndpoints/support-chat');
    expect(green).toHaveLength(1);
    expect(green[0]!.quantity).toBeCloseTo(48);
    expect(green[0]!.cost).toBeCloseTo(48 * 3.67);
    expect(green[0]!).toMatchObject({ meterCategory: 'Virtual Machines', meter: 'NC24ads A100 v4', serviceName: 'Azure Machine Learning', tags: { owner: 'cx-team', env: 'prod' } });
    expect(by('/computes/ci-gpu-research')[0]!.quantity).toBeCloseTo(24);
    // ci-cpu-dev stopped at -2d (2026-11-16T15:00): nothing on the 17th, 15 h on the 16th.
    expect(by('/computes/ci-cpu-dev')).toEqual([]);
    const dev = azureUsageSource(state)(day - 86_400_000, day, NOW).filter((r) => r.resourceId.endsWith('/computes/ci-cpu-dev'));
    expect(dev.map((r) => r.quantity)).toEqual([15]);
    // The job started at -20h (2026-11-17T19:00): 5 h on the 17th, 2 nodes.
    expect(by('/computes/gpu-cluster')[0]!.quantity).toBeCloseTo(10);
    // Nothing is billed after "now".
    expect(azureUsageSource(state)(NOW, NOW + 86_400_000, NOW)).toEqual([]);
  });
});
