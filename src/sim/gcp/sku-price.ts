import type { SimUsageRecord } from './gcp-usage';
import { simMachineShape } from './sku-machines';
import { findMachineSku, type SimSku } from './sku-table';

/** One SKU's share of one machine-hour: `usageAmount` units (vCPU-hours, GiB-hours or GPU-hours) at the SKU price. */
export interface SimSkuCharge {
  sku: SimSku;
  usageAmount: number;
  costUsd: number;
}

/** What one machine-hour of a usage record costs, split the way Google bills it. */
export interface SimHourlyPrice {
  costUsd: number;
  skus: SimSkuCharge[];
}

/**
 * Splits one machine-hour of `record` into core, RAM and GPU SKU lines. Accelerator-optimized types (a2, a3, g2)
 * carry their GPUs even when the spec says acceleratorCount 0 (Vertex AI accepts that form for them); an N1 machine
 * carries only the GPUs the spec attaches. Undefined when the machine type, accelerator or region is not in the
 * simulator's table: such usage produces no export rows rather than a wrong price.
 */
export function simHourlyPrice(record: Pick<SimUsageRecord, 'usage' | 'region' | 'machineType' | 'acceleratorType' | 'acceleratorCount'>): SimHourlyPrice | undefined {
  const shape = simMachineShape(record.machineType);
  if (!shape) return undefined;
  const core = findMachineSku(record.usage, 'core', shape.family, record.region);
  const ram = findMachineSku(record.usage, 'ram', shape.family, record.region);
  if (!core || !ram) return undefined;
  const skus: SimSkuCharge[] = [
    { sku: core, usageAmount: shape.vcpus, costUsd: shape.vcpus * core.unitPriceUsd },
    { sku: ram, usageAmount: shape.memoryGib, costUsd: shape.memoryGib * ram.unitPriceUsd },
  ];
  const gpu =
    record.acceleratorCount > 0 && record.acceleratorType
      ? { acceleratorType: record.acceleratorType, count: record.acceleratorCount }
      : shape.impliedGpu;
  if (gpu && gpu.count > 0) {
    const sku = findMachineSku(record.usage, 'gpu', gpu.acceleratorType, record.region);
    if (!sku) return undefined;
    skus.push({ sku, usageAmount: gpu.count, costUsd: gpu.count * sku.unitPriceUsd });
  }
  return { costUsd: skus.reduce((s, c) => s + c.costUsd, 0), skus };
}
