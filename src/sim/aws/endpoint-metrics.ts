import { resourceKey, type FleetState, type SimEndpoint, type SimInferenceComponent, type SimVariant } from '../fleet-model';
import { hashString } from '../prng';
import { variantNamed } from '../resource-views';
import { componentDemandShare } from './serving-pieces';

/**
 * Where a CloudWatch metric comes from: which endpoint variant, which share of its traffic, which metric.
 * SageMaker publishes with exactly the dimension sets below; any other set (e.g. EndpointName alone) has no data,
 * as in real CloudWatch.
 */
export interface MetricSource {
  endpoint: SimEndpoint;
  variant: SimVariant;
  /** The inference component, for metrics with the InferenceComponentName dimension. */
  component?: SimInferenceComponent;
  /** Share of the variant's demand (1, or one inference component's share); salts the noise. */
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
/** Published per inference component only: requests an IC endpoint at zero copies or instances could not serve. */
const COMPONENT_ONLY_METRICS = new Set(['NoCapacityInvocationFailures']);
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
  if (namespace === 'AWS/SageMaker' && (REQUEST_METRICS[metricName] || COMPONENT_ONLY_METRICS.has(metricName))) {
    const kind = REQUEST_METRICS[metricName] ?? 'request';
    const unit = kind === 'latency' ? 'Microseconds' : 'None';
    if (dims.size === 2 && dims.has('EndpointName') && dims.has('VariantName') && !COMPONENT_ONLY_METRICS.has(metricName)) {
      const t = variantOf(state, region, dims.get('EndpointName')!, dims.get('VariantName')!);
      return t && { ...t, share: 1, kind, metricName, unit, salt };
    }
    if (dims.size === 1 && dims.has('InferenceComponentName')) {
      const ic = state.inferenceComponents.get(resourceKey(region, dims.get('InferenceComponentName')!));
      if (!ic || ic.name !== dims.get('InferenceComponentName')) return undefined;
      const t = variantOf(state, region, ic.endpointName, ic.variantName);
      if (!t) return undefined;
      return { ...t, component: ic, share: componentDemandShare(state, t.endpoint, t.variant, ic), kind, metricName, unit, salt };
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
  // Dimension values are case-sensitive: only the exact endpoint name has data. A deleted endpoint keeps its history.
  if (!endpoint || endpoint.name !== endpointName) return undefined;
  const variant = variantNamed(endpoint, variantName, Infinity);
  return variant && { endpoint, variant };
}
