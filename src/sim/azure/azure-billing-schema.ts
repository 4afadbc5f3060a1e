import { z } from 'zod';

/**
 * The `billing` part of a fleet's `azure` section: how the simulated Cost Management answers (page size, per-scope
 * throttling, currency) and spend that is not an ML resource (storage, registry, logging ...), so adjacent-service
 * costs show up next to the platform's. Owned by the Cost Management side of the simulator.
 */
export const AzureBillingSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as USD').default('USD'),
  pageSize: z.number().int().min(1).max(5000).default(1000).describe('Rows per Query page before a nextLink (Azure: 1,000 by default)'),
  scopeRequestsPerMinute: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Throttle Query/Forecast per scope above this many requests per virtual minute with 429 (Azure: about 4); 0 = never'),
});
export type AzureBilling = z.infer<typeof AzureBillingSchema>;
