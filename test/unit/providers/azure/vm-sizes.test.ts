import { describe, expect, it } from 'vitest';
import { AZURE_PRICE_TABLE, azureListPrice } from '../../../../src/providers/azure/price-table';
import { KNOWN_VM_SIZES, azureInstanceSpec, vmSizeKey } from '../../../../src/providers/azure/vm-sizes';

describe('Azure VM sizes', () => {
  it('looks sizes up case-insensitively and keeps Azure spelling', () => {
    const a = azureInstanceSpec('Standard_NC24ads_A100_v4');
    const b = azureInstanceSpec('STANDARD_NC24ADS_A100_V4');
    expect(a).toMatchObject({ instanceType: 'Standard_NC24ads_A100_v4', acceleratorKind: 'nvidia-gpu', acceleratorModel: 'NVIDIA A100 80GB', acceleratorCount: 1, vcpus: 24 });
    expect(b).toMatchObject({ instanceType: 'STANDARD_NC24ADS_A100_V4', acceleratorCount: 1 });
  });

  it('counts GPUs per the managed online endpoint SKU list (cloud-api-reference 4.2)', () => {
    const gpus: Record<string, number> = {
      STANDARD_NC4AS_T4_V3: 1, STANDARD_NC64AS_T4_V3: 4, STANDARD_NC6S_V3: 1, STANDARD_NC12S_V3: 2, STANDARD_NC24S_V3: 4,
      STANDARD_NC48ADS_A100_V4: 2, STANDARD_NC96ADS_A100_V4: 4, STANDARD_NC40ADS_H100_V5: 1, STANDARD_NC80ADIS_H100_V5: 2,
      STANDARD_ND96ASR_V4: 8, STANDARD_ND96AMSR_A100_V4: 8, STANDARD_ND40RS_V2: 8, STANDARD_ND96ISR_H100_V5: 8, STANDARD_NV36ADS_A10_V5: 1,
      STANDARD_NV72ADS_A10_V5: 2, STANDARD_DS3_V2: 0,
    };
    for (const [size, n] of Object.entries(gpus)) expect(azureInstanceSpec(size).acceleratorCount, size).toBe(n);
    // Partial A10s count their fraction: "accelerators running" stays honest.
    expect(azureInstanceSpec('Standard_NV6ads_A10_v5').acceleratorCount).toBeCloseTo(1 / 6);
  });

  it('treats an unknown N-series size as a GPU of unknown model, and an unknown other size as CPU', () => {
    expect(azureInstanceSpec('Standard_NC128zz_B300_v9')).toMatchObject({ acceleratorKind: 'nvidia-gpu', acceleratorCount: 1 });
    expect(azureInstanceSpec('Standard_D96s_v9')).toMatchObject({ acceleratorKind: 'none', acceleratorCount: 0 });
    expect(vmSizeKey('NC6s_v3')).toBe('standard_nc6s_v3');
  });
});

describe('Azure price table', () => {
  it('prices eastus sizes in any case, dated and sourced', () => {
    const p = azureListPrice('STANDARD_NC24ADS_A100_V4', 'eastus')!;
    expect(p.hourly).toEqual({ amount: 3.673, currency: 'USD' });
    expect(p.region).toBe('eastus');
    expect(p.asOf).toBe(AZURE_PRICE_TABLE.asOf);
    expect(p.source).toMatch(/Azure Retail Prices API.*unverified/);
  });

  it('falls back to eastus for other regions and names the region', () => {
    const p = azureListPrice('Standard_NC4as_T4_v3', 'westeurope')!;
    expect(p).toMatchObject({ region: 'eastus', hourly: { amount: 0.526 } });
    expect(p.source).toMatch(/no prices for westeurope/);
    expect(azureListPrice('Standard_NC4as_T4_v3', 'East US')!.region).toBe('eastus');
  });

  it('knows every priced size in the VM size table, and leaves unknown sizes unpriced', () => {
    for (const size of Object.keys(AZURE_PRICE_TABLE.regions.eastus!)) expect(KNOWN_VM_SIZES, size).toContain(size);
    expect(azureListPrice('Standard_NC6', 'eastus')).toBeUndefined();
  });
});
