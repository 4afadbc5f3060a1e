export interface UnderusedGpuEvidence {
  instanceType: string;
  instanceCount: number;
  gpusPerInstance: number;
  acceleratorModel?: string;
  /** p95 and mean of per-GPU utilisation over the window, with the share of the window measured. */
  p95GpuUtilPct: number;
  meanGpuUtilPct: number;
  coverage: number;
  windowHours: number;
  invocations: number;
  /** The cheaper instance type, its GPUs, hourly list price and the projected per-GPU p95 on it. */
  candidate: { instanceType: string; gpus: number; hourly: number; projectedP95GpuUtilPct: number };
  currentHourly: number;
  currency: string;
}
