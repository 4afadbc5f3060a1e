import type { Cloud } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { Endpoint } from '../domain/resources';
import type { Inventory } from '../domain/snapshot';
import type { ProviderStatus } from '../domain/status';
import type { TimeWindow, UtilizationSeries } from '../domain/utilization';

/**
 * Which metrics to read over which window. Traffic (invocations) is read over the long lookback at coarse
 * resolution, to find the last call and the endpoint's usual quiet periods; resource metrics (GPU, errors, latency)
 * only over the recent detail window at fine resolution. At 10,000 endpoints this is the difference between ~10 M
 * and ~2 M datapoints per run.
 */
export interface UtilizationRequest {
  window: TimeWindow;
  /** Defaults to `window`. */
  detailWindow?: TimeWindow;
}

/** Which part of a cloud to read; undefined fields mean "everything configured". */
export interface ReadScope {
  regions?: string[];
}

/**
 * Reads one cloud. Small on purpose: inventory, utilisation, costs, status.
 * Methods do not throw for cloud failures: they return what they could read and record
 * the failure in `status()` (a failed fetch must never look like a healthy, idle or cheap resource).
 */
export interface CloudReader {
  readonly cloud: Cloud;
  inventory(scope: ReadScope): Promise<Inventory>;
  /** Series for the endpoints given (normalised metric names and units): invocations over `window`, the rest over `detailWindow`. */
  utilization(endpoints: readonly Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]>;
  /** Billed cost lines over the window (daily). */
  costs(window: TimeWindow): Promise<CostLine[]>;
  /** One status per component read so far in this reader's life (inventory, utilization, costs). */
  status(): ProviderStatus[];
}
