import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../src/domain/capacity-failure';

describe('classifyFailure: quota vs capacity in each cloud\'s words', () => {
  it.each([
    ["ResourceLimitExceeded: The account-level service limit 'ml.p4d.24xlarge for endpoint usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances.", 'quota-failure'],
    ['RESOURCE_EXHAUSTED: The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus', 'quota-failure'],
    ['Quota exceeded for quota metric custom_model_serving_nvidia_l4_gpus', 'quota-failure'],
    ['RESOURCE_EXHAUSTED: deployment rejected', 'quota-failure'],
    ['deployment green: OutOfQuota: Not enough quota available for Standard_NC24ads_A100_v4 in SubscriptionId x. Current usage/limit: 24/24. Additional needed: 24', 'quota-failure'],
    ['OperationNotAllowed: Operation results in exceeding quota limits of Core. Maximum allowed: 100, Current in use: 100, Additional requested: 8.', 'quota-failure'],
    ['QuotaExceeded: Operation could not be completed as it results in exceeding approved Total Regional Cores quota.', 'quota-failure'],
    ['CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.', 'capacity-failure'],
    ['InsufficientInstanceCapacity: We currently do not have sufficient p4d.24xlarge capacity in the Availability Zone you requested.', 'capacity-failure'],
    ['RESOURCE_EXHAUSTED: Resources are insufficient in region: us-central1. Please try a different region.', 'capacity-failure'],
    ['ZONE_RESOURCE_POOL_EXHAUSTED: The zone us-central1-a does not have enough resources available to fulfill the request.', 'capacity-failure'],
    ['deployment green: OutOfCapacity: The specified VM Size failed to provision due to a lack of Azure Machine Learning capacity. Retry later or try deploying to a different region.', 'capacity-failure'],
    ["SkuNotAvailable: The requested size for resource 'x' is currently not available in location 'eastus2' zones '1,2,3'.", 'capacity-failure'],
    ['AllocationFailed: Allocation failed. We do not have sufficient capacity for the requested VM size in this region.', 'capacity-failure'],
  ] as const)('%s -> %s', (reason, want) => {
    expect(classifyFailure(reason)).toBe(want);
  });

  it('leaves other failures alone (they are endpoint-failure\'s)', () => {
    for (const reason of [
      'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.',
      'INVALID_ARGUMENT: Model server never became ready. Please validate that your model file or container configuration are valid.',
      'deployment green: ImageBuildFailure: Image build failed.',
      'deployment(s) green in state Failed',
      'deployment green: ResourceNotReady: User container has crashed or terminated.',
      '',
    ]) {
      expect(classifyFailure(reason)).toBeUndefined();
    }
    expect(classifyFailure(undefined)).toBeUndefined();
  });
});
