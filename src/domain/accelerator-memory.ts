/**
 * Memory per accelerator in GiB, keyed by the model names the three instance catalogs use (aws/instance-types.ts,
 * gcp/machine-types.ts, azure/vm-sizes.ts). Sources: NVIDIA data sheets as quoted on the EC2 accelerated computing,
 * Compute Engine GPU and Azure N-series size pages (figures published in GB; 1 GB read as 1 GiB, within 7 %).
 * Google reports accelerator memory in bytes, so its GPU memory share needs this; the other clouds report percent.
 */
const MEMORY_GIB: Readonly<Record<string, number>> = {
  'NVIDIA K80': 12,
  'NVIDIA P4': 8,
  'NVIDIA P100': 16,
  'NVIDIA T4': 16,
  'NVIDIA V100': 16,
  'NVIDIA V100 16GB': 16,
  'NVIDIA V100 32GB': 32,
  'NVIDIA A10': 24,
  'NVIDIA A10G': 24,
  'NVIDIA L4': 24,
  'NVIDIA L40S': 48,
  'NVIDIA A100 40GB': 40,
  'NVIDIA A100 80GB': 80,
  'NVIDIA H100': 80,
  'NVIDIA H100 80GB': 80,
  'NVIDIA H100 Mega 80GB': 80,
  'NVIDIA H100 NVL 94GB': 94,
  'NVIDIA H200': 141,
  'NVIDIA H200 141GB': 141,
};

/** GiB of memory on one accelerator of this model; undefined when the model is unknown. */
export function acceleratorMemoryGiB(model: string | undefined): number | undefined {
  return model === undefined ? undefined : MEMORY_GIB[model];
}
