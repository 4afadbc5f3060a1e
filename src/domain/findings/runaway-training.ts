export interface RunawayTrainingEvidence {
  signal: 'past-expected-duration' | 'stuck-starting';
  family: string;
  /** The family tag's value, or the name without its run suffix. */
  familySource: 'tag' | 'name';
  /** Which rule set the limit: maxHoursByFamily, medianMultiple x the family's median, or the default maxHours. */
  expectedSource: 'family' | 'history' | 'default';
  expectedMaxHours: number;
  /** The family's successful runs in the lookback, when there were any. */
  history?: { runs: number; medianHours: number; multiple: number; lookbackDays: number };
  /** Hours training so far (since its start, else its creation); for stuck-starting, hours since creation. */
  hours: number;
  providerStatus: string;
  secondaryStatus?: string;
  instanceType: string;
  instanceCount: number;
  /** The job's cost per hour while its instances run, and in `currency`: so far, and more until its own limit. */
  hourlyCost?: number;
  accruedCost?: number;
  projectedToLimitCost?: number;
  /** The job's own runtime limit (SageMaker MaxRuntimeInSeconds, Vertex timeout, Azure limits.timeout). */
  maxRuntimeHours?: number;
  currency: string;
}
