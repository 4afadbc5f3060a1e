import { SERVING_ENDPOINT_STATUSES, resourceKey, type FleetState, type SimEndpoint, type SimVariant } from '../fleet-model';
import { hashString } from '../prng';

/**
 * Where a CloudWatch metric comes from: which endpoint variant, which share of its traffic, which metric.
 * SageMaker publishes with exactly the dimension sets below; any other set (e.g. EndpointName alone) has no data,
 * as in real CloudWatch.
 */
export interface MetricSource {
  endpoint: SimEndpoint;
  variant: SimVariant;
  /** Share of the variant's traffic (1, or one inference component's share). */
  share: number;
  kind: MetricKind;
  metricName: string;
  unit: 'None' | 'Microseconds' | 'Percent';
  /** Hash of the full metric identity, salt of its noise. */
  salt: number;
}

export type MetricKind = 'request' | 'latency' | 'instance';

const REQUEST_METRICS: Record<string, 'request' | 'latency'> = {
  Invocations: 'request',
  InvocationsPerInstance: 'request',
  Invocation4XXErrors: 'request',
  Invocation5XXErrors: 'request',
  InvocationModelErrors: 'request',
  ModelLatency: 'latency',
  OverheadLatency: 'latency',
};
const INSTANCE_METRICS = new Set(['GPUUtilization', 'GPUMemoryUtilization', 'CPUUtilization', 'MemoryUtilization', 'DiskUtilization']);
const NORMALIZED_METRICS = new Set(['GPUUtilizationNormalized', 'GPUMemoryUtilizationNormalized', 'CPUUtilizationNormalized']);

export function resolveMetricSource(
  state: FleetState,
  region: string,
  namespace: string | undefined,
  metricName: string | undefined,
  dimensions: ReadonlyArray<{ Name?: string; Value?: string }>,
): MetricSource | undefined {
  if (!metricName) return undefined;
  const dims = new Map(dimensions.map((d) => [d.Name ?? '', d.Value ?? '']));
  const salt = hashString(`${namespace}|${metricName}|${[...dims].sort().join(',')}`);
  if (namespace === 'AWS/SageMaker' && REQUEST_METRICS[metricName]) {
    const kind = REQUEST_METRICS[metricName]!;
    const unit = kind === 'latency' ? 'Microseconds' : 'None';
    if (dims.size === 2 && dims.has('EndpointName') && dims.has('VariantName')) {
      const t = variantOf(state, region, dims.get('EndpointName')!, dims.get('VariantName')!);
      return t && { ...t, share: 1, kind, metricName, unit, salt };
    }
    if (dims.size === 1 && dims.has('InferenceComponentName')) {
      const ic = state.inferenceComponents.get(resourceKey(region, dims.get('InferenceComponentName')!));
      if (!ic || ic.name !== dims.get('InferenceComponentName')) return undefined;
      const t = variantOf(state, region, ic.endpointName, ic.variantName);
      if (!t) return undefined;
      const copies = t.variant.inferenceComponentNames.map((n) => state.inferenceComponents.get(resourceKey(region, n))?.copyCount ?? 0);
      const total = copies.reduce((a, b) => a + b, 0);
      return { ...t, share: total > 0 ? ic.copyCount / total : 0, kind, metricName, unit, salt };
    }
    return undefined;
  }
  if (namespace === '/aws/sagemaker/Endpoints' && (INSTANCE_METRICS.has(metricName) || NORMALIZED_METRICS.has(metricName))) {
    if (dims.size !== 2 || !dims.has('EndpointName') || !dims.has('VariantName')) return undefined;
    const t = variantOf(state, region, dims.get('EndpointName')!, dims.get('VariantName')!);
    if (!t || !t.variant.instanceType) return undefined;
    // *Normalized variants exist only for endpoints hosting inference components (SageMaker CloudWatch docs).
    if (NORMALIZED_METRICS.has(metricName) && t.endpoint.servingMode !== 'inference-components') return undefined;
    // GPU metrics are only published by instances that have GPUs.
    if (metricName.startsWith('GPU') && !t.variant.hasNvidiaGpu) return undefined;
    return { ...t, share: 1, kind: 'instance', metricName, unit: 'Percent', salt };
  }
  return undefined;
}

function variantOf(state: FleetState, region: string, endpointName: string, variantName: string) {
  const endpoint = state.endpoints.get(resourceKey(region, endpointName));
  // Dimension values are case-sensitive: only the exact endpoint name has data.
  if (!endpoint || endpoint.name !== endpointName) return undefined;
  const variant = endpoint.variants.find((v) => v.name === variantName);
  return variant && { endpoint, variant };
}

/** Share of the endpoint's traffic routed to a variant (by weight). */
export function variantTrafficShare(e: SimEndpoint, v: SimVariant): number {
  const total = e.variants.reduce((n, x) => n + x.weight, 0);
  return total > 0 ? v.weight / total : 0;
}

/** The window [fromMs, toMs) during which a source publishes, clipped to the endpoint's life and the clock. */
export function requestMetricWindow(e: SimEndpoint, fromMs: number, toMs: number, nowMs: number): [number, number] | undefined {
  if (!SERVING_ENDPOINT_STATUSES.has(e.status)) return undefined;
  const a = Math.max(fromMs, e.createdMs);
  const b = Math.min(toMs, nowMs);
  return a < b ? [a, b] : undefined;
}

