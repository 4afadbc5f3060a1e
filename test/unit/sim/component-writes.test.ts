import {
  CreateEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  UpdateEndpointCommand,
  UpdateInferenceComponentRuntimeConfigCommand,
  type ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, startSimulator, type Simulator } from '../../../src/sim/index';
import { NOW, simClients } from './sim-clients';

let sim: Simulator;
let sm: ReturnType<typeof simClients>['sagemaker'];
const SECOND = 1000;
const EP = 'genai-shared-inference';

beforeEach(async () => {
  sim = await startSimulator({ fleet: demoFleet(), now: NOW });
  sm = simClients(sim).sagemaker;
});
afterEach(() => sim.close());

const copies = (name: string, n: number) => sm.send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: name, DesiredRuntimeConfig: { CopyCount: n } }));
const component = (name: string) => sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }));
const instances = async () => (await sm.send(new DescribeEndpointCommand({ EndpointName: EP }))).ProductionVariants?.[0];

/** A copy of the endpoint's config with another ManagedInstanceScaling minimum: how the remediator parks at zero. */
async function configWithMin(name: string, min: number): Promise<void> {
  const current = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: `${EP}-config` }));
  const variants = (current.ProductionVariants ?? []).map((v): ProductionVariant => ({ ...v, ManagedInstanceScaling: { ...v.ManagedInstanceScaling, MinInstanceCount: min } }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants: variants, ExecutionRoleArn: current.ExecutionRoleArn }));
}

describe('UpdateInferenceComponentRuntimeConfig with managed instance scaling', () => {
  it('parks copies at 0; instances follow ManagedInstanceScaling.MinInstanceCount (1, then 0) and come back with the copies', async () => {
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1, ManagedInstanceScaling: { MinInstanceCount: 1, MaxInstanceCount: 2 } });
    await copies('llama3-8b-chat', 0);
    await copies('mistral-7b-instruct', 0);
    const parked = await component('llama3-8b-chat');
    expect(parked).toMatchObject({ InferenceComponentStatus: 'Updating', RuntimeConfig: { DesiredCopyCount: 0, CurrentCopyCount: 0 } });
    expect(parked.LastModifiedTime?.getTime()).toBe(NOW.getTime());
    // MinInstanceCount 1 keeps one instance although no copy needs it.
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1 });
    sim.clock.advance(60 * SECOND);
    expect((await component('llama3-8b-chat')).InferenceComponentStatus).toBe('InService');

    await configWithMin(`${EP}-min0`, 0);
    await sm.send(new UpdateEndpointCommand({ EndpointName: EP, EndpointConfigName: `${EP}-min0` }));
    sim.clock.advance(360 * SECOND);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 0, DesiredInstanceCount: 0, ManagedInstanceScaling: { MinInstanceCount: 0 } });

    // Restore: the original config (min 1) and the copies.
    await sm.send(new UpdateEndpointCommand({ EndpointName: EP, EndpointConfigName: `${EP}-config` }));
    sim.clock.advance(360 * SECOND);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1 });
    await copies('llama3-8b-chat', 2);
    await copies('mistral-7b-instruct', 1);
    expect((await component('llama3-8b-chat')).RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 0 });
    sim.clock.advance(360 * SECOND);
    expect((await component('llama3-8b-chat')).RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect((await component('mistral-7b-instruct')).RuntimeConfig).toEqual({ DesiredCopyCount: 1, CurrentCopyCount: 1 });
  });

  it('with MinInstanceCount 0 first, removing the last copies releases the instances at once', async () => {
    await configWithMin(`${EP}-min0`, 0);
    await sm.send(new UpdateEndpointCommand({ EndpointName: EP, EndpointConfigName: `${EP}-min0` }));
    sim.clock.advance(360 * SECOND);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1 }); // the copies still need one
    await copies('llama3-8b-chat', 0);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1 });
    await copies('mistral-7b-instruct', 0);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 0 });
  });

  it('adds instances the copies need, up to MaxInstanceCount (4 GPUs per ml.g5.12xlarge, one per copy)', async () => {
    await copies('llama3-8b-chat', 4);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 1, DesiredInstanceCount: 2 });
    sim.clock.advance(360 * SECOND);
    expect(await instances()).toMatchObject({ CurrentInstanceCount: 2 });
    expect((await component('llama3-8b-chat')).RuntimeConfig).toEqual({ DesiredCopyCount: 4, CurrentCopyCount: 4 });
  });

  it('refuses negative copies, unknown components, and a change while the component is Updating', async () => {
    await expect(copies('llama3-8b-chat', -1)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('greater than or equal to 0') });
    await expect(copies('nope', 1)).rejects.toMatchObject({ message: 'Could not find inference component "nope".' });
    await copies('llama3-8b-chat', 3);
    await expect(copies('llama3-8b-chat', 1)).rejects.toMatchObject({ message: expect.stringContaining('is Updating') });
  });
});
