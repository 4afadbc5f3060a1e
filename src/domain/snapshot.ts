import type { CostLine, MonthForecast } from './cost';
import type { NativeCostAnomaly } from './native-cost-anomaly';
import type { Endpoint, Notebook, TrainingJob, TrainingRun } from './resources';
import type { ProviderStatus } from './status';
import type { TimeWindow, UtilizationSeries } from './utilization';

/** Resources one cloud reader found. */
export interface Inventory {
  endpoints: Endpoint[];
  notebooks: Notebook[];
  trainingJobs: TrainingJob[];
  /** Successful training runs that ended within the lookback (runaway-training's per-family history). */
  trainingHistory: TrainingRun[];
}

/** Everything collected in one run, normalised across clouds; the only input detectors see. */
export interface Snapshot extends Inventory {
  takenAt: Date;
  /** The utilisation lookback window. */
  window: TimeWindow;
  utilization: UtilizationSeries[];
  costs: CostLine[];
  /** Anomalies the clouds detected themselves (AWS Cost Anomaly Detection), merged into cost-anomaly findings. */
  nativeAnomalies: NativeCostAnomaly[];
  /** The clouds' own month-end forecasts, read only when budgets ask for them (budget-overrun); [] otherwise. */
  forecasts: MonthForecast[];
  statuses: ProviderStatus[];
}

export function emptyInventory(): Inventory {
  return { endpoints: [], notebooks: [], trainingJobs: [], trainingHistory: [] };
}
