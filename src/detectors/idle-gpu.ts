import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { IdleGpuFinding, ParkAction, Recommendation, Severity } from '../domain/finding';
import type { Endpoint } from '../domain/resources';
import { runningAccelerators, runningInstances } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import type { UtilizationSeries } from '../domain/utilization';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { seriesIndex } from './series-index';
import { trafficGaps } from './traffic-gaps';

const HOUR_MS = 3_600_000;

/** Serving states in which instances run and bill; creating/deleting/failed endpoints belong to other detectors. */
const SERVING_STATES = new Set(['in-service', 'updating']);

/**
 * `idle-gpu`: an endpoint keeps accelerator instances running while nobody calls it.
 * Idle means: zero invocations over the whole idle window, with enough telemetry coverage to know it
 * (no datapoint is unknown, not zero), per-GPU utilisation low, not excluded, not already at zero, and old enough
 * for the window to be meaningful.
 */
export function detectIdleGpu(snapshot: Snapshot, config: WatchdogConfig, now: Date): IdleGpuFinding[] {
  const policy = config.detectors['idle-gpu'];
  if (!policy.enabled) return [];
  const index = seriesIndex(snapshot.utilization);
  const findings: IdleGpuFinding[] = [];
  for (const endpoint of snapshot.endpoints) {
    const f = evaluate(endpoint, index.forRef(endpoint.ref), snapshot, config, now);
    if (f && f.cost.monthly.amount >= policy.minMonthlyCost) findings.push(f);
  }
  return findings;
}

