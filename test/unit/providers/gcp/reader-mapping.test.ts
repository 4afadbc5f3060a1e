import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../../src/domain/resources';
import { gcpInstanceSpec, gcpMachineShape } from '../../../../src/providers/gcp/machine-types';
import { alignWindow, periodFor } from '../../../../src/providers/metric-periods';
import { toSeries } from '../../../../src/providers/gcp/monitoring';
import { toEndpoint, toNotebook, toTrainingJob, uniqueNames } from '../../../../src/providers/gcp/to-domain';

const NOW = new Date('2026-12-01T12:00:00Z');
const noPrice = () => undefined;

describe('Google machine catalog', () => {
  it('knows GPUs built into A2, A3 and G2 machine types', () => {
    expect(gcpMachineShape('a2-highgpu-4g')).toEqual({ vcpus: 48, memoryGiB: 340, acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 4 });
    expect(gcpMachineShape('a3-highgpu-8g')).toMatchObject({ vcpus: 208, acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 8 });
    expect(gcpMachineShape('g2-standard-48')).toMatchObject({ acceleratorType: 'NVIDIA_L4', acceleratorCount: 4, memoryGiB: 192 });
    expect(gcpMachineShape('n1-standard-8')).toEqual({ vcpus: 8, memoryGiB: 30, acceleratorCount: 0 });
    expect(gcpMachineShape('z9-mystery-1')).toBeUndefined();
  });

  it('counts attached accelerators first, built-in ones when none are attached, TPUs as google-tpu', () => {
    expect(gcpInstanceSpec('n1-standard-8', 'NVIDIA_TESLA_T4', 2)).toMatchObject({ acceleratorKind: 'nvidia-gpu', acceleratorModel: 'NVIDIA T4', acceleratorCount: 2 });
    expect(gcpInstanceSpec('a2-highgpu-1g', undefined, 0)).toMatchObject({ acceleratorModel: 'NVIDIA A100 40GB', acceleratorCount: 1 });
    expect(gcpInstanceSpec('ct5lp-hightpu-4t')).toMatchObject({ acceleratorKind: 'google-tpu', acceleratorCount: 4 });
    expect(gcpInstanceSpec('n1-standard-4', 'ACCELERATOR_TYPE_UNSPECIFIED', 0)).toMatchObject({ acceleratorKind: 'none', acceleratorCount: 0 });
  });
});

describe('Google JSON to the domain', () => {
  const endpoint = {
    name: 'projects/482915736014/locations/us-central1/endpoints/4054137345011449856',
    displayName: 'vision',
    createTime: '2026-10-01T00:00:00Z',
    labels: { owner: 'team-vision', 'watchdog-ignore': 'true' },
    trafficSplit: { '111': 70, '222': 30 },
    deployedModels: [
      { id: '111', model: 'projects/482915736014/locations/us-central1/models/9', dedicatedResources: { machineSpec: { machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 1 }, minReplicaCount: 1, maxReplicaCount: 3 }, status: { availableReplicaCount: 2 } },
      { id: '222', model: 'm', sharedResources: 'projects/482915736014/locations/us-central1/deploymentResourcePools/pool-a' },
      { id: '333', model: 'm', automaticResources: { minReplicaCount: 1, maxReplicaCount: 2 } },
    ],
  };

  it('maps an endpoint: project id from config, API name as id, one variant per deployed model, watchdog labels as tags', () => {
    const e = toEndpoint(endpoint, 'vision', { project: 'acme-ml-prod', location: 'us-central1' }, noPrice, NOW);
    expect(e.ref).toEqual({ cloud: 'gcp', account: 'acme-ml-prod', region: 'us-central1', kind: 'endpoint', name: 'vision', id: endpoint.name });
    expect(e.tags).toEqual({ owner: 'team-vision', 'watchdog:ignore': 'true' });
    expect(e.providerStatus).toBe('DEPLOYED');
    expect(e.variants.map((v) => [v.name, v.instance.instanceType, v.currentInstanceCount])).toEqual([
      ['111', 'a2-highgpu-1g', 2],
      ['222', 'shared:pool-a', 0],
      ['333', 'automatic', 0],
    ]);
    expect(e.variants[0]!.scaling).toEqual({ minInstances: 1, maxInstances: 3 });
    expect(toEndpoint({ name: 'projects/1/locations/l/endpoints/2' }, 'x', { project: 'p', location: 'l' }, noPrice, NOW)).toMatchObject({ providerStatus: 'NO_MODELS', variants: [], createdAt: NOW });
  });

  it('makes duplicate display names unique with the id, and leaves unique ones alone', () => {
    const items = [{ d: 'a', id: '1' }, { d: 'a', id: '2' }, { d: 'b', id: '3' }];
    expect([...uniqueNames(items, (i) => i.d, (i) => i.id).values()]).toEqual(['a~1', 'a~2', 'b']);
  });

  it('maps a Workbench instance with its zone, GPU and idle shutdown', () => {
    const n = toNotebook(
      {
        name: 'projects/acme-ml-prod/locations/us-central1-a/instances/research',
        gceSetup: { machineType: 'n1-standard-8', acceleratorConfigs: [{ type: 'NVIDIA_TESLA_T4', coreCount: '1' }], metadata: { 'idle-timeout-seconds': '10800' } },
        state: 'ACTIVE',
        createTime: '2026-11-01T00:00:00Z',
      },
      'acme-ml-prod',
      noPrice,
      NOW,
    );
    expect(n).toMatchObject({ notebookKind: 'workbench', status: 'in-service', idleShutdownMinutes: 180, ref: { region: 'us-central1-a', name: 'research' }, instance: { acceleratorCount: 1 } });
    // No updateTime: up since its creation; idle shutdown read from the metadata.
    expect(n).toMatchObject({ idleShutdownState: 'configured', activitySource: 'last-modified', lastActivityAt: new Date('2026-11-01T00:00:00Z') });
  });

  it('maps a Workbench instance without idle-timeout-seconds as having no idle shutdown, active since updateTime', () => {
    const n = toNotebook(
      { name: 'projects/p/locations/us-central1-a/instances/x', gceSetup: { machineType: 'n1-standard-8', metadata: { 'idle-timeout-seconds': '0' } }, state: 'ACTIVE', createTime: '2026-11-01T00:00:00Z', updateTime: '2026-11-02T09:00:00Z' },
      'p',
      noPrice,
      NOW,
    );
    expect(n).toMatchObject({ idleShutdownState: 'absent', lastActivityAt: new Date('2026-11-02T09:00:00Z') });
    expect(n.idleShutdownMinutes).toBeUndefined();
  });

  it('maps a running custom job with its replicas and timeout', () => {
    const j = toTrainingJob(
      { name: 'projects/1/locations/us-central1/customJobs/9', displayName: 'train', state: 'JOB_STATE_RUNNING', jobSpec: { workerPoolSpecs: [{ machineSpec: { machineType: 'a2-highgpu-8g' }, replicaCount: '2' }], scheduling: { timeout: '86400s' } } },
      'train',
      { project: 'p', location: 'us-central1' },
      noPrice,
      NOW,
    );
    expect(j).toMatchObject({ status: 'in-service', instanceCount: 2, maxRuntimeSeconds: 86400, instance: { acceleratorCount: 8 } });
  });
});

