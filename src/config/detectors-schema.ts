import { z } from 'zod';
import { costAnomalySchema } from './cost-anomaly-schema';
import { endpointFailureSchema } from './endpoint-failure-schema';
import { hiddenCostSchema } from './hidden-cost-schema';
import { unattributedSpendSchema } from './unattributed-spend-schema';
import { capacityRiskSchema } from './capacity-risk-schema';
import { budgetOverrunSchema } from './budget-overrun-schema';
import { runawayTrainingSchema } from './runaway-training-schema';
import { idleNotebookSchema } from './idle-notebook-schema';
import { underusedGpuSchema } from './underused-gpu-schema';
import { lockInRiskSchema } from './lock-in-risk-schema';

export const idleGpuSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report endpoints that keep accelerators running with no traffic.'),
  idleWindowHours: z.number().min(1).max(24 * 14).default(6).describe('Zero invocations for this long makes an endpoint idle.'),
  lookbackHours: z
    .number()
    .min(1)
    .max(24 * 14)
    .default(240)
    .describe('How far back to look for the last invocation and the endpoint\'s usual quiet periods (10 days show last weekend whole).'),
  respectUsualQuietPeriods: z
    .boolean()
    .default(true)
    .describe('Do not call an endpoint idle while its quiet stretch is no longer than its usual ones in the lookback (nights, weekends).'),
  minCoverage: z.number().min(0).max(1).default(0.8).describe('Share of the idle window that must have datapoints.'),
  maxGpuUtilPct: z
    .number()
    .min(0)
    .max(100)
    .default(5)
    .describe('Mean per-GPU utilisation above this means something is using the GPU: not idle.'),
  minMonthlyCost: z.number().min(0).default(0).describe('Do not report idle endpoints cheaper than this per month.'),
});

/** `detectors` of the config file: one section per finding kind, each with its own thresholds and defaults. */
export const detectorsSchema = z.strictObject({
  'idle-gpu': idleGpuSchema.prefault({}),
  'endpoint-failure': endpointFailureSchema.prefault({}),
  'cost-anomaly': costAnomalySchema.prefault({}),
  'hidden-cost': hiddenCostSchema.prefault({}),
  'unattributed-spend': unattributedSpendSchema.prefault({}),
  'capacity-risk': capacityRiskSchema.prefault({}),
  'budget-overrun': budgetOverrunSchema.prefault({}),
  'runaway-training': runawayTrainingSchema.prefault({}),
  'idle-notebook': idleNotebookSchema.prefault({}),
  'lock-in-risk': lockInRiskSchema.prefault({}),
  'underused-gpu': underusedGpuSchema.prefault({}),
});
