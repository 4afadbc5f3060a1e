import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
  type EndpointStatus,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteEndpointKeepConfigSpec } from '../../../../../src/providers/aws/remediation/actions/delete-endpoint-keep-config';
import { fakeAas } from './fake-aas';
import { awsError, awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, virtualClock, writeCalls } from './support';

const ref = awsRef('endpoint', 'nlp-llama3-70b-eval');
const CONFIG = 'nlp-llama3-70b-eval-config';
const notFound = () => awsError('ValidationException', `Could not find endpoint "${ref.id}".`);

/**
 * One endpoint's life as SageMaker answers it: DeleteEndpoint -> Deleting -> gone (after `deletePolls` describes),
 * CreateEndpoint -> Creating for `createPolls` describes -> InService.
 */
function fakeEndpoint(opts: { status?: EndpointStatus | 'gone'; configExists?: boolean; deletePolls?: number; createPolls?: number; target?: { min: number; max: number } } = {}) {
  const ep = { status: opts.status ?? 'InService', config: CONFIG, polls: 0, configExists: opts.configExists ?? true, created: [] as unknown[] };
  sm.on(DescribeEndpointCommand).callsFake(() => {
    ep.polls += 1;
    if (ep.status === 'Deleting' && ep.polls > (opts.deletePolls ?? 1)) ep.status = 'gone';
    if (ep.status === 'Creating' && ep.polls > (opts.createPolls ?? 2)) ep.status = 'InService';
    if (ep.status === 'gone') throw notFound();
    return {
      EndpointName: ref.name,
      EndpointArn: ref.id,
      EndpointConfigName: ep.config,
      EndpointStatus: ep.status,
      ...(ep.status === 'InService' ? { ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 1, DesiredInstanceCount: 1 }] } : {}),
      LastDeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 50 }, WaitIntervalInSeconds: 60 } },
    };
  });
  sm.on(DescribeEndpointConfigCommand).callsFake(() => {
    if (!ep.configExists) throw awsError('ValidationException', `Could not find endpoint configuration "${CONFIG}".`);
    return {
      EndpointConfigName: CONFIG,
      EndpointConfigArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${CONFIG}`,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'llama3-70b', InstanceType: 'ml.g5.12xlarge', InitialInstanceCount: 1 }],
      DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 10, DestinationS3Uri: 's3://capture/nlp', CaptureOptions: [{ CaptureMode: 'Input' }] },
      CreationTime: new Date('2026-10-01T00:00:00Z'),
    };
  });
  sm.on(ListTagsCommand).resolves({ Tags: [{ Key: 'owner', Value: 'team-nlp' }, { Key: 'aws:cloudformation:stack-name', Value: 'llm-eval' }] });
  const aas = fakeAas(opts.target ? { [`endpoint/${ref.name}/variant/AllTraffic|sagemaker:variant:DesiredInstanceCount`]: opts.target } : {});
  sm.on(DeleteEndpointCommand).callsFake(() => {
    if (ep.status === 'gone') throw notFound();
    // Application Auto Scaling deregisters the variants' targets of a deleted endpoint.
    aas.targets.clear();
    ep.status = 'Deleting';
    ep.polls = 0;
    return {};
  });
  sm.on(CreateEndpointCommand).callsFake((input: unknown) => {
    if (ep.status !== 'gone') throw awsError('ValidationException', `Cannot create already existing endpoint "${ref.id}".`);
    ep.created.push(input);
    ep.status = 'Creating';
    ep.polls = 0;
    return { EndpointArn: ref.id };
  });
  return Object.assign(ep, { aas });
}

beforeEach(resetMocks);

describe('delete-endpoint-keep-config', () => {
  it('captures config, variants, tags and deployment config; deletes; recreates with the same name, config and tags', async () => {
    const ep = fakeEndpoint();
    const clock = virtualClock();
    const r = remediator(clock);
    const { prior, providerStatus } = await r.capture(ref, 'delete-endpoint-keep-config');
    expect(providerStatus).toBe('InService');
    expect(prior).toMatchObject({
      endpointName: ref.name,
      endpointConfigName: CONFIG,
      tags: { owner: 'team-nlp', 'aws:cloudformation:stack-name': 'llm-eval' },
      variants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.12xlarge', desiredInstanceCount: 1, currentInstanceCount: 1 }],
      deploymentConfig: { RollingUpdatePolicy: { WaitIntervalInSeconds: 60 } },
      endpointConfig: { EndpointConfigName: CONFIG, DataCaptureConfig: { DestinationS3Uri: 's3://capture/nlp' } },
    });
    expect(JSON.stringify(prior)).not.toMatch(/CreationTime/);
    expect(sm.commandCalls(ListTagsCommand)[0]!.args[0].input).toMatchObject({ ResourceArn: ref.id, MaxResults: 100 });

    const park = stepLog();
    await r.park(token(ref, 'delete-endpoint-keep-config', prior), park.onStep);
    expect(park.steps).toEqual(['delete-endpoint']);
    expect(ep.status).toBe('Deleting');

    const restore = stepLog();
    const { restoreSeconds } = await r.restore(token(ref, 'delete-endpoint-keep-config', prior), restore.onStep);
    expect(restore.steps).toEqual(['create-endpoint', 'wait-endpoint-in-service']);
    expect(ep.created).toEqual([
      {
        EndpointName: ref.name,
        EndpointConfigName: CONFIG,
        DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 50 }, WaitIntervalInSeconds: 60 } },
        // aws:-prefixed tags are AWS's own and refused in a request.
        Tags: [{ Key: 'owner', Value: 'team-nlp' }],
      },
    ]);
    expect(ep.status).toBe('InService');
    // Deleting for one more describe (no wait needed), then Creating for two polls 30 s apart.
    expect(restoreSeconds).toBe(60);
    expect(writeCalls()).toEqual(['sagemaker:DeleteEndpoint', 'sagemaker:CreateEndpoint']);
    expectDeclared(deleteEndpointKeepConfigSpec);
  });

  it('is idempotent: deleting an endpoint that is Deleting or gone, creating one that already exists with our config', async () => {
    const ep = fakeEndpoint({ status: 'Deleting', deletePolls: 99 });
    const r = remediator();
    const { prior } = await r.capture(ref, 'delete-endpoint-keep-config');
    await r.park(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep);
    expect(sm.commandCalls(DeleteEndpointCommand)).toHaveLength(0);

    ep.status = 'Creating';
    const restore = stepLog();
    await r.restore(token(ref, 'delete-endpoint-keep-config', prior), restore.onStep);
    expect(sm.commandCalls(CreateEndpointCommand)).toHaveLength(0);
    expect(restore.steps).toEqual(['create-endpoint', 'wait-endpoint-in-service']);
  });

  it('fails restore with a clear error when the endpoint config was deleted meanwhile, and keeps the details in the token', async () => {
    const ep = fakeEndpoint();
    const r = remediator();
    const { prior } = await r.capture(ref, 'delete-endpoint-keep-config');
    await r.park(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep);
    ep.status = 'gone';
    ep.configExists = false;
    const restore = stepLog();
    const err = await r.restore(token(ref, 'delete-endpoint-keep-config', prior), restore.onStep).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENDPOINT_CONFIG_MISSING', step: 'create-endpoint', resource: ref.id });
    expect((err as Error).message).toMatch(/nlp-llama3-70b-eval-config was deleted while endpoint nlp-llama3-70b-eval was parked/);
    expect((err as Error).message).toMatch(/prior\.endpointConfig/);
    expect(sm.commandCalls(CreateEndpointCommand)).toHaveLength(0);
    expect(prior.endpointConfig).toMatchObject({ ProductionVariants: [{ ModelName: 'llama3-70b', InstanceType: 'ml.g5.12xlarge' }] });
  });

  it('never clobbers an endpoint someone recreated under the same name with another config', async () => {
    const ep = fakeEndpoint();
    const r = remediator();
    const { prior } = await r.capture(ref, 'delete-endpoint-keep-config');
    ep.config = 'someone-elses-config';
    await expect(r.restore(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep)).rejects.toMatchObject({ code: 'NAME_TAKEN' });
    // ...and park refuses too: restoring would bring back the old config.
    await expect(r.park(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep)).rejects.toMatchObject({ code: 'NOT_APPLICABLE' });
    expect(writeCalls()).toEqual([]);
  });

  it('registers the auto scaling bounds again that DeleteEndpoint removed', async () => {
    const ep = fakeEndpoint({ target: { min: 1, max: 3 } });
    const r = remediator();
    const { prior } = await r.capture(ref, 'delete-endpoint-keep-config');
    await r.park(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep);
    expect(ep.aas.targets.size).toBe(0);
    const restore = stepLog();
    await r.restore(token(ref, 'delete-endpoint-keep-config', prior), restore.onStep);
    expect(restore.steps).toEqual(['create-endpoint', 'wait-endpoint-in-service', 'restore-scaling:AllTraffic']);
    expect(ep.aas.get(`endpoint/${ref.name}/variant/AllTraffic`, 'sagemaker:variant:DesiredInstanceCount')).toEqual({ min: 1, max: 3 });
    expectDeclared(deleteEndpointKeepConfigSpec);
  });

  it('refuses to capture an endpoint whose config is already gone (the delete could never be undone)', async () => {
    fakeEndpoint({ configExists: false });
    await expect(remediator().capture(ref, 'delete-endpoint-keep-config')).rejects.toMatchObject({ code: 'ENDPOINT_CONFIG_MISSING' });
  });

  it('reports a failed recreation with SageMaker\'s reason', async () => {
    const ep = fakeEndpoint();
    const r = remediator();
    const { prior } = await r.capture(ref, 'delete-endpoint-keep-config');
    ep.status = 'gone';
    sm.on(CreateEndpointCommand).callsFake(() => {
      ep.status = 'Failed';
      return {};
    });
    sm.on(DescribeEndpointCommand).callsFake(() =>
      ep.status === 'gone' ? Promise.reject(notFound()) : { EndpointName: ref.name, EndpointConfigName: CONFIG, EndpointStatus: 'Failed', FailureReason: 'Image not found' },
    );
    const err = await r.restore(token(ref, 'delete-endpoint-keep-config', prior), stepLog().onStep).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RESOURCE_FAILED', step: 'wait-endpoint-in-service' });
    expect((err as Error).message).toMatch(/Failed: Image not found/);
  });
});