describe('Monitoring series', () => {
  const e: Endpoint = toEndpoint(
    { name: 'projects/1/locations/l/endpoints/42', deployedModels: [{ id: 'dm', model: 'm', dedicatedResources: { machineSpec: { machineType: 'g2-standard-8' }, minReplicaCount: 1 } }] },
    'e',
    { project: 'p', location: 'l' },
    noPrice,
    NOW,
  );
  const window = alignWindow({ start: new Date(NOW.getTime() - 4 * 3_600_000), end: NOW }, 3600);
  const grid = (values: [number, number][]) => new Map([['42', new Map([['dm', new Map(values.map(([h, v]) => [window.start.getTime() + h * 3_600_000, v]))]])]]);

  it('fills periods with live replicas and no prediction point as zero, and leaves the rest unknown', () => {
    const series = toSeries([e], new Map([
      ['invocations', { grid: grid([[0, 5]]), window, periodSeconds: 3600 }],
      ['replicas', { grid: grid([[0, 1], [1, 1], [2, 0]]), window, periodSeconds: 3600 }],
    ] as const));
    const inv = series.find((s) => s.metric === 'invocations')!;
    // Hour 0 has traffic, hour 1 a live replica and no prediction point (zero), hour 2 zero replicas and hour 3
    // nothing at all: both unknown.
    expect(inv.points.map((p) => p.v)).toEqual([5, 0]);
    expect(inv.coverage).toBe(0.5);
  });

  it('turns accelerator memory bytes into a share of the replica\'s GPU memory, and gives none for an unknown GPU', () => {
    // g2-standard-8: one L4 (24 GiB); 6 GiB in use is 25 %.
    const series = toSeries([e], new Map([['gpu-memory-util-pct', { grid: grid([[0, 6 * 2 ** 30], [1, 48 * 2 ** 30]]), window, periodSeconds: 3600 }]] as const));
    expect(series.find((x) => x.metric === 'gpu-memory-util-pct')!.points.map((p) => p.v)).toEqual([25, 100]);
    const unknown = { ...e, variants: [{ ...e.variants[0]!, instance: { ...e.variants[0]!.instance, acceleratorModel: 'NVIDIA B300' } }] };
    expect(toSeries([unknown], new Map([['gpu-memory-util-pct', { grid: grid([[0, 1]]), window, periodSeconds: 3600 }]] as const))).toEqual([]);
  });

  it('picks 5-minute periods up to three days and hourly beyond', () => {
    expect(periodFor({ start: new Date(0), end: new Date(3 * 86_400_000) })).toBe(300);
    expect(periodFor({ start: new Date(0), end: new Date(10 * 86_400_000) })).toBe(3600);
  });
});
