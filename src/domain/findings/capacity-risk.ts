/** Why a resource or a production accelerator type is at capacity risk. */
export type CapacitySignal = 'quota-failure' | 'capacity-failure' | 'stuck-scale-up' | 'single-region';

export interface CapacityRiskEvidence {
  signal: CapacitySignal;
  /** The cloud's own words when a deployment failed. */
  failureReason?: string;
  providerStatus?: string;
  /** Stuck scale-up: instances running against desired, and minutes since the endpoint's last change. */
  currentInstances?: number;
  desiredInstances?: number;
  minutesSinceChange?: number;
  /** Single region: the accelerator, its instance types, the region everything runs in, and the endpoints. */
  accelerator?: string;
  instanceTypes?: string[];
  region?: string;
  endpoints?: string[];
  /** Regions where the same instance type is listed in our dated price tables (not exhaustive). */
  fallbackRegions: string[];
}
