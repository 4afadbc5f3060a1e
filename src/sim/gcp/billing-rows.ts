import { dailyFactor } from '../daily-pattern';
import { hashString } from '../prng';
import type { SimBillingExport, SimGcpExtraCost, SimUsageRecord, SimUsageSource } from './gcp-usage';
import { simHourlyPrice } from './sku-price';
import { otherSku, type SimSku } from './sku-table';

export const DAY_MS = 86_400_000;
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** One row of the simulated billing export (the columns the watchdog's query reads). */
export interface SimExportRow {
  /** Partition day (`_PARTITIONTIME`), the UTC day of usage_start_time in the simulator. */
  partitionMs: number;
  usageStartMs: number;
  usageEndMs: number;
  projectId: string;
  service: string;
  sku: string;
  /** location.region; undefined (NULL) for multi-region services such as Cloud Storage in `US`. */
  region?: string;
  /** resource.name as the detailed export carries it; the standard table has no such column. */
  resourceName?: string;
  labels: Record<string, string>;
  cost: number;
  /** SUM(credits.amount), <= 0. */
  credits: number;
  creditType?: string;
  currency: 'USD';
  usageAmount: number;
  usageUnit: string;
}

/**
 * Sustained-use discount on Compute Engine N1 cores and RAM (Workbench instances). ⚠️ Google ramps the discount
 * up to 30 % with the share of the month a VM runs; the simulator credits a flat 20 % so net = cost + credits
 * differs from cost on some rows. Vertex AI prediction and training get no such credit.
 */
const SUD_SHARE = 0.2;

function machineRows(r: SimUsageRecord): SimExportRow[] {
  const price = simHourlyPrice(r);
  if (!price || r.machineHours <= 0) return [];
  return price.skus.map((c) => {
    const cost = c.costUsd * r.machineHours;
    const sud = r.usage === 'workbench' && c.sku.family === 'N1' && c.sku.part !== 'gpu';
    return {
      partitionMs: dayOf(r.fromMs),
      usageStartMs: r.fromMs,
      usageEndMs: r.toMs,
      projectId: r.projectId,
      service: c.sku.service.displayName,
      sku: c.sku.description,
      region: r.region,
      resourceName: r.resourceName,
      labels: r.labels,
      cost,
      credits: sud ? -cost * SUD_SHARE : 0,
      ...(sud ? { creditType: 'SUSTAINED_USAGE_DISCOUNT' } : {}),
      currency: 'USD',
      usageAmount: c.usageAmount * r.machineHours,
      usageUnit: c.sku.usageUnit,
    };
  });
}

/** A daily line of a non-Vertex service, sized deterministically from (project, day). */
function otherRow(sku: SimSku, projectId: string, dayMs: number, units: number, resourceName: string): SimExportRow {
  return {
    partitionMs: dayMs,
    usageStartMs: dayMs,
    usageEndMs: dayMs + DAY_MS,
    projectId,
    service: sku.service.displayName,
    sku: sku.description,
    resourceName,
    labels: {},
    cost: units * sku.unitPriceUsd,
    credits: 0,
    currency: 'USD',
    usageAmount: units,
    usageUnit: sku.usageUnit,
  };
}

/** A fleet-declared extra cost's row for one day, prorated to the part of the day it ran by `nowMs`. */
function extraRow(c: SimGcpExtraCost, exp: SimBillingExport, dayMs: number, nowMs: number): SimExportRow | undefined {
  const a = Math.max(dayMs, c.fromMs ?? -Infinity);
  const b = Math.min(dayMs + DAY_MS, c.toMs ?? Infinity, nowMs);
  if (b <= a) return undefined;
  const share = ((b - a) / DAY_MS) * dailyFactor(c, dayMs, c.fromMs ?? exp.createdMs);
  return {
    partitionMs: dayMs,
    usageStartMs: dayMs,
    usageEndMs: dayMs + DAY_MS,
    projectId: c.project ?? exp.project,
    service: c.service,
    sku: c.sku,
    ...(c.region ? { region: c.region } : {}),
    ...(c.resourceName ? { resourceName: c.resourceName } : {}),
    labels: c.labels,
    cost: c.dailyCost * share,
    credits: 0,
    currency: 'USD',
    usageAmount: c.usageAmountPerDay * share,
    usageUnit: c.usageUnit,
  };
}

/**
 * The export's rows in the partitions [fromMs, toMs) as seen at `nowMs`: machine usage priced from the SKU table,
 * plus a Cloud Storage line per project with usage and a BigQuery analysis line for the export's own project (so a
 * query that forgets to filter on service over-counts), plus the fleet's declared extra costs (logging, networking ...). Google only exports from the day the export was enabled
 * (regional datasets; multi-region ones backfill, ⚠️ not simulated), and nothing after `nowMs`.
 */
export function billingExportRows(source: SimUsageSource, exp: SimBillingExport, fromMs: number, toMs: number, nowMs: number): SimExportRow[] {
  const from = Math.max(dayOf(fromMs), dayOf(exp.createdMs));
  const to = Math.min(toMs, nowMs);
  if (from >= to) return [];
  const rows: SimExportRow[] = [];
  const projects = new Set<string>([exp.project]);
  for (const r of source(from, to, nowMs)) {
    if (r.fromMs < from || r.fromMs >= to) continue;
    projects.add(r.projectId);
    rows.push(...machineRows(r));
  }
  const storage = otherSku('storage');
  const analysis = otherSku('analysis');
  for (let d = from; d < to; d += DAY_MS) {
    // Daily lines accrue over the whole day; a day still running at `nowMs` shows up once it has begun.
    for (const p of [...projects].sort()) {
      const gibMonths = (200 + (hashString(`${p}|${d}|gcs`) % 800)) / 30;
      rows.push(otherRow(storage, p, d, gibMonths, `projects/_/buckets/${p}-artifacts`));
    }
    const tib = (5 + (hashString(`${exp.project}|${d}|bq`) % 50)) / 1000;
    rows.push(otherRow(analysis, exp.project, d, tib, `projects/${exp.project}/datasets/${exp.dataset}`));
    for (const c of exp.extraCosts) {
      const row = extraRow(c, exp, d, nowMs);
      if (row) rows.push(row);
    }
  }
  return rows;
}
