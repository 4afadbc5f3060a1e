import { describe, expect, it } from 'vitest';
import { billedParts, GCP_PRICE_TABLE, machineFamily, regionOf, staticGcpPrice } from '../../../../src/providers/gcp/price-table';

const N1_4 = { vcpus: 4, memoryGiB: 15, acceleratorCount: 0 };
const A3_1G = { vcpus: 26, memoryGiB: 234, acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 1 };

describe('staticGcpPrice', () => {
  it('prices a Vertex AI prediction node from per-part rates (n1-standard-4 = $0.2185/h)', () => {
    const p = staticGcpPrice({ machineType: 'n1-standard-4', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }, N1_4);
    expect(p?.hourly).toEqual({ amount: 0.218507, currency: 'USD' });
    expect(p?.region).toBe('us-central1');
    expect(p?.source).toContain('static price table data/prices/gcp-vertex.json, Vertex AI prediction, us-central1');
  });

  it('matches the verified a3-highgpu-1g prediction SKUs and dates it by its own source', () => {
    const p = staticGcpPrice({ machineType: 'a3-highgpu-1g', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }, A3_1G);
    expect(p?.hourly.amount).toBeCloseTo(12.625919, 5);
    expect(p?.asOf).toBe('2025-08-15');
  });

  it('falls back to us-central1 for other regions and says so; unknown parts give undefined, never a partial sum', () => {
    const p = staticGcpPrice({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, location: 'europe-west4-b', usage: 'workbench' }, N1_4);
    expect(p?.region).toBe('us-central1');
    expect(p?.source).toContain('(no rates for europe-west4)');
    expect(p?.hourly.amount).toBeCloseTo(4 * 0.031611 + 15 * 0.004237 + 0.35, 6);
    expect(staticGcpPrice({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_B200', acceleratorCount: 8, location: 'us-central1', usage: 'prediction' }, N1_4)).toBeUndefined();
    expect(staticGcpPrice({ machineType: 'z9-standard-4', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }, N1_4)).toBeUndefined();
  });

  it('keeps provenance for every source id the table cites', () => {
    const ids = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') ids.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(GCP_PRICE_TABLE.provenance);
    for (const id of ids) expect(GCP_PRICE_TABLE.sources?.[id], id).toBeDefined();
  });
});

describe('machine helpers', () => {
  it('reads the family, the region of a zone, and implied accelerators', () => {
    expect([machineFamily('a2-highgpu-1g'), machineFamily('n1-standard-4')]).toEqual(['A2', 'N1']);
    expect([regionOf('us-central1-a'), regionOf('us-central1')]).toEqual(['us-central1', 'us-central1']);
    expect(billedParts({ machineType: 'a3-highgpu-1g', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }, A3_1G)).toEqual({
      family: 'A3',
      vcpus: 26,
      memoryGiB: 234,
      gpuType: 'NVIDIA_H100_80GB',
      gpus: 1,
    });
    expect(billedParts({ machineType: 'n1-standard-4', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }, N1_4)).toEqual({ family: 'N1', vcpus: 4, memoryGiB: 15, gpus: 0 });
  });
});
