import { resourceKey, type FleetState, type SimEndpoint, type SimInferenceComponent, type SimVariant } from '../fleet-model';
import { SERVING_ENDPOINT_STATUSES } from '../resource-views';
import { breakpoints, capacityAt, liveAt, statusAt } from '../timeline';

/**
 * The traffic pattern of a fleet endpoint describes DEMAND; what the endpoint serves depends on its state. A piece
 * is a stretch of time during which nothing about that state changes: the endpoint exists in a status that publishes
 * request metrics, the variant is deployed, and its instances (and copies) hold still.
 */
export interface ServingPiece {
  fromMs: number;
  toMs: number;
  /** Share of the endpoint's demand addressed to the metric's source (variant weight x component share). */
  trafficShare: number;
  /** Share of that demand that was served; the rest failed for want of capacity (NoCapacityInvocationFailures). */
  servedShare: number;
}

/** What a request metric is about: a variant, or one inference component on it. */
export interface RequestSource {
  endpoint: SimEndpoint;
  variant: SimVariant;
  component?: SimInferenceComponent;
}

function componentsOf(state: FleetState, e: SimEndpoint, v: SimVariant): SimInferenceComponent[] {
  const out: SimInferenceComponent[] = [];
  for (const n of v.inferenceComponentNames) {
    const c = state.inferenceComponents.get(resourceKey(e.region, n));
    if (c) out.push(c);
  }
  return out;
}

/** A component's share of its variant's demand: demand weights do not change when copies are parked. */
export function componentDemandShare(state: FleetState, e: SimEndpoint, v: SimVariant, c: SimInferenceComponent): number {
  const total = componentsOf(state, e, v).reduce((n, x) => n + x.demandWeight, 0);
  return total > 0 ? c.demandWeight / total : 0;
}

function weightShare(e: SimEndpoint, v: SimVariant, tMs: number): number {
  let total = 0;
  for (const x of e.variants) if (liveAt(x.windows, tMs)) total += x.weight;
  return total > 0 ? v.weight / total : 0;
}

const changeCache = new WeakMap<object, { version: number; times: number[] }>();

/**
 * Sorted instants at which anything a source's pieces depend on changes, cached per fleet version: a 10,000-endpoint
 * audit asks for thousands of periods of each source, and the timelines only change on writes.
 */
function changeTimes(state: FleetState, src: RequestSource, watched: readonly SimInferenceComponent[]): number[] {
  const owner = src.component ?? src.variant;
  const hit = changeCache.get(owner);
  if (hit && hit.version === state.version) return hit.times;
  const { endpoint: e, variant: v } = src;
  const all: number[] = [];
  for (const p of e.phases) all.push(p.fromMs);
  for (const s of v.capacity) all.push(s.fromMs);
  for (const x of e.variants) for (const w of x.windows) all.push(w.fromMs, w.toMs ?? Infinity);
  for (const c of watched) for (const s of c.copies) all.push(s.fromMs);
  const times = breakpoints(-Infinity, Infinity, all);
  changeCache.set(owner, { version: state.version, times });
  return times;
}

/** The serving pieces of [fromMs, min(toMs, nowMs)). Empty when the endpoint published no request metrics then. */
export function servingPieces(state: FleetState, src: RequestSource, fromMs: number, toMs: number, nowMs: number): ServingPiece[] {
  const { endpoint: e, variant: v, component } = src;
  const end = Math.min(toMs, nowMs);
  if (fromMs >= end) return [];
  const ics = e.servingMode === 'inference-components' ? componentsOf(state, e, v) : [];
  const cuts = [fromMs];
  for (const t of changeTimes(state, src, component ? [component] : ics)) if (t > fromMs && t < end) cuts.push(t);
  cuts.push(end);

  const pieces: ServingPiece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    if (!SERVING_ENDPOINT_STATUSES.has(statusAt(e.phases, a)) || !liveAt(v.windows, a)) continue;
    const variantShare = weightShare(e, v, a);
    const hasInstances = v.serverless !== undefined || capacityAt(v.capacity, a) > 0;
    let trafficShare = variantShare;
    let servedShare = hasInstances ? 1 : 0;
    if (component) {
      trafficShare *= componentDemandShare(state, e, v, component);
      servedShare = hasInstances && capacityAt(component.copies, a) > 0 ? 1 : 0;
    } else if (ics.length > 0) {
      const total = ics.reduce((n, c) => n + c.demandWeight, 0);
      const served = ics.reduce((n, c) => n + (capacityAt(c.copies, a) > 0 ? c.demandWeight : 0), 0);
      servedShare = hasInstances && total > 0 ? served / total : 0;
    }
    const last = pieces[pieces.length - 1];
    if (last && last.toMs === a && last.trafficShare === trafficShare && last.servedShare === servedShare) last.toMs = b;
    else pieces.push({ fromMs: a, toMs: b, trafficShare, servedShare });
  }
  return pieces;
}

/** Stretches of [fromMs, min(toMs, nowMs)) during which the endpoint existed in a serving status. */
export function servingWindows(e: SimEndpoint, fromMs: number, toMs: number, nowMs: number): Array<[number, number]> {
  const end = Math.min(toMs, nowMs);
  if (fromMs >= end) return [];
  const cuts = [fromMs, ...breakpoints(fromMs, end, e.phases.map((p) => p.fromMs)), end];
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (!SERVING_ENDPOINT_STATUSES.has(statusAt(e.phases, cuts[i]!))) continue;
    const last = out[out.length - 1];
    if (last && last[1] === cuts[i]) last[1] = cuts[i + 1]!;
    else out.push([cuts[i]!, cuts[i + 1]!]);
  }
  return out;
}
