import type { Cloud } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { AdjacentCategory } from '../domain/findings/hidden-cost';

/**
 * Views over billed cost lines that every money detector shares, so "ML spend", "owner" and "adjacent service"
 * mean the same thing in budgets, anomalies, hidden costs and attribution.
 */

/** Each cloud's ML platform service as its billing names it (Cost Explorer SERVICE, export service.description, Cost Management ServiceName). */
export const ML_PLATFORM_SERVICES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ['Amazon SageMaker'],
  gcp: ['Vertex AI'],
  azure: ['Azure Machine Learning'],
};

/** Lines that count every billed dollar once (see CostLine.breakdown). */
export function totalLines(costs: readonly CostLine[]): CostLine[] {
  return costs.filter((c) => c.breakdown === 'total' && c.basis === 'billed');
}

/**
 * Lines split by owner tag for one cloud: its `owner` breakdown when it read one (AWS: SageMaker only; Azure: all
 * services), else its `total` lines, which carry their labels (Google's export rows).
 */
export function ownerLines(costs: readonly CostLine[], cloud: Cloud): CostLine[] {
  const mine = costs.filter((c) => c.cloud === cloud && c.basis === 'billed');
  const owner = mine.filter((c) => c.breakdown === 'owner');
  return owner.length > 0 ? owner : mine.filter((c) => c.breakdown === 'total' && c.Tags !== undefined);
}

/**
 * Lines that show a long commitment (1-3 year Savings Plans, committed use discounts, reservations): AWS and Google
 * fee lines of the `total` breakdown that the reader marked, and Azure's `commitment` breakdown. Each cloud's come
 * from one breakdown only, so they can be summed per cloud and account.
 */
export function commitmentLines(costs: readonly CostLine[]): CostLine[] {
  return costs.filter((c) => c.basis === 'billed' && c.CommitmentDiscountType !== undefined && (c.breakdown === 'total' || c.breakdown === 'commitment'));
}

/** Whether a line is the ML platform's own service (SageMaker AI, Vertex AI, Azure Machine Learning). */
export function isPlatformService(line: Pick<CostLine, 'cloud' | 'ServiceName'>): boolean {
  return ML_PLATFORM_SERVICES[line.cloud].includes(line.ServiceName);
}

/** The services around an ML platform where cost hides (the seed: billing complexity hides in adjacent services). */
export type { AdjacentCategory } from '../domain/findings/hidden-cost';

/**
 * Service names per category across the three clouds, matched on the billing's own ServiceName:
 * AWS "AWS Data Transfer", "EC2 - Other" (NAT gateway hours and data processing bill here), "Amazon Virtual Private
 * Cloud", "Amazon Simple Storage Service", "AmazonCloudWatch" (logs and metrics: counted as logging), "Amazon EC2
 * Container Registry (ECR)"; Google "Networking", "Cloud Storage", "Cloud Logging", "Cloud Monitoring", "Artifact
 * Registry"; Azure "Bandwidth", "Virtual Network", "NAT Gateway", "Storage", "Log Analytics", "Azure Monitor",
 * "Container Registry".
 */
const ADJACENT: ReadonlyArray<[AdjacentCategory, RegExp]> = [
  ['data-transfer', /data transfer|bandwidth|^networking$|cloudfront|cloud cdn|content delivery/i],
  ['network', /nat gateway|^ec2 - other$|virtual private cloud|^virtual network$|cloud nat/i],
  ['registry', /container registry|artifact registry|\(ecr\)/i],
  ['storage', /simple storage service|^cloud storage$|^storage$|elastic block store|elastic file system|filestore|managed disks/i],
  ['logging', /cloudwatch|cloud logging|log analytics/i],
  ['monitoring', /cloud monitoring|azure monitor|application insights|x-ray/i],
];

export function adjacentCategory(line: Pick<CostLine, 'ServiceName'>): AdjacentCategory | undefined {
  return ADJACENT.find(([, re]) => re.test(line.ServiceName))?.[0];
}

/** UTC day (YYYY-MM-DD) a line is charged on. */
export function dayOf(line: CostLine): string {
  return line.ChargePeriodStart.toISOString().slice(0, 10);
}

/** Sum of BilledCost per key per UTC day: key -> day -> amount. Lines with an undefined key are skipped. */
export function dailyBy(lines: readonly CostLine[], key: (l: CostLine) => string | undefined): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const k = key(l);
    if (k === undefined) continue;
    const days = out.get(k) ?? new Map<string, number>();
    days.set(dayOf(l), (days.get(dayOf(l)) ?? 0) + l.BilledCost);
    out.set(k, days);
  }
  return out;
}
