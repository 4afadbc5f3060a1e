import { awsInstanceSpec } from '../providers/aws/instance-types';
import { resolveFleetTime } from './clock';
import type { Fleet, FleetEndpoint } from './fleet-schema';
import type { SageMakerModelSpec } from './aws/model-schema';
import { buildAzureState } from './azure/azure-state';
import { buildGcpState } from './gcp/gcp-state';
import { resourceKey, sagemakerArn, type FleetState, type SimEndpoint, type SimEndpointConfig, type SimInferenceComponent, type SimNotebook, type SimVariant } from './fleet-model';
import { resolvePattern } from './patterns';
import { hashString } from './prng';
import { RUNNING_ENDPOINT_STATUSES } from './resource-views';
import { COMPONENT_COPIES, VARIANT_INSTANCES, VARIANT_PROVISIONED_CONCURRENCY, componentResourceId, putScalableTarget, variantResourceId } from './scaling-model';

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
    models: new Map(),
    notebooks: new Map(),
    studioApps: [],
    domains: new Set(),
    trainingJobs: new Map(),
    scalableTargets: new Map(),
    extraCosts: [],
    costAnomalies: [],
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
    const { createdAt: _c, lastActivity: _l, region: _r, status, ...rest } = n;
    state.notebooks.set(resourceKey(region, n.name), {
      ...rest,
      tags: { ...n.tags },
      phases: [{ fromMs: -Infinity, status }],
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
    const { createdAt, region: _r, status, ...rest } = a;
    const createdMs = at(createdAt);
    state.domains.add(`${region}/${a.domainId}`);
    state.studioApps.push({
      ...rest,
      tags: { ...a.tags },
      region,
      arn: sagemakerArn(fleet.account, region, 'app', `${a.domainId}/${owner}/${a.appType}/${a.appName}`),
      createdMs,
      lastModifiedMs: createdMs,
      phases: [{ fromMs: -Infinity, status }],
      // An app bills while its instance runs (InService or Pending); system apps have no instance type and cost nothing.
      runs: status === 'InService' || status === 'Pending' ? [{ fromMs: createdMs }] : [],
    });
  }

  for (const j of fleet.trainingJobs) {
    const region = j.region ?? fleet.defaultRegion;
    const startedMs = j.startedAt ? at(j.startedAt) : undefined;
    const { createdAt, startedAt: _s, endedAt, region: _r, ...rest } = j;
    state.trainingJobs.set(resourceKey(region, j.name), {
      ...rest,
      tags: { ...j.tags },
      region,
      arn: sagemakerArn(fleet.account, region, 'training-job', j.name),
      // The schema requires createdAt when startedAt is absent.
      createdMs: createdAt ? at(createdAt) : startedMs! - 5 * 60_000,
      ...(startedMs !== undefined ? { startedMs } : {}),
      ...(endedAt ? { endedMs: at(endedAt) } : {}),
    });
  }

  for (const c of fleet.extraCosts) {
    const { from, to, ...rest } = c;
    state.extraCosts.push({ ...rest, ...(from ? { fromMs: at(from) } : {}), ...(to ? { toMs: at(to) } : {}) });
  }
  for (const a of fleet.costAnomalies) {
    const { start, end, ...rest } = a;
    state.costAnomalies.push({ ...rest, startMs: at(start), ...(end ? { endMs: at(end) } : {}) });
  }
  if (fleet.gcp) state.gcp = buildGcpState(fleet.gcp, startMs);
  if (fleet.azure) state.azure = buildAzureState(fleet.azure, startMs);
  return state;
}

