import type { Cloud } from '../domain/cloud';
import type { CostLine, MonthForecast } from '../domain/cost';
import type { NativeCostAnomaly } from '../domain/native-cost-anomaly';
import type { Inventory, Snapshot } from '../domain/snapshot';
import { emptyInventory } from '../domain/snapshot';
import type { ProviderStatus } from '../domain/status';
import type { TimeWindow, UtilizationSeries } from '../domain/utilization';
import type { CloudReader, ForecastScope, GpuMetricsRequest, ReadScope } from '../providers/types';

export interface CollectRequest {
  readers: readonly CloudReader[];
  scope: ReadScope;
  /** Traffic lookback (invocations). */
  window: TimeWindow;
  /** Recent window for resource metrics (GPU, errors, latency); defaults to `window`. */
  detailWindow?: TimeWindow;
  /** GPU metrics over their own longer window at a coarse period (underused-gpu); unset: with the detail window. */
  gpu?: GpuMetricsRequest;
  /** Billing lookback (daily lines). */
  costWindow: TimeWindow;
  now: Date;
  /** Skip billing (audits narrowed to kinds that need none, or cost reading disabled). */
  skipCosts?: boolean;
  /**
   * The clouds' own month-end forecasts to read (src/app/forecast-request.ts), per cloud; unset when no budget needs
   * one (AWS GetCostForecast costs $0.01 a request).
   */
  forecast?: { month: TimeWindow; scopes: Partial<Record<Cloud, ForecastScope[]>> };
}

interface CloudPart {
  inventory: Inventory;
  utilization: UtilizationSeries[];
  costs: CostLine[];
  nativeAnomalies: NativeCostAnomaly[];
  forecasts: MonthForecast[];
  statuses: ProviderStatus[];
}

/**
 * Fans out over the cloud readers in parallel. One cloud failing never stops the others: a reader that throws
 * (it should not: readers report failures as statuses) becomes an `error` status the user sees.
 */
export async function collectSnapshot(req: CollectRequest): Promise<Snapshot> {
  const settled = await Promise.allSettled(req.readers.map((r) => collectOne(r, req)));
  const snapshot: Snapshot = {
    takenAt: req.now,
    window: req.window,
    ...emptyInventory(),
    utilization: [],
    costs: [],
    nativeAnomalies: [],
    forecasts: [],
    statuses: [],
  };
  settled.forEach((res, i) => {
    if (res.status === 'fulfilled') {
      const p = res.value;
      snapshot.endpoints.push(...p.inventory.endpoints);
      snapshot.notebooks.push(...p.inventory.notebooks);
      snapshot.trainingJobs.push(...p.inventory.trainingJobs);
      snapshot.trainingHistory.push(...p.inventory.trainingHistory);
      snapshot.utilization.push(...p.utilization);
      snapshot.costs.push(...p.costs);
      snapshot.nativeAnomalies.push(...p.nativeAnomalies);
      snapshot.forecasts.push(...p.forecasts);
      snapshot.statuses.push(...p.statuses);
    } else {
      snapshot.statuses.push(crashed(req.readers[i]!.cloud, res.reason));
    }
  });
  return snapshot;
}

async function collectOne(reader: CloudReader, req: CollectRequest): Promise<CloudPart> {
  const inventoryP = reader.inventory(req.scope);
  // Billing does not depend on inventory: read it while inventory and metrics load.
  const costsP = req.skipCosts ? Promise.resolve([]) : reader.costs(req.costWindow);
  // The cloud's own anomalies are billing data too: read alongside, skipped with the costs.
  const anomaliesP = req.skipCosts || !reader.anomalies ? Promise.resolve([]) : reader.anomalies(req.costWindow);
  // The cloud's forecast only for the scopes budgets asked for (none: no request, no $0.01 per AWS call).
  const scopes = req.forecast?.scopes[reader.cloud] ?? [];
  const forecastsP = req.skipCosts || !reader.forecast || !req.forecast || scopes.length === 0 ? Promise.resolve([]) : reader.forecast(req.forecast.month, scopes);
  const inventory = await inventoryP;
  const [utilization, costs, nativeAnomalies, forecasts] = await Promise.all([
    reader.utilization(inventory.endpoints, {
      window: req.window,
      ...(req.detailWindow ? { detailWindow: req.detailWindow } : {}),
      ...(req.gpu ? { gpu: req.gpu } : {}),
    }),
    costsP,
    anomaliesP,
    forecastsP,
  ]);
  return { inventory, utilization, costs, nativeAnomalies, forecasts, statuses: reader.status() };
}

function crashed(cloud: Cloud, reason: unknown): ProviderStatus {
  const err = reason instanceof Error ? reason : new Error(String(reason));
  return {
    cloud,
    component: 'reader',
    state: 'error',
    code: err.name,
    message: `reader failed unexpectedly: ${err.message}`,
  };
}
