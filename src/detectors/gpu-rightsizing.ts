import type { Cloud } from '../domain/cloud';
import type { GpuCandidate } from '../domain/finding';
import { HOURS_PER_MONTH } from '../domain/money';
import type { InstanceSpec } from '../domain/resources';
import { fewerGpuAlternatives } from './gpu-alternatives';
import type { GpuUsage } from './gpu-usage';

export interface RightsizeRequest {
  cloud: Cloud;
  region: string;
  instance: InstanceSpec;
  instances: number;
  usage: GpuUsage;
  /** Accelerators each instance must keep for what it hosts (SageMaker inference components' reservations). */
  reservedPerInstance?: number;
  /** What the variant costs per month now (cost-estimate.ts) and in which currency. */
  currentMonthly: number;
  currency: string;
  targetGpuUtilPct: number;
  maxGpuMemoryPct: number;
}

/**
 * The cheapest instance with fewer of the same GPU that the measured load is projected to fit, or undefined.
 * Assumptions, stated in the finding: the load spreads evenly over the GPUs, so per-GPU utilisation and memory scale
 * by GPUs now / GPUs proposed (for memory this is conservative: a model replicated on every GPU needs less than the
 * total it holds now); the instance count stays (availability is a separate decision); the host keeps at least its
 * share of vCPUs and memory per GPU, since CPU and host memory are not measured here.
 */
export function cheaperSameGpu(req: RightsizeRequest): GpuCandidate | undefined {
  const gpus = req.instance.acceleratorCount;
  let best: GpuCandidate | undefined;
  for (const alt of fewerGpuAlternatives(req.cloud, req.region, req.instance)) {
    const n = alt.spec.acceleratorCount;
    if (alt.price.hourly.currency !== req.currency || n <= 0) continue;
    if (req.reservedPerInstance !== undefined && req.reservedPerInstance > n) continue;
    const share = n / gpus;
    if (req.instance.vcpus !== undefined && (alt.spec.vcpus ?? 0) < req.instance.vcpus * share) continue;
    if (req.instance.memoryGiB !== undefined && (alt.spec.memoryGiB ?? 0) < req.instance.memoryGiB * share) continue;
    const projectedGpuUtilPct = req.usage.p95GpuUtilPct / share;
    if (projectedGpuUtilPct >= req.targetGpuUtilPct) continue;
    const peak = req.usage.peakGpuMemoryPct;
    const projectedGpuMemoryPct = peak === undefined ? undefined : peak / share;
    if (projectedGpuMemoryPct !== undefined && projectedGpuMemoryPct >= req.maxGpuMemoryPct) continue;
    const monthlySaving = req.currentMonthly - alt.price.hourly.amount * req.instances * HOURS_PER_MONTH;
    if (monthlySaving <= 0) continue;
    if (best && (monthlySaving < best.monthlySaving || (monthlySaving === best.monthlySaving && n <= best.acceleratorsPerInstance))) continue;
    best = {
      instanceType: alt.spec.instanceType,
      acceleratorsPerInstance: n,
      ...(alt.spec.vcpus !== undefined ? { vcpus: alt.spec.vcpus } : {}),
      ...(alt.spec.memoryGiB !== undefined ? { memoryGiB: alt.spec.memoryGiB } : {}),
      hourly: alt.price.hourly,
      priceSource: `${alt.price.source}, ${alt.price.region}, ${alt.price.asOf === 'undated' ? 'undated' : `as of ${alt.price.asOf}`}`,
      projectedGpuUtilPct,
      ...(projectedGpuMemoryPct !== undefined ? { projectedGpuMemoryPct } : {}),
      monthlySaving,
    };
  }
  return best;
}
