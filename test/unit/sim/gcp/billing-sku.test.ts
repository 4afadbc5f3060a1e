import { describe, expect, it } from 'vitest';
import { simMachineShape } from '../../../../src/sim/gcp/sku-machines';
import { simHourlyPrice } from '../../../../src/sim/gcp/sku-price';
import { SIM_SKUS, skusOfService, VERTEX_SERVICE } from '../../../../src/sim/gcp/sku-table';

const spec = (machineType: string, usage: 'prediction' | 'workbench' | 'training', region = 'us-central1', acceleratorType?: string, acceleratorCount = 0) => ({
  machineType, usage, region, acceleratorType, acceleratorCount,
});

describe('simulated Google SKU table', () => {
  it('reproduces Compute Engine list prices for whole machines (Workbench bills as Compute Engine)', () => {
    expect(simHourlyPrice(spec('n1-standard-4', 'workbench'))!.costUsd).toBeCloseTo(0.189999, 6);
    expect(simHourlyPrice(spec('e2-standard-4', 'workbench'))!.costUsd).toBeCloseTo(0.13402284, 6);
    expect(simHourlyPrice(spec('a2-highgpu-1g', 'workbench'))!.costUsd).toBeCloseTo(3.673385, 6);
    expect(simHourlyPrice(spec('a2-ultragpu-1g', 'workbench'))!.costUsd).toBeCloseTo(5.06879789, 6);
    expect(simHourlyPrice(spec('g2-standard-4', 'workbench'))!.costUsd).toBeCloseTo(0.706832276, 4);
    expect(simHourlyPrice(spec('g2-standard-8', 'workbench'))!.costUsd).toBeCloseTo(0.853624312, 4);
    expect(simHourlyPrice(spec('a3-highgpu-8g', 'workbench'))!.costUsd).toBeCloseTo(88.49, 3);
    expect(simHourlyPrice(spec('n1-standard-4', 'workbench', 'us-central1', 'NVIDIA_TESLA_T4', 1))!.costUsd).toBeCloseTo(0.539999, 6);
  });

  it('prices Vertex AI prediction about 15 % over Compute Engine, split into core, RAM and GPU lines', () => {
    const p = simHourlyPrice(spec('n1-standard-4', 'prediction', 'us-central1', 'NVIDIA_TESLA_T4', 1))!;
    expect(p.costUsd).toBeCloseTo(0.539999 * 1.15, 6);
    expect(p.skus.map((c) => [c.sku.description, c.usageAmount])).toEqual([
      ['Vertex AI: Online/Batch Prediction N1 Predefined Instance Core running in Americas', 4],
      ['Vertex AI: Online/Batch Prediction N1 Predefined Instance Ram running in Americas', 15],
      ['Vertex AI: Online/Batch Prediction Nvidia Tesla T4 GPU running in Americas', 1],
    ]);
    expect(p.skus.map((c) => c.sku.service.displayName)).toEqual(['Vertex AI', 'Vertex AI', 'Vertex AI']);
    expect(p.skus.reduce((s, c) => s + c.costUsd, 0)).toBeCloseTo(p.costUsd, 12);
  });

  it('gives accelerator-optimized machines their built-in GPUs when the spec says 0', () => {
    const g2 = simHourlyPrice(spec('g2-standard-24', 'prediction'))!;
    expect(g2.skus[2]).toMatchObject({ usageAmount: 2 });
    expect(g2.skus[2]!.sku.description).toBe('Vertex AI: Online/Batch Prediction Nvidia L4 GPU running in Americas');
    const a3 = simHourlyPrice(spec('a3-highgpu-8g', 'training'))!;
    expect(a3.skus.map((c) => c.sku.description)).toEqual([
      'Vertex AI: Training/Pipelines on A3 Instance Core running in Americas',
      'Vertex AI: Training/Pipelines on A3 Instance Ram running in Americas',
      'Vertex AI: Training/Pipelines on Nvidia H100 80GB GPU running in Americas',
    ]);
    expect(a3.skus[2]!.usageAmount).toBe(8);
    expect(simHourlyPrice(spec('a2-ultragpu-2g', 'prediction'))!.skus[2]!.sku.description).toContain('Nvidia A100 80GB GPU');
  });

  it('uses Compute Engine descriptions for Workbench', () => {
    const p = simHourlyPrice(spec('n1-standard-8', 'workbench', 'us-east1', 'NVIDIA_TESLA_T4', 1))!;
    expect(p.skus.map((c) => c.sku.description)).toEqual([
      'N1 Predefined Instance Core running in Americas',
      'N1 Predefined Instance Ram running in Americas',
      'Nvidia Tesla T4 GPU running in Americas',
    ]);
    expect(p.skus[0]!.sku.service).toEqual({ serviceId: '6F81-5844-456A', displayName: 'Compute Engine' });
  });

  it('shares one SKU between us-central1 and us-east1 and prices europe-west4 on its own SKU', () => {
    const c = simHourlyPrice(spec('g2-standard-8', 'prediction', 'us-central1'))!;
    const e = simHourlyPrice(spec('g2-standard-8', 'prediction', 'us-east1'))!;
    const w = simHourlyPrice(spec('g2-standard-8', 'prediction', 'europe-west4'))!;
    expect(e.skus.map((x) => x.sku.skuId)).toEqual(c.skus.map((x) => x.sku.skuId));
    expect(c.skus[0]!.sku.serviceRegions).toEqual(expect.arrayContaining(['us-central1', 'us-east1']));
    expect(w.skus[0]!.sku.description).toBe('Vertex AI: Online/Batch Prediction G2 Instance Core running in Netherlands');
    expect(w.skus[0]!.sku.serviceRegions).toEqual(['europe-west4']);
    expect(w.costUsd).toBeCloseTo(c.costUsd * 1.1, 6);
  });

  it('knows nothing it cannot price: unknown machine, region or accelerator', () => {
    expect(simHourlyPrice(spec('n2-standard-4', 'prediction'))).toBeUndefined();
    expect(simHourlyPrice(spec('n1-standard-4', 'prediction', 'asia-east1'))).toBeUndefined();
    expect(simHourlyPrice(spec('n1-standard-4', 'prediction', 'us-central1', 'TPU_V5_LITEPOD', 1))).toBeUndefined();
  });

  it('has machine shapes from the Compute Engine tables', () => {
    expect(simMachineShape('n1-highmem-8')).toEqual({ family: 'N1', vcpus: 8, memoryGib: 52 });
    expect(simMachineShape('a2-highgpu-8g')).toEqual({ family: 'A2', vcpus: 96, memoryGib: 680, impliedGpu: { acceleratorType: 'NVIDIA_TESLA_A100', count: 8 } });
    expect(simMachineShape('g2-standard-96')).toMatchObject({ vcpus: 96, memoryGib: 384, impliedGpu: { count: 8 } });
    expect(simMachineShape('a3-highgpu-8g')).toMatchObject({ vcpus: 208, memoryGib: 1872 });
    expect(simMachineShape('e2-standard-32')).toMatchObject({ vcpus: 32, memoryGib: 128 });
  });

  it('gives every SKU a unique id, a unique description and a price with at most nine decimals', () => {
    expect(new Set(SIM_SKUS.map((s) => s.skuId)).size).toBe(SIM_SKUS.length);
    expect(new Set(SIM_SKUS.map((s) => s.description)).size).toBe(SIM_SKUS.length);
    for (const s of SIM_SKUS) {
      expect(s.skuId).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
      expect(Math.abs(s.unitPriceUsd * 1e9 - Math.round(s.unitPriceUsd * 1e9))).toBeLessThan(1e-3);
    }
    expect(skusOfService(VERTEX_SERVICE.serviceId).every((s) => s.description.startsWith('Vertex AI: '))).toBe(true);
  });
});
