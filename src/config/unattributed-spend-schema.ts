import { z } from 'zod';

/** `detectors.unattributed-spend` of the config file (src/config/schema.ts). */
export const unattributedSpendSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Report ML platform spend and ML resources without the owner tag, so alerts can be routed.'),
  days: z.number().int().min(1).max(28).default(7).describe('Complete days of billed spend to judge (yesterday and the days before).'),
  minMonthlyCost: z.number().min(0).default(100).describe('Only report an account whose untagged ML spend is at least this much per month (days x 30.4 / days).'),
  minSharePct: z.number().min(0).max(100).default(2).describe('... and at least this % of the account\'s ML platform spend.'),
  maxResourcesListed: z.number().int().min(1).max(200).default(20).describe('Untagged resources named in one finding (the count is always complete).'),
});
