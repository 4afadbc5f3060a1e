import { awsInstanceSpec } from '../../providers/aws/instance-types';
import { resourceKey, type FleetState, type SimTrainingJob } from '../fleet-model';
import { trainingJobView } from '../resource-views';
import { hashString, mix, normal } from '../prng';
import type { PeriodStats } from './metric-datapoints';

/**
 * /aws/sagemaker/TrainingJobs instance metrics, dimension `Host` = "<job-name>/algo-<n>" (one per instance),
 * published while the job runs. GPU metrics are 0..100 x GPUs, like the endpoint ones.
 */
export interface TrainingMetricSource {
  job: SimTrainingJob;
  metricName: 'GPUUtilization' | 'GPUMemoryUtilization' | 'CPUUtilization' | 'MemoryUtilization';
  units: number;
  salt: number;
}

const METRICS = new Set(['GPUUtilization', 'GPUMemoryUtilization', 'CPUUtilization', 'MemoryUtilization']);

export function resolveTrainingMetric(
  state: FleetState,
  region: string,
  metricName: string | undefined,
  dimensions: ReadonlyArray<{ Name?: string; Value?: string }>,
): TrainingMetricSource | undefined {
  if (!metricName || !METRICS.has(metricName) || dimensions.length !== 1 || dimensions[0]?.Name !== 'Host') return undefined;
  const m = /^(.+)\/algo-(\d+)$/.exec(dimensions[0].Value ?? '');
  if (!m) return undefined;
  const job = state.trainingJobs.get(resourceKey(region, m[1]!));
  const host = Number(m[2]);
  if (!job || job.name !== m[1] || host < 1 || host > job.instanceCount) return undefined;
  const spec = awsInstanceSpec(job.instanceType);
  if (metricName.startsWith('GPU') && spec.acceleratorKind !== 'nvidia-gpu') return undefined;
  const units = metricName.startsWith('GPU') ? spec.acceleratorCount : metricName === 'CPUUtilization' ? (spec.vcpus ?? 1) : 1;
  return { job, metricName: metricName as TrainingMetricSource['metricName'], units, salt: hashString(`${metricName}|${dimensions[0].Value}`) };
}

export function trainingPeriodStats(src: TrainingMetricSource, tMs: number, periodMs: number, nowMs: number): PeriodStats | undefined {
  const end = trainingJobView(src.job, nowMs).endedMs ?? nowMs;
  if (src.job.startedMs === undefined) return undefined;
  const a = Math.max(tMs, src.job.startedMs);
  const b = Math.min(tMs + periodMs, end, nowMs);
  if (a >= b) return undefined;
  const minutes = (b - a) / 60_000;
  const z = normal(mix(hashString(src.job.arn), src.salt, Math.floor(tMs / 60_000), periodMs / 1000));
  const pct = {
    GPUUtilization: src.job.gpuUtilPct * (1 + 0.05 * z),
    GPUMemoryUtilization: 70 + 2 * z,
    CPUUtilization: 35 + 4 * z,
    MemoryUtilization: 45 + 3 * z,
  }[src.metricName];
  const avg = Math.max(0, Math.min(100, pct)) * src.units;
  return { sum: avg * minutes, sampleCount: minutes, average: avg, minimum: avg * 0.8, maximum: Math.min(100 * src.units, avg * 1.1), spread: 0.1 };
}