function evaluate(
  e: Endpoint,
  series: readonly UtilizationSeries[],
  snapshot: Snapshot,
  config: WatchdogConfig,
  now: Date,
): IdleGpuFinding | undefined {
  const policy = config.detectors['idle-gpu'];
  if (!SERVING_STATES.has(e.status)) return undefined;
  if (runningAccelerators(e) === 0) return undefined; // CPU-only, serverless, or already parked at zero
  if (exclusionReason(e.ref.name, e.tags, config.exclusions)) return undefined;
  const idleStart = now.getTime() - policy.idleWindowHours * HOUR_MS;
  if (e.createdAt.getTime() > idleStart) return undefined; // too young to have been idle for the whole window

  const invocations = series.filter((s) => s.metric === 'invocations');
  if (invocations.length === 0) return undefined; // no telemetry at all: unknown, not idle
  const traffic = trafficGaps(invocations, idleStart, now.getTime());
  if (traffic.invocationsSince > 0 || traffic.coverageSince < policy.minCoverage) return undefined;
  const lastInvocation = traffic.lastInvocationEndMs;
  const lookbackStart = Math.max(snapshot.window.start.getTime(), e.createdAt.getTime());
  const idleHours = (now.getTime() - (lastInvocation ?? lookbackStart)) / HOUR_MS;
  // A quiet stretch no longer than the endpoint's usual ones (nights, weekends) is its rhythm, not abandonment.
  const usual = traffic.longestPreviousGapHours;
  if (policy.respectUsualQuietPeriods && usual !== undefined && idleHours <= usual) return undefined;

  const gpuPoints = series
    .filter((s) => s.metric === 'gpu-util-pct')
    .flatMap((s) => s.points.filter((p) => p.t.getTime() >= idleStart));
  const meanGpuUtilPct = gpuPoints.length ? gpuPoints.reduce((a, p) => a + p.v, 0) / gpuPoints.length : undefined;
  if (meanGpuUtilPct !== undefined && meanGpuUtilPct > policy.maxGpuUtilPct) return undefined;

  const running = e.variants.map((v) => ({ instance: v.instance, count: v.currentInstanceCount }));
  const cost = estimateMonthlyCost(e.ref, running, snapshot.costs, now);
  const hourly = cost.hourly?.amount ?? 0;
  const main = e.variants.find((v) => v.currentInstanceCount > 0) ?? e.variants[0]!;
  const owner = e.tags[config.ownerTag];
  return {
    kind: 'idle-gpu',
    fingerprint: `idle-gpu:${refKey(e.ref)}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    resourceCreatedAt: e.createdAt,
    title: `Idle GPU endpoint ${e.ref.name}: no invocations for ${Math.floor(idleHours)} h`,
    severity: severityFor(cost.monthly.amount),
    detectedAt: now,
    cost,
    recommendation: recommend(e, config),
    evidence: {
      servingMode: e.servingMode,
      instanceType: main.instance.instanceType,
      instanceCount: runningInstances(e),
      acceleratorCount: runningAccelerators(e),
      idleHours,
      windowHours: policy.idleWindowHours,
      invocationsInWindow: traffic.invocationsSince,
      ...(lastInvocation !== undefined ? { lastInvocationAt: new Date(lastInvocation) } : {}),
      ...(meanGpuUtilPct !== undefined ? { meanGpuUtilPct } : {}),
      coverage: traffic.coverageSince,
      ...(usual !== undefined ? { usualMaxQuietHours: usual } : {}),
      wastedSoFar: { amount: hourly * idleHours, currency: cost.monthly.currency },
    },
  };
}

/** Monthly cost thresholds (any currency unit) for severity; chosen so a single idle small GPU is "medium". */
export function severityFor(monthly: number): Severity {
  if (monthly >= 10_000) return 'critical';
  if (monthly >= 2_000) return 'high';
  if (monthly >= 200) return 'medium';
  return 'low';
}

const ACTIONS: Record<Endpoint['servingMode'], { action: ParkAction; summary: string }> = {
  'inference-components': {
    action: 'ic-copies-to-zero',
    summary:
      'Park: set inference component copies to 0 and managed instance scaling minimum to 0; instances are released and restore is a copy-count change.',
  },
  async: {
    action: 'async-min-capacity-zero',
    summary: 'Park: set Application Auto Scaling MinCapacity to 0; queued requests wake it up again.',
  },
  'real-time': {
    action: 'delete-endpoint-keep-config',
    summary:
      'Park: delete the endpoint but keep its config and model (classic real-time endpoints cannot run at zero); restore recreates it under the same name in minutes.',
  },
  serverless: {
    action: 'provisioned-concurrency-zero',
    summary: 'Park: set provisioned concurrency to 0; the serverless endpoint still answers on demand.',
  },
};

/**
 * Vertex AI endpoints have no serving modes to tell apart: a deployed model on dedicated resources needs at least one
 * replica in v1 (min_replica_count >= 1), so the GA park is undeploy (the spec and traffic share are saved first);
 * the v1beta1 scale-to-zero preview keeps the model deployed at min replicas 0 where the config opts in.
 */
const GCP_ACTIONS = {
  undeploy: {
    action: 'undeploy-model',
    summary:
      'Park: save the deployed model\'s spec and traffic share, then undeploy it (the endpoint and its URL stay); restore deploys it again in minutes.',
  },
  scaleToZero: {
    action: 'min-replicas-zero',
    summary: 'Park: set min replicas to 0 (Vertex AI scale-to-zero preview); the first request scales it up again.',
  },
} as const satisfies Record<string, { action: ParkAction; summary: string }>;

/**
 * Azure ML managed online deployments cannot run below one instance ("the online endpoint cannot be stopped",
 * Azure/mlops-v2#48), so the park deletes the deployments after saving their specs and traffic shares; the endpoint,
 * its scoring URI and keys stay.
 */
const AZURE_ACTION = {
  action: 'delete-deployment',
  summary:
    'Park: save each deployment\'s spec and traffic share, then delete the deployments (the endpoint, its scoring URI and keys stay); restore recreates them in minutes.',
} as const satisfies { action: ParkAction; summary: string };

function recommend(e: Endpoint, config: WatchdogConfig): Recommendation {
  const a =
    e.ref.cloud === 'azure'
      ? AZURE_ACTION
      : e.ref.cloud === 'gcp'
      ? config.clouds.gcp.scaleToZeroPreview
        ? GCP_ACTIONS.scaleToZero
        : GCP_ACTIONS.undeploy
      : ACTIONS[e.servingMode];
  return { action: a.action, summary: a.summary, reversible: true };
}
