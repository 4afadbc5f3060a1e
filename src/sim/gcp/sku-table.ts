import { hashString } from '../prng';
import { FAMILY_SKU_WORD, type SimMachineFamily } from './sku-machines';

/**
 * The simulator's Google price list: the SKUs the simulated Cloud Billing Catalog lists and the simulated billing
 * export charges. One table, so a watchdog that prices from the catalog and reads the bill sees the same numbers.
 *
 * Sources, as of SKU_PRICES_AS_OF:
 * - Compute Engine on-demand machine prices, us-central1 (cloud.google.com/compute/all-pricing; the same figures
 *   appear in Kubernetes cluster-autoscaler's gce price table): n1-standard-4 $0.189999/h, e2-standard-4
 *   $0.13402284/h, a2-highgpu-1g $3.673385/h, a2-ultragpu-1g $5.06879789/h, g2-standard-4 $0.706832276/h,
 *   g2-standard-8 $0.853624312/h, a3-highgpu-8g $88.490000119/h; GPUs T4 $0.35/h, V100 $2.48/h. Machine totals are
 *   checked; where only a total is public, its split into core/RAM/GPU is ours (⚠️ below).
 * - Vertex AI prediction and custom training bill the same machines about 15 % above Compute Engine
 *   (cloud.google.com/vertex-ai/pricing: n1-standard-4 prediction ~$0.2185/h vs $0.19 on Compute Engine) ⚠️ the
 *   markup is applied uniformly, the real page lists each machine type.
 * - SKU ids are synthetic (hash of the description); service ids are Google's (Vertex AI C7E2-9256-1C43 ⚠️ as
 *   observed, Compute Engine 6F81-5844-456A, Cloud Storage 95FF-2EF5-5EA1, BigQuery 24E6-581D-38E5).
 * - Description wording follows the shared brief (docs: "SKU descriptions the price matcher and the simulator
 *   share"), modelled on Google's public SKU naming ⚠️ (the Vertex AI training wording is a guess).
 */
export const SKU_PRICES_AS_OF = '2026-11-01';
export const SKU_EFFECTIVE_TIME = `${SKU_PRICES_AS_OF}T08:00:00Z`;

export interface SimService {
  serviceId: string;
  displayName: string;
}

export const VERTEX_SERVICE: SimService = { serviceId: 'C7E2-9256-1C43', displayName: 'Vertex AI' };
export const COMPUTE_SERVICE: SimService = { serviceId: '6F81-5844-456A', displayName: 'Compute Engine' };
export const STORAGE_SERVICE: SimService = { serviceId: '95FF-2EF5-5EA1', displayName: 'Cloud Storage' };
export const BIGQUERY_SERVICE: SimService = { serviceId: '24E6-581D-38E5', displayName: 'BigQuery' };
export const SIM_SERVICES: readonly SimService[] = [VERTEX_SERVICE, COMPUTE_SERVICE, STORAGE_SERVICE, BIGQUERY_SERVICE];

export type SimUsageKind = 'prediction' | 'workbench' | 'training';
export type SimSkuPart = 'core' | 'ram' | 'gpu' | 'storage' | 'analysis';

export interface SimSku {
  skuId: string;
  description: string;
  service: SimService;
  part: SimSkuPart;
  usage?: SimUsageKind;
  family?: SimMachineFamily;
  acceleratorType?: string;
  resourceFamily: string;
  resourceGroup: string;
  usageUnit: 'h' | 'GiBy.h' | 'GiBy.mo' | 'TiBy';
  usageUnitDescription: string;
  /** USD per usage unit. */
  unitPriceUsd: number;
  serviceRegions: string[];
}

/**
 * Price groups. us-central1, us-east1 and us-west1 share Compute Engine's lowest tier, so Google's SKUs for them
 * are one "running in Americas" SKU listing several serviceRegions; europe-west4 has its own SKUs.
 * ⚠️ europe-west4 is modelled as +10 % on every part (N1 core there is $0.034806 vs $0.031611).
 */
const REGION_GROUPS: readonly { name: string; regions: string[]; factor: number }[] = [
  { name: 'Americas', regions: ['us-central1', 'us-east1', 'us-west1'], factor: 1 },
  { name: 'Netherlands', regions: ['europe-west4'], factor: 1.1 },
];

/** Compute Engine USD per vCPU-hour and per GiB-hour, us-central1. */
const CORE_RAM: Record<SimMachineFamily, { core: number; ram: number }> = {
  N1: { core: 0.031611, ram: 0.004237 },
  E2: { core: 0.02181159, ram: 0.00292353 },
  A2: { core: 0.031611, ram: 0.004237 },
  // ⚠️ split of g2-standard-4/-8 totals: core chosen, RAM and L4 solved from the two totals.
  G2: { core: 0.024988, ram: 0.00292725 },
  // ⚠️ split of the a3-highgpu totals: core and RAM chosen, H100 solved from the total.
  A3: { core: 0.029563, ram: 0.002963 },
};

/** Compute Engine USD per GPU-hour, us-central1, and the words Google's GPU SKU descriptions use. */
const GPUS: Record<string, { words: string; usd: number }> = {
  NVIDIA_TESLA_T4: { words: 'Tesla T4', usd: 0.35 },
  NVIDIA_TESLA_V100: { words: 'Tesla V100', usd: 2.48 },
  NVIDIA_TESLA_P100: { words: 'Tesla P100', usd: 1.46 }, // ⚠️ from memory of the GPU pricing page
  NVIDIA_TESLA_A100: { words: 'Tesla A100', usd: 2.933908 },
  NVIDIA_A100_80GB: { words: 'A100 80GB', usd: 3.96917589 }, // ⚠️ solved from a2-ultragpu-1g
  NVIDIA_L4: { words: 'L4', usd: 0.56004024 },
  NVIDIA_H100_80GB: { words: 'H100 80GB', usd: 9.59927 }, // ⚠️ solved from a3-highgpu-1g $11.06125
};

