import type { WatchdogConfig } from '../config/schema';
import { refKey, type ResourceRef } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { CapacityRiskFinding, CapacitySignal, Severity } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { Endpoint } from '../domain/resources';
import { runningAccelerators, runningInstances } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { classifyFailure } from '../domain/capacity-failure';
import { fallbackRegions } from './fallback-regions';

const MINUTE_MS = 60_000;

export { classifyFailure };

/**
 * `capacity-risk`: the seed's "region availability" failure mode. Three signals from normalised inventory, alike on
 * every cloud: a deployment that failed for quota or capacity (its failure reason), a scale-up stuck short of its
 * desired instance count well past a normal bring-up, and a production accelerator type whose every in-service
 * endpoint sits in one region (one stockout or regional outage takes all of it down), with fallback regions where the
 * same type is offered.
 */
export function detectCapacityRisk(snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding[] {
  const policy = config.detectors['capacity-risk'];
  if (!policy.enabled) return [];
  const endpoints = snapshot.endpoints.filter((e) => !exclusionReason(e.ref.name, e.tags, config.exclusions));
  const findings: CapacityRiskFinding[] = [];
  for (const e of endpoints) {
    const failure = classifyFailure(e.failureReason);
    if (failure) findings.push(resourceFinding(e, failure, snapshot, config, now));
    else if (stuckScaleUp(e, now, policy.stuckScaleUpMinutes)) findings.push(resourceFinding(e, 'stuck-scale-up', snapshot, config, now));
  }
  if (policy.singleRegion) findings.push(...singleRegion(endpoints, snapshot, config, now));
  return findings;
}

function stuckScaleUp(e: Endpoint, now: Date, minutes: number): boolean {
  // Only an endpoint that serves or is being updated: a failed or out-of-service one is endpoint-failure's.
  if (e.status !== 'in-service' && e.status !== 'updating') return false;
  const short = e.variants.some((v) => v.desiredInstanceCount > v.currentInstanceCount);
  const since = e.lastModifiedAt ?? e.createdAt;
  return short && now.getTime() - since.getTime() >= minutes * MINUTE_MS;
}

function resourceFinding(e: Endpoint, signal: Exclude<CapacitySignal, 'single-region'>, snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding {
  const v = e.variants.find((x) => x.desiredInstanceCount > x.currentInstanceCount) ?? e.variants[0];
  const desired = e.variants.reduce((n, x) => n + x.desiredInstanceCount, 0);
  // What the endpoint is meant to run: the desired instances at their price (a failed bring-up bills little, but this
  // is the serving capacity the workload lacks).
  const cost = estimateMonthlyCost(e.ref, e.variants.map((x) => ({ instance: x.instance, count: Math.max(x.desiredInstanceCount, x.currentInstanceCount) })), snapshot.costs, now);
  const fallback = v ? fallbackRegions(e.ref.cloud, v.instance, e.ref.region) : [];
  const owner = e.tags[config.ownerTag];
  const type = v?.instance.instanceType ?? 'unknown';
  const words = { 'quota-failure': 'failed for quota', 'capacity-failure': 'failed for capacity', 'stuck-scale-up': 'is stuck scaling up' }[signal];
  return {
    kind: 'capacity-risk',
    fingerprint: `capacity-risk:${refKey(e.ref)}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    title: `${e.ref.name} ${words} (${type} in ${e.ref.region})`,
    severity: signal === 'stuck-scale-up' ? 'medium' : 'high',
    resourceCreatedAt: e.createdAt,
    detectedAt: now,
    cost: { ...cost, explanation: `the capacity it is meant to run: ${cost.explanation}` },
    recommendation: { action: 'none', summary: advice(signal, e, type, fallback), reversible: false },
    evidence: {
      signal,
      ...(e.failureReason ? { failureReason: e.failureReason } : {}),
      providerStatus: e.providerStatus,
      currentInstances: runningInstances(e),
      desiredInstances: desired,
      minutesSinceChange: Math.round((now.getTime() - (e.lastModifiedAt ?? e.createdAt).getTime()) / MINUTE_MS),
      instanceTypes: [...new Set(e.variants.map((x) => x.instance.instanceType))],
      region: e.ref.region,
      fallbackRegions: fallback,
    },
  };
}

function advice(signal: Exclude<CapacitySignal, 'single-region'>, e: Endpoint, type: string, fallback: readonly string[]): string {
  const elsewhere = fallback.length ? `; ${type} is also offered in ${fallback.slice(0, 3).join(', ')}` : '';
  if (signal === 'quota-failure') {
    const where = { aws: 'Service Quotas (SageMaker, "<type> for endpoint usage")', gcp: 'IAM & Admin > Quotas (Vertex AI, per region and accelerator)', azure: 'the workspace\'s Quota page (VM family cores, per region)' }[e.ref.cloud];
    return `Ask for a quota increase for ${type} in ${e.ref.region} in ${where}, or deploy a type you have quota for${elsewhere}.`;
  }
  if (signal === 'capacity-failure') return `The region had no ${type} capacity: retry later, use another zone or instance type, or deploy in another region${elsewhere}.`;
  return `The endpoint has run short of its desired instance count for a while (capacity or quota): check its events, lower the minimum, or add capacity in another region${elsewhere}.`;
}

function isProduction(tags: Record<string, string>, config: WatchdogConfig): boolean {
  const { productionTag, productionValues } = config.detectors['capacity-risk'];
  const v = tags[productionTag]?.toLowerCase();
  return v !== undefined && productionValues.some((x) => x.toLowerCase() === v);
}

/** Production accelerator types served from one region only: one finding per (cloud, accelerator). */
function singleRegion(endpoints: readonly Endpoint[], snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding[] {
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
    const [cloud, accelerator] = key.split('|') as [Endpoint['ref']['cloud'], string];
    const region = group[0]!.ref.region;
    const instances = group.flatMap((e) => e.variants.filter((v) => v.currentInstanceCount > 0 && v.instance.acceleratorCount > 0));
    const types = [...new Set(instances.map((v) => v.instance.instanceType))].sort();
    const fallback = [...new Set(instances.flatMap((v) => fallbackRegions(cloud, v.instance, region)))];
    const costs = group.map((e) => estimateMonthlyCost(e.ref, e.variants.map((v) => ({ instance: v.instance, count: v.currentInstanceCount })), snapshot.costs, now));
    const currency = costs[0]?.monthly.currency ?? 'USD';
    const monthly = costs.filter((c) => c.monthly.currency === currency).reduce((s, c) => s + c.monthly.amount, 0);
    if (monthly < config.detectors['capacity-risk'].singleRegionMinMonthlyCost) continue;
    const basis = costs.every((c) => c.basis === 'billed') ? 'billed' : costs.some((c) => c.basis === 'list-price') ? 'list-price' : 'estimate';
    const cost: CostEstimate = {
      monthly: { amount: monthly, currency },
      basis,
      explanation: `the production serving at stake: ${group.length} endpoint(s) on ${accelerator} in ${region}, ${formatMoney({ amount: monthly, currency }, 0)}/month by their own estimates`,
    };
    const ref: ResourceRef = { cloud, account: group[0]!.ref.account, region, kind: 'cost-scope', name: `${cloud} production ${accelerator} in ${region}`, id: `single-region:${cloud}:${accelerator}` };
    const owners = [...new Set(group.map((e) => e.tags[config.ownerTag]).filter((o): o is string => !!o))];
    out.push({
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
          : `One stockout or regional outage takes all of it down: plan a fallback region (our price tables list no other region for ${types.join(', ')}; check the cloud's regional availability) and request quota there ahead.`,
        reversible: false,
      },
      evidence: { signal: 'single-region', accelerator, instanceTypes: types, region, endpoints: group.map((e) => e.ref.name).sort(), fallbackRegions: fallback },
    });
  }
  return out;
}

/** A structural risk, not money burning now: low, medium when a lot of production serving is at stake. */
function severityOf(monthly: number): Severity {
  return monthly >= 20_000 ? 'medium' : 'low';
}
