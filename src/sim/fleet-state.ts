import { awsInstanceSpec } from '../providers/aws/instance-types';
import { resolveFleetTime } from './clock';
import type { Fleet, FleetEndpoint } from './fleet-schema';
import {
  RUNNING_ENDPOINT_STATUSES,
  resourceKey,
  sagemakerArn,
  type FleetState,
  type SimEndpoint,
  type SimEndpointConfig,
  type SimInferenceComponent,
  type SimNotebook,
  type SimVariant,
} from './fleet-model';
import { resolvePattern } from './patterns';
import { hashString } from './prng';

/** Turns a validated fleet description into the simulator's world at clock start `startMs`. */
export function buildFleetState(fleet: Fleet, startMs: number): FleetState {
  const at = (s: string) => resolveFleetTime(s, startMs);
  const state: FleetState = {
    account: fleet.account,
    defaultRegion: fleet.defaultRegion,
    startMs,
    options: fleet.options,
    endpoints: new Map(),
    endpointConfigs: new Map(),
    inferenceComponents: new Map(),
    notebooks: new Map(),
    studioApps: [],
    trainingJobs: new Map(),
    extraCosts: [],
    version: 0,
  };
  for (const e of fleet.endpoints) addEndpoint(state, e, at);

  for (const n of fleet.notebooks) {
    const region = n.region ?? fleet.defaultRegion;
    const createdMs = at(n.createdAt);
    const lastModifiedMs = n.lastActivity ? at(n.lastActivity) : createdMs;
    // A notebook bills while InService; a stopped one is taken to have stopped at its last modification.
    const runs: SimNotebook['runs'] =
      n.status === 'InService' || n.status === 'Stopping' || n.status === 'Updating'
        ? [{ fromMs: createdMs }]
        : n.status === 'Stopped'
          ? [{ fromMs: createdMs, toMs: Math.max(createdMs, lastModifiedMs) }]
          : [];
    const { createdAt: _c, lastActivity: _l, region: _r, ...rest } = n;
    state.notebooks.set(resourceKey(region, n.name), {
      ...rest,
      region,
      arn: sagemakerArn(fleet.account, region, 'notebook-instance', n.name),
      createdMs,
      lastModifiedMs,
      runs,
    });
  }

  for (const a of fleet.studioApps) {
    const region = a.region ?? fleet.defaultRegion;
    const owner = a.userProfileName ?? a.spaceName!;
    const { createdAt, region: _r, ...rest } = a;
    state.studioApps.push({
      ...rest,
      region,
      arn: sagemakerArn(fleet.account, region, 'app', `${a.domainId}/${owner}/${a.appType}/${a.appName}`),
      createdMs: at(createdAt),
    });
  }

  for (const j of fleet.trainingJobs) {
    const region = j.region ?? fleet.defaultRegion;
    const startedMs = at(j.startedAt);
    const { createdAt, startedAt: _s, endedAt, region: _r, ...rest } = j;
    state.trainingJobs.set(resourceKey(region, j.name), {
      ...rest,
      region,
      arn: sagemakerArn(fleet.account, region, 'training-job', j.name),
      createdMs: createdAt ? at(createdAt) : startedMs - 5 * 60_000,
      startedMs,
      ...(endedAt ? { endedMs: at(endedAt) } : {}),
    });
  }

  for (const c of fleet.extraCosts) {
    const { from, to, ...rest } = c;
    state.extraCosts.push({ ...rest, ...(from ? { fromMs: at(from) } : {}), ...(to ? { toMs: at(to) } : {}) });
  }
  return state;
}

function instanceFacts(instanceType: string | undefined): Pick<SimVariant, 'gpuCount' | 'hasNvidiaGpu' | 'vcpus'> {
  if (!instanceType) return { gpuCount: 0, hasNvidiaGpu: false, vcpus: 0 };
  const spec = awsInstanceSpec(instanceType);
  return { gpuCount: spec.acceleratorCount, hasNvidiaGpu: spec.acceleratorKind === 'nvidia-gpu', vcpus: spec.vcpus ?? 1 };
}

