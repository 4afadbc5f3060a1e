import { z } from 'zod';

/** `detectors.underused-gpu` of the config file (src/config/schema.ts). */
export const underusedGpuSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report endpoints with traffic whose GPUs stay mostly unused, with a smaller or cheaper instance from the price tables.'),
  maxP95GpuUtilPct: z.number().min(1).max(100).default(20).describe('p95 of per-GPU utilisation over the detail window below this is underused.'),
  targetGpuUtilPct: z
    .number()
    .min(10)
    .max(100)
    .default(60)
    .describe('A candidate instance must keep the projected per-GPU utilisation (p95 x GPUs now / GPUs then) at or under this.'),
  minCoverage: z.number().min(0).max(1).default(0.8).describe('Share of the detail window that must have GPU datapoints.'),
  minMonthlySaving: z.number().min(0).default(100).describe('Only report when the cheaper instance saves at least this much per month.'),
});
