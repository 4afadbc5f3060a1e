import type { CostLine } from '../../domain/cost';
import type { BillingColumn } from './bigquery-billing-query';

/**
 * Pure mapping of the billing query's result rows (BigQuery REST `rows: [{f: [{v}]}]`) to FOCUS-named CostLines.
 * - Every value arrives as a STRING (FLOAT64 "12.5", DATE "2026-10-01") or null; columns are read by the schema's
 *   field names, not by position, so a reordered answer cannot shift cost into credits.
 * - Rows that differ only by SKU are summed into one line: CostLine has no SKU, and the split by SKU (core, RAM,
 *   GPU) adds nothing the findings use.
 */

export interface BigQueryField {
  name: string;
  type?: string;
  mode?: string;
}
export interface BigQueryRow {
  f: { v: string | null }[];
}

/** What the cost source keeps (and caches) of a finished query. */
export interface BillingAnswer {
  fields: BigQueryField[];
  rows: BigQueryRow[];
  /** Bytes BigQuery processed for this query (0 when it answered from its own cache). */
  bytesProcessed: number;
}

export interface BillingLineOptions {
  /** Human words for where the figures come from, shown next to every number. */
  source: string;
  ownerTag: string;
}

const DAY_MS = 86_400_000;

/**
 * Committed use discount fees: resource-based CUDs bill SKUs "Commitment v1: <resource> in <region> for 1 Year"
 * (Compute Engine CPU, RAM, GPU, TPU), spend-based CUDs "Commitment - dollar based v1: ..." ⚠️ (SKU wording seen in
 * Cloud Billing Catalog answers and community code; Google documents the fee only as "the commitment fee"). The CUD
 * credits on covered usage are already netted into EffectiveCost.
 */
export const COMMITMENT_SKU = /^Commitment( v\d+:| - dollar based)/i;

function num(v: string | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function rowsToCostLines(answer: BillingAnswer, opts: BillingLineOptions): CostLine[] {
  const index = new Map(answer.fields.map((f, i) => [f.name, i]));
  const get = (row: BigQueryRow, column: BillingColumn): string | null | undefined => {
    const i = index.get(column);
    return i === undefined ? undefined : row.f[i]?.v;
  };
  const lines = new Map<string, CostLine>();
  for (const row of answer.rows) {
    const day = get(row, 'usage_day');
    const start = day ? new Date(`${day.slice(0, 10)}T00:00:00Z`) : undefined;
    const cost = num(get(row, 'cost'));
    if (!start || Number.isNaN(start.getTime()) || cost === undefined) continue;
    // Credits are negative amounts (free tier, committed use, promotions); a row without any has 0.
    const credits = num(get(row, 'credits')) ?? 0;
    const project = get(row, 'project_id') ?? undefined;
    const region = get(row, 'region') ?? undefined;
    const resource = get(row, 'resource_name') ?? undefined;
    const owner = get(row, 'owner') ?? undefined;
    const service = get(row, 'service') || 'unknown';
    const currency = get(row, 'currency') || 'USD';
    const commitment = COMMITMENT_SKU.test(get(row, 'sku') ?? '');
    const key = JSON.stringify([day, project, service, region, resource, owner, currency, commitment]);
    const existing = lines.get(key);
    if (existing) {
      existing.BilledCost += cost;
      existing.EffectiveCost += cost + credits;
      continue;
    }
    lines.set(key, {
      cloud: 'gcp',
      ChargePeriodStart: start,
      ChargePeriodEnd: new Date(start.getTime() + DAY_MS),
      BilledCost: cost,
      EffectiveCost: cost + credits,
      BillingCurrency: currency,
      ServiceName: service,
      ...(project ? { SubAccountId: project } : {}),
      ...(region ? { RegionId: region } : {}),
      // Verbatim: for Vertex AI endpoints it is the endpoint's full name as the Vertex API returns it.
      ...(resource ? { ResourceId: resource } : {}),
      // Every line is grouped by the owner label, so every line carries Tags ({} for unlabelled cost), like the AWS
      // owner breakdown: consumers tell an owner breakdown from service totals by that.
      Tags: owner ? { [opts.ownerTag]: owner } : {},
      basis: 'billed',
      breakdown: 'total',
      source: opts.source,
      ...(commitment ? { CommitmentDiscountType: 'Committed use discount' } : {}),
    });
  }
  return [...lines.values()];
}

const MIB = 2 ** 20;

/**
 * What an on-demand query is billed for, from the bytes it processed: rounded up to the MB, at least 10 MB per
 * query (BigQuery pricing: "minimum 10 MB data processed per table referenced"); nothing for 0 bytes (a cached
 * result). The billing query reads one table, so the per-table minimum is the per-query one.
 */
export function bigQueryBilledBytes(processed: number): number {
  if (!(processed > 0)) return 0;
  return Math.max(10 * MIB, Math.ceil(processed / MIB) * MIB);
}

/** "0 B", "950 B", "1.2 MB", "3.4 GB": decimal units, as BigQuery's console shows bytes processed. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
