import { mean, quantileSorted } from 'simple-statistics';
import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { Severity, UnderusedGpuFinding } from '../domain/finding';
import { formatMoney, HOURS_PER_MONTH } from '../domain/money';
import type { Endpoint, EndpointVariant } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { awsInstanceSpec, knownAwsInstanceTypes } from '../providers/aws/instance-types';
import { sagemakerListPrice } from '../providers/aws/price-table';
import { exclusionReason } from './exclusions';
import { severityFor } from './idle-gpu';
import { seriesIndex } from './series-index';

interface Candidate {
  instanceType: string;
  gpus: number;
  hourly: number;
}

/**
 * Cheaper SageMaker hosting types with the same accelerator model in the same region's price table (fewer GPUs of
 * the same kind keep the model's numerics and kernels; another GPU generation would need a benchmark).
 */
function awsCandidates(v: EndpointVariant, region: string): Candidate[] {
  const current = v.instance.listPrice?.hourly.amount;
  if (current === undefined || !v.instance.acceleratorModel) return [];
  return knownAwsInstanceTypes()
    .map((t) => ({ spec: awsInstanceSpec(t), price: sagemakerListPrice(t, region, 'hosting') }))
    .filter((c) => c.spec.acceleratorModel === v.instance.acceleratorModel && c.spec.acceleratorCount > 0 && c.price && c.price.region === v.instance.listPrice!.region && c.price.hourly.amount < current)
    .map((c) => ({ instanceType: c.spec.instanceType, gpus: c.spec.acceleratorCount, hourly: c.price!.hourly.amount }));
}

/**
 * `underused-gpu`: an endpoint WITH traffic (an idle one is idle-gpu's) whose per-GPU utilisation stays low: p95 over
 * the detail window under `maxP95GpuUtilPct`. It recommends the cheapest instance of the same accelerator model with
 * fewer GPUs on which the projected p95 (p95 x GPUs now / GPUs then, the stated assumption that load spreads evenly)
 * stays at or under `targetGpuUtilPct`; the finding's figure is the monthly saving at list prices. Recommendations
 * come from the SageMaker price table; Vertex AI and Azure endpoints are not judged yet (their tables do not list
 * same-GPU alternatives per region).
 */
export function detectUnderusedGpu(snapshot: Snapshot, config: WatchdogConfig, now: Date): UnderusedGpuFinding[] {
  const policy = config.detectors['underused-gpu'];
  if (!policy.enabled) return [];
  const index = seriesIndex(snapshot.utilization);
  const out: UnderusedGpuFinding[] = [];
  for (const e of snapshot.endpoints) {
    if (e.ref.cloud !== 'aws' || e.status !== 'in-service' || e.servingMode === 'serverless' || e.servingMode === 'inference-components') continue;
    if (exclusionReason(e.ref.name, e.tags, config.exclusions)) continue;
    const v = e.variants.find((x) => x.currentInstanceCount > 0 && x.instance.acceleratorKind === 'nvidia-gpu');
    if (!v || e.variants.length !== 1) continue;
    const series = index.forRef(e.ref);
    const gpu = series.find((s) => s.metric === 'gpu-util-pct');
    const calls = series.filter((s) => s.metric === 'invocations');
    if (!gpu || gpu.coverage < policy.minCoverage || gpu.points.length === 0) continue;
    const from = gpu.window.start.getTime();
    const invocations = calls.reduce((n, s) => n + s.points.filter((p) => p.t.getTime() >= from).reduce((a, p) => a + p.v, 0), 0);
    if (invocations <= 0) continue;
    const sorted = gpu.points.map((p) => p.v).sort((a, b) => a - b);
    const p95 = quantileSorted(sorted, 0.95);
    if (p95 >= policy.maxP95GpuUtilPct) continue;
    const gpus = v.instance.acceleratorCount;
    const fits = awsCandidates(v, e.ref.region)
      .map((c) => ({ ...c, projected: (p95 * gpus) / c.gpus }))
      .filter((c) => c.projected <= policy.targetGpuUtilPct)
      .sort((a, b) => a.hourly - b.hourly);
    const best = fits[0];
    if (!best) continue;
    const currentHourly = v.instance.listPrice!.hourly.amount;
    const saving = (currentHourly - best.hourly) * v.currentInstanceCount * HOURS_PER_MONTH;
    if (saving < policy.minMonthlySaving) continue;
    out.push(finding(e, v, { p95, mean: mean(sorted), coverage: gpu.coverage, windowHours: (gpu.window.end.getTime() - from) / 3_600_000, invocations }, best, saving, config, now));
  }
  return out;
}

function finding(
  e: Endpoint,
  v: EndpointVariant,
  m: { p95: number; mean: number; coverage: number; windowHours: number; invocations: number },
  best: Candidate & { projected: number },
  saving: number,
  config: WatchdogConfig,
  now: Date,
): UnderusedGpuFinding {
  const price = v.instance.listPrice!;
  const currency = price.hourly.currency;
  const owner = e.tags[config.ownerTag];
  const $ = (x: number) => formatMoney({ amount: x, currency }, 3);
  return {
    kind: 'underused-gpu',
    fingerprint: `underused-gpu:${refKey(e.ref)}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    title: `${e.ref.name} uses ${m.p95.toFixed(0)}% of its ${v.instance.acceleratorCount} GPU(s) at p95: ${best.instanceType} would do`,
    severity: lower(severityFor(saving)),
    resourceCreatedAt: e.createdAt,
    detectedAt: now,
    cost: {
      monthly: { amount: saving, currency },
      hourly: { amount: saving / HOURS_PER_MONTH, currency },
      basis: 'list-price',
      explanation: `saving: ${v.currentInstanceCount} x (${v.instance.instanceType} at ${$(price.hourly.amount)}/h - ${best.instanceType} at ${$(best.hourly)}/h) x ${HOURS_PER_MONTH} h/month (${price.source}, ${price.region}, as of ${price.asOf})`,
    },
    recommendation: {
      action: 'none',
      summary: `Move it to ${best.instanceType} (${best.gpus} GPU): per-GPU p95 would be about ${best.projected.toFixed(0)}% if the load spreads as today; check the model fits the GPU memory first. If traffic comes in bursts, a serving mode that reaches zero (inference components, async) saves more.`,
      reversible: false,
    },
    evidence: {
      instanceType: v.instance.instanceType,
      instanceCount: v.currentInstanceCount,
      gpusPerInstance: v.instance.acceleratorCount,
      ...(v.instance.acceleratorModel ? { acceleratorModel: v.instance.acceleratorModel } : {}),
      p95GpuUtilPct: m.p95,
      meanGpuUtilPct: m.mean,
      coverage: m.coverage,
      windowHours: m.windowHours,
      invocations: m.invocations,
      candidate: { instanceType: best.instanceType, gpus: best.gpus, hourly: best.hourly, projectedP95GpuUtilPct: best.projected },
      currentHourly: price.hourly.amount,
      currency,
    },
  };
}

/** A right-sizing opportunity, not an outage: one step below the money's severity. */
function lower(s: Severity): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  return order[Math.max(0, order.indexOf(s) - 1)]!;
}