function addEndpoint(state: FleetState, e: FleetEndpoint, at: (s: string) => number): void {
  const region = e.region ?? state.defaultRegion;
  const createdMs = at(e.createdAt);
  const configName = e.configName ?? `${e.name}-config`;
  const running = RUNNING_ENDPOINT_STATUSES.has(e.status);
  const endpoint: SimEndpoint = {
    name: e.name,
    region,
    arn: sagemakerArn(state.account, region, 'endpoint', e.name),
    servingMode: e.servingMode,
    status: e.status,
    ...(e.failureReason ? { failureReason: e.failureReason } : {}),
    createdMs,
    lastModifiedMs: e.lastModifiedAt ? at(e.lastModifiedAt) : createdMs,
    configName,
    tags: e.tags,
    traffic: resolvePattern(e.traffic, state.startMs),
    modelLatencyMs: e.modelLatencyMs,
    gpuMemoryUtilPct: e.gpuMemoryUtilPct,
    cpuUtilPct: e.cpuUtilPct,
    ...(e.metricsGaps ? { metricsGaps: e.metricsGaps } : {}),
    seed: hashString(`${region}/${e.name}`),
    variants: e.variants.map((v) => ({
      name: v.name,
      nameHash: hashString(v.name),
      ...(v.instanceType ? { instanceType: v.instanceType } : {}),
      ...instanceFacts(v.instanceType),
      weight: v.weight,
      ...(v.serverless ? { serverless: v.serverless } : {}),
      ...(v.managedInstanceScaling ? { managedInstanceScaling: v.managedInstanceScaling } : {}),
      desiredInstanceCount: v.instanceCount,
      // Instances come up with the endpoint; a Failed or Creating endpoint never got any.
      capacity: v.serverless ? [] : [{ fromMs: createdMs, count: running ? v.instanceCount : 0 }],
      inferenceComponentNames: (v.inferenceComponents ?? []).map((c) => c.name),
      ...(v.hourlyPriceUsd ? { hourlyPriceUsd: v.hourlyPriceUsd } : {}),
    })),
  };
  state.endpoints.set(resourceKey(region, e.name), endpoint);

  const config: SimEndpointConfig = {
    name: configName,
    region,
    arn: sagemakerArn(state.account, region, 'endpoint-config', configName),
    createdMs,
    servingMode: e.servingMode,
    variants: e.variants.map((v) => ({
      name: v.name,
      nameHash: hashString(v.name),
      // Endpoints hosting inference components have no model on the variant: the components carry the models.
      ...(e.servingMode === 'inference-components' ? {} : { modelName: `${e.name}-model` }),
      ...(v.instanceType ? { instanceType: v.instanceType, initialInstanceCount: Math.max(1, v.instanceCount) } : {}),
      weight: v.weight,
      ...(v.serverless ? { serverless: v.serverless } : {}),
      ...(v.managedInstanceScaling ? { managedInstanceScaling: v.managedInstanceScaling } : {}),
    })),
    ...(e.servingMode === 'async' ? { asyncOutputS3Uri: `s3://sagemaker-${region}-${state.account}/async-inference/${e.name}/output` } : {}),
    tags: e.tags,
  };
  state.endpointConfigs.set(resourceKey(region, configName), config);

  for (const v of e.variants) {
    for (const c of v.inferenceComponents ?? []) {
      const icCreated = c.createdAt ? at(c.createdAt) : createdMs;
      const { createdAt: _c, modelName, ...rest } = c;
      const ic: SimInferenceComponent = {
        ...rest,
        region,
        arn: sagemakerArn(state.account, region, 'inference-component', c.name),
        modelName: modelName ?? `${c.name}-model`,
        endpointName: e.name,
        variantName: v.name,
        createdMs: icCreated,
        lastModifiedMs: icCreated,
        tags: e.tags,
      };
      state.inferenceComponents.set(resourceKey(region, c.name), ic);
    }
  }
}
