import { z } from 'zod';

/** `detectors.capacity-risk` of the config file (src/config/schema.ts). */
export const capacityRiskSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Report deployments that failed for capacity or quota, scale-ups stuck short of their desired count, and production accelerator types served from one region only.'),
  productionTag: z.string().min(1).max(128).default('env').describe('Tag/label that marks production endpoints for the single-region check.'),
  productionValues: z
    .array(z.string().min(1))
    .min(1)
    .default(['prod', 'production'])
    .describe('Values of productionTag that mean production (case-insensitive).'),
  stuckScaleUpMinutes: z
    .number()
    .min(5)
    .max(24 * 60)
    .default(45)
    .describe('An endpoint still short of its desired instance count this long after its last change is a stuck scale-up (a GPU bring-up normally takes 5-20 minutes).'),
  singleRegion: z.boolean().default(true).describe('Report production accelerator types whose every in-service endpoint sits in one region.'),
  singleRegionMinMonthlyCost: z
    .number()
    .min(0)
    .default(5000)
    .describe('... only when the production serving at stake costs at least this much per month (a small single-region service is a choice, not news).'),
});
