import type { AcceleratorKind, InstanceSpec } from '../../domain/resources';

/**
 * Google machine types and accelerators, enough to count GPUs and price a machine from its parts.
 * Sources: Compute Engine "GPU machine types" and "General-purpose machine family" docs (A2: 12 vCPU + 85 GB per
 * A100 40GB, A2 Ultra: 12 vCPU + 170 GB per A100 80GB, A3 High: 26 vCPU + 234 GB per H100 80GB, G2: L4 count by
 * size); N1/N2/E2 memory per vCPU from the same pages. TPU v5e hosts ⚠️ (vCPU/RAM per chip count not re-verified).
 * On A2, A3 and G2 the GPUs are part of the machine type: their MachineSpec may carry acceleratorCount 0.
 */

export interface MachineShape {
  vcpus: number;
  memoryGiB: number;
  /** AcceleratorType enum word of built-in accelerators (A2/A3/G2/TPU hosts); unset for CPU machines. */
  acceleratorType?: string;
  acceleratorCount: number;
}

/** AcceleratorType (aiplatform v1 accelerator_type.proto, notebooks v2) -> kind and a human model name. */
const ACCELERATORS: Record<string, { kind: AcceleratorKind; model: string }> = {
  NVIDIA_TESLA_K80: { kind: 'nvidia-gpu', model: 'NVIDIA K80' },
  NVIDIA_TESLA_P4: { kind: 'nvidia-gpu', model: 'NVIDIA P4' },
  NVIDIA_TESLA_P100: { kind: 'nvidia-gpu', model: 'NVIDIA P100' },
  NVIDIA_TESLA_V100: { kind: 'nvidia-gpu', model: 'NVIDIA V100' },
  NVIDIA_TESLA_T4: { kind: 'nvidia-gpu', model: 'NVIDIA T4' },
  NVIDIA_TESLA_A100: { kind: 'nvidia-gpu', model: 'NVIDIA A100 40GB' },
  NVIDIA_A100_80GB: { kind: 'nvidia-gpu', model: 'NVIDIA A100 80GB' },
  NVIDIA_L4: { kind: 'nvidia-gpu', model: 'NVIDIA L4' },
  NVIDIA_H100_80GB: { kind: 'nvidia-gpu', model: 'NVIDIA H100 80GB' },
  NVIDIA_H100_MEGA_80GB: { kind: 'nvidia-gpu', model: 'NVIDIA H100 Mega 80GB' },
  NVIDIA_H200_141GB: { kind: 'nvidia-gpu', model: 'NVIDIA H200 141GB' },
  NVIDIA_B200: { kind: 'nvidia-gpu', model: 'NVIDIA B200' },
  NVIDIA_GB200: { kind: 'nvidia-gpu', model: 'NVIDIA GB200' },
  NVIDIA_RTX_PRO_6000: { kind: 'nvidia-gpu', model: 'NVIDIA RTX PRO 6000' },
  TPU_V2: { kind: 'google-tpu', model: 'Google TPU v2' },
  TPU_V3: { kind: 'google-tpu', model: 'Google TPU v3' },
  TPU_V4_POD: { kind: 'google-tpu', model: 'Google TPU v4' },
  TPU_V5_LITEPOD: { kind: 'google-tpu', model: 'Google TPU v5e' },
};

/** The AcceleratorType enum word of a model name from `acceleratorInfo` (NVIDIA T4 -> NVIDIA_TESLA_T4), for pricing. */
export function acceleratorTypeOf(model: string | undefined): string | undefined {
  return Object.entries(ACCELERATORS).find(([, a]) => a.model === model)?.[0];
}

export function acceleratorInfo(type: string | undefined): { kind: AcceleratorKind; model?: string } {
  if (!type || type === 'ACCELERATOR_TYPE_UNSPECIFIED') return { kind: 'none' };
  // Workbench also knows virtual-workstation variants (NVIDIA_TESLA_T4_VWS): same GPU.
  const known = ACCELERATORS[type.replace(/_VWS$/, '')];
  if (known) return known;
  return { kind: type.startsWith('TPU') ? 'google-tpu' : type.startsWith('NVIDIA') ? 'nvidia-gpu' : 'none', model: type };
}

