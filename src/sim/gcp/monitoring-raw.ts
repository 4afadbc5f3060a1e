import { loadAt } from '../patterns';
import { mix, unit } from '../prng';
import { statusAt } from '../timeline';
import { ACCELERATOR_MEMORY_GIB, gcpMachineFacts, hasAccelerator } from './gcp-machines';
import type { SimDeployedModel, SimGcpState, SimVertexEndpoint } from './gcp-model';

/**
 * The raw, one-minute Cloud Monitoring data Vertex AI writes for online prediction (resource type
 * aiplatform.googleapis.com/Endpoint, cloud-api-reference 3.5): what exists before any aligner or reducer runs.
 * Quirks modelled on purpose:
 * - prediction_count / error_count / prediction_latencies have NO point for a minute without predictions (Cloud
 *   Monitoring does not write zero deltas), so an idle endpoint has no invocation data at all;
 * - replicas has a point for every minute the model has replicas > 0 (the reader's proof that telemetry is alive);
 * - accelerator/duty_cycle (fraction 0..1, unit 10^2.%) exists only for replicas with accelerators, one series per
 *   replica (replica_id label); accelerator/memory/bytes_used likewise, the bytes a replica holds on all its
 *   accelerators together ⚠️ (cloud-api-reference 3.5 lists it per replica_id, with no accelerator label);
 * - nothing at all after an undeploy: no replicas, no points.
 */
export const RESOURCE_TYPE = 'aiplatform.googleapis.com/Endpoint';
const PREFIX = 'aiplatform.googleapis.com/prediction/online/';

export type MetricKind = 'DELTA' | 'GAUGE';
export type ValueType = 'INT64' | 'DOUBLE' | 'DISTRIBUTION';

export interface MetricInfo {
  kind: MetricKind;
  valueType: ValueType;
  unit: string;
}

export const VERTEX_METRICS: Record<string, MetricInfo> = {
  [`${PREFIX}prediction_count`]: { kind: 'DELTA', valueType: 'INT64', unit: '1' },
  [`${PREFIX}error_count`]: { kind: 'DELTA', valueType: 'INT64', unit: '1' },
  [`${PREFIX}response_count`]: { kind: 'DELTA', valueType: 'INT64', unit: '1' },
  [`${PREFIX}prediction_latencies`]: { kind: 'DELTA', valueType: 'DISTRIBUTION', unit: 'ms' },
  [`${PREFIX}replicas`]: { kind: 'GAUGE', valueType: 'INT64', unit: '1' },
  [`${PREFIX}accelerator/duty_cycle`]: { kind: 'GAUGE', valueType: 'DOUBLE', unit: '10^2.%' },
  [`${PREFIX}accelerator/memory/bytes_used`]: { kind: 'GAUGE', valueType: 'INT64', unit: 'By' },
};

/** One raw minute: [startMs, startMs + 60 s). For distributions `value` is the mean and `count` the sample count. */
export interface RawPoint {
  startMs: number;
  value: number;
  count?: number;
}

export interface RawSeries {
  metricType: string;
  metricLabels: Record<string, string>;
  resourceLabels: Record<string, string>;
  info: MetricInfo;
  points: RawPoint[];
}

const MINUTE_MS = 60_000;

/** A stochastic rounding: an expected 0.3 predictions a minute gives a prediction in ~30 % of minutes. */
function draw(expected: number, h: number): number {
  const whole = Math.floor(expected);
  return whole + (unit(h) < expected - whole ? 1 : 0);
}

/** Replicas of a model at each minute start in [fromMs, toMs), walking its capacity steps once. */
function replicasPerMinute(m: SimDeployedModel, fromMs: number, toMs: number): Int32Array {
  const n = Math.max(0, Math.ceil((toMs - fromMs) / MINUTE_MS));
  const out = new Int32Array(n);
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = fromMs + i * MINUTE_MS;
    while (s < m.replicas.length && m.replicas[s]!.fromMs <= t) count = m.replicas[s++]!.count;
    out[i] = count;
  }
  return out;
}

/**
 * Raw series of `metricType` for the endpoints that `pick` accepts, over minutes starting in [fromMs, toMs).
 * Series are per (endpoint, deployed model[, latency_type | response_code | replica_id]); empty ones are dropped.
 */
