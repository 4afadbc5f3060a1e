import { configSchema, type ConfigInput, type WatchdogConfig } from '../../src/config/schema';
import type { ResourceRef } from '../../src/domain/cloud';
import type { CostLine } from '../../src/domain/cost';
import type { Endpoint, EndpointVariant, Notebook } from '../../src/domain/resources';
import type { Snapshot } from '../../src/domain/snapshot';
import type { MetricName, UtilizationSeries } from '../../src/domain/utilization';
import { awsInstanceSpec } from '../../src/providers/aws/instance-types';
import { sagemakerListPrice } from '../../src/providers/aws/price-table';

export const NOW = new Date('2026-11-20T12:00:00Z');
export const HOUR = 3_600_000;

export function config(input: ConfigInput = {}): WatchdogConfig {
  return configSchema.parse(input);
}

export function ref(name: string, over: Partial<ResourceRef> = {}): ResourceRef {
  return {
    cloud: 'aws',
    account: '123456789012',
    region: 'us-east-1',
    kind: 'endpoint',
    name,
    id: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${name}`,
    ...over,
  };
}

export function variant(instanceType: string, count = 1, over: Partial<EndpointVariant> = {}): EndpointVariant {
  const price = sagemakerListPrice(instanceType, 'us-east-1');
  return {
    name: 'AllTraffic',
    instance: { ...awsInstanceSpec(instanceType), ...(price ? { listPrice: price } : {}) },
    currentInstanceCount: count,
    desiredInstanceCount: count,
    ...over,
  };
}

export function endpoint(name: string, over: Partial<Endpoint> = {}): Endpoint {
  return {
    ref: ref(name),
    servingMode: 'real-time',
    status: 'in-service',
    providerStatus: 'InService',
    createdAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
    tags: { owner: 'team-nlp' },
    variants: [variant('ml.g5.12xlarge')],
    ...over,
  };
}

/**
 * A series of 5-minute datapoints over [now - hours, now) whose value is `value(t)`;
 * `value` returning undefined drops the datapoint (a gap: unknown, not zero).
 */
export function series(
  r: ResourceRef,
  metric: MetricName,
  hours: number,
  value: (t: Date) => number | undefined,
  now = NOW,
): UtilizationSeries {
  const periodSeconds = 300;
  const start = now.getTime() - hours * HOUR;
  const points = [];
  for (let t = start; t < now.getTime(); t += periodSeconds * 1000) {
    const v = value(new Date(t));
    if (v !== undefined) points.push({ t: new Date(t), v });
  }
  const expected = (hours * 3600) / periodSeconds;
  return {
    ref: r,
    variant: 'AllTraffic',
    metric,
    periodSeconds,
    window: { start: new Date(start), end: now },
    points,
    coverage: Math.min(1, points.length / expected),
  };
}

export function snapshot(over: Partial<Snapshot> = {}, now = NOW): Snapshot {
  return {
    takenAt: now,
    window: { start: new Date(now.getTime() - 72 * HOUR), end: now },
    endpoints: [],
    notebooks: [],
    trainingJobs: [],
    trainingHistory: [],
    utilization: [],
    costs: [],
    nativeAnomalies: [],
    forecasts: [],
    statuses: [],
    ...over,
  };
}

export function billedLine(r: ResourceRef, day: string, amount: number): CostLine {
  const start = new Date(`${day}T00:00:00Z`);
  return {
    cloud: r.cloud,
    ChargePeriodStart: start,
    ChargePeriodEnd: new Date(start.getTime() + 24 * HOUR),
    BilledCost: amount,
    EffectiveCost: amount,
    BillingCurrency: 'USD',
    ServiceName: 'Vertex AI',
    ResourceId: r.id,
    basis: 'billed',
    breakdown: 'total',
    source: 'test',
  };
}

/**
 * A billed daily cost line (FOCUS-named fields) on `day` (YYYY-MM-DD); by default an AWS SageMaker service total.
 * Pass `breakdown: 'owner'` and `Tags` for an owner-split line.
 */
export function costLine(day: string, amount: number, over: Partial<CostLine> = {}): CostLine {
  const start = new Date(`${day}T00:00:00Z`);
  return {
    cloud: 'aws',
    ChargePeriodStart: start,
    ChargePeriodEnd: new Date(start.getTime() + 24 * HOUR),
    BilledCost: amount,
    EffectiveCost: amount,
    BillingCurrency: 'USD',
    ServiceName: 'Amazon SageMaker',
    SubAccountId: '123456789012',
    basis: 'billed',
    breakdown: 'total',
    source: 'test',
    ...over,
  };
}

/** A running SageMaker notebook instance (GPU by default), up since `hoursAgo` with no idle shutdown. */
export function notebook(name: string, over: Partial<Notebook> = {}, instanceType = 'ml.g5.xlarge', hoursAgo = 48): Notebook {
  const price = sagemakerListPrice(instanceType, 'us-east-1');
  const since = new Date(NOW.getTime() - hoursAgo * HOUR);
  return {
    ref: ref(name, { kind: 'notebook', id: `arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/${name}` }),
    notebookKind: 'notebook-instance',
    status: 'in-service',
    providerStatus: 'InService',
    instance: { ...awsInstanceSpec(instanceType), ...(price ? { listPrice: price } : {}) },
    createdAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
    lastModifiedAt: since,
    lastActivityAt: since,
    activitySource: 'last-modified',
    idleShutdownState: 'absent',
    tags: { owner: 'team-nlp' },
    ...over,
  };
}
