import { z } from 'zod';

/** `detectors.hidden-cost` of the config file (src/config/schema.ts). */
export const hiddenCostSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Report spend in services around the ML platform (data transfer, NAT, storage, logging, monitoring, registry) that outgrows it or takes a large share of it.'),
  growthMarginPct: z
    .number()
    .min(0)
    .default(25)
    .describe('Fire when a category grew this many percentage points faster than the platform\'s own spend (last 7 complete days vs the 7 before).'),
  maxSharePct: z
    .number()
    .min(0)
    .default(30)
    .describe('... or when it costs more than this % of the platform\'s spend in the same account over the last 7 days.'),
  minMonthlyCost: z.number().min(0).default(100).describe('Only categories costing at least this much per month (last 7 days x 30.4 / 7).'),
});
