/**
 * Notebook activity and idle-shutdown facts, read by the real AWS, Google and Azure clients from the simulator in
 * each vendor's wire format: SageMaker ListNotebookInstances LastModifiedTime / lifecycle config and DescribeApp
 * (LastUserActivityTimestamp equal to LastHealthCheckTimestamp, as documented), Workbench updateTime and the
 * idle-timeout-seconds metadata, Azure ML lastOperation and idleTimeBeforeShutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReaders } from '../../src/app/deps';
import { simulatorConfig } from '../../src/cli/commands';
import { simGoogleAuth } from '../../src/cli/world';
import { configSchema } from '../../src/config/schema';
import type { Notebook } from '../../src/domain/resources';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import { loadFleet, startSimulator, type Simulator } from '../../src/sim/index';

const NOW = new Date('2026-11-18T10:00:00Z');
const HOUR = 3_600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);

const FLEET = loadFleet({
  notebooks: [
    { name: 'nb-bare', instanceType: 'ml.g5.xlarge', createdAt: '-20d', lastActivity: '-2d', tags: { owner: 'a' } },
    { name: 'nb-autostop', instanceType: 'ml.g5.xlarge', createdAt: '-20d', lastActivity: '-3h', lifecycleConfigName: 'auto-stop-idle', tags: { owner: 'a' } },
  ],
  studioApps: [{ domainId: 'd-contract1', userProfileName: 'kim', appType: 'KernelGateway', appName: 'kg-1', instanceType: 'ml.g5.2xlarge', createdAt: '-6h', tags: { owner: 'a' } }],
  gcp: {
    projects: [{ id: 'contract-nb', number: '333333333333' }],
    workbenchInstances: [
      { id: 'wb-timeout', zone: 'us-central1-a', machineType: 'n1-standard-8', accelerators: [{ type: 'NVIDIA_TESLA_T4', coreCount: 1 }], idleTimeoutSeconds: 43200, createdAt: '-20d', startedAt: '-5h' },
      { id: 'wb-none', zone: 'us-central1-a', machineType: 'n1-standard-8', createdAt: '-20d' },
    ],
  },
  azure: {
    subscriptions: [{ id: '0a1b2c3d-0000-4000-8000-000000000009' }],
    workspaces: [{ name: 'mlw-c', resourceGroup: 'rg-c', location: 'eastus' }],
    computeInstances: [
      { name: 'ci-started', workspace: 'mlw-c', vmSize: 'Standard_NC6s_v3', idleShutdownMinutes: 60, createdAt: '-20d', startedAt: '-4h' },
      { name: 'ci-never-started', workspace: 'mlw-c', vmSize: 'Standard_NC6s_v3', createdAt: '-10d' },
    ],
  },
});

let sim: Simulator;
let byName: Map<string, Notebook>;

beforeAll(async () => {
  sim = await startSimulator({ fleet: FLEET, now: NOW });
  const config = simulatorConfig(configSchema.parse({}), sim, FLEET);
  const readers = buildReaders({
    config,
    now: () => sim.clock.now(),
    readOnly: true,
    credentials: { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' },
    googleAuth: simGoogleAuth(),
    azureCredential: staticTokenCredential(),
  });
  const inventories = await Promise.all(readers.map((r) => r.inventory({})));
  byName = new Map(inventories.flatMap((i) => i.notebooks).map((n) => [n.ref.name, n]));
});

afterAll(async () => {
  await sim?.close();
});

describe('notebook activity and idle shutdown through the real SDKs', () => {
  it('SageMaker notebook instances: LastModifiedTime as activity; no lifecycle config means no idle shutdown', () => {
    expect(byName.get('nb-bare')).toMatchObject({ activitySource: 'last-modified', lastActivityAt: ago(48), idleShutdownState: 'absent' });
    expect(byName.get('nb-autostop')).toMatchObject({ activitySource: 'last-modified', lastActivityAt: ago(3), idleShutdownState: 'unknown' });
  });

  it('SageMaker Studio apps: DescribeApp user activity equals the health check, so the creation time stands', () => {
    const app = byName.get('d-contract1/kim/KernelGateway/kg-1');
    expect(app).toMatchObject({ activitySource: 'created', lastActivityAt: ago(6), idleShutdownState: 'unknown' });
    expect(sim.calls()['SageMaker.DescribeApp']).toBe(1);
  });

  it('Workbench: updateTime of the last start, and idle-timeout-seconds as minutes', () => {
    expect(byName.get('wb-timeout')).toMatchObject({ activitySource: 'last-modified', lastActivityAt: ago(5), idleShutdownState: 'configured', idleShutdownMinutes: 720 });
    expect(byName.get('wb-none')).toMatchObject({ lastActivityAt: ago(480), idleShutdownState: 'absent' });
  });

  it('Azure ML: lastOperation Start as activity, idleTimeBeforeShutdown as minutes; modifiedOn without a start', () => {
    expect(byName.get('ci-started')).toMatchObject({ activitySource: 'last-start', lastActivityAt: ago(4), idleShutdownState: 'configured', idleShutdownMinutes: 60 });
    expect(byName.get('ci-never-started')).toMatchObject({ activitySource: 'last-modified', lastActivityAt: ago(240), idleShutdownState: 'absent' });
  });
});