/** Vertex AI's price over Compute Engine for the same machine. ⚠️ uniform approximation. */
const MARKUP: Record<SimUsageKind, number> = { prediction: 1.15, training: 1.15, workbench: 1 };

const PREFIX: Record<SimUsageKind, string> = {
  prediction: 'Vertex AI: Online/Batch Prediction ',
  // Real Vertex training SKUs read "Vertex AI: Training/Pipelines on <Family> Instance Core running in ..." (checked by the billing side).
  training: 'Vertex AI: Training/Pipelines on ',
  workbench: '',
};

/** Four-four-four hex groups (`A1B2-C3D4-E5F6`) like Google's SKU ids, stable per description. */
export function syntheticSkuId(description: string): string {
  const hex = (hashString(description).toString(16).padStart(8, '0') + hashString(description, 0x1234567).toString(16).padStart(8, '0'))
    .slice(0, 12)
    .toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** Prices carry at most 9 decimals (Money.nanos). */
const roundNanos = (usd: number) => Math.round(usd * 1e9) / 1e9;

function machineSkus(): SimSku[] {
  const out: SimSku[] = [];
  for (const usage of ['prediction', 'training', 'workbench'] as const) {
    const service = usage === 'workbench' ? COMPUTE_SERVICE : VERTEX_SERVICE;
    for (const g of REGION_GROUPS) {
      const k = MARKUP[usage] * g.factor;
      for (const [family, p] of Object.entries(CORE_RAM) as [SimMachineFamily, { core: number; ram: number }][]) {
        const word = FAMILY_SKU_WORD[family];
        const group = family === 'N1' ? 'N1Standard' : undefined;
        const base = { service, usage, family, resourceFamily: 'Compute', serviceRegions: g.regions };
        const core = `${PREFIX[usage]}${word} Instance Core running in ${g.name}`;
        const ram = `${PREFIX[usage]}${word} Instance Ram running in ${g.name}`;
        out.push({ ...base, skuId: syntheticSkuId(core), description: core, part: 'core', resourceGroup: group ?? 'CPU', usageUnit: 'h', usageUnitDescription: 'hour', unitPriceUsd: roundNanos(p.core * k) });
        out.push({ ...base, skuId: syntheticSkuId(ram), description: ram, part: 'ram', resourceGroup: group ?? 'RAM', usageUnit: 'GiBy.h', usageUnitDescription: 'gibibyte hour', unitPriceUsd: roundNanos(p.ram * k) });
      }
      for (const [acceleratorType, gpu] of Object.entries(GPUS)) {
        const description = `${PREFIX[usage]}Nvidia ${gpu.words} GPU running in ${g.name}`;
        out.push({
          skuId: syntheticSkuId(description), description, service, part: 'gpu', usage, acceleratorType, resourceFamily: 'Compute', resourceGroup: 'GPU',
          usageUnit: 'h', usageUnitDescription: 'hour', unitPriceUsd: roundNanos(gpu.usd * k), serviceRegions: g.regions,
        });
      }
    }
  }
  return out;
}

/** Non-Vertex lines the export carries, so a query that forgets to filter by service shows it. */
function otherSkus(): SimSku[] {
  const sku = (service: SimService, part: SimSkuPart, description: string, rest: Pick<SimSku, 'resourceFamily' | 'resourceGroup' | 'usageUnit' | 'usageUnitDescription' | 'unitPriceUsd'>): SimSku => ({
    skuId: syntheticSkuId(description), description, service, part, serviceRegions: ['us'], ...rest,
  });
  return [
    // Cloud Storage Standard, US multi-region: $0.026 per GiB-month (cloud.google.com/storage/pricing).
    sku(STORAGE_SERVICE, 'storage', 'Standard Storage US Multi-region', { resourceFamily: 'Storage', resourceGroup: 'MultiRegionalStorage', usageUnit: 'GiBy.mo', usageUnitDescription: 'gibibyte month', unitPriceUsd: 0.026 }),
    // BigQuery on-demand analysis: $6.25 per TiB scanned (cloud.google.com/bigquery/pricing).
    sku(BIGQUERY_SERVICE, 'analysis', 'Analysis', { resourceFamily: 'ApplicationServices', resourceGroup: 'Executions', usageUnit: 'TiBy', usageUnitDescription: 'tebibyte', unitPriceUsd: 6.25 }),
  ];
}

export const SIM_SKUS: readonly SimSku[] = [...machineSkus(), ...otherSkus()];

const byKey = new Map<string, SimSku>();
for (const s of SIM_SKUS) {
  if (!s.usage) continue;
  for (const r of s.serviceRegions) byKey.set(`${s.usage}|${s.part}|${s.family ?? s.acceleratorType}|${r}`, s);
}

/** The core or RAM SKU of a machine family, or the GPU SKU of an accelerator, for one usage in one region. */
export function findMachineSku(usage: SimUsageKind, part: 'core' | 'ram' | 'gpu', familyOrAccelerator: string, region: string): SimSku | undefined {
  return byKey.get(`${usage}|${part}|${familyOrAccelerator}|${region}`);
}

export function skusOfService(serviceId: string): SimSku[] {
  return SIM_SKUS.filter((s) => s.service.serviceId === serviceId);
}

export function otherSku(part: 'storage' | 'analysis'): SimSku {
  return SIM_SKUS.find((s) => s.part === part)!;
}
