/**
 * The seam between the simulated Azure world (Machine Learning resources and their capacity over time:
 * src/sim/azure/*, "world" side) and the simulated Cost Management (query and forecast), which prices that usage.
 * The world side produces usage records from its timelines; Cost Management aggregates them into rows the way the
 * real Query API does (daily, grouped by ResourceId / ServiceName / TagKey ...).
 */

/** One resource's billable running time within [fromMs, toMs): a deployment's instances, a compute instance, a job. */
export interface AzureUsageRecord {
  subscriptionId: string;
  resourceGroup: string;
  /**
   * ARM id of the billed resource as Cost Management reports it. Managed online deployments bill on their endpoint
   * (`/subscriptions/../resourceGroups/../providers/Microsoft.MachineLearningServices/workspaces/<ws>/onlineEndpoints/<ep>`),
   * compute instances on `.../workspaces/<ws>/computes/<name>`, jobs on the compute they ran on (or the workspace for
   * serverless). Cost Management answers ResourceId in lower case; the simulator lowercases when it answers.
   */
  resourceId: string;
  /** e.g. Microsoft.MachineLearningServices/workspaces/onlineEndpoints */
  resourceType: string;
  /** Azure region (eastus, westeurope ...). */
  location: string;
  /** Cost Management ServiceName of the charge, e.g. "Azure Machine Learning", "Storage", "Container Registry". */
  serviceName: string;
  /** MeterCategory / Meter, e.g. "Virtual Machines" / "NC24ads A100 v4". */
  meterCategory: string;
  meter: string;
  /** VM size behind the charge (Standard_NC24ads_A100_v4), when it is compute. */
  vmSize?: string;
  /** Tags of the resource at the time (Cost Management groups by TagKey). */
  tags: Record<string, string>;
  /** PricingModel dimension (OnDemand when absent): Reservation / SavingsPlan for commitment lines. */
  pricingModel?: string;
  /** Usage start (inclusive) and end (exclusive), epoch ms, within one UTC day. */
  fromMs: number;
  toMs: number;
  /** Billed quantity: instance-hours for compute, the unit of the meter otherwise. */
  quantity: number;
  /** Pre-tax cost of this record in `currency` (Cost Management's Cost / PreTaxCost). */
  cost: number;
  currency: string;
}

/** All usage that overlaps [fromMs, toMs) and has happened by nowMs (nothing in the future is billed). */
export type AzureUsageSource = (fromMs: number, toMs: number, nowMs: number) => AzureUsageRecord[];
