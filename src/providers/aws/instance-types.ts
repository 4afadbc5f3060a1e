import type { AcceleratorKind, InstanceSpec } from '../../domain/resources';

/**
 * Accelerators per SageMaker instance type. Source: aws/sagemaker-python-sdk
 * src/sagemaker/image_uri_config/instance_gpu_info.json (note its typo key `ml.g5n.xlarge` for ml.g5.xlarge,
 * corrected here) and the EC2 instance type pages for g6/g6e/p5e/p5en, which that table lacks.
 * GPUUtilization on /aws/sagemaker/Endpoints is 0..100 x this count, so the reader divides by it.
 */
interface Family {
  kind: AcceleratorKind;
  model?: string;
  /** size -> [accelerators, vCPUs, memory GiB] */
  sizes: Record<string, [number, number, number]>;
}

const FAMILIES: Record<string, Family> = {
  t3: { kind: 'none', sizes: { medium: [0, 2, 4], large: [0, 2, 8], xlarge: [0, 4, 16], '2xlarge': [0, 8, 32] } },
  m5: { kind: 'none', sizes: { large: [0, 2, 8], xlarge: [0, 4, 16], '2xlarge': [0, 8, 32], '4xlarge': [0, 16, 64], '12xlarge': [0, 48, 192], '24xlarge': [0, 96, 384] } },
  c5: { kind: 'none', sizes: { large: [0, 2, 4], xlarge: [0, 4, 8], '2xlarge': [0, 8, 16], '4xlarge': [0, 16, 32], '9xlarge': [0, 36, 72], '18xlarge': [0, 72, 144] } },
  g4dn: { kind: 'nvidia-gpu', model: 'NVIDIA T4', sizes: { xlarge: [1, 4, 16], '2xlarge': [1, 8, 32], '4xlarge': [1, 16, 64], '8xlarge': [1, 32, 128], '12xlarge': [4, 48, 192], '16xlarge': [1, 64, 256] } },
  g5: { kind: 'nvidia-gpu', model: 'NVIDIA A10G', sizes: { xlarge: [1, 4, 16], '2xlarge': [1, 8, 32], '4xlarge': [1, 16, 64], '8xlarge': [1, 32, 128], '12xlarge': [4, 48, 192], '16xlarge': [1, 64, 256], '24xlarge': [4, 96, 384], '48xlarge': [8, 192, 768] } },
  g6: { kind: 'nvidia-gpu', model: 'NVIDIA L4', sizes: { xlarge: [1, 4, 16], '2xlarge': [1, 8, 32], '4xlarge': [1, 16, 64], '8xlarge': [1, 32, 128], '12xlarge': [4, 48, 192], '16xlarge': [1, 64, 256], '24xlarge': [4, 96, 384], '48xlarge': [8, 192, 768] } },
  g6e: { kind: 'nvidia-gpu', model: 'NVIDIA L40S', sizes: { xlarge: [1, 4, 32], '2xlarge': [1, 8, 64], '4xlarge': [1, 16, 128], '8xlarge': [1, 32, 256], '12xlarge': [4, 48, 384], '16xlarge': [1, 64, 512], '24xlarge': [4, 96, 768], '48xlarge': [8, 192, 1536] } },
  p2: { kind: 'nvidia-gpu', model: 'NVIDIA K80', sizes: { xlarge: [1, 4, 61], '8xlarge': [8, 32, 488], '16xlarge': [16, 64, 732] } },
  p3: { kind: 'nvidia-gpu', model: 'NVIDIA V100', sizes: { '2xlarge': [1, 8, 61], '8xlarge': [4, 32, 244], '16xlarge': [8, 64, 488] } },
  p3dn: { kind: 'nvidia-gpu', model: 'NVIDIA V100 32GB', sizes: { '24xlarge': [8, 96, 768] } },
  p4d: { kind: 'nvidia-gpu', model: 'NVIDIA A100 40GB', sizes: { '24xlarge': [8, 96, 1152] } },
  p4de: { kind: 'nvidia-gpu', model: 'NVIDIA A100 80GB', sizes: { '24xlarge': [8, 96, 1152] } },
  p5: { kind: 'nvidia-gpu', model: 'NVIDIA H100', sizes: { '48xlarge': [8, 192, 2048] } },
  p5e: { kind: 'nvidia-gpu', model: 'NVIDIA H200', sizes: { '48xlarge': [8, 192, 2048] } },
  p5en: { kind: 'nvidia-gpu', model: 'NVIDIA H200', sizes: { '48xlarge': [8, 192, 2048] } },
  inf1: { kind: 'aws-inferentia', model: 'AWS Inferentia', sizes: { xlarge: [1, 4, 8], '2xlarge': [1, 8, 16], '6xlarge': [4, 24, 48], '24xlarge': [16, 96, 192] } },
  inf2: { kind: 'aws-inferentia', model: 'AWS Inferentia2', sizes: { xlarge: [1, 4, 16], '8xlarge': [1, 32, 128], '24xlarge': [6, 96, 384], '48xlarge': [12, 192, 768] } },
  trn1: { kind: 'aws-trainium', model: 'AWS Trainium', sizes: { '2xlarge': [1, 8, 32], '32xlarge': [16, 128, 512] } },
  trn1n: { kind: 'aws-trainium', model: 'AWS Trainium', sizes: { '32xlarge': [16, 128, 512] } },
  trn2: { kind: 'aws-trainium', model: 'AWS Trainium2', sizes: { '48xlarge': [16, 192, 2048] } },
  dl1: { kind: 'habana-gaudi', model: 'Habana Gaudi', sizes: { '24xlarge': [8, 96, 768] } },
};

/** Spec of an `ml.*` instance type; unknown types come back as CPU-only with acceleratorCount 0 and no sizes. */
export function awsInstanceSpec(instanceType: string): InstanceSpec {
  const m = /^ml\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceType);
  const fam = m ? FAMILIES[m[1]!] : undefined;
  const size = m && fam ? fam.sizes[m[2]!] : undefined;
  if (!fam || !size) return { instanceType, acceleratorKind: 'none', acceleratorCount: 0 };
  const [acceleratorCount, vcpus, memoryGiB] = size;
  return {
    instanceType,
    acceleratorKind: fam.kind,
    ...(fam.model ? { acceleratorModel: fam.model } : {}),
    acceleratorCount,
    vcpus,
    memoryGiB,
  };
}

/** True when the type carries accelerators of any kind (GPU, Inferentia, Trainium, Gaudi). */
export function isAcceleratedType(instanceType: string): boolean {
  return awsInstanceSpec(instanceType).acceleratorCount > 0;
}

export function knownAwsInstanceTypes(): string[] {
  return Object.entries(FAMILIES).flatMap(([f, fam]) => Object.keys(fam.sizes).map((s) => `ml.${f}.${s}`));
}
