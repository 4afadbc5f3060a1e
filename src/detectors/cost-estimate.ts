import { isResourceId, refKey, type ResourceRef } from '../domain/cloud';
import type { CostEstimate, CostLine } from '../domain/cost';
import { HOURS_PER_MONTH, formatMoney } from '../domain/money';
import type { InstanceSpec } from '../domain/resources';

export interface RunningInstances {
  instance: InstanceSpec;
  count: number;
}

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const BILLED_LOOKBACK_DAYS = 7;

/**
 * Monthly cost of a resource, preferring what the cloud billed for it (cost lines carrying its ResourceId, e.g.
 * GCP's detailed export or Azure's ResourceId grouping) over list price x running instances. AWS Cost Explorer
 * cannot group SageMaker cost by resource, so AWS endpoints land on the list-price branch.
 */
export function estimateMonthlyCost(
  ref: ResourceRef,
  running: readonly RunningInstances[],
  costs: readonly CostLine[],
  now: Date,
): CostEstimate {
  const billed = billedForResource(ref, costs, now);
  if (billed) return billed;
  return listPriceEstimate(running);
}

/**
 * A cost line bills `ref` when it carries its id, or when the reader tied it to the resource (`ref`): Azure charges
 * of a sub-resource (`.../onlineEndpoints/<ep>/deployments/<d>`) belong to their endpoint.
 */
export function billsResource(c: CostLine, ref: ResourceRef): boolean {
  return isResourceId(ref, c.ResourceId) || (c.ref !== undefined && refKey(c.ref) === refKey(ref));
}

function billedForResource(ref: ResourceRef, costs: readonly CostLine[], now: Date): CostEstimate | undefined {
  const since = now.getTime() - BILLED_LOOKBACK_DAYS * 86_400_000;
  const lines = costs.filter(
    (c) => c.basis === 'billed' && billsResource(c, ref) && c.ChargePeriodStart.getTime() >= since,
  );
  if (lines.length === 0) return undefined;
  const currency = lines[0]!.BillingCurrency;
  if (lines.some((l) => l.BillingCurrency !== currency)) return undefined;
  const days = new Set(lines.map((l) => l.ChargePeriodStart.toISOString().slice(0, 10))).size;
  const total = lines.reduce((s, l) => s + l.BilledCost, 0);
  const daily = total / days;
  return {
    monthly: { amount: daily * DAYS_PER_MONTH, currency },
    hourly: { amount: daily / 24, currency },
    basis: 'billed',
    explanation: `billed ${formatMoney({ amount: total, currency })} over the last ${days} day(s), ${formatMoney({ amount: daily, currency })}/day x ${DAYS_PER_MONTH.toFixed(1)} days`,
  };
}

function listPriceEstimate(running: readonly RunningInstances[]): CostEstimate {
  const priced = running.filter((r) => r.count > 0 && r.instance.listPrice);
  const unpriced = running.filter((r) => r.count > 0 && !r.instance.listPrice);
  const currency = priced[0]?.instance.listPrice?.hourly.currency ?? 'USD';
  const mixed = priced.some((r) => r.instance.listPrice!.hourly.currency !== currency);
  if (priced.length === 0 || mixed) {
    const types = running.map((r) => `${r.count} x ${r.instance.instanceType}`).join(' + ');
    return {
      monthly: { amount: 0, currency },
      basis: 'estimate',
      explanation: `no list price known for ${types || 'this resource'}; cost unknown, refresh the price table`,
    };
  }
  const hourly = priced.reduce((s, r) => s + r.count * r.instance.listPrice!.hourly.amount, 0);
  const parts = priced.map((r) => {
    const p = r.instance.listPrice!;
    return `${r.count} x ${r.instance.instanceType} at ${formatMoney(p.hourly, 3)}/h`;
  });
  const p0 = priced[0]!.instance.listPrice!;
  const regionNote = `${p0.source}, ${p0.region}, as of ${p0.asOf}`;
  const gap = unpriced.length ? `; no price for ${unpriced.map((u) => u.instance.instanceType).join(', ')}` : '';
  return {
    monthly: { amount: hourly * HOURS_PER_MONTH, currency },
    hourly: { amount: hourly, currency },
    basis: 'list-price',
    explanation: `${parts.join(' + ')} x ${HOURS_PER_MONTH} h/month (${regionNote})${gap}`,
  };
}
