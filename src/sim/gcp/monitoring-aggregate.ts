import { invalidArgument } from './google-wire';
import type { MetricKind, RawSeries, ValueType } from './monitoring-raw';

/**
 * Cloud Monitoring aggregation (common.proto Aggregation): a per-series aligner over alignment periods, then an
 * optional cross-series reducer over the series sharing the groupByFields values. Supported: ALIGN_NONE, ALIGN_SUM,
 * ALIGN_DELTA, ALIGN_MEAN, ALIGN_MAX; REDUCE_NONE, REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX. Periods end at
 * interval.endTime and step back by alignmentPeriod (⚠️ the real service aligns to its own period boundaries; only
 * "one point per period, none where there was no data" matters to the reader). Points come newest first.
 */
export interface Aggregation {
  aligner: 'ALIGN_NONE' | 'ALIGN_SUM' | 'ALIGN_DELTA' | 'ALIGN_MEAN' | 'ALIGN_MAX';
  periodMs: number;
  reducer: 'REDUCE_NONE' | 'REDUCE_SUM' | 'REDUCE_MEAN' | 'REDUCE_MAX';
  groupBy: string[];
}

/** A point after alignment: the period [startMs, endMs]; distributions carry `count`. */
export interface OutPoint {
  startMs: number;
  endMs: number;
  value: number;
  count?: number;
}

export interface OutSeries {
  metricType: string;
  metricLabels: Record<string, string>;
  resourceLabels: Record<string, string>;
  metricKind: MetricKind;
  valueType: ValueType;
  unit: string;
  /** Newest first. */
  points: OutPoint[];
}

const ALIGNERS = new Set(['ALIGN_NONE', 'ALIGN_SUM', 'ALIGN_DELTA', 'ALIGN_MEAN', 'ALIGN_MAX']);
const REDUCERS = new Set(['REDUCE_NONE', 'REDUCE_SUM', 'REDUCE_MEAN', 'REDUCE_MAX']);

export function parseAggregation(q: URLSearchParams): Aggregation {
  const aligner = q.get('aggregation.perSeriesAligner') ?? 'ALIGN_NONE';
  const reducer = q.get('aggregation.crossSeriesReducer') ?? 'REDUCE_NONE';
  if (!ALIGNERS.has(aligner)) throw invalidArgument(`The simulator does not support aggregation.perSeriesAligner ${aligner}.`);
  if (!REDUCERS.has(reducer)) throw invalidArgument(`The simulator does not support aggregation.crossSeriesReducer ${reducer}.`);
  const raw = q.get('aggregation.alignmentPeriod');
  let periodMs = 60_000;
  if (raw !== null) {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(raw);
    if (!m) throw invalidArgument(`Field aggregation.alignmentPeriod had an invalid value of "${raw}": expected a duration like "3600s".`);
    periodMs = Math.round(Number(m[1]) * 1000);
  } else if (aligner !== 'ALIGN_NONE') {
    throw invalidArgument('Field aggregation.alignmentPeriod is required when a per-series aligner is set.');
  }
  if (periodMs < 60_000) throw invalidArgument('Field aggregation.alignmentPeriod must be at least 60 seconds.');
  if (reducer !== 'REDUCE_NONE' && aligner === 'ALIGN_NONE') throw invalidArgument('A cross-series reducer requires a per-series aligner other than ALIGN_NONE.');
  const groupBy = q.getAll('aggregation.groupByFields');
  return { aligner: aligner as Aggregation['aligner'], periodMs, reducer: reducer as Aggregation['reducer'], groupBy };
}

const MINUTE_MS = 60_000;

/** Aligns one raw series into periods ending at endMs, endMs - P, ... (> startMs). */
function align(s: RawSeries, agg: Aggregation, startMs: number, endMs: number): OutSeries {
  const { kind, valueType, unit } = s.info;
  if (agg.aligner === 'ALIGN_NONE') {
    const points = s.points.map((p) => ({ startMs: kind === 'DELTA' ? p.startMs : p.startMs + MINUTE_MS, endMs: p.startMs + MINUTE_MS, value: p.value, ...(p.count !== undefined ? { count: p.count } : {}) }));
    return { metricType: s.metricType, metricLabels: s.metricLabels, resourceLabels: s.resourceLabels, metricKind: kind, valueType, unit, points: points.reverse() };
  }
  if (agg.aligner === 'ALIGN_DELTA' && kind !== 'DELTA') throw invalidArgument(`The aligner ALIGN_DELTA is not valid for metric ${s.metricType} of kind ${kind}.`);
  if (agg.aligner === 'ALIGN_MAX' && valueType === 'DISTRIBUTION') throw invalidArgument(`The aligner ALIGN_MAX is not valid for ${s.metricType} (DISTRIBUTION).`);
  const buckets = new Map<number, { sum: number; n: number; max: number; count: number }>();
  for (const p of s.points) {
    const pointEnd = p.startMs + MINUTE_MS;
    const k = Math.floor((endMs - pointEnd) / agg.periodMs);
    if (k < 0) continue;
    const bucketEnd = endMs - k * agg.periodMs;
    const b = buckets.get(bucketEnd) ?? { sum: 0, n: 0, max: -Infinity, count: 0 };
    if (valueType === 'DISTRIBUTION') {
      b.sum += p.value * p.count!;
      b.count += p.count!;
    } else {
      b.sum += p.value;
    }
    b.n += 1;
    b.max = Math.max(b.max, p.value);
    buckets.set(bucketEnd, b);
  }
  const sumLike = agg.aligner === 'ALIGN_SUM' || agg.aligner === 'ALIGN_DELTA';
  const outKind: MetricKind = sumLike ? kind : 'GAUGE';
  const outType: ValueType = agg.aligner === 'ALIGN_MEAN' ? 'DOUBLE' : valueType;
  const points: OutPoint[] = [...buckets.entries()]
    .filter(([end]) => end > startMs)
    .sort(([a], [b]) => b - a)
    .map(([end, b]) => {
      const start = outKind === 'DELTA' ? end - agg.periodMs : end;
      if (valueType === 'DISTRIBUTION') {
        return sumLike ? { startMs: start, endMs: end, value: b.sum / b.count, count: b.count } : { startMs: start, endMs: end, value: b.sum / b.count };
      }
      return { startMs: start, endMs: end, value: sumLike ? b.sum : agg.aligner === 'ALIGN_MEAN' ? b.sum / b.n : b.max };
    });
  return { metricType: s.metricType, metricLabels: s.metricLabels, resourceLabels: s.resourceLabels, metricKind: outKind, valueType: outType, unit, points };
}

