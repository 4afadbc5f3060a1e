export interface RunawayTrainingEvidence {
  signal: 'past-expected-duration' | 'stuck-starting';
  family: string;
  /** Where the expected maximum came from. */
  expectedSource: 'family' | 'default';
  expectedMaxHours: number;
  /** Hours running (or waiting to start) so far. */
  hours: number;
  providerStatus: string;
  instanceType: string;
  instanceCount: number;
  /** Cost so far and, when the job has its own runtime limit, until that limit; in `currency`. */
  accruedCost?: number;
  projectedToLimitCost?: number;
  maxRuntimeHours?: number;
  currency: string;
}
