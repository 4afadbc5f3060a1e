import { quantileSorted } from 'simple-statistics';
import { refKey, type Cloud } from '../domain/cloud';
import type { CostBasis, CostLine } from '../domain/cost';
import type { Endpoint } from '../domain/resources';
import type { UtilizationSeries } from '../domain/utilization';
import { billsResource } from '../detectors/cost-estimate';
import type { ReportWeek } from './weekly-period';

/**
 * The seed's cross-cloud comparison: comparable endpoints side by side, cost per 1,000 predictions, p95 latency and
 * restore (cold start) time. Comparable means the same GPU class: the accelerator model without its memory size
 * ("NVIDIA A100 40GB" and "NVIDIA A100 80GB" are both "NVIDIA A100"), because the GPU decides both the price and
 * the latency far more than the model family, and the GPU is known for every endpoint while the model often is not.
 * CPU, serverless and cloud-proprietary accelerator endpoints (Inferentia, TPU) have no like-for-like counterpart
 * and are listed apart. Pure.
 */

/**
 * Typical time to bring a parked endpoint back, per cloud, used only when the ledger has no measured restore for
 * the endpoint (basis `estimate`). Each is how the watchdog parks on that cloud (docs/architecture.md section 5):
 * SageMaker recreates the endpoint from its saved config (instances launched and the model loaded: several
 * minutes); Vertex AI deploys the saved model again (a long-running operation, typically longer); Azure ML recreates
 * the deployment. Rough figures for a mid-size model on one GPU node, not promises: large models take longer.
 */
export const TYPICAL_RESTORE_SECONDS: Readonly<Record<Cloud, number>> = { aws: 8 * 60, gcp: 15 * 60, azure: 12 * 60 };

export interface MeasuredRestore {
  refKey: string;
  seconds: number;
}

export interface ComparisonRow {
  group: string;
  cloud: Cloud;
  endpoints: string[];
  /** Endpoint cost for the week, per currency (normally one). */
  cost?: { amount: number; currency: string };
  costBasis: CostBasis;
  costNote: string;
  /** Endpoints whose week cost is known; cost and cost per 1,000 cover only these. */
  pricedEndpoints: number;
  /** Predictions (invocations) in the week; undefined when no endpoint reported traffic data. */
  predictions?: number;
  costPer1k?: { amount: number; currency: string };
  /** p95 of the model-latency datapoints in the week (each a period average), ms. */
  p95LatencyMs?: number;
  restoreSeconds: number;
  restoreBasis: 'measured' | 'estimate';
}

export interface ComparisonSection {
  rows: ComparisonRow[];
  /** Groups seen on two or more clouds. */
  crossCloudGroups: string[];
  /** Endpoints left out, with why ("fraud-score-serverless (aws): serverless, no GPU"). */
  excluded: string[];
}

const HOUR_MS = 3_600_000;

/** The GPU class of an endpoint, or why it has none comparable. */
export function gpuClass(e: Endpoint): { group: string } | { excluded: string } {
  if (e.servingMode === 'serverless') return { excluded: 'serverless, no GPU' };
  const gpu = e.variants.find((v) => v.instance.acceleratorKind === 'nvidia-gpu' && v.instance.acceleratorCount > 0);
  if (gpu?.instance.acceleratorModel && !gpu.instance.acceleratorModel.startsWith('unknown')) return { group: gpu.instance.acceleratorModel.replace(/\s+\d+\s*GB$/i, '') };
  const other = e.variants.find((v) => v.instance.acceleratorKind !== 'none' && v.instance.acceleratorKind !== 'nvidia-gpu');
  if (other) return { excluded: `${other.instance.acceleratorKind} accelerator, sold by one cloud only` };
  return { excluded: gpu ? 'GPU model unknown' : 'CPU only' };
}

interface EndpointWeek {
  cost?: { amount: number; currency: string };
  basis: CostBasis;
  note: string;
}

/** Billed lines naming the endpoint in the week (Google detailed export, Azure ResourceId), else list price x hours. */
function endpointCost(e: Endpoint, costs: readonly CostLine[], week: ReportWeek): EndpointWeek {
  const lines = costs.filter((c) => c.basis === 'billed' && billsResource(c, e.ref) && c.ChargePeriodStart >= week.start && c.ChargePeriodStart < week.end);
  const currencies = new Set(lines.map((l) => l.BillingCurrency));
  if (lines.length > 0 && currencies.size === 1) {
    return { cost: { amount: lines.reduce((s, l) => s + l.BilledCost, 0), currency: lines[0]!.BillingCurrency }, basis: 'billed', note: 'billed to the endpoint' };
  }
  const running = e.variants.filter((v) => v.currentInstanceCount > 0);
  const priced = running.filter((v) => v.instance.listPrice);
  if (priced.length === 0 || priced.length < running.length) return { basis: 'estimate', note: running.length === 0 ? 'nothing running at report time and no billed lines' : 'no list price known' };
  const currency = priced[0]!.instance.listPrice!.hourly.currency;
  if (priced.some((v) => v.instance.listPrice!.hourly.currency !== currency)) return { basis: 'estimate', note: 'list prices in several currencies' };
  const from = Math.max(week.start.getTime(), e.createdAt.getTime());
  const hours = Math.max(0, (week.end.getTime() - from) / HOUR_MS);
  const hourly = priced.reduce((s, v) => s + v.currentInstanceCount * v.instance.listPrice!.hourly.amount, 0);
  return { cost: { amount: hourly * hours, currency }, basis: 'list-price', note: `list price x instances running at report time x ${Math.round(hours)} h` };
}

