/**
 * The contract between the simulated Google world (Vertex AI endpoints, Workbench instances, custom jobs and their
 * park/restore timelines: src/sim/gcp/*, "world" side) and the simulated billing side (BigQuery billing export and
 * Cloud Billing Catalog: src/sim/gcp/bigquery*.ts, catalog*.ts). The world says which machines ran for how long;
 * billing turns that into export rows priced from the simulator's SKU table.
 */
import type { GcpFleetExtraCost } from './gcp-fleet-schema';

/** Where the fleet's billing export lives and since when it exists (tables.get creationTime). */
export interface SimBillingExport {
  project: string;
  dataset: string;
  /** `gcp_billing_export_resource_v1_<ACCOUNT>` (detailed: rows carry resource.name) or `gcp_billing_export_v1_<ACCOUNT>`. */
  table: string;
  /** BigQuery location of the dataset, e.g. `US`. */
  location: string;
  billingAccountId: string;
  /** Epoch ms the export was enabled; younger than 48 h means costs are incomplete. */
  createdMs: number;
  /** Non-Vertex spend the fleet declares (logging, networking ...), with its from/to resolved. */
  extraCosts: SimGcpExtraCost[];
}

export interface SimGcpExtraCost extends Omit<GcpFleetExtraCost, 'from' | 'to'> {
  fromMs?: number;
  toMs?: number;
}

/** One machine's running time in one period (the world integrates its replica/instance timeline). */
export interface SimUsageRecord {
  projectId: string;
  projectNumber: string;
  /** Vertex AI region; for Workbench the zone's region. */
  region: string;
  /** Zone for Workbench instances, else undefined. */
  zone?: string;
  usage: 'prediction' | 'workbench' | 'training';
  /**
   * The detailed export's resource.name for this resource: the Vertex AI endpoint's full name
   * (`projects/<number>/locations/<region>/endpoints/<id>`, as the Vertex API returns it), the Workbench instance's
   * or the custom job's. Billing puts it in `resource.name` only for detailed tables.
   */
  resourceName: string;
  /** Labels of the resource (Vertex endpoint / Workbench instance / custom job), exported as `labels`. */
  labels: Record<string, string>;
  machineType: string;
  acceleratorType?: string;
  /** Accelerators per machine. */
  acceleratorCount: number;
  /** Machine-hours in [fromMs, toMs) (replicas x hours); 0 records may be omitted. */
  machineHours: number;
  fromMs: number;
  toMs: number;
}

/** Implemented by the world side: usage per resource per UTC day (or finer) over [fromMs, toMs) at virtual time nowMs. */
export type SimUsageSource = (fromMs: number, toMs: number, nowMs: number) => SimUsageRecord[];