export function rawVertexSeries(gcp: SimGcpState, metricType: string, projectNumber: string, fromMs: number, toMs: number, pick: (e: SimVertexEndpoint) => boolean): RawSeries[] {
  const info = VERTEX_METRICS[metricType];
  if (!info) return [];
  const metric = metricType.slice(PREFIX.length);
  const start = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
  const out: RawSeries[] = [];
  for (const e of gcp.endpoints.values()) {
    if (e.projectNumber !== projectNumber || !pick(e)) continue;
    const resourceLabels = { resource_container: e.projectNumber, location: e.location, endpoint_id: e.id };
    for (const m of e.models) {
      const replicas = replicasPerMinute(m, start, toMs);
      const byKey = new Map<string, RawSeries>();
      const series = (extra: Record<string, string>) => {
        const key = JSON.stringify(extra);
        let s = byKey.get(key);
        if (!s) {
          s = { metricType, metricLabels: { deployed_model_id: m.id, ...extra }, resourceLabels, info, points: [] };
          byKey.set(key, s);
        }
        return s;
      };
      for (let i = 0; i < replicas.length; i++) {
        const r = replicas[i]!;
        if (r <= 0) continue;
        const t = start + i * MINUTE_MS;
        const minute = t / MINUTE_MS;
        // A telemetry outage drops every metric of the model for a whole 5-minute block: no point is not zero.
        if (m.telemetryGapPct > 0 && unit(mix(m.seed, Math.floor(minute / 5), 7)) * 100 < m.telemetryGapPct) continue;
        if (metric === 'replicas') {
          series({}).points.push({ startMs: t, value: r });
          continue;
        }
        const load = loadAt(m.traffic, m.seed, t);
        if (metric === 'accelerator/duty_cycle') {
          const spec = statusAt(m.specs, t);
          if (!hasAccelerator(spec.machineType, spec.acceleratorType, spec.acceleratorCount)) continue;
          for (let k = 0; k < r; k++) {
            const pct = load.gpuUtilPct * (0.9 + 0.2 * unit(mix(m.seed, minute, 4, k)));
            series({ replica_id: replicaId(m, k) }).points.push({ startMs: t, value: Math.min(1, Math.max(0, pct / 100)) });
          }
          continue;
        }
        if (metric === 'accelerator/memory/bytes_used') {
          const spec = statusAt(m.specs, t);
          const facts = gcpMachineFacts(spec.machineType, spec.acceleratorType, spec.acceleratorCount);
          const perGpu = facts.acceleratorType ? ACCELERATOR_MEMORY_GIB[facts.acceleratorType] : undefined;
          if (!perGpu) continue;
          for (let k = 0; k < r; k++) {
            const pct = Math.min(100, m.gpuMemoryUtilPct * (0.98 + 0.04 * unit(mix(m.seed, minute, 8, k))));
            series({ replica_id: replicaId(m, k) }).points.push({ startMs: t, value: Math.round((pct / 100) * facts.acceleratorCount * perGpu * 2 ** 30) });
          }
          continue;
        }
        const predictions = load.invocationsPerMinute > 0 ? draw(load.invocationsPerMinute * (0.85 + 0.3 * unit(mix(m.seed, minute, 1))), mix(m.seed, minute, 2)) : 0;
        if (predictions === 0) continue; // no zero deltas: the quirk the reader must live with
        const errorPct = Math.max(load.errorRatePct, m.errorRatePct);
        const errors = Math.min(predictions, draw((predictions * errorPct) / 100, mix(m.seed, minute, 3)));
        if (metric === 'prediction_count') series({}).points.push({ startMs: t, value: predictions });
        else if (metric === 'error_count') {
          if (errors > 0) series({}).points.push({ startMs: t, value: errors });
        } else if (metric === 'response_count') {
          if (predictions - errors > 0) series({ response_code: '200' }).points.push({ startMs: t, value: predictions - errors });
          if (errors > 0) series({ response_code: '500' }).points.push({ startMs: t, value: errors });
        } else if (metric === 'prediction_latencies') {
          const model = m.latencyMs * (0.9 + 0.2 * unit(mix(m.seed, minute, 5)));
          const overhead = 2 + 3 * unit(mix(m.seed, minute, 6));
          series({ latency_type: 'model' }).points.push({ startMs: t, value: model, count: predictions });
          series({ latency_type: 'overhead' }).points.push({ startMs: t, value: overhead, count: predictions });
          series({ latency_type: 'total' }).points.push({ startMs: t, value: model + overhead, count: predictions });
        }
      }
      for (const s of byKey.values()) if (s.points.length) out.push(s);
    }
  }
  return out;
}

/** Stable, pod-like replica ids (⚠️ real ids are Kubernetes pod names; only their stability matters here). */
function replicaId(m: SimDeployedModel, k: number): string {
  return `${m.id.slice(-8)}-${(m.seed >>> 0).toString(36).slice(0, 5)}-${k}`;
}
