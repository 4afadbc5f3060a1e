import type { ResourceRef } from './cloud';

/**
 * Metrics normalised across clouds. Units are in the names:
 * - invocations: requests per period (sum)
 * - gpu-util-pct: per-GPU utilisation 0..100 (SageMaker GPUUtilization is 0..100 x GPUs: divided already)
 * - gpu-memory-util-pct: share of each GPU's memory in use, 0..100, averaged over the GPUs (SageMaker
 *   GPUMemoryUtilization is 0..100 x GPUs: divided already; Vertex reports bytes: divided by the GPUs' memory)
 * - errors-5xx: server errors per period (sum)
 * - latency-ms: model latency, average over the period, milliseconds (SageMaker reports microseconds)
 */
export type MetricName = 'invocations' | 'gpu-util-pct' | 'gpu-memory-util-pct' | 'errors-5xx' | 'latency-ms';

export interface MetricPoint {
  /** Start of the period. */
  t: Date;
  v: number;
}

export interface TimeWindow {
  start: Date;
  /** Exclusive. */
  end: Date;
}

/**
 * One metric of one resource (optionally one variant) over a window.
 * Missing datapoints are unknown, never zero: `coverage` says how much of the window has data.
 */
export interface UtilizationSeries {
  ref: ResourceRef;
  variant?: string;
  metric: MetricName;
  periodSeconds: number;
  window: TimeWindow;
  points: MetricPoint[];
  /** Datapoints received / periods in the window, 0..1. */
  coverage: number;
}

export function expectedPeriods(window: TimeWindow, periodSeconds: number): number {
  return Math.max(1, Math.floor((window.end.getTime() - window.start.getTime()) / 1000 / periodSeconds));
}

export function coverageOf(points: number, window: TimeWindow, periodSeconds: number): number {
  return Math.min(1, points / expectedPeriods(window, periodSeconds));
}
