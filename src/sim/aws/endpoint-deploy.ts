import { instanceFacts } from '../fleet-state';
import { resourceKey, type FleetState, type SimConfigVariant, type SimEndpoint, type SimEndpointConfig, type SimVariant } from '../fleet-model';
import { resolvePattern } from '../patterns';
import { hashString } from '../prng';
import { closeWindow, liveAt, openWindow, scheduleCount } from '../timeline';

/** How long bring-ups and take-downs take on the virtual clock (fleet options). */
export function timing(state: FleetState): { provisionMs: number; teardownMs: number } {
  return { provisionMs: state.options.provisioningSeconds * 1000, teardownMs: state.options.teardownSeconds * 1000 };
}

/**
 * A record for an endpoint name the fleet never described. Its traffic pattern is idle: demand only exists where
 * the fleet says so.
 */
export function newEndpointRecord(state: FleetState, region: string, name: string, arn: string, nowMs: number): SimEndpoint {
  const e: SimEndpoint = {
    name,
    region,
    arn,
    servingMode: 'real-time',
    phases: [{ fromMs: -Infinity, status: 'Gone' }],
    createdMs: nowMs,
    lastModifiedMs: nowMs,
    configs: [],
    tags: {},
    traffic: resolvePattern({ type: 'idle', gpuUtilPct: 0 }, state.startMs),
    modelLatencyMs: 40,
    gpuMemoryUtilPct: 35,
    cpuUtilPct: 8,
    variants: [],
    seed: hashString(`${region}/${name}`),
  };
  state.endpoints.set(resourceKey(region, name), e);
  return e;
}

/** Instances the desired copies of a variant's inference components need (accelerators, vCPUs and memory). */
export function instancesForCopies(state: FleetState, e: SimEndpoint, v: SimVariant): number {
  let accelerators = 0;
  let cores = 0;
  let memoryMb = 0;
  for (const n of v.inferenceComponentNames) {
    const c = state.inferenceComponents.get(resourceKey(e.region, n));
    if (!c) continue;
    accelerators += c.copyCount * c.acceleratorsPerCopy;
    cores += c.copyCount * c.cpuCoresPerCopy;
    memoryMb += c.copyCount * c.memoryMbPerCopy;
  }
  const per = (total: number, perInstance: number) => (total <= 0 ? 0 : perInstance > 0 ? Math.ceil(total / perInstance) : Number.MAX_SAFE_INTEGER);
  return Math.max(per(accelerators, v.gpuCount), per(cores, v.vcpus), per(memoryMb, v.memoryMb));
}

/**
 * Instances a variant should run: with managed instance scaling, what its copies need within [Min, Max] (SageMaker
 * releases instances no copy uses, down to MinInstanceCount, which may be 0); otherwise the desired count.
 */
export function targetInstances(state: FleetState, e: SimEndpoint, v: SimVariant): number {
  const mis = v.managedInstanceScaling;
  if (e.servingMode !== 'inference-components' || !mis) return v.desiredInstanceCount;
  return Math.min(mis.maxInstanceCount, Math.max(mis.minInstanceCount, instancesForCopies(state, e, v)));
}

/** Re-evaluates managed instance scaling after copies changed; returns when the instance count settles. */
export function rescaleForCopies(state: FleetState, e: SimEndpoint, v: SimVariant, nowMs: number): number {
  if (e.servingMode !== 'inference-components' || !v.managedInstanceScaling) return nowMs;
  const target = targetInstances(state, e, v);
  v.desiredInstanceCount = target;
  return scheduleCount(v.capacity, nowMs, nowMs + timing(state).provisionMs, target);
}

function newVariant(cv: SimConfigVariant): SimVariant {
  return {
    name: cv.name,
    nameHash: hashString(cv.name),
    ...(cv.instanceType ? { instanceType: cv.instanceType } : {}),
    ...instanceFacts(cv.instanceType),
    weight: cv.weight,
    desiredInstanceCount: cv.initialInstanceCount ?? 0,
    capacity: [],
    windows: [],
    inferenceComponentNames: [],
  };
}

const sameKind = (v: SimVariant, cv: SimConfigVariant) => v.name === cv.name && v.instanceType === cv.instanceType && (v.serverless !== undefined) === (cv.serverless !== undefined);

/**
 * Deploys `cfg` onto the endpoint, effective at `readyMs`: variants that keep their name and instance type keep
 * their record (and history); others are retired and new ones start. Like SageMaker's blue/green deployment, the
 * old fleet serves until the new one is up, so capacity changes land at `readyMs`. With `retain`
 * (RetainAllVariantProperties) a kept variant keeps its weight and desired instance count.
 */
export function deployConfig(state: FleetState, e: SimEndpoint, cfg: SimEndpointConfig, nowMs: number, readyMs: number, retain = false): void {
  const kept = new Set<SimVariant>();
  e.servingMode = cfg.servingMode;
  for (const cv of cfg.variants) {
    const live = e.variants.find((v) => sameKind(v, cv) && liveAt(v.windows, nowMs));
    const v = live ?? e.variants.find((x) => sameKind(x, cv) && !kept.has(x)) ?? newVariant(cv);
    if (!e.variants.includes(v)) e.variants.push(v);
    kept.add(v);
    openWindow(v.windows, readyMs);
    if (!(retain && live)) {
      v.weight = cv.weight;
      v.desiredInstanceCount = cv.initialInstanceCount ?? 0;
    }
    if (cv.serverless) v.serverless = { ...cv.serverless };
    if (cv.managedInstanceScaling) v.managedInstanceScaling = { ...cv.managedInstanceScaling };
    else delete v.managedInstanceScaling;
    v.inferenceComponentNames = [...state.inferenceComponents.values()]
      .filter((c) => c.region === e.region && c.endpointName.toLowerCase() === e.name.toLowerCase() && c.variantName === v.name)
      .map((c) => c.name);
    if (v.serverless) continue;
    const target = targetInstances(state, e, v);
    v.desiredInstanceCount = target;
    scheduleCount(v.capacity, nowMs, readyMs, target, true);
  }
  for (const v of e.variants) {
    if (kept.has(v) || !liveAt(v.windows, nowMs)) continue;
    closeWindow(v.windows, readyMs);
    scheduleCount(v.capacity, nowMs, readyMs, 0, true);
  }
}

/** Releases every instance at once (billing and instance metrics stop now) and retires the variants at `goneMs`. */
export function releaseEndpoint(e: SimEndpoint, nowMs: number, goneMs: number): void {
  for (const v of e.variants) {
    if (v.serverless === undefined) scheduleCount(v.capacity, nowMs, nowMs, 0);
    closeWindow(v.windows, goneMs);
  }
}
