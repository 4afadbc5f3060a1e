import type { Cloud, ResourceRef } from '../domain/cloud';
import type { ParkAction } from '../domain/finding';
import type { RestoreToken } from '../domain/remediation';
import type { CostLine, MonthForecast } from '../domain/cost';
import type { NativeCostAnomaly } from '../domain/native-cost-anomaly';
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
  /**
   * GPU utilisation and GPU memory over their own, longer window at a coarse period (underused-gpu: a few hours say
   * nothing about a GPU's load over a day's and a week's cycle). Unset: GPU metrics are read with the detail window.
   * Hourly over 72 h is as many datapoints per series as 5-minute data over 6 h.
   */
  gpu?: GpuMetricsRequest;
}

/** Window and period of the GPU metrics; the window is aligned to whole periods by the collector. */
export interface GpuMetricsRequest {
  window: TimeWindow;
  periodSeconds: number;
}

/** One scope a budget wants the cloud's forecast for. */
export interface ForecastScope {
  /** AWS account, Azure subscription; unset: every account the reader reads. */
  account?: string;
  /** Only this billing service (the ML platform's, e.g. "Amazon SageMaker"); unset: every service. */
  service?: string;
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
  /**
   * Series for the endpoints given (normalised metric names and units): invocations over `window`, GPU utilisation and
   * GPU memory over `gpu` (when given), the rest over `detailWindow`.
   */
  utilization(endpoints: readonly Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]>;
  /** Billed cost lines over the window (daily). */
  costs(window: TimeWindow): Promise<CostLine[]>;
  /**
   * OPTIONAL: the cloud's own forecast of the month containing `month.start`, one MonthForecast per scope asked for
   * (Azure: per subscription); what cannot be read is left out and the reason is in `status()` (component
   * "forecast"). AWS: Cost Explorer GetCostForecast ($0.01 a request, cached); Azure: Cost Management forecast.usage;
   * Google has no forecast API. Called only when budgets need it.
   */
  forecast?(month: TimeWindow, scopes: readonly ForecastScope[]): Promise<MonthForecast[]>;
  /**
   * OPTIONAL: recent cost anomalies the cloud detected itself (AWS Cost Anomaly Detection GetAnomalies: those whose
   * last day is in the last week of `window`); [] when there are none or no monitor exists (status component
   * "anomalies" says which).
   */
  anomalies?(window: TimeWindow): Promise<NativeCostAnomaly[]>;
  /** One status per component read so far in this reader's life (inventory, utilization, costs). */
  status(): ProviderStatus[];
}

/** A cloud permission an action needs, declared next to its code; serverless.yml's remediation role is checked against these. */
export interface ActionPermission {
  action: string;
  /** ARN pattern, `*` only where the service allows nothing narrower. */
  resource: string;
}

/** What one park action is allowed to do and from which states (Cloud Custodian's permissions / valid_origin_states). */
export interface ActionSpec {
  action: ParkAction;
  /** Provider states (the vendor's words) a resource may be in for park to start. */
  validOriginStates: readonly string[];
  permissions: readonly ActionPermission[];
  /** Only ever run with a person's approval (runaway training: stopping loses progress). */
  approvalOnly?: boolean;
  /** False when there is nothing to restore (a stopped training job cannot be resumed). */
  restorable: boolean;
}

export interface ParkOutcome {
  token: RestoreToken;
  /** Steps run in this call (already-done steps are skipped). */
  stepsRun: string[];
}

/**
 * Writes to one cloud. Separate from CloudReader so only the remediation function gets write permissions.
 * Every method is idempotent: re-running after a crash between any two steps converges to the same end state.
 */
export interface CloudRemediator {
  readonly cloud: Cloud;
  readonly actions: readonly ActionSpec[];
  /** Read-only: the resource's current state for a restore token (`prior`), and its provider status word. */
  capture(ref: ResourceRef, action: ParkAction): Promise<{ prior: Record<string, unknown>; providerStatus: string; createdAt?: Date }>;
  /** Invocations since `since` (fresh re-check right before acting); undefined when it cannot be known. */
  recentInvocations(ref: ResourceRef, since: Date): Promise<number | undefined>;
  /** Parks from the token's `prior`; `onStep` is awaited after each step so the ledger records progress. */
  park(token: RestoreToken, onStep: (step: string) => Promise<void>): Promise<void>;
  /** Adds tags to the resource (the Slack Ignore button adds `watchdog:ignore`, an exclusion everyone can see). */
  tagResource(ref: ResourceRef, tags: Record<string, string>): Promise<void>;
  /** Restores from the token alone; resolves when the resource serves again (or the remediator's timeout). */
  restore(token: RestoreToken, onStep: (step: string) => Promise<void>): Promise<{ restoreSeconds?: number }>;
}
