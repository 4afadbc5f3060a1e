import { describe, expect, it } from 'vitest';
import { azureSizeName, fewerGpuAlternatives } from '../../../src/detectors/gpu-alternatives';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { azureInstanceSpec } from '../../../src/providers/azure/vm-sizes';
import { gcpInstanceSpec } from '../../../src/providers/gcp/machine-types';

const types = (xs: ReturnType<typeof fewerGpuAlternatives>) => xs.map((x) => x.spec.instanceType).sort();

describe('fewerGpuAlternatives', () => {
  it('lists SageMaker types with fewer of the same GPU priced in the region itself', () => {
    const alts = fewerGpuAlternatives('aws', 'us-east-1', awsInstanceSpec('ml.g5.12xlarge'));
    expect(types(alts)).toEqual(['ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.xlarge']);
    expect(alts.every((a) => a.spec.acceleratorModel === 'NVIDIA A10G' && a.spec.acceleratorCount === 1 && a.price.region === 'us-east-1')).toBe(true);
    // Never another GPU (L4, L40S) and never as many GPUs.
    expect(fewerGpuAlternatives('aws', 'us-east-1', awsInstanceSpec('ml.g5.xlarge'))).toEqual([]);
  });

  it('leaves out types the region has no price for (the table falls back to us-east-1: the region may not offer them)', () => {
    expect(fewerGpuAlternatives('aws', 'ca-central-1', awsInstanceSpec('ml.g5.12xlarge'))).toEqual([]);
  });

  it('ignores CPU instances and non-NVIDIA accelerators', () => {
    expect(fewerGpuAlternatives('aws', 'us-east-1', awsInstanceSpec('ml.m5.xlarge'))).toEqual([]);
    expect(fewerGpuAlternatives('aws', 'us-east-1', awsInstanceSpec('ml.inf2.24xlarge'))).toEqual([]);
  });

  it('lists Azure sizes of the same GPU in their documented spelling', () => {
    expect(types(fewerGpuAlternatives('azure', 'eastus', azureInstanceSpec('Standard_NC96ads_A100_v4')))).toEqual(['Standard_NC24ads_A100_v4', 'Standard_NC48ads_A100_v4']);
    expect(types(fewerGpuAlternatives('azure', 'East US', azureInstanceSpec('Standard_NC64as_T4_v3')))).toEqual(['Standard_NC16as_T4_v3', 'Standard_NC4as_T4_v3', 'Standard_NC8as_T4_v3']);
  });

  it('builds Google machine types: fewer GPUs of an accelerator-optimised family, G2 sizes, N1 with fewer attached GPUs within the vCPU limits', () => {
    expect(types(fewerGpuAlternatives('gcp', 'us-central1', gcpInstanceSpec('a2-highgpu-4g')))).toEqual(['a2-highgpu-1g', 'a2-highgpu-2g']);
    expect(types(fewerGpuAlternatives('gcp', 'us-central1', gcpInstanceSpec('g2-standard-48')))).toEqual(['g2-standard-12', 'g2-standard-16', 'g2-standard-24', 'g2-standard-32', 'g2-standard-4', 'g2-standard-8']);
    const n1 = fewerGpuAlternatives('gcp', 'us-central1', gcpInstanceSpec('n1-standard-32', 'NVIDIA_TESLA_V100', 4));
    expect(n1.every((a) => a.spec.acceleratorModel === 'NVIDIA V100' && a.spec.acceleratorCount < 4)).toBe(true);
    // V100 on N1: at most 12 vCPUs with one GPU, 24 with two.
    expect(n1.filter((a) => a.spec.acceleratorCount === 1).map((a) => a.spec.vcpus)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...n1.filter((a) => a.spec.acceleratorCount === 2).map((a) => a.spec.vcpus!))).toBe(16);
    expect(fewerGpuAlternatives('gcp', 'europe-west4', gcpInstanceSpec('a2-highgpu-4g'))).toEqual([]);
  });
});

describe('azureSizeName', () => {
  it('restores the documented casing of a lower-case table key', () => {
    expect(azureSizeName('standard_nc24ads_a100_v4')).toBe('Standard_NC24ads_A100_v4');
    expect(azureSizeName('standard_nc6s_v3')).toBe('Standard_NC6s_v3');
    expect(azureSizeName('standard_nc80adis_h100_v5')).toBe('Standard_NC80adis_H100_v5');
    expect(azureSizeName('standard_nc6')).toBe('Standard_NC6');
    expect(azureSizeName('standard_ds3_v2')).toBe('Standard_DS3_v2');
  });
});
