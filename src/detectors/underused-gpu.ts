import type { WatchdogConfig } from '../config/schema';
import { acceleratorMemoryGiB } from '../domain/accelerator-memory';
import { refKey } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { GpuCandidate, ScaleToZeroOption, Severity, UnderusedGpuFinding } from '../domain/finding';
import { formatMoney, HOURS_PER_MONTH } from '../domain/money';
import type { Endpoint, EndpointVariant } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import type { UtilizationSeries } from '../domain/utilization';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { cheaperSameGpu } from './gpu-rightsizing';
import { gpuUsage, hourlyTraffic, type GpuUsage, type HourlyTraffic } from './gpu-usage';
import { severityFor } from './idle-gpu';
import { scaleToZeroMode } from './scale-to-zero';
import { seriesIndex } from './series-index';
import { trafficGaps } from './traffic-gaps';

const HOUR_MS = 3_600_000;
const SERVING_STATES = new Set(['in-service', 'updating']);

/**
 * `underused-gpu`: an endpoint that serves traffic while its GPUs stay lightly used. Per running GPU variant: the
 * p95 of the hourly mean per-GPU utilisation over `windowHours` (read hourly: app/collect-window.ts gpuWindow) is
 * below `maxP95GpuUtilPct`, with `minCoverage` of the hours measured. It recommends the cheapest instance with fewer
 * of the same GPU that the load is projected to fit (gpu-rightsizing.ts), or, when most hours see no call at all, a
 * serving mode that reaches zero (scale-to-zero.ts), whichever saves more; the finding's cost is that monthly saving.
 *
 * Endpoints without any invocation in idle-gpu's window are idle-gpu's to judge (they may be idle), so the two never
 * report the same endpoint. A variant with no GPU datapoint is unknown, never underused.
 */
export function detectUnderusedGpu(snapshot: Snapshot, config: WatchdogConfig, now: Date): UnderusedGpuFinding[] {
  const policy = config.detectors['underused-gpu'];
  if (!policy.enabled) return [];
  const index = seriesIndex(snapshot.utilization);
  const findings: UnderusedGpuFinding[] = [];
  for (const e of snapshot.endpoints) {
    if (!SERVING_STATES.has(e.status) || e.servingMode === 'serverless') continue;
    if (exclusionReason(e.ref.name, e.tags, config.exclusions)) continue;
    const series = index.forRef(e.ref);
    const idleStart = now.getTime() - config.detectors['idle-gpu'].idleWindowHours * HOUR_MS;
    if (trafficGaps(series.filter((s) => s.metric === 'invocations'), idleStart, now.getTime()).invocationsSince <= 0) continue;
    const gpuVariants = e.variants.filter((v) => v.currentInstanceCount > 0 && v.instance.acceleratorKind === 'nvidia-gpu' && v.instance.acceleratorCount > 0);
    for (const v of gpuVariants) {
      const f = evaluate(e, v, series.filter((s) => s.variant === v.name), gpuVariants.length === 1, { snapshot, config, now });
      if (f) findings.push(f);
    }
  }
  return findings;
}

interface Context {
  snapshot: Snapshot;
  config: WatchdogConfig;
  now: Date;
}

