/**
 * Tells a quota failure from a capacity (stockout) failure by the clouds' own error words. The fix differs: a quota
 * is raised by a quota request (days), a stockout is worked around by another zone, type or region (now).
 *
 * Quota, by cloud:
 * - SageMaker: `ResourceLimitExceeded` ("The account-level service limit 'ml.g5.12xlarge for endpoint usage' is 0
 *   Instances ...").
 * - Vertex AI: gRPC code 8 `RESOURCE_EXHAUSTED` with "The following quota metrics exceed quota limits:
 *   aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus" (or "Quota exceeded for ...").
 * - Azure ML: `OutOfQuota` (managed online endpoints' deployment error, "Not enough quota available for <VM size>"),
 *   ARM `QuotaExceeded`, and `OperationNotAllowed` "Operation results in exceeding quota limits of Core".
 * Capacity (stockout), by cloud:
 * - SageMaker: `CapacityError: Unable to provision requested ML compute capacity` and EC2's
 *   `InsufficientInstanceCapacity`.
 * - Vertex AI / Compute Engine: "Resources are insufficient in region: us-central1", `ZONE_RESOURCE_POOL_EXHAUSTED`,
 *   "The zone ... does not have enough resources available to fulfill the request".
 * - Azure: `OutOfCapacity` ("The specified VM Size failed to provision due to a lack of Azure Machine Learning
 *   capacity"), VM `SkuNotAvailable`, `AllocationFailed` / `ZonalAllocationFailed`.
 *
 * Order matters. The stockout words are specific (no quota failure says "Unable to provision requested ML compute
 * capacity"), so they are tested first; then explicit quota words ("capacity quota" is a quota); last Google's bare
 * `RESOURCE_EXHAUSTED`, which Vertex uses for quotas when the message adds nothing more specific.
 */
const CAPACITY = [
  /InsufficientInstanceCapacity/i,
  /InsufficientCapacity/i,
  /Unable to provision requested ML compute capacity/i,
  /\bCapacityError\b/i,
  /\bOutOfCapacity\b/i,
  /RESOURCE_POOL_EXHAUSTED/i,
  /resources are insufficient/i,
  /does not have enough resources/i,
  /\bstockout\b/i,
  /\bSkuNotAvailable\b/i,
  /\b(Zonal)?AllocationFailed\b/i,
  /OverconstrainedAllocationRequest/i,
  /lack of (Azure Machine Learning )?capacity/i,
];

const QUOTA = [/ResourceLimitExceeded/i, /service limit/i, /\bquota/i, /OutOfQuota/i, /QuotaExceeded/i, /NotEnoughCores|not enough cores/i];

/** Google's canonical code for quotas (8); only a quota when nothing above matched. */
const GOOGLE_EXHAUSTED = /\bRESOURCE_EXHAUSTED\b/;

export type CapacityFailure = 'quota-failure' | 'capacity-failure';

export function classifyFailure(reason: string | undefined): CapacityFailure | undefined {
  if (!reason) return undefined;
  if (CAPACITY.some((r) => r.test(reason))) return 'capacity-failure';
  if (QUOTA.some((r) => r.test(reason)) || GOOGLE_EXHAUSTED.test(reason)) return 'quota-failure';
  return undefined;
}
