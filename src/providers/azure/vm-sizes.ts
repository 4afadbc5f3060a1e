import type { AcceleratorKind, InstanceSpec } from '../../domain/resources';

/**
 * Azure VM sizes Azure Machine Learning runs managed online deployments, compute instances and jobs on.
 * GPU list: cloud-api-reference 4.2 (managed online endpoint SKU list, AZ-SKU); vCPU and memory from the Azure VM
 * size pages (NCasT4_v3, NCv3, NC A100 v4, NC H100 v5, ND A100 v4, ND H100 v5, NVadsA10 v5, Dv2/DSv2, Esv3, Fsv2)
 * ⚠️ memory figures written from those pages, not re-read on this machine. NV*ads_A10_v5 carry a FRACTION of one
 * A10 (GPU partitioning): the count is that fraction, so "accelerators running" stays honest.
 * Azure answers the size in either case (`Standard_NC24ads_A100_v4` and `STANDARD_NC24ADS_A100_V4`), so the
 * lookup is case-insensitive and the instance keeps the spelling Azure used.
 */
interface VmSize {
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  gpuModel?: string;
}

const T4 = 'NVIDIA T4';
const V100 = 'NVIDIA V100 16GB';
const A100_80 = 'NVIDIA A100 80GB';
const H100_NVL = 'NVIDIA H100 NVL 94GB';
const H100 = 'NVIDIA H100 80GB';
const A10 = 'NVIDIA A10';

const SIZES: Record<string, VmSize> = {
  // NCasT4_v3 (T4)
  standard_nc4as_t4_v3: { vcpus: 4, memoryGiB: 28, gpus: 1, gpuModel: T4 },
  standard_nc8as_t4_v3: { vcpus: 8, memoryGiB: 56, gpus: 1, gpuModel: T4 },
  standard_nc16as_t4_v3: { vcpus: 16, memoryGiB: 110, gpus: 1, gpuModel: T4 },
  standard_nc64as_t4_v3: { vcpus: 64, memoryGiB: 440, gpus: 4, gpuModel: T4 },
  // NCv3 (V100 16 GB), NCv2 (P100), legacy NC (K80, retired 2023 but still in Microsoft's example payloads)
  standard_nc6s_v3: { vcpus: 6, memoryGiB: 112, gpus: 1, gpuModel: V100 },
  standard_nc12s_v3: { vcpus: 12, memoryGiB: 224, gpus: 2, gpuModel: V100 },
  standard_nc24s_v3: { vcpus: 24, memoryGiB: 448, gpus: 4, gpuModel: V100 },
  standard_nc24rs_v3: { vcpus: 24, memoryGiB: 448, gpus: 4, gpuModel: V100 },
  standard_nc6s_v2: { vcpus: 6, memoryGiB: 112, gpus: 1, gpuModel: 'NVIDIA P100' },
  standard_nc12s_v2: { vcpus: 12, memoryGiB: 224, gpus: 2, gpuModel: 'NVIDIA P100' },
  standard_nc24s_v2: { vcpus: 24, memoryGiB: 448, gpus: 4, gpuModel: 'NVIDIA P100' },
  standard_nc6: { vcpus: 6, memoryGiB: 56, gpus: 1, gpuModel: 'NVIDIA K80' },
  // NC A100 v4 (A100 80 GB PCIe)
  standard_nc24ads_a100_v4: { vcpus: 24, memoryGiB: 220, gpus: 1, gpuModel: A100_80 },
  standard_nc48ads_a100_v4: { vcpus: 48, memoryGiB: 440, gpus: 2, gpuModel: A100_80 },
  standard_nc96ads_a100_v4: { vcpus: 96, memoryGiB: 880, gpus: 4, gpuModel: A100_80 },
  // NC H100 v5 (H100 NVL)
  standard_nc40ads_h100_v5: { vcpus: 40, memoryGiB: 320, gpus: 1, gpuModel: H100_NVL },
  standard_nc80adis_h100_v5: { vcpus: 80, memoryGiB: 640, gpus: 2, gpuModel: H100_NVL },
  // ND: 8 GPUs with InfiniBand
  standard_nd96asr_v4: { vcpus: 96, memoryGiB: 900, gpus: 8, gpuModel: 'NVIDIA A100 40GB' },
  standard_nd96amsr_a100_v4: { vcpus: 96, memoryGiB: 1900, gpus: 8, gpuModel: A100_80 },
  standard_nd40rs_v2: { vcpus: 40, memoryGiB: 672, gpus: 8, gpuModel: 'NVIDIA V100 32GB' },
  standard_nd96is_h100_v5: { vcpus: 96, memoryGiB: 1900, gpus: 8, gpuModel: H100 },
  standard_nd96isr_h100_v5: { vcpus: 96, memoryGiB: 1900, gpus: 8, gpuModel: H100 },
  // NVadsA10 v5: partial A10 below NV36
  standard_nv6ads_a10_v5: { vcpus: 6, memoryGiB: 55, gpus: 1 / 6, gpuModel: A10 },
  standard_nv12ads_a10_v5: { vcpus: 12, memoryGiB: 110, gpus: 1 / 3, gpuModel: A10 },
  standard_nv18ads_a10_v5: { vcpus: 18, memoryGiB: 220, gpus: 1 / 2, gpuModel: A10 },
  standard_nv36ads_a10_v5: { vcpus: 36, memoryGiB: 440, gpus: 1, gpuModel: A10 },
  standard_nv36adms_a10_v5: { vcpus: 36, memoryGiB: 880, gpus: 1, gpuModel: A10 },
  standard_nv72ads_a10_v5: { vcpus: 72, memoryGiB: 880, gpus: 2, gpuModel: A10 },
  // CPU sizes common for ML endpoints and compute instances
  standard_ds1_v2: { vcpus: 1, memoryGiB: 3.5, gpus: 0 },
  standard_ds2_v2: { vcpus: 2, memoryGiB: 7, gpus: 0 },
  standard_ds3_v2: { vcpus: 4, memoryGiB: 14, gpus: 0 },
  standard_ds4_v2: { vcpus: 8, memoryGiB: 28, gpus: 0 },
  standard_ds5_v2: { vcpus: 16, memoryGiB: 56, gpus: 0 },
  standard_ds11_v2: { vcpus: 2, memoryGiB: 14, gpus: 0 },
  standard_ds12_v2: { vcpus: 4, memoryGiB: 28, gpus: 0 },
  standard_ds13_v2: { vcpus: 8, memoryGiB: 56, gpus: 0 },
  standard_ds14_v2: { vcpus: 16, memoryGiB: 112, gpus: 0 },
  standard_e2s_v3: { vcpus: 2, memoryGiB: 16, gpus: 0 },
  standard_e4s_v3: { vcpus: 4, memoryGiB: 32, gpus: 0 },
  standard_e8s_v3: { vcpus: 8, memoryGiB: 64, gpus: 0 },
  standard_e16s_v3: { vcpus: 16, memoryGiB: 128, gpus: 0 },
  standard_f2s_v2: { vcpus: 2, memoryGiB: 4, gpus: 0 },
  standard_f4s_v2: { vcpus: 4, memoryGiB: 8, gpus: 0 },
  standard_f8s_v2: { vcpus: 8, memoryGiB: 16, gpus: 0 },
  standard_f16s_v2: { vcpus: 16, memoryGiB: 32, gpus: 0 },
};

