import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand, type UpdateEndpointWeightsAndCapacitiesInput } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { asyncMinCapacityZeroSpec } from '../../../../../src/providers/aws/remediation/actions/async-min-capacity-zero';
import { fakeAas } from './fake-aas';
import { awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, virtualClock, writeCalls } from './support';

const ref = awsRef('endpoint', 'doc-ocr-async');
const DIM = 'sagemaker:variant:DesiredInstanceCount';
const RID = 'endpoint/doc-ocr-async/variant/AllTraffic';

/** An async endpoint whose capacity follows UpdateEndpointWeightsAndCapacities after one Updating describe. */
function fakeAsyncEndpoint(desired = 2) {
  const ep = { desired, current: desired, status: 'InService', async: true };
  sm.on(DescribeEndpointCommand).callsFake(() => {
    const answer = {
      EndpointName: ref.name,
      EndpointArn: ref.id,
      EndpointConfigName: 'doc-ocr-async-config',
      EndpointStatus: ep.status,
      ProductionVariants: [{ VariantName: 'AllTraffic', DesiredInstanceCount: ep.desired, CurrentInstanceCount: ep.current }],
      ...(ep.async ? { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://out/doc-ocr' } } } : {}),
    };
    if (ep.status === 'Updating') {
      ep.status = 'InService';
      ep.current = ep.desired;
    }
    return answer;
  });
  sm.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesInput) => {
    ep.desired = input.DesiredWeightsAndCapacities![0]!.DesiredInstanceCount!;
    ep.status = 'Updating';
    return { EndpointArn: ref.id };
  });
  return ep;
}

beforeEach(resetMocks);

describe('async-min-capacity-zero', () => {
  it('lowers an existing target to min 0 (keeping max), sets instances to 0, and restores both', async () => {
    const ep = fakeAsyncEndpoint(2);
    const aas = fakeAas({ [`${RID}|${DIM}`]: { min: 1, max: 4 } });
    const r = remediator(virtualClock());
    const { prior, providerStatus } = await r.capture(ref, 'async-min-capacity-zero');
    expect(providerStatus).toBe('InService');
    expect(prior).toEqual({
      endpointName: ref.name,
      variants: [{ variantName: 'AllTraffic', desiredInstanceCount: 2, scalableTarget: { resourceId: RID, scalableDimension: DIM, minCapacity: 1, maxCapacity: 4 } }],
    });

    const park = stepLog();
    await r.park(token(ref, 'async-min-capacity-zero', prior), park.onStep);
    expect(park.steps).toEqual(['scaling-min-zero:AllTraffic', 'instances-zero', 'wait-endpoint-in-service']);
    expect(aas.get(RID, DIM)).toEqual({ min: 0, max: 4 });
    expect(ep).toMatchObject({ desired: 0, current: 0, status: 'InService' });

    const restore = stepLog();
    const { restoreSeconds } = await r.restore(token(ref, 'async-min-capacity-zero', prior), restore.onStep);
    expect(restore.steps).toEqual(['restore-scaling:AllTraffic', 'restore-instances', 'wait-endpoint-in-service']);
    expect(aas.get(RID, DIM)).toEqual({ min: 1, max: 4 });
    expect(ep).toMatchObject({ desired: 2, current: 2, status: 'InService' });
    // One poll still Updating, InService 30 s later.
    expect(restoreSeconds).toBe(30);
    expect(writeCalls()).toEqual([
      'application-autoscaling:RegisterScalableTarget',
      'sagemaker:UpdateEndpointWeightsAndCapacities',
      'application-autoscaling:RegisterScalableTarget',
      'sagemaker:UpdateEndpointWeightsAndCapacities',
    ]);
    expectDeclared(asyncMinCapacityZeroSpec);
  });

  it('registers a min-0 target when the variant had none, and removes it again on restore', async () => {
    fakeAsyncEndpoint(1);
    const aas = fakeAas();
    const r = remediator();
    const { prior } = await r.capture(ref, 'async-min-capacity-zero');
    await r.park(token(ref, 'async-min-capacity-zero', prior), stepLog().onStep);
    expect(aas.get(RID, DIM)).toEqual({ min: 0, max: 1 });
    await r.restore(token(ref, 'async-min-capacity-zero', prior), stepLog().onStep);
    expect(aas.targets.size).toBe(0);
    // A second restore (re-run after a crash) finds the target already gone: success, not an error.
    await r.restore(token(ref, 'async-min-capacity-zero', prior), stepLog().onStep);
  });

  it('skips recorded steps and does not call UpdateEndpointWeightsAndCapacities when the counts are already right', async () => {
    const ep = fakeAsyncEndpoint(0);
    fakeAas();
    const prior = { endpointName: ref.name, variants: [{ variantName: 'AllTraffic', desiredInstanceCount: 2 }] };
    const park = stepLog();
    await remediator().park(token(ref, 'async-min-capacity-zero', prior, { stepsDone: ['scaling-min-zero:AllTraffic'] }), park.onStep);
    expect(park.steps).toEqual(['instances-zero', 'wait-endpoint-in-service']);
    expect(writeCalls()).toEqual([]);
    expect(ep.desired).toBe(0);
  });

  it('refuses an endpoint that is not asynchronous', async () => {
    const ep = fakeAsyncEndpoint();
    ep.async = false;
    fakeAas();
    await expect(remediator().capture(ref, 'async-min-capacity-zero')).rejects.toMatchObject({ code: 'NOT_APPLICABLE' });
  });

  it('rejects a token whose prior was damaged before changing anything', async () => {
    fakeAsyncEndpoint();
    fakeAas();
    const err = await remediator()
      .park(token(ref, 'async-min-capacity-zero', { endpointName: ref.name, variants: [{ variantName: 'AllTraffic', desiredInstanceCount: -1 }] }), stepLog().onStep)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_PRIOR' });
    expect((err as Error).message).toMatch(/variants\.0\.desiredInstanceCount/);
    expect(writeCalls()).toEqual([]);
  });
});
