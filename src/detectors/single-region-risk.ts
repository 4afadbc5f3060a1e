import type { WatchdogConfig } from '../config/schema';
import { refKey, type Cloud, type ResourceRef } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { CapacityRiskFinding, Severity } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { Endpoint } from '../domain/resources';
import { runningAccelerators } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { fallbackRegions } from './fallback-regions';

/** Production by the configured tag selector (default `env` in prod / production, case-insensitive). */
export function isProduction(tags: Record<string, string>, config: WatchdogConfig): boolean {
  const { productionTag, productionValues } = config.detectors['capacity-risk'];
  const v = tags[productionTag]?.toLowerCase();
  return v !== undefined && productionValues.some((x) => x.toLowerCase() === v);
}

/**
 * Production accelerators served from one region only: one finding per (cloud, accelerator model), not per
 * endpoint or instance type, because one stockout or regional outage takes every size of that accelerator down at
 * once, and one finding with the endpoints listed is what a platform team acts on. Judged on in-service
 * endpoints that run accelerators now; what is at stake is what that serving costs a month (billed when the cloud
 * bills per resource, else list price), and only from `singleRegionMinMonthlyCost` (a small single-region service is
 * a choice, not news).
 */
export function singleRegionRisks(endpoints: readonly Endpoint[], snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding[] {
  const groups = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    if (e.status !== 'in-service' || runningAccelerators(e) === 0 || !isProduction(e.tags, config)) continue;
    const v = e.variants.find((x) => x.currentInstanceCount > 0 && x.instance.acceleratorCount > 0)!;
    const key = `${e.ref.cloud}|${v.instance.acceleratorModel ?? v.instance.instanceType}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: CapacityRiskFinding[] = [];
  for (const [key, group] of groups) {
    const regions = new Set(group.map((e) => e.ref.region));
    if (regions.size !== 1) continue;
    const [cloud, accelerator] = key.split('|') as [Cloud, string];
    const f = finding(cloud, accelerator, group, snapshot, config, now);
    if (f) out.push(f);
  }
  return out;
}

function finding(cloud: Cloud, accelerator: string, group: readonly Endpoint[], snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding | undefined {
  const region = group[0]!.ref.region;
  const instances = group.flatMap((e) => e.variants.filter((v) => v.currentInstanceCount > 0 && v.instance.acceleratorCount > 0));
  const types = [...new Set(instances.map((v) => v.instance.instanceType))].sort();
  // Regions offering every type in use come first: a fallback should take the same deployment as it is.
  const perType = types.map((t) => fallbackRegions(cloud, instances.find((v) => v.instance.instanceType === t)!.instance, region));
  const all = [...new Set(perType.flat())];
  const everywhere = all.filter((r) => perType.every((list) => list.includes(r)));
  const fallback = [...everywhere, ...all.filter((r) => !everywhere.includes(r))];
  const costs = group.map((e) => estimateMonthlyCost(e.ref, e.variants.map((v) => ({ instance: v.instance, count: v.currentInstanceCount })), snapshot.costs, now));
  const currency = costs[0]?.monthly.currency ?? 'USD';
  const monthly = costs.filter((c) => c.monthly.currency === currency).reduce((s, c) => s + c.monthly.amount, 0);
  if (monthly < config.detectors['capacity-risk'].singleRegionMinMonthlyCost) return undefined;
  const basis = costs.every((c) => c.basis === 'billed') ? 'billed' : costs.some((c) => c.basis === 'list-price') ? 'list-price' : 'estimate';
  const bases = [...new Set(costs.map((c) => c.basis))].join(' and ');
  const cost: CostEstimate = {
    monthly: { amount: monthly, currency },
    basis,
    explanation: `the production serving at stake: ${group.length} endpoint(s) on ${accelerator} in ${region}, ${formatMoney({ amount: monthly, currency }, 0)}/month (each endpoint's ${bases} monthly cost, summed)`,
  };
  const accounts = new Set(group.map((e) => e.ref.account));
  const ref: ResourceRef = {
    cloud,
    account: accounts.size === 1 ? group[0]!.ref.account : '*',
    region,
    kind: 'cost-scope',
    name: `${cloud} production ${accelerator} in ${region}`,
    id: `single-region:${cloud}:${accelerator}`,
  };
  const owners = [...new Set(group.map((e) => e.tags[config.ownerTag]).filter((o): o is string => !!o))];
  return {
    kind: 'capacity-risk',
    fingerprint: `capacity-risk:${refKey(ref)}`,
    ref,
    tags: {},
    ...(owners.length === 1 ? { owner: owners[0]! } : {}),
    title: `All production ${accelerator} serving on ${cloud} is in ${region}`,
    severity: severityOf(monthly),
    detectedAt: now,
    cost,
    recommendation: {
      action: 'none',
      summary: fallback.length
        ? `One stockout or regional outage takes all of it down: keep a warm or quickly deployable fallback in ${fallback.slice(0, 3).join(', ')} (${types.join(', ')} offered there), with quota requested ahead.`
        : `One stockout or regional outage takes all of it down: plan a fallback region (our price data lists no other region for ${types.join(', ')}; check the cloud's regional availability) and request quota there ahead.`,
      reversible: false,
    },
    evidence: { signal: 'single-region', accelerator, instanceTypes: types, region, endpoints: group.map((e) => e.ref.name).sort(), fallbackRegions: fallback },
  };
}

/** A structural risk, not money burning now: low, medium when a lot of production serving is at stake. */
function severityOf(monthly: number): Severity {
  return monthly >= 20_000 ? 'medium' : 'low';
}
