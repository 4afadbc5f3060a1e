import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Counts HTTP requests per Azure operation (`<Service>.<operationId>`, the names the simulator counts by), every
 * attempt included: a retried or paged call costs quota like any other, and Cost Management allows about four
 * queries a minute per scope, so the audit reports them.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  add(operation: string, n = 1): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + n);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(prefix = ''): number {
    let n = 0;
    for (const [k, v] of this.counts) if (k.startsWith(prefix)) n += v;
    return n;
  }
}

const ML = '/providers/microsoft.machinelearningservices/workspaces';

/** The Azure operationId a request stands for, from its method and ARM path (case-insensitive, as ARM is). */
export function operationOf(method: string, url: string): string {
  const path = new URL(url).pathname.toLowerCase().replace(/\/+$/, '');
  const m = method.toUpperCase();
  if (path.endsWith('/providers/microsoft.insights/metrics')) return 'Monitor.Metrics_List';
  if (path.endsWith('/providers/microsoft.insights/eventtypes/management/values')) return 'Monitor.ActivityLogs_List';
  if (path.endsWith('/providers/microsoft.costmanagement/query')) return 'CostManagement.Query_Usage';
  if (path.endsWith('/providers/microsoft.costmanagement/forecast')) return 'CostManagement.Forecast_Usage';
  const i = path.indexOf(ML);
  if (i >= 0) {
    const rest = path.slice(i + ML.length).split('/').filter(Boolean);
    // rest: [] | [ws] | [ws, 'onlineendpoints'] | [ws, 'onlineendpoints', ep, 'deployments'] | [ws, 'computes'] | [ws, 'jobs'] ...
    if (rest.length === 0) return 'MachineLearning.Workspaces_ListBySubscription';
    if (rest.length === 1) return 'MachineLearning.Workspaces_Get';
    const [, group, name, sub, subName] = rest;
    if (group === 'onlineendpoints') {
      if (!name) return `MachineLearning.OnlineEndpoints_${m === 'GET' ? 'List' : m}`;
      if (sub === 'deployments') return subName ? `MachineLearning.OnlineDeployments_${m === 'GET' ? 'Get' : m}` : 'MachineLearning.OnlineDeployments_List';
      return `MachineLearning.OnlineEndpoints_${m === 'GET' ? 'Get' : m}`;
    }
    if (group === 'computes') return name ? `MachineLearning.Compute_${m === 'GET' ? 'Get' : m}` : 'MachineLearning.Compute_List';
    if (group === 'jobs') return name ? `MachineLearning.Jobs_${m === 'GET' ? 'Get' : m}` : 'MachineLearning.Jobs_List';
  }
  return `Azure.${m} ${path}`;
}

export const countingPolicyName = 'mlWatchdogCallCounter';

/** A pipeline policy, added after the retry phase so it sees (and counts) every attempt. */
export function countingPolicy(counter: CallCounter): PipelinePolicy {
  return {
    name: countingPolicyName,
    sendRequest(request, next) {
      counter.add(operationOf(request.method, request.url));
      return next(request);
    },
  };
}
