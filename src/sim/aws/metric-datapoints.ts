import { runningPieces, type FleetState } from '../fleet-model';
import type { MetricsGaps } from '../fleet-schema';
import { integrateLoad } from '../patterns';
import { mix, normal, unit } from '../prng';
import type { MetricSource } from './endpoint-metrics';
import { servingPieces } from './serving-pieces';

/** One period's statistics, before the requested Stat is picked. */
export interface PeriodStats {
  sum: number;
  sampleCount: number;
  average: number;
  minimum: number;
  maximum: number;
  /** Relative spread of percentiles around the average: pNN = average x (1 + spread x (NN - 50) / 50). */
  spread: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Count-like noise: Poisson-sized jitter around the expectation, exactly 0 when nothing was expected. */
function noisyCount(expected: number, h: number): number {
  return expected <= 0 ? 0 : Math.max(0, Math.round(expected + normal(h) * Math.sqrt(expected)));
}

function stats(avg: number, sampleCount: number, min: number, max: number, spread = 0.6): PeriodStats {
  return { sum: avg * sampleCount, sampleCount, average: avg, minimum: min, maximum: max, spread };
}

export function percentileOf(s: PeriodStats, p: number): number {
  return s.average * (1 + (s.spread * (p - 50)) / 50);
}

/** The published value: GPUUtilization, GPUMemoryUtilization and CPUUtilization are 0..100 x GPUs (vCPUs). */
function instanceValue(metricName: string, e: MetricSource['endpoint'], v: MetricSource['variant'], perGpu: number, busy: number, z: number): number {
  const mem = Math.min(100, e.gpuMemoryUtilPct * (1 + 0.02 * z));
  const cpu = Math.min(100, 1.5 + e.cpuUtilPct * busy + 0.3 * Math.abs(z));
  switch (metricName) {
    case 'GPUUtilization':
      return perGpu * v.gpuCount;
    case 'GPUUtilizationNormalized':
      return perGpu;
    case 'GPUMemoryUtilization':
      return mem * v.gpuCount;
    case 'GPUMemoryUtilizationNormalized':
      return mem;
    case 'CPUUtilization':
      return cpu * v.vcpus;
    case 'CPUUtilizationNormalized':
      return cpu;
    case 'MemoryUtilization':
      return Math.min(100, 28 + 10 * busy + z);
    default:
      return 12 + 0.1 * z; // DiskUtilization
  }
}

/**
 * Statistics of one metric over one period [tMs, tMs + periodMs), or undefined when CloudWatch would have no
 * datapoint. Pure in (fleet, source, period, clock): the noise is keyed by endpoint, metric and period start.
 */
export function periodStats(state: FleetState, src: MetricSource, tMs: number, periodMs: number, nowMs: number): PeriodStats | undefined {
  const { endpoint: e, variant: v } = src;
  const minuteIdx = Math.floor(tMs / MINUTE_MS);
  const periodSec = periodMs / 1000;
  if (isDropped(src, state.options.metricsGaps, minuteIdx, periodSec)) return undefined;

  if (src.kind === 'instance') {
    // Instance metrics follow the capacity timeline: none while parked (0 instances) or deleted.
    const pieces = runningPieces(v, tMs, tMs + periodMs, nowMs);
    if (pieces.length === 0) return undefined;
    let minutes = 0;
    let instanceMinutes = 0;
    let gpuUtilMinutes = 0;
    let busyMinutes = 0;
    for (const p of pieces) {
      const t = integrateLoad(e.traffic, e.seed, p.fromMs, p.toMs);
      minutes += t.minutes;
      instanceMinutes += t.minutes * p.count;
      gpuUtilMinutes += t.gpuUtilPctMinutes;
      busyMinutes += t.busyMinutes;
    }
    const z = normal(mix(e.seed, src.salt, minuteIdx, periodSec));
    const perGpu = Math.min(100, Math.max(0, (gpuUtilMinutes / minutes) * (1 + 0.05 * z) + 0.05 * Math.abs(z)));
    const avg = Math.max(0, instanceValue(src.metricName, e, v, perGpu, busyMinutes / minutes, z));
    const units = src.metricName === 'GPUUtilization' || src.metricName === 'GPUMemoryUtilization' ? v.gpuCount : src.metricName === 'CPUUtilization' ? v.vcpus : 1;
    return stats(avg, instanceMinutes, avg * 0.85, Math.min(100 * units, avg * 1.15 + 0.5), 0.15);
  }

  const pieces = servingPieces(state, src, tMs, tMs + periodMs, nowMs);
  if (pieces.length === 0) return undefined;
  // Demand comes from the traffic pattern; only the share the endpoint could serve becomes Invocations.
  let demand = 0;
  let served = 0;
  let errors = 0;
  let loadMinutes = 0;
  let busyMinutes = 0;
  let servedMs = 0;
  let instanceMs = 0;
  for (const p of pieces) {
    const t = integrateLoad(e.traffic, e.seed, p.fromMs, p.toMs);
    demand += t.invocations * p.trafficShare;
    served += t.invocations * p.trafficShare * p.servedShare;
    errors += t.errors * p.trafficShare * p.servedShare;
    loadMinutes += t.minutes;
    busyMinutes += t.busyMinutes;
    if (src.metricName === 'InvocationsPerInstance' && p.servedShare > 0) {
      servedMs += p.toMs - p.fromMs;
      for (const r of runningPieces(v, p.fromMs, p.toMs, nowMs)) instanceMs += (r.toMs - r.fromMs) * r.count;
    }
  }
  // All request metrics of one source and period share one invocation count, so errors never exceed invocations.
  const trafficKey = mix(e.seed, v.nameHash, Math.round(src.share * 1e6), minuteIdx, periodSec);
  const invocations = noisyCount(served, trafficKey);
  const minutes = Math.max(1, Math.round(loadMinutes));

  if (src.kind === 'latency') {
    // Latency is only published for periods that had requests.
    if (invocations === 0) return undefined;
    const baseUs = src.metricName === 'ModelLatency' ? e.modelLatencyMs * 1000 : 3_000;
    const avg = baseUs * (1 + 0.06 * normal(mix(trafficKey, src.salt)));
    return stats(avg, invocations, avg * 0.55, avg * 2.4);
  }

  const errorRatio = served > 0 ? errors / served : 0;
  let sum: number;
  switch (src.metricName) {
    case 'Invocation5XXErrors':
    case 'InvocationModelErrors':
      sum = Math.min(invocations, noisyCount(invocations * errorRatio, mix(trafficKey, 5)));
      break;
    case 'Invocation4XXErrors':
      sum = Math.min(invocations, noisyCount(invocations * 0.002, mix(trafficKey, 4)));
      break;
    case 'NoCapacityInvocationFailures':
      sum = noisyCount(demand - served, mix(trafficKey, 7));
      break;
    case 'InvocationsPerInstance': {
      const meanInstances = servedMs > 0 ? instanceMs / servedMs : 0;
      sum = meanInstances > 0 ? invocations / meanInstances : invocations;
      break;
    }
    default:
      sum = invocations;
  }
  if (sum === 0 && state.options.zeroTrafficDatapoints === 'absent') return undefined;
  const avg = sum / minutes;
  const busyShare = loadMinutes > 0 ? busyMinutes / loadMinutes : 0;
  const max = busyShare > 0 ? Math.ceil((avg / busyShare) * 1.2) : 0;
  return stats(avg, minutes, busyShare < 1 ? 0 : Math.floor(avg * 0.8), max);
}

function isDropped(src: MetricSource, fleetGaps: MetricsGaps | undefined, minuteIdx: number, periodSec: number): boolean {
  const gaps = src.endpoint.metricsGaps ?? fleetGaps;
  if (!gaps || gaps.dropPct <= 0) return false;
  if (gaps.metrics && !gaps.metrics.includes(src.metricName as never)) return false;
  return unit(mix(src.endpoint.seed ^ 0x6a9, src.salt, minuteIdx, periodSec)) * 100 < gaps.dropPct;
}

/** Oldest datapoint CloudWatch still keeps for a period: 1-minute data 15 days, 5-minute 63 days, 1-hour 455 days. */
export function retentionStartMs(periodSec: number, nowMs: number): number {
  const days = periodSec < 300 ? 15 : periodSec < 3600 ? 63 : 455;
  return nowMs - days * DAY_MS;
}