/** Table key of a VM size: lower case, `Standard_` prefix added when Azure left it out. */
export function vmSizeKey(vmSize: string): string {
  const k = vmSize.trim().toLowerCase();
  return k.startsWith('standard_') || k.startsWith('basic_') ? k : `standard_${k}`;
}

export function vmSizeFacts(vmSize: string): VmSize | undefined {
  return SIZES[vmSizeKey(vmSize)];
}

/**
 * The InstanceSpec of a VM size. Unknown sizes (a new family, or a Kubernetes instance type name such as
 * `defaultinstancetype`, which names a Kubernetes resource profile, not a VM) get `acceleratorKind 'none'` with
 * count 0 ONLY when the name gives no hint of a GPU; an N-series name we do not know is an NVIDIA GPU of unknown
 * count (1, the minimum: never understate that GPUs run).
 */
export function azureInstanceSpec(vmSize: string): InstanceSpec {
  const f = vmSizeFacts(vmSize);
  if (f) {
    const kind: AcceleratorKind = f.gpus > 0 ? 'nvidia-gpu' : 'none';
    return {
      instanceType: vmSize,
      acceleratorKind: kind,
      ...(f.gpuModel ? { acceleratorModel: f.gpuModel } : {}),
      acceleratorCount: f.gpus,
      vcpus: f.vcpus,
      memoryGiB: f.memoryGiB,
    };
  }
  if (/^(standard_)?n[cdvg]\d/i.test(vmSize.trim())) {
    return { instanceType: vmSize, acceleratorKind: 'nvidia-gpu', acceleratorModel: 'unknown NVIDIA GPU (size not in vm-sizes.ts)', acceleratorCount: 1 };
  }
  return { instanceType: vmSize, acceleratorKind: 'none', acceleratorCount: 0 };
}

/** Every size the table knows, lower-case keys (tests and the price table check against it). */
export const KNOWN_VM_SIZES: readonly string[] = Object.keys(SIZES);
