import { IDLE_GPU_UTIL_PCT, loadAt } from '../patterns';
import { mix, unit } from '../prng';
import { capacityAt, statusAt } from '../timeline';
import type { SimOnlineDeployment, SimOnlineEndpoint } from './azure-model';

/**
 * What Azure Monitor records for a managed online endpoint and its deployments, one sample per virtual minute.
 * Demand follows each deployment's fleet pattern (demand does not go away when a deployment does) and the endpoint
 * routes the total by its traffic map in force. Choices (⚠️ not verified against Azure):
 *  - a live deployment emits RequestsPerMinute every minute, 0 in quiet ones (statusCode 200 / 2xx);
 *  - demand no live deployment takes (traffic 0 everywhere, or a share to a deployment without instances) is
 *    counted as 404 / 4xx with an empty deployment dimension: Azure answers "No valid deployments to route to";
 *  - telemetryGapPct drops whole 5-minute blocks of every metric of a deployment (agent outage);
 *  - percentages are per instance 0-100 (average across instances).
 */
export interface RequestRecord {
  deployment: string;
  statusCodeClass: '2xx' | '4xx' | '5xx';
  statusCode: string;
  count: number;
}

export interface EndpointMinute {
  requests: RequestRecord[];
  /** Mean latency (ms) and request count per deployment that served requests this minute. */
  latency: Array<{ deployment: string; ms: number; weight: number }>;
}

/** Utilisation is absent while no instance serves (creating, failed, deleting done); capacity is always there. */
export interface DeploymentMinute {
  gpu?: number;
  gpuMemory?: number;
  cpu?: number;
  cpuMemory?: number;
  capacity: number;
}

const BLOCK_MS = 5 * 60_000;

function inGap(d: SimOnlineDeployment, tMs: number): boolean {
  return d.telemetryGapPct > 0 && unit(mix(d.seed ^ 0x6a9, Math.floor(tMs / BLOCK_MS))) * 100 < d.telemetryGapPct;
}

/** Instances serving (provisioned and not being created) at tMs. */
function serving(d: SimOnlineDeployment, tMs: number): number {
  const s = statusAt(d.provisioning, tMs);
  if (s === 'Gone' || s === 'Creating' || s === 'Failed') return 0;
  return capacityAt(d.capacity, tMs);
}

interface Routing {
  demand: number;
  routed: Map<SimOnlineDeployment, number>;
  unrouted: number;
}

function route(e: SimOnlineEndpoint, tMs: number): Routing {
  const deployments = [...e.deployments.values()];
  const demand = tMs < e.createdMs ? 0 : deployments.reduce((s, d) => s + loadAt(d.demand, d.seed, tMs).invocationsPerMinute, 0);
  const traffic = statusAt(e.traffic, tMs);
  const routed = new Map<SimOnlineDeployment, number>();
  let served = 0;
  for (const d of deployments) {
    const share = traffic[d.name] ?? 0;
    const r = serving(d, tMs) > 0 ? (demand * share) / 100 : 0;
    routed.set(d, r);
    served += r;
  }
  return { demand, routed, unrouted: Math.max(0, demand - served) };
}

export function endpointMinute(e: SimOnlineEndpoint, tMs: number): EndpointMinute {
  const out: EndpointMinute = { requests: [], latency: [] };
  const r = route(e, tMs);
  for (const [d, routed] of r.routed) {
    if (serving(d, tMs) === 0 || inGap(d, tMs)) continue;
    const count = Math.round(routed);
    const errPct = Math.min(100, d.errorRatePct + loadAt(d.demand, d.seed, tMs).errorRatePct);
    const errors = Math.round((count * errPct) / 100);
    out.requests.push({ deployment: d.name, statusCodeClass: '2xx', statusCode: '200', count: count - errors });
    if (errors > 0) out.requests.push({ deployment: d.name, statusCodeClass: '5xx', statusCode: '500', count: errors });
    if (count > 0) out.latency.push({ deployment: d.name, ms: d.latencyMs * (0.9 + 0.2 * unit(mix(d.seed, Math.floor(tMs / 60_000)))), weight: count });
  }
  const lost = Math.round(r.unrouted);
  if (lost > 0) out.requests.push({ deployment: '', statusCodeClass: '4xx', statusCode: '404', count: lost });
  return out;
}

/** Undefined when the deployment emits nothing that minute (not existing, or a telemetry gap). */
export function deploymentMinute(e: SimOnlineEndpoint, d: SimOnlineDeployment, tMs: number): DeploymentMinute | undefined {
  if (statusAt(d.provisioning, tMs) === 'Gone' || inGap(d, tMs)) return undefined;
  const n = serving(d, tMs);
  if (n === 0) return { capacity: capacityAt(d.capacity, tMs) };
  const own = loadAt(d.demand, d.seed, tMs);
  const routed = route(e, tMs).routed.get(d) ?? 0;
  // The pattern's utilisation is for its own demand on baseInstances; scale by what is routed and by instances.
  let util: number;
  if (own.invocationsPerMinute > 0) util = IDLE_GPU_UTIL_PCT + (own.gpuUtilPct - IDLE_GPU_UTIL_PCT) * (routed / own.invocationsPerMinute);
  else util = routed > 0 ? Math.min(100, IDLE_GPU_UTIL_PCT + routed / 10) : own.gpuUtilPct;
  util = Math.min(100, Math.max(0, (util * d.baseInstances) / n));
  const noise = 0.95 + 0.1 * unit(mix(d.seed ^ 0x51, Math.floor(tMs / 60_000)));
  const gpu = Math.min(100, util * noise);
  const gpuMemory = d.gpuMemoryUtilPct !== undefined ? Math.min(100, d.gpuMemoryUtilPct * (0.98 + 0.04 * unit(mix(d.seed ^ 0x3c, Math.floor(tMs / 60_000))))) : Math.min(100, 35 + 0.4 * gpu);
  return { gpu, gpuMemory, cpu: Math.min(100, 3 + 0.25 * gpu), cpuMemory: Math.min(100, 18 + 0.1 * gpu), capacity: n };
}