function evaluate(e: Endpoint, v: EndpointVariant, series: readonly UtilizationSeries[], onlyGpuVariant: boolean, ctx: Context): UnderusedGpuFinding | undefined {
  const policy = ctx.config.detectors['underused-gpu'];
  const since = ctx.now.getTime() - policy.windowHours * HOUR_MS;
  const usage = gpuUsage(series, since, ctx.now.getTime());
  if (!usage || usage.coverage < policy.minCoverage || usage.p95GpuUtilPct >= policy.maxP95GpuUtilPct) return undefined;
  const traffic = hourlyTraffic(series, since, ctx.now.getTime());
  if (traffic.invocations <= 0) return undefined;
  // Billed lines belong to the endpoint as a whole: they price this variant only when it is the endpoint's one GPU variant.
  const cost = estimateMonthlyCost(e.ref, [{ instance: v.instance, count: v.currentInstanceCount }], onlyGpuVariant ? ctx.snapshot.costs : [], ctx.now);
  if (cost.monthly.amount <= 0) return undefined; // cost unknown: no saving to state
  const candidate = cheaperSameGpu({
    cloud: e.ref.cloud,
    region: e.ref.region,
    instance: v.instance,
    instances: v.currentInstanceCount,
    usage,
    ...reserved(v),
    currentMonthly: cost.monthly.amount,
    currency: cost.monthly.currency,
    targetGpuUtilPct: policy.targetGpuUtilPct,
    maxGpuMemoryPct: policy.maxGpuMemoryPct,
  });
  const quietHoursPct = traffic.hoursSeen ? (traffic.quietHours / traffic.hoursSeen) * 100 : 0;
  const mode = quietHoursPct >= policy.scaleToZeroMinQuietPct ? scaleToZeroMode(e, v) : undefined;
  const toZero: ScaleToZeroOption | undefined = mode ? { mode, monthlySaving: (cost.monthly.amount * quietHoursPct) / 100 } : undefined;
  const smaller = candidate && (!toZero || candidate.monthlySaving >= toZero.monthlySaving);
  const saving = smaller ? candidate.monthlySaving : (toZero?.monthlySaving ?? 0);
  if (saving < policy.minMonthlySaving || saving <= 0) return undefined;

  const owner = e.tags[ctx.config.ownerTag];
  const facts = { e, v, usage, traffic, quietHoursPct, cost, windowHours: policy.windowHours };
  return {
    kind: 'underused-gpu',
    fingerprint: `underused-gpu:${refKey(e.ref)}:${v.name}`,
    ref: e.ref,
    tags: e.tags,
    ...(owner ? { owner } : {}),
    resourceCreatedAt: e.createdAt,
    title: `${label(e, v)}: ${smaller ? `GPUs ${usage.p95GpuUtilPct.toFixed(0)}% busy (p95), ${v.currentInstanceCount} x ${candidate.instanceType} would do` : `GPUs ${usage.p95GpuUtilPct.toFixed(0)}% busy (p95) and no traffic ${quietHoursPct.toFixed(0)}% of hours: scale to zero`}`,
    severity: severityOf(saving),
    detectedAt: ctx.now,
    cost: smaller ? candidateCost(candidate, facts) : scaleToZeroCost(toZero!, facts),
    recommendation: { action: 'none', summary: smaller ? candidateAdvice(candidate, facts) : scaleToZeroAdvice(toZero!, facts), reversible: false },
    evidence: {
      variant: v.name,
      servingMode: e.servingMode,
      instanceType: v.instance.instanceType,
      instanceCount: v.currentInstanceCount,
      ...(v.instance.acceleratorModel ? { acceleratorModel: v.instance.acceleratorModel } : {}),
      acceleratorsPerInstance: v.instance.acceleratorCount,
      windowHours: policy.windowHours,
      coverage: usage.coverage,
      p95GpuUtilPct: usage.p95GpuUtilPct,
      meanGpuUtilPct: usage.meanGpuUtilPct,
      ...(usage.peakGpuMemoryPct !== undefined ? { peakGpuMemoryPct: usage.peakGpuMemoryPct } : {}),
      invocationsInWindow: traffic.invocations,
      quietHoursPct,
      currentMonthly: cost.monthly,
      currentBasis: cost.basis,
      recommended: smaller ? 'smaller-instance' : 'scale-to-zero',
      ...(candidate ? { candidate } : {}),
      ...(toZero ? { scaleToZero: toZero } : {}),
    },
  };
}

/** A right-sizing opportunity, not an outage: one step below the severity the saving would give idle spend. */
function severityOf(monthly: number): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  return order[Math.max(0, order.indexOf(severityFor(monthly)) - 1)]!;
}

/** The endpoint's name, with the variant when it has several (findings are per GPU variant). */
function label(e: Endpoint, v: EndpointVariant): string {
  return e.variants.length > 1 ? `${e.ref.name} (${v.name})` : e.ref.name;
}

