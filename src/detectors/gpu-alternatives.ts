import type { Cloud } from '../domain/cloud';
import type { InstancePrice, InstanceSpec } from '../domain/resources';
import { awsInstanceSpec, knownAwsInstanceTypes } from '../providers/aws/instance-types';
import { sagemakerListPrice } from '../providers/aws/price-table';
import { armLocation, azureListPrice } from '../providers/azure/price-table';
import { azureInstanceSpec, KNOWN_VM_SIZES } from '../providers/azure/vm-sizes';
import { acceleratorTypeOf, gcpInstanceSpec, gcpMachineShape } from '../providers/gcp/machine-types';
import { regionOf, staticGcpPrice } from '../providers/gcp/price-table';

/**
 * Instances with FEWER of the same accelerator than `current`, priced in the same region from the shipped price
 * tables (data/prices/*.json; the Google figures from the static table, not the live Billing Catalog). Only the same
 * accelerator model: another GPU generation changes per-GPU throughput, so a utilisation projected from GPU counts
 * alone would be a guess. A type without a price in the region itself (the tables' fallback region) is left out:
 * the region may not offer it.
 */
export interface PricedInstance {
  spec: InstanceSpec;
  price: InstancePrice;
}

export function fewerGpuAlternatives(cloud: Cloud, region: string, current: InstanceSpec): PricedInstance[] {
  if (current.acceleratorKind !== 'nvidia-gpu' || !current.acceleratorModel) return [];
  const all = cloud === 'aws' ? awsAlternatives(region) : cloud === 'azure' ? azureAlternatives(region) : gcpAlternatives(region, current);
  return all.filter((a) => a.spec.acceleratorModel === current.acceleratorModel && a.spec.acceleratorCount < current.acceleratorCount);
}

function awsAlternatives(region: string): PricedInstance[] {
  return knownAwsInstanceTypes().flatMap((t) => {
    const price = sagemakerListPrice(t, region, 'hosting');
    return price && price.region === region ? [{ spec: awsInstanceSpec(t), price }] : [];
  });
}

function azureAlternatives(region: string): PricedInstance[] {
  const wanted = armLocation(region);
  return KNOWN_VM_SIZES.flatMap((key) => {
    const price = azureListPrice(key, wanted);
    return price && price.region === wanted ? [{ spec: azureInstanceSpec(azureSizeName(key)), price }] : [];
  });
}

/** `standard_nc16as_t4_v3` -> `Standard_NC16as_T4_v3`: the spelling Azure documents (sizes are case-insensitive). */
export function azureSizeName(key: string): string {
  const [, ...parts] = key.split('_');
  const words = parts.map((p, i) => {
    if (i === 0) return p.replace(/^([a-z]+)(\d+)/, (_, letters: string, digits: string) => letters.toUpperCase() + digits);
    return /^v\d+$/.test(p) ? p : p.toUpperCase();
  });
  return ['Standard', ...words].join('_');
}

/** Accelerator-optimised families and the GPU counts their machine types come in (Compute Engine GPU machine types). */
const GPU_FAMILY_COUNTS: Record<string, readonly number[]> = {
  'a2-highgpu': [1, 2, 4, 8],
  'a2-ultragpu': [1, 2, 4, 8],
  'a3-highgpu': [1, 2, 4, 8],
};
const G2_SIZES = [4, 8, 12, 16, 24, 32, 48, 96];
const N1_VCPUS = [1, 2, 4, 8, 16, 32, 64, 96];
/** N1 with attached GPUs: GPU count -> most vCPUs allowed (Compute Engine "GPU platforms", N1 limits ⚠️ not re-read). */
const N1_VCPU_LIMITS: Record<string, Record<number, number>> = {
  NVIDIA_TESLA_T4: { 1: 48, 2: 48, 4: 96 },
  NVIDIA_TESLA_P4: { 1: 24, 2: 48, 4: 96 },
  NVIDIA_TESLA_P100: { 1: 16, 2: 32, 4: 64 },
  NVIDIA_TESLA_V100: { 1: 12, 2: 24, 4: 48, 8: 96 },
};

function gcpAlternatives(region: string, current: InstanceSpec): PricedInstance[] {
  const location = regionOf(region);
  const candidates: { machineType: string; acceleratorType?: string; acceleratorCount: number }[] = [];
  const family = /^([a-z0-9]+-[a-z]+gpu)-\d+g$/.exec(current.instanceType)?.[1];
  if (family && GPU_FAMILY_COUNTS[family]) for (const n of GPU_FAMILY_COUNTS[family]!) candidates.push({ machineType: `${family}-${n}g`, acceleratorCount: 0 });
  if (/^g2-standard-\d+$/.test(current.instanceType)) for (const v of G2_SIZES) candidates.push({ machineType: `g2-standard-${v}`, acceleratorCount: 0 });
  const n1 = /^n1-([a-z]+)-\d+$/.exec(current.instanceType);
  const attached = acceleratorTypeOf(current.acceleratorModel);
  if (n1 && attached && N1_VCPU_LIMITS[attached]) {
    for (const [count, maxVcpus] of Object.entries(N1_VCPU_LIMITS[attached]!)) {
      for (const v of N1_VCPUS) if (v <= maxVcpus) candidates.push({ machineType: `n1-${n1[1]}-${v}`, acceleratorType: attached, acceleratorCount: Number(count) });
    }
  }
  return candidates.flatMap((c) => {
    const shape = gcpMachineShape(c.machineType);
    if (!shape) return [];
    const price = staticGcpPrice({ ...c, location, usage: 'prediction' }, shape);
    if (!price || price.region !== location) return [];
    return [{ spec: gcpInstanceSpec(c.machineType, c.acceleratorType, c.acceleratorCount), price }];
  });
}