function inWeekPoints(series: readonly UtilizationSeries[], metric: UtilizationSeries['metric'], week: ReportWeek): number[] {
  return series.filter((s) => s.metric === metric).flatMap((s) => s.points.filter((p) => p.t >= week.start && p.t < week.end).map((p) => p.v));
}

export function weeklyComparison(endpoints: readonly Endpoint[], traffic: readonly UtilizationSeries[], costs: readonly CostLine[], restores: readonly MeasuredRestore[], week: ReportWeek): ComparisonSection {
  const excluded: string[] = [];
  const members = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    const c = gpuClass(e);
    if ('excluded' in c) {
      excluded.push(`${e.ref.name} (${e.ref.cloud}): ${c.excluded}`);
      continue;
    }
    const k = `${c.group}|${e.ref.cloud}`;
    members.set(k, [...(members.get(k) ?? []), e]);
  }
  const rows: ComparisonRow[] = [];
  for (const [k, eps] of members) {
    const [group, cloud] = k.split('|') as [string, Cloud];
    const keys = new Set(eps.map((e) => refKey(e.ref)));
    const series = traffic.filter((s) => keys.has(refKey(s.ref)));
    const costsOf = eps.map((e) => ({ e, ...endpointCost(e, costs, week) }));
    // Cost per prediction only over endpoints whose cost is known: an unpriced endpoint's traffic would make the
    // others look cheaper. The row says how many were priced.
    const currency = costsOf.find((c) => c.cost)?.cost?.currency;
    const priced = costsOf.filter((c) => c.cost && c.cost.currency === currency);
    const cost = currency && priced.length > 0 ? { amount: priced.reduce((s, c) => s + c.cost!.amount, 0), currency } : undefined;
    const bases = new Set(priced.map((c) => c.basis));
    const costBasis: CostBasis = priced.length === 0 || bases.has('estimate') ? 'estimate' : bases.has('list-price') ? 'list-price' : 'billed';
    const pricedKeys = new Set(priced.map((c) => refKey(c.e.ref)));
    const invocations = (only?: Set<string>) => {
      const points = inWeekPoints(series.filter((x) => !only || only.has(refKey(x.ref))), 'invocations', week);
      return points.length > 0 ? points.reduce((s, v) => s + v, 0) : undefined;
    };
    const predictions = invocations();
    const pricedPredictions = invocations(pricedKeys);
    const unpriced = costsOf.filter((c) => !pricedKeys.has(refKey(c.e.ref)));
    const costNote = unpriced.length === 0 ? [...new Set(costsOf.map((c) => c.note))].join('; ') : `${priced.length} of ${eps.length} endpoints priced (${unpriced.map((c) => `${c.e.ref.name}: ${c.note}`).join('; ')})`;
    const latencies = inWeekPoints(series, 'latency-ms', week).sort((a, b) => a - b);
    const measured = restores.filter((r) => keys.has(r.refKey));
    rows.push({
      group,
      cloud,
      endpoints: eps.map((e) => e.ref.name).sort(),
      ...(cost ? { cost } : {}),
      costBasis,
      costNote,
      pricedEndpoints: priced.length,
      ...(predictions !== undefined ? { predictions } : {}),
      ...(cost && pricedPredictions ? { costPer1k: { amount: (cost.amount / pricedPredictions) * 1000, currency: cost.currency } } : {}),
      ...(latencies.length > 0 ? { p95LatencyMs: quantileSorted(latencies, 0.95) } : {}),
      restoreSeconds: measured.length > 0 ? measured.reduce((s, r) => s + r.seconds, 0) / measured.length : TYPICAL_RESTORE_SECONDS[cloud],
      restoreBasis: measured.length > 0 ? 'measured' : 'estimate',
    });
  }
  rows.sort((a, b) => a.group.localeCompare(b.group) || a.cloud.localeCompare(b.cloud));
  const clouds = new Map<string, Set<Cloud>>();
  for (const r of rows) clouds.set(r.group, (clouds.get(r.group) ?? new Set()).add(r.cloud));
  const crossCloudGroups = [...clouds].filter(([, s]) => s.size > 1).map(([g]) => g).sort();
  return { rows, crossCloudGroups, excluded: excluded.sort() };
}