/** Accelerators each instance must keep for the inference components it hosts (copies x devices per copy). */
function reserved(v: EndpointVariant): { reservedPerInstance?: number } {
  const ics = v.inferenceComponentStates ?? [];
  if (ics.length === 0) return {};
  const perCopy = Math.max(0, ...ics.map((c) => c.acceleratorsPerCopy ?? 0));
  const total = ics.reduce((n, c) => n + c.currentCopyCount * (c.acceleratorsPerCopy ?? 0), 0);
  return { reservedPerInstance: Math.max(perCopy, Math.ceil(total / Math.max(1, v.currentInstanceCount))) };
}

interface Facts {
  e: Endpoint;
  v: EndpointVariant;
  usage: GpuUsage;
  traffic: HourlyTraffic;
  quietHoursPct: number;
  cost: CostEstimate;
  windowHours: number;
}

const money = (amount: number, currency: string, digits = 2) => formatMoney({ amount, currency }, digits);

function candidateCost(c: GpuCandidate, f: Facts): CostEstimate {
  const cur = f.cost.monthly.currency;
  const next = c.hourly.amount * f.v.currentInstanceCount * HOURS_PER_MONTH;
  return {
    monthly: { amount: c.monthlySaving, currency: cur },
    // Billed now minus list price next mixes two bases: an estimate. List price on both sides stays list price.
    basis: f.cost.basis === 'list-price' ? 'list-price' : 'estimate',
    explanation:
      `saving = now ${money(f.cost.monthly.amount, cur)}/month (${f.cost.basis}: ${f.cost.explanation}) - ` +
      `${f.v.currentInstanceCount} x ${c.instanceType} at ${money(c.hourly.amount, cur, 3)}/h x ${HOURS_PER_MONTH} h = ${money(next, cur)}/month (${c.priceSource})`,
  };
}

function scaleToZeroCost(z: ScaleToZeroOption, f: Facts): CostEstimate {
  const cur = f.cost.monthly.currency;
  return {
    monthly: { amount: z.monthlySaving, currency: cur },
    basis: 'estimate',
    explanation:
      `saving = now ${money(f.cost.monthly.amount, cur)}/month (${f.cost.basis}: ${f.cost.explanation}) x ${f.quietHoursPct.toFixed(0)}% of the last ` +
      `${f.windowHours} h without an invocation (${f.traffic.quietHours} of ${f.traffic.hoursSeen} h); cold starts and minimum billing not counted`,
  };
}

function candidateAdvice(c: GpuCandidate, f: Facts): string {
  const model = f.v.instance.acceleratorModel ?? 'GPU';
  const gib = acceleratorMemoryGiB(f.v.instance.acceleratorModel);
  const fits =
    c.projectedGpuMemoryPct !== undefined
      ? `and ${c.projectedGpuMemoryPct.toFixed(0)}% GPU memory`
      : `(GPU memory was not measured: check the model fits in ${c.acceleratorsPerInstance} x ${gib ? `${gib} GiB` : model})`;
  const variant = f.e.variants.length > 1 ? `variant ${f.v.name} ` : '';
  return (
    `Move ${variant}from ${f.v.instance.instanceType} (${f.v.instance.acceleratorCount} x ${model}) to ${c.instanceType} (${c.acceleratorsPerInstance} x ${model}): ` +
    `projected p95 ${c.projectedGpuUtilPct.toFixed(0)}% per GPU ${fits}, assuming the load spreads evenly over the GPUs; ` +
    `deploy it beside the current one and shift traffic, so rolling back is a traffic switch.`
  );
}

function scaleToZeroAdvice(z: ScaleToZeroOption, f: Facts): string {
  return (
    `No invocation in ${f.quietHoursPct.toFixed(0)}% of the last ${f.windowHours} h while the GPUs run ${f.usage.p95GpuUtilPct.toFixed(0)}% busy at p95: ` +
    `move to ${z.mode} so the GPUs stop billing when quiet (the first request after a quiet spell waits for a cold start).`
  );
}
