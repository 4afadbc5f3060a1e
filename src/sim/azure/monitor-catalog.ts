import type { DeploymentMinute, EndpointMinute } from './monitor-samples';

/**
 * The Azure Monitor metrics the simulator answers for managed online endpoints and deployments (names, units,
 * dimensions as Azure documents them for Microsoft.MachineLearningServices/workspaces/onlineEndpoints[/deployments]).
 * Each metric turns one minute's samples into values per dimension combination.
 */
export const ENDPOINT_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
export const DEPLOYMENT_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments';

/** One minute's value of a metric for one dimension combination. */
export interface DimValue {
  dims: Record<string, string>;
  value: number;
  /** Weight when values of several combinations merge (latency: by requests); sums otherwise. */
  weight?: number;
}

export interface MetricDef {
  name: string;
  localized: string;
  unit: string;
  description: string;
  dimensions: readonly string[];
  /** How values of several dimension combinations in one minute merge when not split: sum or weighted mean. */
  merge: 'sum' | 'mean';
  /** Default aggregation when the request names none. */
  primary: string;
}

export interface EndpointMetric extends MetricDef {
  kind: 'endpoint';
  values(m: EndpointMinute): DimValue[];
}
export interface DeploymentMetric extends MetricDef {
  kind: 'deployment';
  values(m: DeploymentMinute): DimValue[];
}

const latency = (name: string, localized: string, factor: number): EndpointMetric => ({
  kind: 'endpoint',
  name,
  localized,
  unit: 'MilliSeconds',
  description: `${localized} of requests to the endpoint (ms)`,
  dimensions: ['deployment'],
  merge: 'mean',
  primary: 'average',
  values: (m) => m.latency.map((l) => ({ dims: { deployment: l.deployment }, value: l.ms * factor, weight: l.weight })),
});

export const ENDPOINT_METRICS: readonly EndpointMetric[] = [
  {
    kind: 'endpoint',
    name: 'RequestsPerMinute',
    localized: 'Requests Per Minute',
    unit: 'Count',
    description: 'The number of requests sent to the online endpoint within a minute',
    dimensions: ['deployment', 'statusCode', 'statusCodeClass'],
    merge: 'sum',
    primary: 'average',
    values: (m) => m.requests.map((r) => ({ dims: { deployment: r.deployment, statusCode: r.statusCode, statusCodeClass: r.statusCodeClass }, value: r.count })),
  },
  latency('RequestLatency', 'Request Latency', 1),
  latency('RequestLatency_P50', 'Request Latency P50', 0.9),
  latency('RequestLatency_P90', 'Request Latency P90', 1.6),
  latency('RequestLatency_P95', 'Request Latency P95', 2),
  latency('RequestLatency_P99', 'Request Latency P99', 3),
];

const pct = (name: string, localized: string, pick: (m: DeploymentMinute) => number | undefined): DeploymentMetric => ({
  kind: 'deployment',
  name,
  localized,
  unit: 'Percent',
  description: `${localized} per instance, averaged across instances`,
  dimensions: ['instanceId'],
  merge: 'mean',
  primary: 'average',
  values: (m) => {
    const v = pick(m);
    return v === undefined ? [] : [{ dims: {}, value: v }];
  },
});

export const DEPLOYMENT_METRICS: readonly DeploymentMetric[] = [
  pct('GpuUtilizationPercentage', 'GPU Utilization Percentage', (m) => m.gpu),
  pct('GpuMemoryUtilizationPercentage', 'GPU Memory Utilization Percentage', (m) => m.gpuMemory),
  pct('CpuUtilizationPercentage', 'CPU Utilization Percentage', (m) => m.cpu),
  pct('CpuMemoryUtilizationPercentage', 'CPU Memory Utilization Percentage', (m) => m.cpuMemory),
  {
    kind: 'deployment',
    name: 'DeploymentCapacity',
    localized: 'Deployment Capacity',
    unit: 'Count',
    description: 'The number of instances in the deployment',
    dimensions: ['instanceId', 'State'],
    merge: 'sum',
    primary: 'average',
    values: (m) => [{ dims: {}, value: m.capacity }],
  },
];
