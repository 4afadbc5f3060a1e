import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointsCommand,
  ListTagsCommand,
  SageMakerServiceException,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let sm: ReturnType<typeof simClients>['sagemaker'];
const SECOND = 1000;
const ARN = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${name}`;

beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  sm = simClients(sim).sagemaker;
});
afterEach(() => sim.close());

const describeEp = (name: string) => sm.send(new DescribeEndpointCommand({ EndpointName: name }));
const listedNames = async () => (await sm.send(new ListEndpointsCommand({ MaxResults: 100 }))).Endpoints?.map((e) => e.EndpointName);

describe('DeleteEndpoint and CreateEndpoint (park and restore a classic real-time endpoint)', () => {
  it('deletes (Deleting, then gone; config and tags captured before survive) and recreates under the same name', async () => {
    const name = 'nlp-llama3-70b-eval';
    const before = await describeEp(name);
    const tags = (await sm.send(new ListTagsCommand({ ResourceArn: before.EndpointArn }))).Tags;
    expect(tags).toHaveLength(3);

    await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
    expect((await describeEp(name)).EndpointStatus).toBe('Deleting');
    expect(await listedNames()).toContain(name);
    sim.clock.advance(60 * SECOND);
    const gone = await describeEp(name).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(SageMakerServiceException);
    expect(gone).toMatchObject({ name: 'ValidationException', message: `Could not find endpoint "${ARN(name)}".` });
    expect(await listedNames()).not.toContain(name);
    await expect(sm.send(new ListTagsCommand({ ResourceArn: before.EndpointArn, MaxResults: 50 }))).rejects.toMatchObject({ name: 'ValidationException' });
    // The endpoint config (and its model) stay.
    const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: before.EndpointConfigName }));
    expect(config.ProductionVariants?.[0]).toMatchObject({ InstanceType: 'ml.g5.12xlarge', ModelName: `${name}-model` });
    await expect(sm.send(new DeleteEndpointCommand({ EndpointName: name }))).rejects.toMatchObject({ message: `Could not find endpoint "${ARN(name)}".` });

    const created = await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: before.EndpointConfigName, Tags: tags }));
    expect(created.EndpointArn).toBe(ARN(name));
    const creating = await describeEp(name);
    expect(creating).toMatchObject({ EndpointStatus: 'Creating', EndpointConfigName: before.EndpointConfigName });
    expect(creating.ProductionVariants).toBeUndefined();
    expect(creating.CreationTime?.getTime()).toBe(NOW.getTime() + 60 * SECOND);
    sim.clock.advance(359 * SECOND);
    expect((await describeEp(name)).EndpointStatus).toBe('Creating');
    sim.clock.advance(SECOND);
    const back = await describeEp(name);
    expect(back.EndpointStatus).toBe('InService');
    expect(back.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 1, DesiredInstanceCount: 1 });
    expect(back.LastModifiedTime?.getTime()).toBe(NOW.getTime() + 420 * SECOND);
    expect((await sm.send(new ListTagsCommand({ ResourceArn: back.EndpointArn }))).Tags).toEqual(tags);
    expect(sim.calls()).toMatchObject({ 'SageMaker.DeleteEndpoint': 2, 'SageMaker.CreateEndpoint': 1 });
  });

  it('refuses to create an existing endpoint, to delete or update one in progress, and a config that does not exist', async () => {
    const name = 'support-ticket-classifier';
    await expect(sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Cannot create already existing endpoint "${ARN(name)}".`,
    });
    await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
    // Still Deleting: the name is taken, and a second delete is refused as in progress.
    await expect(sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }))).rejects.toMatchObject({
      message: `Cannot create already existing endpoint "${ARN(name)}".`,
    });
    await expect(sm.send(new DeleteEndpointCommand({ EndpointName: name }))).rejects.toMatchObject({ message: `Cannot update in-progress endpoint "${ARN(name)}".` });
    sim.clock.advance(61 * SECOND);
    await expect(sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: 'nope' }))).rejects.toMatchObject({
      message: 'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/nope".',
    });
    await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
    await expect(sm.send(new DeleteEndpointCommand({ EndpointName: name }))).rejects.toMatchObject({ message: `Cannot update in-progress endpoint "${ARN(name)}".` });
    await expect(
      sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: name, DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 2 }] })),
    ).rejects.toMatchObject({ message: `Cannot update in-progress endpoint "${ARN(name)}".` });
    await expect(sm.send(new UpdateEndpointCommand({ EndpointName: 'recsys-v2-canary', EndpointConfigName: 'recsys-v2-canary-config' }))).rejects.toMatchObject({
      message: expect.stringContaining('DeleteEndpoint is the only operation'),
    });
    await expect(sm.send(new CreateEndpointCommand({ EndpointName: 'bad_name', EndpointConfigName: 'x' }))).rejects.toMatchObject({
      message: expect.stringContaining("at 'endpointName' failed to satisfy constraint"),
    });
  });

  it('refuses to delete an endpoint that still hosts inference components', async () => {
    await expect(sm.send(new DeleteEndpointCommand({ EndpointName: 'genai-shared-inference' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('llama3-8b-chat'),
    });
    expect((await describeEp('genai-shared-inference')).EndpointStatus).toBe('InService');
  });
});

