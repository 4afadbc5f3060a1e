/**
 * Machine shapes the simulated Google bill needs: vCPUs, memory and the GPUs a machine type carries. Google bills a
 * Vertex AI node or a Compute Engine VM as separate core, RAM and GPU SKUs (Compute Engine pricing page, "Machine
 * types" and "GPU pricing"), so a machine-hour has to be split into those parts.
 * Shapes from cloud.google.com/compute/docs/machine-resource (general-purpose and accelerator-optimized families)
 * and Vertex AI "Configure compute resources for prediction" (as of 2026-11).
 */

/** Billing family: the word Google's core/RAM SKU descriptions carry ("N1 Predefined Instance Core ..."). */
export type SimMachineFamily = 'N1' | 'E2' | 'A2' | 'G2' | 'A3';

export interface SimMachineShape {
  family: SimMachineFamily;
  vcpus: number;
  memoryGib: number;
  /** GPUs built into accelerator-optimized types (a2/a3/g2); N1 and E2 carry none by themselves. */
  impliedGpu?: { acceleratorType: string; count: number };
}

/** Family word used in SKU descriptions. ⚠️ "N1 Predefined" is Google's; the others follow the same pattern. */
export const FAMILY_SKU_WORD: Record<SimMachineFamily, string> = { N1: 'N1 Predefined', E2: 'E2', A2: 'A2', G2: 'G2', A3: 'A3' };

const N1_SIZES = [1, 2, 4, 8, 16, 32, 64, 96];
const E2_SIZES = [2, 4, 8, 16, 32];
const G2_GPUS: Record<number, number> = { 4: 1, 8: 1, 12: 1, 16: 1, 24: 2, 32: 1, 48: 4, 96: 8 };

function build(): Map<string, SimMachineShape> {
  const m = new Map<string, SimMachineShape>();
  for (const n of N1_SIZES) {
    m.set(`n1-standard-${n}`, { family: 'N1', vcpus: n, memoryGib: n * 3.75 });
    if (n >= 2) {
      m.set(`n1-highmem-${n}`, { family: 'N1', vcpus: n, memoryGib: n * 6.5 });
      m.set(`n1-highcpu-${n}`, { family: 'N1', vcpus: n, memoryGib: n * 0.9 });
    }
  }
  for (const n of E2_SIZES) {
    m.set(`e2-standard-${n}`, { family: 'E2', vcpus: n, memoryGib: n * 4 });
    m.set(`e2-highmem-${n}`, { family: 'E2', vcpus: n, memoryGib: n * 8 });
    m.set(`e2-highcpu-${n}`, { family: 'E2', vcpus: n, memoryGib: n });
  }
  for (const g of [1, 2, 4, 8]) {
    m.set(`a2-highgpu-${g}g`, { family: 'A2', vcpus: 12 * g, memoryGib: 85 * g, impliedGpu: { acceleratorType: 'NVIDIA_TESLA_A100', count: g } });
    m.set(`a2-ultragpu-${g}g`, { family: 'A2', vcpus: 12 * g, memoryGib: 170 * g, impliedGpu: { acceleratorType: 'NVIDIA_A100_80GB', count: g } });
    m.set(`a3-highgpu-${g}g`, { family: 'A3', vcpus: 26 * g, memoryGib: 234 * g, impliedGpu: { acceleratorType: 'NVIDIA_H100_80GB', count: g } });
  }
  m.set('a2-megagpu-16g', { family: 'A2', vcpus: 96, memoryGib: 1360, impliedGpu: { acceleratorType: 'NVIDIA_TESLA_A100', count: 16 } });
  for (const [n, gpus] of Object.entries(G2_GPUS)) {
    const v = Number(n);
    m.set(`g2-standard-${v}`, { family: 'G2', vcpus: v, memoryGib: v * 4, impliedGpu: { acceleratorType: 'NVIDIA_L4', count: gpus } });
  }
  return m;
}

const SHAPES = build();

/** The shape of a machine type, or undefined when the simulator does not know it (the bill then has no row). */
export function simMachineShape(machineType: string): SimMachineShape | undefined {
  return SHAPES.get(machineType);
}

export function simMachineTypes(): string[] {
  return [...SHAPES.keys()];
}
