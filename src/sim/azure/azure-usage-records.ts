import type { FleetState } from '../fleet-model';
import type { CapacityStep } from '../timeline';
import type { SimAzureState } from './azure-model';
import type { AzureUsageRecord, AzureUsageSource } from './azure-usage';
import { vmMeter, vmPrice } from './vm-prices';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** ⚠️ unverified: the ServiceName Cost Management gives managed online endpoint / compute instance VM charges. */
export const AML_SERVICE_NAME = 'Azure Machine Learning';

/**
 * The Azure world's billable usage, for the simulated Cost Management: live deployment instances (billed on their
 * ENDPOINT's ARM id, as Azure bills managed online deployments ⚠️), running compute instances, and running jobs
 * (billed on the cluster they run on), split per UTC day and priced from vm-prices.ts. Nothing after `nowMs`.
 */
export function azureUsageSource(state: FleetState): AzureUsageSource {
  return (fromMs, toMs, nowMs) => (state.azure ? azureUsage(state.azure, fromMs, Math.min(toMs, nowMs)) : []);
}

function azureUsage(az: SimAzureState, fromMs: number, toMs: number): AzureUsageRecord[] {
  const out: AzureUsageRecord[] = [];
  if (!(toMs > fromMs)) return out;
  const currency = az.billing.currency;
  const emit = (base: Omit<AzureUsageRecord, 'fromMs' | 'toMs' | 'quantity' | 'cost' | 'currency' | 'meterCategory' | 'meter'>, vmSize: string, count: number, a: number, b: number) => {
    const price = vmPrice(vmSize)?.price ?? 0;
    for (const [s, e] of daySlices(Math.max(a, fromMs), Math.min(b, toMs))) {
      const quantity = (count * (e - s)) / HOUR_MS;
      if (quantity <= 0) continue;
      out.push({ ...base, meterCategory: 'Virtual Machines', meter: vmMeter(vmSize), vmSize, fromMs: s, toMs: e, quantity, cost: quantity * price, currency });
    }
  };
  for (const ep of az.endpoints.values()) {
    for (const d of ep.deployments.values()) {
      const vmSize = String(d.specs[d.specs.length - 1]!.status.properties.instanceType ?? '');
      for (const [a, b, count] of capacitySpans(d.capacity, toMs)) {
        if (count > 0) {
          emit(
            { subscriptionId: ep.subscriptionId, resourceGroup: ep.resourceGroup, resourceId: ep.id, resourceType: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints', location: ep.location, serviceName: AML_SERVICE_NAME, tags: { ...ep.tags } },
            vmSize,
            count,
            a,
            b,
          );
        }
      }
    }
  }
  for (const c of az.computes.values()) {
    for (const r of c.runs) {
      emit(
        { subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, resourceId: c.id, resourceType: 'Microsoft.MachineLearningServices/workspaces/computes', location: c.location, serviceName: AML_SERVICE_NAME, tags: { ...c.tags } },
        c.vmSize,
        1,
        r.fromMs,
        r.toMs ?? Infinity,
      );
    }
  }
  for (const j of az.jobs.values()) {
    const cluster = [...az.computes.values()].find((c) => c.subscriptionId === j.subscriptionId && c.resourceGroup.toLowerCase() === j.resourceGroup.toLowerCase() && c.workspace.toLowerCase() === j.workspace.toLowerCase() && c.name.toLowerCase() === j.compute.toLowerCase());
    emit(
      {
        subscriptionId: j.subscriptionId,
        resourceGroup: j.resourceGroup,
        resourceId: cluster?.id ?? j.id,
        resourceType: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: j.location,
        serviceName: AML_SERVICE_NAME,
        tags: { ...(cluster?.tags ?? {}), ...j.tags },
      },
      j.instanceType,
      j.instanceCount,
      j.startedMs,
      j.endedMs ?? Infinity,
    );
  }
  return out;
}

/** [from, to, count] spans of a capacity timeline, the last one open until `untilMs`. */
export function capacitySpans(steps: readonly CapacityStep[], untilMs: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  steps.forEach((s, i) => {
    const end = i + 1 < steps.length ? steps[i + 1]!.fromMs : untilMs;
    if (end > s.fromMs) out.push([s.fromMs, end, s.count]);
  });
  return out;
}

/** [from, to) cut at UTC midnights. */
export function daySlices(fromMs: number, toMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = fromMs; t < toMs; ) {
    const end = Math.min(toMs, (Math.floor(t / DAY_MS) + 1) * DAY_MS);
    out.push([t, end]);
    t = end;
  }
  return out;
}