describe('CreateEndpointConfig, UpdateEndpoint, DeleteEndpointConfig', () => {
  it('stores a new config as given and moves the endpoint to it with a pending deployment until InService', async () => {
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'search-ranker-prod-v2',
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: 'search-ranker-prod-model', InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 3, InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-2', VolumeSizeInGB: 64 },
        ],
        Tags: [{ Key: 'owner', Value: 'team-search' }],
      }),
    );
    const cfg = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'search-ranker-prod-v2' }));
    expect(cfg.ProductionVariants?.[0]).toEqual({
      VariantName: 'AllTraffic',
      ModelName: 'search-ranker-prod-model',
      InstanceType: 'ml.g5.xlarge',
      InitialInstanceCount: 3,
      InitialVariantWeight: 1,
      InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-2',
      VolumeSizeInGB: 64,
    });
    expect(cfg.CreationTime?.getTime()).toBe(NOW.getTime());

    await sm.send(new UpdateEndpointCommand({ EndpointName: 'search-ranker-prod', EndpointConfigName: 'search-ranker-prod-v2' }));
    const updating = await describeEp('search-ranker-prod');
    expect(updating).toMatchObject({ EndpointStatus: 'Updating', EndpointConfigName: 'search-ranker-prod-config' });
    expect(updating.PendingDeploymentSummary).toMatchObject({ EndpointConfigName: 'search-ranker-prod-v2', ProductionVariants: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 3 }] });
    // Blue/green: the old fleet keeps serving until the new one is up.
    expect(updating.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);
    sim.clock.advance(360 * SECOND);
    const done = await describeEp('search-ranker-prod');
    expect(done).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: 'search-ranker-prod-v2' });
    expect(done.PendingDeploymentSummary).toBeUndefined();
    expect(done.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 3, DesiredInstanceCount: 3 });

    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'search-ranker-prod-config' }));
    await expect(sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'search-ranker-prod-config' }))).rejects.toMatchObject({
      message: expect.stringContaining('Could not find endpoint configuration'),
    });
  });

  it('validates configs like SageMaker: duplicates, unknown models, managed scaling only for inference components', async () => {
    const variant = { VariantName: 'AllTraffic', ModelName: 'search-ranker-prod-model', InstanceType: 'ml.g5.xlarge' as const, InitialInstanceCount: 1 };
    await expect(sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'search-ranker-prod-config', ProductionVariants: [variant] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Cannot create already existing endpoint configuration "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/search-ranker-prod-config".',
    });
    await expect(sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'c1', ProductionVariants: [{ ...variant, ModelName: 'ghost' }] }))).rejects.toMatchObject({
      message: 'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/ghost".',
    });
    await expect(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'c2',
          ProductionVariants: [{ ...variant, ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 2 } }],
        }),
      ),
    ).rejects.toMatchObject({ message: 'ManagedInstanceScaling is only supported for inference component endpoints.' });
    await expect(sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'c3', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 1 }] }))).rejects.toMatchObject({
      message: expect.stringContaining('ExecutionRoleArn is required'),
    });
  });
});

describe('UpdateEndpointWeightsAndCapacities', () => {
  it('takes an async endpoint to 0 instances at once and back after provisioning', async () => {
    const update = (n: number) =>
      sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'doc-ocr-async', DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: n }] }));
    await update(0);
    const parked = await describeEp('doc-ocr-async');
    expect(parked.EndpointStatus).toBe('Updating');
    expect(parked.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 0, DesiredInstanceCount: 0 });
    sim.clock.advance(60 * SECOND);
    expect((await describeEp('doc-ocr-async')).EndpointStatus).toBe('InService');

    await update(1);
    expect((await describeEp('doc-ocr-async')).ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 0, DesiredInstanceCount: 1 });
    sim.clock.advance(360 * SECOND);
    expect(await describeEp('doc-ocr-async')).toMatchObject({ EndpointStatus: 'InService', ProductionVariants: [{ CurrentInstanceCount: 1 }] });
  });

  it('refuses 0 instances on a classic real-time endpoint, unknown variants, and provisioned concurrency below 1', async () => {
    await expect(
      sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'search-ranker-prod', DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 0 }] })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('cannot have 0 instances') });
    await expect(
      sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'search-ranker-prod', DesiredWeightsAndCapacities: [{ VariantName: 'Blue', DesiredInstanceCount: 1 }] })),
    ).rejects.toMatchObject({ message: expect.stringContaining('Blue is not present') });
    const serverless = (pc: number) =>
      sm.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: 'fraud-score-serverless',
          DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', ServerlessUpdateConfig: { ProvisionedConcurrency: pc } }],
        }),
      );
    await expect(serverless(0)).rejects.toMatchObject({ message: expect.stringContaining('greater than or equal to 1') });
    await serverless(5);
    const d = await describeEp('fraud-score-serverless');
    expect(d.ProductionVariants?.[0]?.CurrentServerlessConfig).toEqual({ MemorySizeInMB: 4096, MaxConcurrency: 20, ProvisionedConcurrency: 5 });
    expect((await describeEp('search-ranker-prod')).EndpointStatus).toBe('InService');
  });
});
