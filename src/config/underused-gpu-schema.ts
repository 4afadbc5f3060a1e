import { z } from 'zod';

/** `detectors.underused-gpu` of the config file (src/config/schema.ts). */
export const underusedGpuSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Report endpoints with traffic whose GPUs stay lightly used: a smaller instance of the same GPU, or a serving mode that scales to zero.'),
  windowHours: z
    .number()
    .int()
    .min(24)
    .max(24 * 14)
    .default(72)
    .describe('GPU utilisation and GPU memory are read hourly over this window (72 h: three daily cycles at the cost of 6 h of 5-minute data).'),
  maxP95GpuUtilPct: z
    .number()
    .min(1)
    .max(100)
    .default(20)
    .describe('Underused: the p95 of the hourly mean per-GPU utilisation over the window is below this.'),
  minCoverage: z.number().min(0.5).max(1).default(0.8).describe('Share of the window\'s hours that must have GPU utilisation datapoints.'),
  targetGpuUtilPct: z
    .number()
    .min(10)
    .max(100)
    .default(60)
    .describe('A smaller instance qualifies when the projected per-GPU utilisation (p95 x GPUs now / GPUs proposed) stays under this.'),
  maxGpuMemoryPct: z
    .number()
    .min(10)
    .max(100)
    .default(80)
    .describe('A smaller instance also needs the projected GPU memory (highest hourly mean x GPUs now / GPUs proposed) under this, so the model still fits.'),
  scaleToZeroMinQuietPct: z
    .number()
    .min(10)
    .max(100)
    .default(50)
    .describe('Recommend a serving mode that scales to zero when at least this share of the window\'s hours had no invocation.'),
  minMonthlySaving: z.number().min(0).default(100).describe('Only report when the recommendation saves at least this much per month.'),
});
