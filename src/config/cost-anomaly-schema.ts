import { z } from 'zod';

/** `detectors.cost-anomaly` of the config file (src/config/schema.ts). */
export const costAnomalySchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Report daily spend far above its own robust baseline, per service and per owner, merged with AWS Cost Anomaly Detection.'),
    services: z
      .enum(['ml-and-adjacent', 'all'])
      .default('ml-and-adjacent')
      .describe('Which services to watch: the ML platform and its adjacent services (storage, logging, network, registry ...), or every service on the bill.'),
    byOwner: z.boolean().default(true).describe('Also watch each owner\'s daily spend (owner tag); an owner jump a service anomaly already explains is named there, not reported twice.'),
    baselineWeeks: z
      .number()
      .int()
      .min(2)
      .max(8)
      .default(4)
      .describe('Weeks of same-weekday history in the baseline; the billing window read grows to baselineWeeks x 7 + 1 days (Azure reads at most 31).'),
    minSameWeekdays: z
      .number()
      .int()
      .min(2)
      .max(8)
      .default(3)
      .describe('Same-weekday days needed for the weekly baseline; with fewer, the median of the previous recentDays days is the baseline.'),
    recentDays: z.number().int().min(7).max(14).default(14).describe('Days before the judged day whose median is the baseline when the same-weekday history is too short.'),
    minHistoryDays: z.number().int().min(3).max(14).default(7).describe('Days of history needed before a day is judged at all.'),
    zScore: z
      .number()
      .min(1)
      .default(4)
      .describe('Robust z-score a day must reach: (spend - median) / (1.4826 x MAD) of the baseline days.'),
    madFloorPct: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe('The MAD never counts as less than this % of the baseline median, so a flat series does not turn every cent into a huge z-score.'),
    minDailyDelta: z.number().min(0).default(50).describe('A day must also exceed its baseline by at least this much (billing currency per day).'),
    minRatio: z.number().min(1).default(1.5).describe('... and be at least this multiple of its baseline.'),
  })
  .refine((c) => c.minSameWeekdays <= c.baselineWeeks, { message: 'minSameWeekdays cannot exceed baselineWeeks', path: ['minSameWeekdays'] });
