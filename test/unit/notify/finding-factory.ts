import { refKey, type ResourceRef } from '../../../src/domain/cloud';
import type { IdleGpuEvidence, IdleGpuFinding } from '../../../src/domain/finding';
import { HOURS_PER_MONTH } from '../../../src/domain/money';

export const NOW = new Date('2026-11-03T14:00:00Z');

export interface IdleGpuOptions {
  name?: string;
  account?: string;
  region?: string;
  owner?: string;
  tags?: Record<string, string>;
  instanceType?: string;
  instanceCount?: number;
  gpusPerInstance?: number;
  hourlyUsd?: number;
  currency?: string;
  idleHours?: number;
  lastInvocationAt?: Date;
  meanGpuUtilPct?: number;
  servingMode?: IdleGpuEvidence['servingMode'];
  severity?: IdleGpuFinding['severity'];
}

/**
 * A realistic idle-gpu finding as detectors/idle-gpu.ts emits it: a classic real-time SageMaker endpoint on
 * ml.g5.12xlarge (4 x A10G), priced from data/prices/aws-sagemaker.json (us-east-1, $7.09/h, 2026-11-01).
 */
export function idleGpuFinding(o: IdleGpuOptions = {}): IdleGpuFinding {
  const name = o.name ?? 'llm-chat-prod';
  const region = o.region ?? 'us-east-1';
  const account = o.account ?? '123456789012';
  const ref: ResourceRef = {
    cloud: 'aws',
    account,
    region,
    kind: 'endpoint',
    name,
    id: `arn:aws:sagemaker:${region}:${account}:endpoint/${name}`,
  };
  const instanceType = o.instanceType ?? 'ml.g5.12xlarge';
  const instanceCount = o.instanceCount ?? 1;
  const hourlyPerInstance = o.hourlyUsd ?? 7.09;
  const currency = o.currency ?? 'USD';
  const hourly = hourlyPerInstance * instanceCount;
  const idleHours = o.idleHours ?? 18.5;
  const tags = o.tags ?? { owner: o.owner ?? 'ml-platform', 'cost-center': 'cc-4411' };
  const owner = o.owner ?? tags.owner;
  return {
    kind: 'idle-gpu',
    fingerprint: `idle-gpu:${refKey(ref)}`,
    ref,
    tags,
    ...(owner ? { owner } : {}),
    title: `Idle GPU endpoint ${name}: no invocations for ${Math.floor(idleHours)} h`,
    severity: o.severity ?? 'high',
    detectedAt: NOW,
    cost: {
      monthly: { amount: hourly * HOURS_PER_MONTH, currency },
      hourly: { amount: hourly, currency },
      basis: 'list-price',
      explanation: `${instanceCount} x ${instanceType} at $${hourlyPerInstance.toFixed(3)}/h x ${HOURS_PER_MONTH} h/month (AWS SageMaker AI pricing page, on-demand, Linux, ${region}, as of 2026-11-01)`,
    },
    recommendation: {
      action: 'delete-endpoint-keep-config',
      summary:
        'Park: delete the endpoint but keep its config and model (classic real-time endpoints cannot run at zero); restore recreates it under the same name in minutes.',
      reversible: true,
    },
    evidence: {
      servingMode: o.servingMode ?? 'real-time',
      instanceType,
      instanceCount,
      acceleratorCount: instanceCount * (o.gpusPerInstance ?? 4),
      idleHours,
      windowHours: 6,
      invocationsInWindow: 0,
      ...(o.lastInvocationAt ? { lastInvocationAt: o.lastInvocationAt } : {}),
      ...(o.meanGpuUtilPct !== undefined ? { meanGpuUtilPct: o.meanGpuUtilPct } : {}),
      coverage: 0.97,
      wastedSoFar: { amount: hourly * idleHours, currency },
    },
  };
}
