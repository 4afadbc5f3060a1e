import { resolveFleetTime } from '../clock';
import { dailyFactor } from '../daily-pattern';
import { ARM_RESOURCE_ID, type AzureExtraCost } from './azure-billing-schema';
import type { AzureUsageRecord } from './azure-usage';

const DAY_MS = 86_400_000;

/**
 * The fleet's `azure.billing.extraCosts` as usage records: one per UTC day (clipped to the line's from/to, the
 * query window and `nowMs`, prorated), so they aggregate exactly like the world's ML usage. Growth compounds
 * continuously per week from the line's `from` (or the clock start), priced at each day's midpoint; weekends can
 * run at their own level (src/sim/daily-pattern.ts).
 */
export function extraCostRecords(lines: readonly AzureExtraCost[], currency: string, startMs: number, fromMs: number, toMs: number, nowMs: number): AzureUsageRecord[] {
  const out: AzureUsageRecord[] = [];
  for (const line of lines) {
    const m = ARM_RESOURCE_ID.exec(line.resourceId)!;
    const lineFrom = line.from === undefined ? -Infinity : resolveFleetTime(line.from, startMs);
    const lineTo = line.to === undefined ? Infinity : resolveFleetTime(line.to, startMs);
    const growthOrigin = Number.isFinite(lineFrom) ? lineFrom : startMs;
    const lo = Math.max(fromMs, lineFrom);
    const hi = Math.min(toMs, lineTo, nowMs);
    for (let day = Math.floor(lo / DAY_MS) * DAY_MS; day < hi; day += DAY_MS) {
      const a = Math.max(lo, day);
      const b = Math.min(hi, day + DAY_MS);
      if (b <= a) continue;
      const share = (b - a) / DAY_MS;
      const factor = dailyFactor(line, day, growthOrigin);
      out.push({
        subscriptionId: line.subscription ?? m[1]!,
        resourceGroup: line.resourceGroup ?? m[2]!,
        resourceId: line.resourceId,
        resourceType: m[3]!,
        location: line.location,
        serviceName: line.serviceName,
        meterCategory: line.meterCategory,
        meter: line.meter,
        tags: { ...line.tags },
        ...(line.pricingModel !== 'OnDemand' ? { pricingModel: line.pricingModel } : {}),
        fromMs: a,
        toMs: b,
        quantity: line.usageQuantityPerDay * share,
        cost: line.dailyCost * factor * share,
        currency,
      });
    }
  }
  return out;
}
