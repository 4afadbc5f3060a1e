import { describe, expect, it } from 'vitest';
import { AWS_ACTION_REGISTRY, AWS_REMEDIATION_ACTIONS, awsRemediationPermissions } from '../../../../../src/providers/aws/remediation/action-registry';
import { derivedConfigInput, isParkedConfigName, parkedConfigName } from '../../../../../src/providers/aws/remediation/parked-config';

/** Calls for which the Service Authorization Reference lists no resource type: `*` is the only choice. */
const NO_RESOURCE_LEVEL = new Set([
  'cloudwatch:GetMetricData',
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  'sagemaker:ListInferenceComponents',
]);

describe('action specs', () => {
  it('declare states in SageMaker\'s words and at least one write permission each', () => {
    for (const spec of AWS_REMEDIATION_ACTIONS) {
      expect(spec.validOriginStates.length, spec.action).toBeGreaterThan(0);
      for (const s of spec.validOriginStates) expect(s, spec.action).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(spec.permissions.some((p) => !/:(Describe|List|Get)/.test(p.action)), spec.action).toBe(true);
    }
    expect(Object.keys(AWS_ACTION_REGISTRY)).not.toContain('none');
  });

  it('use `*` only where AWS allows nothing narrower, and well-formed ARN patterns elsewhere', () => {
    for (const p of awsRemediationPermissions()) {
      if (p.resource === '*') expect(NO_RESOURCE_LEVEL.has(p.action), `${p.action} on *`).toBe(true);
      else expect(p.resource, p.action).toMatch(/^arn:aws:(sagemaker|application-autoscaling|iam):[^:]*:[^:]*:[a-z-]+\/.+$/);
    }
  });

  it('the union is deduplicated and sorted, so serverless.yml can be compared against it', () => {
    const all = awsRemediationPermissions();
    const keys = all.map((p) => `${p.action} ${p.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
    expect(all).toContainEqual({ action: 'sagemaker:DeleteEndpoint', resource: 'arn:aws:sagemaker:*:*:endpoint/*' });
    expect(all).toContainEqual({ action: 'sagemaker:CreateEndpointConfig', resource: 'arn:aws:sagemaker:*:*:endpoint-config/*-wd-parked' });
    // Only the parked copies can be deleted: never an original configuration.
    expect(all.filter((p) => p.action === 'sagemaker:DeleteEndpointConfig').map((p) => p.resource)).toEqual(['arn:aws:sagemaker:*:*:endpoint-config/*-wd-parked']);
  });
});

describe('parkedConfigName', () => {
  it('appends -wd-parked, and shortens long names with a stable hash to stay within 63 characters', () => {
    expect(parkedConfigName('genai-config')).toBe('genai-config-wd-parked');
    const long = 'a-very-long-endpoint-configuration-name-that-goes-on-and-on-x';
    const name = parkedConfigName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^a-very-long-endpoint-configuration-name-[a-z-]*[0-9a-f]{8}-wd-parked$/);
    expect(parkedConfigName(long)).toBe(name);
    expect(parkedConfigName(`${long}y`)).not.toBe(name);
    expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
    expect(isParkedConfigName(name)).toBe(true);
    expect(isParkedConfigName(long)).toBe(false);
  });
});

describe('derivedConfigInput', () => {
  it('copies everything a create accepts, rewrites the variants and tags the copy with its source', () => {
    const input = derivedConfigInput(
      {
        EndpointConfigName: 'src',
        EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/src',
        CreationTime: new Date(0),
        ProductionVariants: [{ VariantName: 'A', InstanceType: 'ml.g5.xlarge' }],
        DataCaptureConfig: { InitialSamplingPercentage: 5, DestinationS3Uri: 's3://x', CaptureOptions: [{ CaptureMode: 'Input' }] },
        KmsKeyId: 'key',
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
        VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] },
        EnableNetworkIsolation: false,
      },
      'src-wd-parked',
      (v) => ({ ...v, InitialInstanceCount: 0 }),
    );
    expect(input).toEqual({
      EndpointConfigName: 'src-wd-parked',
      ProductionVariants: [{ VariantName: 'A', InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 0 }],
      DataCaptureConfig: { InitialSamplingPercentage: 5, DestinationS3Uri: 's3://x', CaptureOptions: [{ CaptureMode: 'Input' }] },
      KmsKeyId: 'key',
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
      VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] },
      EnableNetworkIsolation: false,
      Tags: [{ Key: 'watchdog:parked-from', Value: 'src' }],
    });
  });
});
