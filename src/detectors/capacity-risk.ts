import type { WatchdogConfig } from '../config/schema';
import { classifyFailure } from '../domain/capacity-failure';
import { refKey } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { CapacityRiskFinding, CapacitySignal } from '../domain/finding';
import type { Endpoint, EndpointVariant } from '../domain/resources';
import { runningInstances } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { fallbackRegions } from './fallback-regions';
import { singleRegionRisks } from './single-region-risk';

const MINUTE_MS = 60_000;

export { classifyFailure };

type ResourceSignal = Exclude<CapacitySignal, 'single-region'>;

/**
 * `capacity-risk`: the seed's "region availability" failure mode. Three signals from normalised inventory, alike on
 * every cloud: a deployment (or scale-up) that failed for quota or capacity, told apart by the cloud's own words
 * (domain/capacity-failure.ts); a scale-up stuck short of its desired instance count well past a normal bring-up;
 * and a production accelerator type whose every in-service endpoint sits in one region (single-region-risk.ts).
 *
 * A failed endpoint also raises `endpoint-failure` (it serves nothing): both fire, on purpose. endpoint-failure says
 * "this endpoint is broken and what it bills"; capacity-risk says why and what fixes it (a quota request, or another
 * zone, type or region), which for a quota is days of lead time. Their fingerprints differ, so each alerts once.
 */
export function detectCapacityRisk(snapshot: Snapshot, config: WatchdogConfig, now: Date): CapacityRiskFinding[] {
  const policy = config.detectors['capacity-risk'];
  if (!policy.enabled) return [];
  const endpoints = snapshot.endpoints.filter((e) => !exclusionReason(e.ref.name, e.tags, config.exclusions));
  const findings: CapacityRiskFinding[] = [];
  for (const e of endpoints) {
    const failure = classifyFailure(e.failureReason);
    if (failure) findings.push(resourceFinding(e, failure, config, now));
    else if (stuckScaleUp(e, now, policy.stuckScaleUpMinutes)) findings.push(resourceFinding(e, 'stuck-scale-up', config, now));
  }
  if (policy.singleRegion) findings.push(...singleRegionRisks(endpoints, snapshot, config, now));
  return findings;
}

const short = (v: EndpointVariant) => v.desiredInstanceCount > v.currentInstanceCount;
const sinceChange = (e: Endpoint) => e.lastModifiedAt ?? e.createdAt;

/**
 * Short of its desired count for `minutes` since the endpoint last changed. Only an endpoint that serves or is being
 * updated: a failed or out-of-service one is endpoint-failure's, and a failed one with a reason is judged above.
 */
function stuckScaleUp(e: Endpoint, now: Date, minutes: number): boolean {
  if (e.status !== 'in-service' && e.status !== 'updating') return false;
  return e.variants.some(short) && now.getTime() - sinceChange(e).getTime() >= minutes * MINUTE_MS;
}

/**
 * What is at stake: the capacity the workload lacks, at list price (the desired instances of the variants that are
 * short, or of every variant when none says which: a SageMaker update that failed keeps the old counts). Billed cost
 * would be the wrong figure: it is what runs, not what could not be had.
 */
function atStake(e: Endpoint, now: Date): CostEstimate {
  const lacking = e.variants.filter(short);
  const basis = lacking.length ? lacking : e.variants;
  if (basis.length === 0) {
    return { monthly: { amount: 0, currency: 'USD' }, basis: 'estimate', explanation: "nothing runs, and the failed deployment's machine is not in the cloud's record of it (Vertex AI operations carry no machine spec): cost unknown" };
  }
  const count = (v: EndpointVariant) => (lacking.length ? v.desiredInstanceCount - v.currentInstanceCount : Math.max(v.desiredInstanceCount, v.currentInstanceCount));
  const cost = estimateMonthlyCost(e.ref, basis.map((v) => ({ instance: v.instance, count: count(v) })), [], now);
  const what = lacking.length ? 'the capacity it could not get' : 'the serving whose update failed';
  return { ...cost, explanation: `${what}: ${cost.explanation}` };
}

function resourceFinding(e: Endpoint, signal: ResourceSignal, config: WatchdogConfig, now: Date): CapacityRiskFinding {
  const v = e.variants.find(short) ?? e.variants[0];
  const type = v?.instance.instanceType;
  const fallback = v ? fallbackRegions(e.ref.cloud, v.instance, e.ref.region) : [];
  const owner = e.tags[config.ownerTag];
  const words = { 'quota-failure': 'failed for quota', 'capacity-failure': 'failed for capacity', 'stuck-scale-up': 'is stuck scaling up' }[signal];
  // Nothing serving is an outage (high); a scale-up that failed or stalls leaves the old capacity serving (medium).
  const serving = runningInstances(e) > 0 && e.status !== 'failed';
  return {
    kind: 'capacity-risk',
    fingerprint: `capacity-risk:${refKey(e.ref)}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    title: `${e.ref.name} ${words} (${type ? `${type} ` : ''}in ${e.ref.region})`,
    severity: serving ? 'medium' : 'high',
    resourceCreatedAt: e.createdAt,
    detectedAt: now,
    cost: atStake(e, now),
    recommendation: { action: 'none', summary: advice(signal, e, type ?? 'the requested machine', fallback), reversible: false },
    evidence: {
      signal,
      ...(e.failureReason ? { failureReason: e.failureReason } : {}),
      providerStatus: e.providerStatus,
      currentInstances: runningInstances(e),
      desiredInstances: e.variants.reduce((n, x) => n + x.desiredInstanceCount, 0),
      minutesSinceChange: Math.round((now.getTime() - sinceChange(e).getTime()) / MINUTE_MS),
      instanceTypes: [...new Set(e.variants.map((x) => x.instance.instanceType))],
      region: e.ref.region,
      fallbackRegions: fallback,
    },
  };
}

/** Where each cloud takes quota requests: the fix for a quota failure, with lead time. */
const QUOTA_PAGE = {
  aws: (type: string) => `Service Quotas (Amazon SageMaker, "${type} for endpoint usage")`,
  gcp: () => "IAM & Admin > Quotas (Vertex AI, the region's custom_model_serving_<accelerator> quota named in the error)",
  azure: () => "Azure ML studio's Quota page (the VM family's cores, per region)",
} as const;

function advice(signal: ResourceSignal, e: Endpoint, type: string, fallback: readonly string[]): string {
  const elsewhere = fallback.length ? `; ${type} is also offered in ${fallback.slice(0, 3).join(', ')}` : '';
  if (signal === 'quota-failure') return `Ask for a quota increase for ${type} in ${e.ref.region} in ${QUOTA_PAGE[e.ref.cloud](type)} (it can take days), or deploy a type you have quota for${elsewhere}.`;
  if (signal === 'capacity-failure') return `The region had no capacity for ${type} (a stockout, not your quota): retry later, use another zone or instance type, or deploy in another region${elsewhere}.`;
  return `The endpoint has run short of its desired instance count for a while (capacity or quota): check its events, lower the minimum, or add capacity in another region${elsewhere}.`;
}