/** GiB of memory per vCPU by family and class. */
const MEMORY_PER_VCPU: Record<string, Record<string, number>> = {
  n1: { standard: 3.75, highmem: 6.5, highcpu: 0.9 },
  n2: { standard: 4, highmem: 8, highcpu: 1 },
  n2d: { standard: 4, highmem: 8, highcpu: 1 },
  e2: { standard: 4, highmem: 8, highcpu: 1 },
  c2: { standard: 4 },
};

/** GPU machine families: per GPU, vCPUs and GiB, and the GPU they carry. */
const GPU_FAMILIES: Record<string, { perGpu: [number, number]; accelerator: string }> = {
  'a2-highgpu': { perGpu: [12, 85], accelerator: 'NVIDIA_TESLA_A100' },
  'a2-megagpu': { perGpu: [6, 85], accelerator: 'NVIDIA_TESLA_A100' },
  'a2-ultragpu': { perGpu: [12, 170], accelerator: 'NVIDIA_A100_80GB' },
  'a3-highgpu': { perGpu: [26, 234], accelerator: 'NVIDIA_H100_80GB' },
  'a3-megagpu': { perGpu: [26, 234], accelerator: 'NVIDIA_H100_MEGA_80GB' },
};

/** G2: vCPUs -> L4 count (Compute Engine G2 machine types table). */
const G2_GPUS: Record<number, number> = { 4: 1, 8: 1, 12: 1, 16: 1, 32: 1, 24: 2, 48: 4, 96: 8 };

/** TPU v5e hosts (ct5lp-hightpu-<chips>t) ⚠️. */
const TPU_V5E: Record<string, [number, number, number]> = { '1t': [24, 48, 1], '4t': [112, 192, 4], '8t': [224, 400, 8] };

/** Shape of a machine type, or undefined for one this table does not know (its cost then stays unknown). */
export function gcpMachineShape(machineType: string): MachineShape | undefined {
  let m = /^([a-z0-9]+-[a-z]+gpu)-(\d+)g$/.exec(machineType);
  if (m) {
    const fam = GPU_FAMILIES[m[1]!];
    if (!fam) return undefined;
    const gpus = Number(m[2]);
    return { vcpus: fam.perGpu[0] * gpus, memoryGiB: fam.perGpu[1] * gpus, acceleratorType: fam.accelerator, acceleratorCount: gpus };
  }
  m = /^g2-standard-(\d+)$/.exec(machineType);
  if (m) {
    const vcpus = Number(m[1]);
    const gpus = G2_GPUS[vcpus];
    return gpus ? { vcpus, memoryGiB: vcpus * 4, acceleratorType: 'NVIDIA_L4', acceleratorCount: gpus } : undefined;
  }
  m = /^ct5lp-hightpu-(\d+t)$/.exec(machineType);
  if (m) {
    const t = TPU_V5E[m[1]!];
    return t ? { vcpus: t[0], memoryGiB: t[1], acceleratorType: 'TPU_V5_LITEPOD', acceleratorCount: t[2] } : undefined;
  }
  m = /^([a-z0-9]+)-([a-z]+)-(\d+)$/.exec(machineType);
  const perVcpu = m ? MEMORY_PER_VCPU[m[1]!]?.[m[2]!] : undefined;
  if (!m || perVcpu === undefined) return undefined;
  const vcpus = Number(m[3]);
  return { vcpus, memoryGiB: vcpus * perVcpu, acceleratorCount: 0 };
}

/**
 * InstanceSpec of a machine with its attached accelerators (MachineSpec / GceSetup). Attached accelerators win;
 * otherwise the ones built into the machine type count (a2-highgpu-1g with acceleratorCount 0 still has an A100).
 */
export function gcpInstanceSpec(machineType: string, acceleratorType?: string, acceleratorCount = 0): InstanceSpec {
  const shape = gcpMachineShape(machineType);
  const attached = acceleratorType && acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' && acceleratorCount > 0;
  const type = attached ? acceleratorType : shape?.acceleratorType;
  const count = attached ? acceleratorCount : (shape?.acceleratorCount ?? 0);
  const info = acceleratorInfo(count > 0 ? type : undefined);
  return {
    instanceType: machineType,
    acceleratorKind: info.kind,
    ...(info.model ? { acceleratorModel: info.model } : {}),
    acceleratorCount: info.kind === 'none' ? 0 : count,
    ...(shape ? { vcpus: shape.vcpus, memoryGiB: shape.memoryGiB } : {}),
  };
}
