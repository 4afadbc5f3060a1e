import type { CostLine } from '../../domain/cost';
import type { InstancePrice } from '../../domain/resources';
import type { ProviderStatus } from '../../domain/status';
import type { TimeWindow } from '../../domain/utilization';

/** What Vertex AI and Workbench say a machine carries (MachineSpec / GceSetup), enough to price it. */
export interface GcpMachineSpec {
  /** e.g. `a2-highgpu-1g`, `g2-standard-8`, `n1-standard-4`. */
  machineType: string;
  /** AcceleratorType enum word, e.g. `NVIDIA_TESLA_T4`, `NVIDIA_L4`; unset for CPU-only machines. */
  acceleratorType?: string;
  acceleratorCount: number;
  /** Vertex AI region, e.g. us-central1 (a Workbench zone is passed as its region). */
  location: string;
  /** Which price list: Vertex AI prediction nodes, Workbench (Compute Engine) instances or custom training. */
  usage: 'prediction' | 'workbench' | 'training';
}

/**
 * List prices for Google machines (Cloud Billing Catalog, cached; a dated static table when the catalog is off or
 * unreachable). Undefined when neither knows the machine: the estimate then says the cost is unknown.
 */
export interface GcpPriceSource {
  hourly(spec: GcpMachineSpec): Promise<InstancePrice | undefined>;
  /** Status of the catalog part ("prices"), or none when it was not used. */
  status(): ProviderStatus[];
}

/**
 * Billed cost from the Cloud Billing export in BigQuery. Never throws: an absent or too-young export is a
 * `missing-data` status, a failed query an `error` or `auth-failed` status, and the lines are then empty.
 */
export interface GcpCostSource {
  costs(window: TimeWindow): Promise<{ lines: CostLine[]; status: ProviderStatus }>;
}