export function instanceFacts(instanceType: string | undefined): Pick<SimVariant, 'gpuCount' | 'hasNvidiaGpu' | 'vcpus' | 'memoryMb'> {
  if (!instanceType) return { gpuCount: 0, hasNvidiaGpu: false, vcpus: 0, memoryMb: 0 };
  const spec = awsInstanceSpec(instanceType);
  return { gpuCount: spec.acceleratorCount, hasNvidiaGpu: spec.acceleratorKind === 'nvidia-gpu', vcpus: spec.vcpus ?? 1, memoryMb: (spec.memoryGiB ?? 0) * 1024 };
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
    // Before its creation time the endpoint does not exist (no listing, no metrics).
    phases: [
      { fromMs: -Infinity, status: 'Gone' },
      { fromMs: createdMs, status: e.status },
    ],
    ...(e.failureReason ? { failureReason: e.failureReason } : {}),
    createdMs,
    lastModifiedMs: e.lastModifiedAt ? at(e.lastModifiedAt) : createdMs,
    configs: [{ fromMs: -Infinity, requestedMs: -Infinity, name: configName }],
    tags: { ...e.tags },
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
      ...(v.serverless ? { serverless: { ...v.serverless } } : {}),
      ...(v.managedInstanceScaling ? { managedInstanceScaling: { ...v.managedInstanceScaling } } : {}),
      desiredInstanceCount: v.desiredInstanceCount ?? v.instanceCount,
      // Instances come up with the endpoint; a Failed or Creating endpoint never got any.
      capacity: v.serverless ? [] : [{ fromMs: createdMs, count: running ? v.instanceCount : 0 }],
      windows: [{ fromMs: -Infinity }],
      inferenceComponentNames: (v.inferenceComponents ?? []).map((c) => c.name),
      ...(v.hourlyPriceUsd ? { hourlyPriceUsd: v.hourlyPriceUsd } : {}),
    })),
  };
  state.endpoints.set(resourceKey(region, e.name), endpoint);

  const ic = e.servingMode === 'inference-components';
  const config: SimEndpointConfig = {
    name: configName,
    region,
    arn: sagemakerArn(state.account, region, 'endpoint-config', configName),
    createdMs,
    servingMode: e.servingMode,
    variants: e.variants.map((v) => ({
      name: v.name,
      // Endpoints hosting inference components have no model on the variant: the components carry the models.
      ...(ic ? {} : { modelName: `${e.name}-model` }),
      ...(v.instanceType ? { instanceType: v.instanceType, initialInstanceCount: Math.max(1, v.instanceCount) } : {}),
      weight: v.weight,
      ...(v.serverless ? { serverless: { ...v.serverless } } : {}),
      ...(v.managedInstanceScaling ? { managedInstanceScaling: { ...v.managedInstanceScaling } } : {}),
      ...(ic ? { extra: { RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' } } } : {}),
    })),
    ...(e.servingMode === 'async'
      ? {
          asyncInferenceConfig: {
            ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
            OutputConfig: { S3OutputPath: `s3://sagemaker-${region}-${state.account}/async-inference/${e.name}/output` },
          },
        }
      : {}),
    // Configs for inference components require an execution role; the others carry it on the model.
    ...(ic ? { extra: { ExecutionRoleArn: `arn:aws:iam::${state.account}:role/SageMakerExecutionRole` } } : {}),
    tags: { ...e.tags },
  };
  state.endpointConfigs.set(resourceKey(region, configName), config);
  if (!ic) putModel(state, region, `${e.name}-model`, e.name, createdMs, e.model);

  for (const v of e.variants) {
    if (v.scalableTarget) {
      const dimension = v.serverless ? VARIANT_PROVISIONED_CONCURRENCY : VARIANT_INSTANCES;
      const tt = v.scalableTarget.targetTracking;
      putScalableTarget(state, {
        region,
        resourceId: variantResourceId(e.name, v.name),
        scalableDimension: dimension,
        minCapacity: v.scalableTarget.min,
        maxCapacity: v.scalableTarget.max,
        createdMs,
        ...(tt
          ? {
              policies: [
                {
                  policyName: tt.policyName,
                  policyType: 'TargetTrackingScaling',
                  targetTracking: { TargetValue: tt.targetValue, PredefinedMetricSpecification: { PredefinedMetricType: tt.predefinedMetric } },
                  createdMs,
                },
              ],
            }
          : {}),
      });
    }
    for (const c of v.inferenceComponents ?? []) {
      const icCreated = c.createdAt ? at(c.createdAt) : createdMs;
      const { createdAt: _c, modelName, status, scalableTarget, model: _m, ...rest } = c;
      const component: SimInferenceComponent = {
        ...rest,
        region,
        arn: sagemakerArn(state.account, region, 'inference-component', c.name),
        modelName: modelName ?? `${c.name}-model`,
        endpointName: e.name,
        variantName: v.name,
        createdMs: icCreated,
        lastModifiedMs: icCreated,
        tags: { ...e.tags },
        phases: [{ fromMs: -Infinity, status }],
        copies: [{ fromMs: icCreated, count: status === 'InService' || status === 'Updating' ? c.copyCount : 0 }],
        demandWeight: c.copyCount > 0 ? c.copyCount : 1,
      };
      state.inferenceComponents.set(resourceKey(region, c.name), component);
      putModel(state, region, component.modelName, c.name, icCreated, c.model);
      if (scalableTarget) {
        putScalableTarget(state, { region, resourceId: componentResourceId(c.name), scalableDimension: COMPONENT_COPIES, minCapacity: scalableTarget.min, maxCapacity: scalableTarget.max, createdMs: icCreated });
      }
    }
  }
}

/**
 * Registers a model the fleet's configs and components name. Without a spec it runs the customer's own image from
 * the account's ECR, the usual custom container; a package model has no image of its own (DescribeModel shows only
 * ModelPackageName).
 */
function putModel(state: FleetState, region: string, name: string, repository: string, createdMs: number, spec: SageMakerModelSpec | undefined): void {
  const own = {
    image: `${state.account}.dkr.ecr.${region}.amazonaws.com/${repository.toLowerCase()}:latest`,
    modelDataUrl: `s3://sagemaker-${region}-${state.account}/models/${name}/model.tar.gz`,
  };
  const chosen = spec?.modelPackageName ? { modelPackageName: spec.modelPackageName } : spec?.image ? { image: spec.image, ...(spec.modelDataUrl ? { modelDataUrl: spec.modelDataUrl } : {}) } : { ...own, ...(spec?.modelDataUrl ? { modelDataUrl: spec.modelDataUrl } : {}) };
  state.models.set(resourceKey(region, name), { name, region, arn: sagemakerArn(state.account, region, 'model', name), createdMs, ...chosen });
}
