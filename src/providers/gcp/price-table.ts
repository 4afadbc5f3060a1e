import type { InstancePrice } from '../../domain/resources';
import table from '../../../data/prices/gcp-vertex.json';
import type { MachineShape } from './machine-types';
import type { GcpMachineSpec } from './ports';

export type { MachineShape } from './machine-types';

/** Machine facts for a machine type (the shared machine-type catalog); undefined when unknown. */
export type MachineFacts = (machineType: string) => MachineShape | undefined;

type Rates = { core: Record<string, number>; ram: Record<string, number>; gpu: Record<string, number> };

/** Source ids: per kind and key, `*` being the default at each level. */
interface ProvenanceLevel {
  '*'?: string;
  core?: Record<string, string>;
  ram?: Record<string, string>;
  gpu?: Record<string, string>;
}

export interface GcpPriceTable {
  source: string;
  asOf: string;
  currency: string;
  regions: Record<string, Partial<Record<GcpMachineSpec['usage'], Rates>>>;
  /** Source id per region/usage/kind/key; `*` is the default of its level. */
  provenance?: Record<string, Partial<Record<GcpMachineSpec['usage'], ProvenanceLevel>>>;
  sources?: Record<string, { asOf?: string; verified?: boolean; what?: string }>;
}

export const GCP_PRICE_TABLE = table as unknown as GcpPriceTable;
const FALLBACK_REGION = 'us-central1';

/** `n1-standard-4` -> `N1`, `a2-highgpu-1g` -> `A2`: Google prices cores and RAM per machine family. */
export const machineFamily = (machineType: string): string => (machineType.split('-')[0] ?? '').toUpperCase();

/** A Workbench zone (`us-central1-a`) is priced as its region. */
export const regionOf = (location: string): string => location.replace(/^([a-z]+-[a-z]+\d+)-[a-z]$/, '$1');

/** Machine and accelerators as billed: the spec's accelerator wins; the machine type's implied one otherwise. */
export function billedParts(spec: GcpMachineSpec, shape: MachineShape): { family: string; vcpus: number; memoryGiB: number; gpuType?: string; gpus: number } {
  const gpuType = spec.acceleratorType && spec.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? spec.acceleratorType : shape.acceleratorType;
  const gpus = spec.acceleratorCount > 0 ? spec.acceleratorCount : gpuType ? shape.acceleratorCount : 0;
  return { family: machineFamily(spec.machineType), vcpus: shape.vcpus, memoryGiB: shape.memoryGiB, ...(gpuType && gpus > 0 ? { gpuType } : {}), gpus: gpuType ? gpus : 0 };
}

function entryAsOf(prices: GcpPriceTable, region: string, usage: GcpMachineSpec['usage'], keys: [keyof Rates, string][]): string {
  const level = prices.provenance?.[region]?.[usage];
  const dates = keys
    .map(([kind, key]) => {
      const byKind = level?.[kind];
      return byKind?.[key] ?? byKind?.['*'] ?? level?.['*'];
    })
    .map((id) => (id ? prices.sources?.[id]?.asOf : undefined))
    .filter((d): d is string => typeof d === 'string')
    .sort();
  // The oldest source behind the figure: an estimate never shows a newer date than its weakest part has.
  return dates[0] ?? prices.asOf;
}

const USAGE_WORDS: Record<GcpMachineSpec['usage'], string> = {
  prediction: 'Vertex AI prediction',
  training: 'Vertex AI custom training',
  workbench: 'Compute Engine (Workbench)',
};

/**
 * Hourly list price of one machine from the static table: vCPUs x core + GiB x RAM + GPUs x GPU rate of its family
 * in its region, or in us-central1 (and the returned `region` says so) when the table has no rates for the region.
 * Undefined when any part is unknown: a partial sum would understate the cost.
 */
export function staticGcpPrice(spec: GcpMachineSpec, shape: MachineShape, prices: GcpPriceTable = GCP_PRICE_TABLE): InstancePrice | undefined {
  const wanted = regionOf(spec.location);
  const parts = billedParts(spec, shape);
  for (const region of wanted === FALLBACK_REGION ? [wanted] : [wanted, FALLBACK_REGION]) {
    const rates = prices.regions[region]?.[spec.usage];
    if (!rates) continue;
    const core = rates.core[parts.family];
    const ram = rates.ram[parts.family];
    const gpu = parts.gpuType ? rates.gpu[parts.gpuType] : 0;
    if (core === undefined || ram === undefined || gpu === undefined) return undefined;
    const amount = parts.vcpus * core + parts.memoryGiB * ram + parts.gpus * gpu;
    const keys: [keyof Rates, string][] = [
      ['core', parts.family],
      ['ram', parts.family],
      ...(parts.gpuType ? [['gpu', parts.gpuType] as [keyof Rates, string]] : []),
    ];
    return {
      hourly: { amount: Math.round(amount * 1e6) / 1e6, currency: prices.currency },
      region,
      source: `static price table data/prices/gcp-vertex.json, ${USAGE_WORDS[spec.usage]}, ${region}${region === wanted ? '' : ` (no rates for ${wanted})`}; the Cloud Billing Catalog was not used`,
      asOf: entryAsOf(prices, region, spec.usage, keys),
    };
  }
  return undefined;
}

/** Regions whose table prices the family's prediction nodes and the accelerator (where it is offered, as far as the dated table knows). */
export function gcpPricedRegions(machineType: string, acceleratorType: string | undefined, prices: GcpPriceTable = GCP_PRICE_TABLE): string[] {
  const family = machineFamily(machineType);
  return Object.keys(prices.regions).filter((r) => {
    const rates = prices.regions[r]?.prediction;
    return rates?.core[family] !== undefined && (!acceleratorType || rates.gpu[acceleratorType] !== undefined);
  });
}