/** The value a groupByFields entry names: `resource.label(s).<k>`, `metric.label(s).<k>`, `resource.type`, `metric.type`. */
function fieldOf(s: OutSeries, field: string): { scope: 'resource' | 'metric'; key: string; value: string | undefined } {
  const m = /^(resource|metric)\.labels?\.([a-z_][a-z0-9_]*)$/.exec(field);
  if (!m) throw invalidArgument(`Unsupported aggregation.groupByFields entry ${field}.`);
  const scope = m[1] as 'resource' | 'metric';
  const labels = scope === 'resource' ? s.resourceLabels : s.metricLabels;
  return { scope, key: m[2]!, value: Object.hasOwn(labels, m[2]!) ? labels[m[2]!] : undefined };
}

function reduce(series: OutSeries[], agg: Aggregation): OutSeries[] {
  if (agg.reducer === 'REDUCE_NONE') return series;
  const groups = new Map<string, { head: OutSeries; members: OutSeries[] }>();
  for (const s of series) {
    const metricLabels: Record<string, string> = {};
    const resourceLabels: Record<string, string> = {};
    for (const f of agg.groupBy) {
      const { scope, key, value } = fieldOf(s, f);
      if (value === undefined) continue;
      (scope === 'resource' ? resourceLabels : metricLabels)[key] = value;
    }
    const id = JSON.stringify([metricLabels, resourceLabels]);
    const g = groups.get(id);
    if (g) g.members.push(s);
    else groups.set(id, { head: { ...s, metricLabels, resourceLabels, points: [] }, members: [s] });
  }
  const out: OutSeries[] = [];
  for (const { head, members } of groups.values()) {
    const byEnd = new Map<number, OutPoint[]>();
    for (const s of members) for (const p of s.points) byEnd.set(p.endMs, [...(byEnd.get(p.endMs) ?? []), p]);
    const distribution = head.valueType === 'DISTRIBUTION';
    if (distribution && agg.reducer !== 'REDUCE_SUM') throw invalidArgument(`The reducer ${agg.reducer} is not valid for DISTRIBUTION values; use REDUCE_SUM.`);
    const points = [...byEnd.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, ps]) => {
        const base = { startMs: ps[0]!.startMs, endMs: ps[0]!.endMs };
        if (distribution) {
          const count = ps.reduce((n, p) => n + p.count!, 0);
          return { ...base, value: ps.reduce((n, p) => n + p.value * p.count!, 0) / count, count };
        }
        const values = ps.map((p) => p.value);
        const value = agg.reducer === 'REDUCE_SUM' ? values.reduce((a, b) => a + b, 0) : agg.reducer === 'REDUCE_MAX' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
        return { ...base, value };
      });
    out.push({ ...head, valueType: agg.reducer === 'REDUCE_MEAN' ? 'DOUBLE' : head.valueType, points });
  }
  return out;
}

export function aggregate(raw: RawSeries[], agg: Aggregation, startMs: number, endMs: number): OutSeries[] {
  const aligned = raw.map((s) => align(s, agg, startMs, endMs)).filter((s) => s.points.length > 0);
  const reduced = reduce(aligned, agg);
  const key = (s: OutSeries) => JSON.stringify([s.resourceLabels, s.metricLabels]);
  return reduced.sort((a, b) => key(a).localeCompare(key(b)));
}

/** TypedValue in proto3 JSON: int64 as a string, distributions with count (int64) and mean. */
export function typedValue(s: OutSeries, p: OutPoint): Record<string, unknown> {
  if (s.valueType === 'INT64') return { int64Value: String(Math.round(p.value)) };
  if (s.valueType === 'DOUBLE') return { doubleValue: p.value };
  return { distributionValue: { count: String(p.count ?? 0), mean: p.value } };
}
