import type { ServingMode } from '../resources';

/** What underused-gpu recommends: the same GPU on a smaller instance, or a serving mode that can reach zero. */
export type UnderusedGpuAction = 'smaller-instance' | 'scale-to-zero';

/** A cheaper instance of the same accelerator, same cloud and region, that the load is projected to fit. */
export interface GpuCandidate {
  instanceType: string;
  acceleratorsPerInstance: number;
  vcpus?: number;
  memoryGiB?: number;
  /** List price per instance-hour and where it comes from. */
  hourly: { amount: number; currency: string };
  priceSource: string;
  /** Projected per-GPU utilisation: p95 x GPUs now / GPUs proposed. */
  projectedGpuUtilPct: number;
  /** Projected GPU memory: highest hourly mean x GPUs now / GPUs proposed; undefined when memory was not measured. */
  projectedGpuMemoryPct?: number;
  /** Current monthly cost minus the candidate's list price x instances x 730 h. */
  monthlySaving: number;
}

/** Scaling to zero during the quiet hours. */
export interface ScaleToZeroOption {
  /** The serving mode to move to, in the cloud's words. */
  mode: string;
  /** Current monthly cost x the share of hours without invocations (cold starts and minimum billing ignored). */
  monthlySaving: number;
}

export interface UnderusedGpuEvidence {
  variant: string;
  servingMode: ServingMode;
  instanceType: string;
  instanceCount: number;
  acceleratorModel?: string;
  acceleratorsPerInstance: number;
  /** The GPU window (hours) and the share of its hours with GPU datapoints. */
  windowHours: number;
  coverage: number;
  /** Of the hourly mean per-GPU utilisation over the window. */
  p95GpuUtilPct: number;
  meanGpuUtilPct: number;
  /** Highest hourly mean GPU memory in use (percent of each GPU), when measured. */
  peakGpuMemoryPct?: number;
  invocationsInWindow: number;
  /** Share of the window's hours without a single invocation (0..100). */
  quietHoursPct: number;
  /** What the endpoint costs per month now, and on what basis. */
  currentMonthly: { amount: number; currency: string };
  currentBasis: 'billed' | 'list-price' | 'estimate';
  recommended: UnderusedGpuAction;
  candidate?: GpuCandidate;
  scaleToZero?: ScaleToZeroOption;
}
