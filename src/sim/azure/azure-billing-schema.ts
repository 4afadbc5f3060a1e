import { z } from 'zod';
import { isFleetTime } from '../clock';
import { DailyPatternFields } from '../daily-pattern';

const FleetTime = z.string().refine(isFleetTime, 'a fleet time: "now", "-72h", "+30m", "-2d" or an ISO 8601 date-time');

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/...]`: what Cost Management bills on. */
export const ARM_RESOURCE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/[^/]+(?:\/[^/]+\/[^/]+)*$/i;

/**
 * Spend that is not an Azure ML resource: the storage account, container registry, Log Analytics workspace, NAT
 * gateway ... around a workspace. The simulated Cost Management bills it day by day next to the ML usage, so
 * hidden-cost detectors see adjacent services the way they would on a real subscription.
 */
export const AzureExtraCostSchema = z
  .strictObject({
    serviceName: z.string().min(1).describe('Cost Management ServiceName, e.g. "Storage", "Container Registry", "Log Analytics"'),
    meterCategory: z.string().min(1).describe('MeterCategory, e.g. "Storage"'),
    meter: z.string().min(1).describe('Meter, e.g. "Hot LRS Data Stored"'),
    resourceId: z
      .string()
      .regex(ARM_RESOURCE_ID, 'an ARM resource id: /subscriptions/{s}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}')
      .describe('ARM id of the billed resource (storage account, registry, workspace, NAT gateway ...)'),
    subscription: z.string().min(1).optional().describe('Defaults to the subscription in resourceId'),
    resourceGroup: z.string().min(1).optional().describe('Defaults to the resource group in resourceId'),
    location: z.string().min(1).default('eastus'),
    dailyCost: z.number().min(0).describe('Cost per full day (billing currency) at `from`'),
    ...DailyPatternFields,
    usageQuantityPerDay: z.number().min(0).default(0).describe('UsageQuantity per full day (unit of the meter)'),
    tags: z.record(z.string(), z.string()).default({}),
    pricingModel: z
      .enum(['OnDemand', 'Reservation', 'SavingsPlan', 'Spot'])
      .default('OnDemand')
      .describe('PricingModel dimension; Reservation / SavingsPlan lines are a commitment billed day by day (the same in ActualCost and AmortizedCost here)'),
    from: FleetTime.optional().describe('When the spend starts (fleet time); default: always'),
    to: FleetTime.optional().describe('When it stops (fleet time); default: never'),
  })
  .describe('A cost line next to Azure ML that does not come from an ML resource.');
export type AzureExtraCost = z.output<typeof AzureExtraCostSchema>;

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
  extraCosts: z.array(AzureExtraCostSchema).default([]),
});
export type AzureBilling = z.infer<typeof AzureBillingSchema>;
