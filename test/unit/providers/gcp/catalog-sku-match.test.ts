import { describe, expect, it } from 'vitest';
import { findSku, gpuWords, isMachinePartSku, offeredRegions, unitPrice, type CatalogSku } from '../../../../src/providers/gcp/catalog-sku-match';

const sku = (description: string, usd: number, regions = ['us-central1'], usageUnit = 'h', usageType = 'OnDemand'): CatalogSku => ({
  description,
  category: { usageType },
  serviceRegions: regions,
  pricingInfo: [{ effectiveTime: '2026-09-01T00:00:00Z', pricingExpression: { usageUnit, tieredRates: [{ startUsageAmount: 0, unitPrice: { currencyCode: 'USD', units: String(Math.trunc(usd)), nanos: Math.round((usd % 1) * 1e9) } }] } }],
});

describe('findSku', () => {
  const skus = [
    sku('Vertex AI: Online/Batch Prediction management fee on A2 Instance Core in Iowa', 0.004),
    sku('Vertex AI: Online/Batch Prediction A2 Instance Core running in Americas', 0.036353, ['us-central1', 'us-east1']),
    sku('Vertex AI: Online/Batch Prediction A2 Instance Core running in Iowa', 0.0364, ['us-central1']),
    sku('Vertex AI: Online/Batch Prediction N1 Custom Instance Core running in Americas', 0.9),
    sku('Vertex AI: Online/Batch Prediction Nvidia A100 80gb GPU running in Iowa', 4.517292),
    sku('Vertex AI: Online/Batch Prediction Nvidia Tesla A100 GPU running in Iowa', 3.373994),
    sku('Vertex AI: Online/Batch Prediction N1 Predefined Instance Ram running in Americas', 0.004873, ['us-central1'], 'GiBy.h'),
    sku('Vertex AI: Online/Batch Prediction N1 Predefined Instance Ram running in Americas (monthly)', 3.5, ['us-central1'], 'GiBy.mo'),
    sku('Spot Preemptible N1 Predefined Instance Core running in Americas', 0.0066, ['us-central1'], 'h', 'Preemptible'),
    sku('N1 Predefined Instance Core running in Americas', 0.031611),
  ];

  it('never takes a management-fee, custom-machine or Spot SKU, and prefers the most specific region', () => {
    expect(findSku(skus, 'prediction', 'core', 'A2', 'us-central1')?.description).toBe('Vertex AI: Online/Batch Prediction A2 Instance Core running in Iowa');
    expect(findSku(skus, 'prediction', 'core', 'A2', 'us-east1')?.description).toBe('Vertex AI: Online/Batch Prediction A2 Instance Core running in Americas');
    expect(findSku(skus, 'prediction', 'core', 'N1', 'us-central1')).toBeUndefined();
    expect(findSku(skus, 'workbench', 'core', 'N1', 'us-central1')?.description).toBe('N1 Predefined Instance Core running in Americas');
  });

  it('tells the A100 40GB from the 80GB (case-insensitively) and checks the usage unit', () => {
    expect(gpuWords('NVIDIA_A100_80GB')).toBe('a100 80gb');
    expect(unitPrice(findSku(skus, 'prediction', 'gpu', 'NVIDIA_A100_80GB', 'us-central1')!)?.amount).toBeCloseTo(4.517292, 9);
    expect(unitPrice(findSku(skus, 'prediction', 'gpu', 'NVIDIA_TESLA_A100', 'us-central1')!)?.amount).toBeCloseTo(3.373994, 9);
    expect(unitPrice(findSku(skus, 'prediction', 'ram', 'N1', 'us-central1')!)).toMatchObject({ usageUnit: 'GiBy.h', effective: '2026-09-01' });
  });

  it('keeps only machine-part SKUs in the cache (management fees say "in Iowa", not "running in")', () => {
    expect(skus.filter((s) => !isMachinePartSku(s)).map((s) => s.description)).toEqual(['Vertex AI: Online/Batch Prediction management fee on A2 Instance Core in Iowa']);
    expect(isMachinePartSku({ description: 'Vertex AI: Online Prediction requests' })).toBe(false);
  });
});

describe('offeredRegions', () => {
  const skus = [
    sku('Vertex AI: Online/Batch Prediction A2 Instance Core running in Americas', 0.036, ['us-central1', 'us-east1', 'us-west1']),
    sku('Vertex AI: Online/Batch Prediction A2 Instance Core running in Netherlands', 0.04, ['europe-west4']),
    sku('Vertex AI: Online/Batch Prediction A2 Instance Ram running in Americas', 0.005, ['us-central1', 'us-east1', 'us-west1'], 'GiBy.h'),
    sku('Vertex AI: Online/Batch Prediction A2 Instance Ram running in Netherlands', 0.005, ['europe-west4'], 'GiBy.h'),
    sku('Vertex AI: Online/Batch Prediction Nvidia Tesla A100 GPU running in Americas', 3.37, ['us-central1', 'us-west1', 'global']),
    sku('Spot Vertex AI: Online/Batch Prediction Nvidia Tesla A100 GPU running in Netherlands', 1.1, ['europe-west4'], 'h', 'Preemptible'),
  ];

  it('is where every billed part is sold on demand (the GPU decides here), never a multi-region word', () => {
    expect(offeredRegions(skus, 'prediction', [['core', 'A2'], ['ram', 'A2'], ['gpu', 'NVIDIA_TESLA_A100']])).toEqual(['us-central1', 'us-west1']);
    expect(offeredRegions(skus, 'prediction', [['core', 'A2'], ['ram', 'A2']])).toEqual(['europe-west4', 'us-central1', 'us-east1', 'us-west1']);
    expect(offeredRegions(skus, 'prediction', [['gpu', 'NVIDIA_L4']])).toEqual([]);
  });
});
