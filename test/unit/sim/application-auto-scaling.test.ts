import {
  ApplicationAutoScalingServiceException,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  RegisterScalableTargetCommand,
  ValidationException,
  paginateDescribeScalableTargets,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { DeleteEndpointCommand, DescribeEndpointCommand, DescribeInferenceComponentCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let clients: ReturnType<typeof simClients>;
const SECOND = 1000;
const ASYNC = 'endpoint/doc-ocr-async/variant/AllTraffic';
const INSTANCES = 'sagemaker:variant:DesiredInstanceCount';
const COPIES = 'sagemaker:inference-component:DesiredCopyCount';

beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  clients = simClients(sim);
});
afterEach(() => sim.close());

const register = (ResourceId: string, ScalableDimension: string, MinCapacity?: number, MaxCapacity?: number) =>
  clients.autoscaling.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId, ScalableDimension: ScalableDimension as never, MinCapacity, MaxCapacity }));
const describeTargets = (ResourceIds?: string[]) => clients.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds }));

describe('Application Auto Scaling scalable targets', () => {
  it('describes the demo fleet targets in the real shape', async () => {
    const r = await describeTargets();
    expect(r.ScalableTargets?.map((t) => `${t.ResourceId} ${t.ScalableDimension} ${t.MinCapacity}-${t.MaxCapacity}`).sort()).toEqual([
      `${ASYNC} ${INSTANCES} 1-4`,
      `inference-component/llama3-8b-chat ${COPIES} 1-4`,
      `inference-component/mistral-7b-instruct ${COPIES} 1-2`,
    ]);
    const t = r.ScalableTargets!.find((x) => x.ResourceId === ASYNC)!;
    expect(t).toMatchObject({
      ServiceNamespace: 'sagemaker',
      RoleARN: 'arn:aws:iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
      ScalableTargetARN: expect.stringMatching(/^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\/[0-9a-f]{36}$/),
    });
    expect(t.CreationTime).toBeInstanceOf(Date);
    expect(sim.calls()['ApplicationAutoScaling.DescribeScalableTargets']).toBe(1);
  });

  it('parks an async endpoint by registering MinCapacity 0 / MaxCapacity 0, and restores it by re-registering 1..4', async () => {
    await register(ASYNC, INSTANCES, 0, 0);
    const parked = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'doc-ocr-async' }));
    expect(parked.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 0, DesiredInstanceCount: 0 });
    sim.clock.advance(120 * SECOND);
    // Re-registering updates only what is given; raising MinCapacity moves the capacity up at once.
    await register(ASYNC, INSTANCES, undefined, 4);
    expect((await describeTargets([ASYNC])).ScalableTargets?.[0]).toMatchObject({ MinCapacity: 0, MaxCapacity: 4 });
    await register(ASYNC, INSTANCES, 1);
    expect((await describeTargets([ASYNC])).ScalableTargets?.[0]).toMatchObject({ MinCapacity: 1, MaxCapacity: 4 });
    sim.clock.advance(360 * SECOND);
    const back = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'doc-ocr-async' }));
    expect(back).toMatchObject({ EndpointStatus: 'InService', ProductionVariants: [{ CurrentInstanceCount: 1, DesiredInstanceCount: 1 }] });
  });

  it('moves inference component copies into the registered range', async () => {
    await register('inference-component/llama3-8b-chat', COPIES, 0, 0);
    const d = await clients.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llama3-8b-chat' }));
    expect(d.RuntimeConfig).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });
  });

  it('pages with MaxResults and filters by ResourceIds and ScalableDimension', async () => {
    const all: ScalableTarget[] = [];
    for await (const page of paginateDescribeScalableTargets({ client: clients.autoscaling, pageSize: 2 }, { ServiceNamespace: 'sagemaker' })) all.push(...(page.ScalableTargets ?? []));
    expect(all).toHaveLength(3);
    expect(sim.calls()['ApplicationAutoScaling.DescribeScalableTargets']).toBe(2);
    const filtered = await clients.autoscaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: [ASYNC, 'inference-component/llama3-8b-chat'], ScalableDimension: COPIES }),
    );
    expect(filtered.ScalableTargets?.map((t) => t.ResourceId)).toEqual(['inference-component/llama3-8b-chat']);
    await expect(clients.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', MaxResults: 51 }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('deregisters, and answers a second deregistration with ObjectNotFoundException', async () => {
    const deregister = () => clients.autoscaling.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: ASYNC, ScalableDimension: INSTANCES }));
    await deregister();
    expect((await describeTargets([ASYNC])).ScalableTargets).toEqual([]);
    const err = await deregister().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundException);
    expect((err as Error).message).toBe(`No scalable target found for service namespace: sagemaker, resource ID: ${ASYNC}, scalable dimension: ${INSTANCES}`);
  });

  it('validates new targets: both capacities, min <= max, a resource that exists and fits the dimension', async () => {
    const fleet = loadFleet({
      endpoints: [{ name: 'rt', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge' }], traffic: { type: 'idle', gpuUtilPct: 0 } }],
    });
    const own = await startSimulator({ fleet, now: NOW });
    const as = simClients(own).autoscaling;
    const reg = (min?: number, max?: number, id = 'endpoint/rt/variant/AllTraffic', dim = INSTANCES) =>
      as.send(new RegisterScalableTargetCommand({ ServiceNamespace: 'sagemaker', ResourceId: id, ScalableDimension: dim as never, MinCapacity: min, MaxCapacity: max }));
    try {
      await expect(reg(1)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('MinCapacity and MaxCapacity are required') });
      await expect(reg(3, 2)).rejects.toMatchObject({ message: 'Minimum capacity cannot be greater than maximum capacity' });
      await expect(reg(1, 2, 'endpoint/ghost/variant/AllTraffic')).rejects.toMatchObject({ message: expect.stringContaining('Could not find variant AllTraffic of SageMaker endpoint ghost') });
      await expect(reg(1, 2, 'endpoint/rt/variant/AllTraffic', COPIES)).rejects.toMatchObject({ message: 'Unsupported service namespace, resource type or scalable dimension' });
      // A classic real-time endpoint cannot run on zero instances; nothing is registered then.
      await expect(reg(0, 0)).rejects.toMatchObject({ message: expect.stringContaining('Cannot scale endpoint/rt/variant/AllTraffic to 0 instances') });
      expect((await as.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets).toEqual([]);
      await reg(1, 3);
      expect((await as.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it('loses the variant targets when SageMaker deletes the endpoint (DeleteEndpoint deregisters them)', async () => {
    const fleet = loadFleet({
      endpoints: [{ name: 'rt', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge', scalableTarget: { min: 1, max: 3 } }] }],
    });
    const own = await startSimulator({ fleet, now: NOW });
    const c = simClients(own);
    try {
      expect((await c.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets).toHaveLength(1);
      await c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'rt' }));
      expect((await c.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('injects faults on the new service like on the others', async () => {
    sim.faults.inject({ operation: 'ApplicationAutoScaling.RegisterScalableTarget', kind: 'throttle', times: 1 });
    sim.faults.inject({ operation: 'ApplicationAutoScaling.DescribeScalableTargets', kind: 'server-error', times: 1 });
    await expect(register(ASYNC, INSTANCES, 0, 4)).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const err = await describeTargets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationAutoScalingServiceException);
    expect(err).toMatchObject({ name: 'InternalServiceException', $metadata: { httpStatusCode: 500 } });
    await register(ASYNC, INSTANCES, 0, 4);
    expect(sim.calls()).toMatchObject({ 'ApplicationAutoScaling.RegisterScalableTarget': 2, 'ApplicationAutoScaling.DescribeScalableTargets': 1 });
  });
});
