import type { CompiledFor, ModelSource } from '../served-model';

/** The factors of a lock-in score, in the order they are shown. */
export const LOCK_IN_FACTORS = ['proprietary-accelerator', 'platform-serving', 'proprietary-model', 'commitments', 'cloud-concentration'] as const;
export type LockInFactorName = (typeof LOCK_IN_FACTORS)[number];

/** One contributing factor: how much of it the workload has (0..1), its weight, and the way out. */
export interface LockInFactor {
  factor: LockInFactorName;
  /** The configured weight (relative). */
  weight: number;
  /** How much of the factor applies, 0..1. */
  value: number;
  /** Contribution to the 0-100 score: 100 x weight x value / sum of weights. */
  points: number;
  /** False when the data behind it was not read (value is then 0: the score is a lower bound). */
  known: boolean;
  /** What was seen, in words ("1 x ml.inf2.xlarge (AWS Inferentia2)"). */
  detail: string;
  /** The open alternative, one sentence. */
  alternative: string;
}

/** A served model as the finding shows it. */
export interface LockInModel {
  name: string;
  source: ModelSource;
  image?: string;
  framework?: string;
  compiledFor?: CompiledFor;
  proprietary?: boolean;
  publisher?: string;
  basis: string;
}

export interface LockInRiskEvidence {
  workload: 'endpoint' | 'training-job';
  /** 0-100, rounded. */
  score: number;
  alertLevel: number;
  factors: LockInFactor[];
  /** Instance types the workload runs on. */
  instanceTypes: string[];
  models: LockInModel[];
}
