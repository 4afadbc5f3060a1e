/**
 * What a Google machine carries, as far as the simulator needs it: GPUs (duty_cycle is only written for replicas
 * with accelerators) and the accelerator model. a2/a3/g2 machines come with their GPUs attached, so a MachineSpec may
 * leave acceleratorCount at 0 (⚠️ Compute Engine accelerator-optimized machine docs: a2-highgpu-Ng = N x A100 40GB,
 * a2-ultragpu-Ng = N x A100 80GB, a3-highgpu-Ng = N x H100 80GB, g2-standard-{4,8,12,16,32} = 1 x L4, -24 = 2,
 * -48 = 4, -96 = 8).
 */
export interface GcpMachineFacts {
  acceleratorType?: string;
  acceleratorCount: number;
}

const G2_GPUS: Record<string, number> = { '4': 1, '8': 1, '12': 1, '16': 1, '24': 2, '32': 1, '48': 4, '96': 8 };

export function gcpMachineFacts(machineType: string, acceleratorType?: string, acceleratorCount = 0): GcpMachineFacts {
  if (acceleratorType && acceleratorCount > 0) return { acceleratorType, acceleratorCount };
  const a2 = /^a2-(highgpu|megagpu|ultragpu)-(\d+)g$/.exec(machineType);
  if (a2) return { acceleratorType: a2[1] === 'ultragpu' ? 'NVIDIA_A100_80GB' : 'NVIDIA_TESLA_A100', acceleratorCount: Number(a2[2]) };
  const a3 = /^a3-(highgpu|megagpu|edgegpu)-(\d+)g$/.exec(machineType);
  if (a3) return { acceleratorType: a3[1] === 'megagpu' ? 'NVIDIA_H100_MEGA_80GB' : 'NVIDIA_H100_80GB', acceleratorCount: Number(a3[2]) };
  const g2 = /^g2-standard-(\d+)$/.exec(machineType);
  if (g2 && G2_GPUS[g2[1]!]) return { acceleratorType: 'NVIDIA_L4', acceleratorCount: G2_GPUS[g2[1]!]! };
  return { acceleratorCount: 0 };
}

/** True for machines whose accelerators are GPUs (duty_cycle exists for TPUs too, but the fleet's TPUs are rare). */
export function hasAccelerator(machineType: string, acceleratorType?: string, acceleratorCount = 0): boolean {
  return gcpMachineFacts(machineType, acceleratorType, acceleratorCount).acceleratorCount > 0;
}

/** Memory per accelerator in GiB (Compute Engine GPU machine types page ⚠️ figures as published: GB, read as GiB). */
export const ACCELERATOR_MEMORY_GIB: Readonly<Record<string, number>> = {
  NVIDIA_TESLA_T4: 16,
  NVIDIA_TESLA_P4: 8,
  NVIDIA_TESLA_P100: 16,
  NVIDIA_TESLA_V100: 16,
  NVIDIA_TESLA_A100: 40,
  NVIDIA_A100_80GB: 80,
  NVIDIA_L4: 24,
  NVIDIA_H100_80GB: 80,
  NVIDIA_H100_MEGA_80GB: 80,
};
