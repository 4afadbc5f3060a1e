import { CreateEndpointConfigCommand, DescribeInferenceComponentCommand, UpdateEndpointCommand, UpdateInferenceComponentRuntimeConfigCommand } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, it } from 'vitest';
import { icCopiesToZeroSpec } from '../../../../../src/providers/aws/remediation/actions/ic-copies-to-zero';
import { fakeAas } from './fake-aas';
import { fakeConfigEndpoint } from './fake-config-endpoint';
import { awsRef, expectDeclared, remediator, resetMocks, sm, stepLog, token, virtualClock, writeCalls } from './support';

const ref = awsRef('endpoint', 'genai-shared-inference');
const CONFIG = 'genai-shared-inference-config';
const PARKED = 'genai-shared-inference-config-wd-parked';
const DIM = 'sagemaker:inference-component:DesiredCopyCount';

function world(minInstances = 1) {
  const endpoint = fakeConfigEndpoint({
    name: ref.name,
    config: CONFIG,
    variants: [
      {
        VariantName: 'AllTraffic',
        InstanceType: 'ml.g5.12xlarge',
        InitialInstanceCount: 1,
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: minInstances, MaxInstanceCount: 2 },
        RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
      },
    ],
    components: { 'llama3-8b-chat': { variant: 'AllTraffic', copies: 2 }, 'mistral-7b-instruct': { variant: 'AllTraffic', copies: 1 } },
  });
  const aas = fakeAas({ [`inference-component/llama3-8b-chat|${DIM}`]: { min: 1, max: 4 } });
  return { ...endpoint, aas };
}

beforeEach(resetMocks);

describe('ic-copies-to-zero', () => {
  it('captures copies, instance scaling and targets; parks to zero on a derived config; restores everything', async () => {
    const w = world();
    const r = remediator(virtualClock());
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    expect(prior).toMatchObject({
      endpointConfigName: CONFIG,
      parkedConfigName: PARKED,
      variants: [{ variantName: 'AllTraffic', managedInstanceScaling: { status: 'ENABLED', minInstanceCount: 1, maxInstanceCount: 2 } }],
      inferenceComponents: [
        { name: 'llama3-8b-chat', variantName: 'AllTraffic', desiredCopyCount: 2 },
        { name: 'mistral-7b-instruct', variantName: 'AllTraffic', desiredCopyCount: 1 },
      ],
      scalableTargets: [{ resourceId: 'inference-component/llama3-8b-chat', scalableDimension: DIM, minCapacity: 1, maxCapacity: 4 }],
      tags: { owner: 'team-platform' },
    });

    const park = stepLog();
    await r.park(token(ref, 'ic-copies-to-zero', prior), park.onStep);
    expect(park.steps).toEqual([
      'scaling-min-zero:llama3-8b-chat',
      'copies-zero:llama3-8b-chat',
      'copies-zero:mistral-7b-instruct',
      'create-parked-config',
      'switch-to-parked-config',
    ]);
    expect(w.aas.get('inference-component/llama3-8b-chat', DIM)).toEqual({ min: 0, max: 4 });
    expect([...w.ics.values()].map((c) => c.copies)).toEqual([0, 0]);
    expect(w.ep).toMatchObject({ config: PARKED, status: 'InService' });
    const parked = w.configs.get(PARKED)!;
    expect(parked.ProductionVariants![0]).toMatchObject({
      VariantName: 'AllTraffic',
      InstanceType: 'ml.g5.12xlarge',
      ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 2 },
      RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
    });
    expect(parked.ExecutionRoleArn).toBe('arn:aws:iam::123456789012:role/SageMakerExecutionRole');
    expect(parked.Tags).toEqual([{ Key: 'watchdog:parked-from', Value: CONFIG }]);

    const restore = stepLog();
    await r.restore(token(ref, 'ic-copies-to-zero', prior), restore.onStep);
    expect(restore.steps).toEqual([
      'switch-to-original-config',
      'restore-copies:llama3-8b-chat',
      'restore-copies:mistral-7b-instruct',
      'restore-scaling:llama3-8b-chat',
      'wait-copies-running',
      'delete-parked-config',
    ]);
    expect(w.ep.config).toBe(CONFIG);
    expect([...w.ics.values()].map((c) => c.copies)).toEqual([2, 1]);
    expect(w.aas.get('inference-component/llama3-8b-chat', DIM)).toEqual({ min: 1, max: 4 });
    expect(w.configs.has(PARKED)).toBe(false);
    expectDeclared(icCopiesToZeroSpec);
  });

  it('needs no derived config when instance scaling already allows zero instances', async () => {
    const w = world(0);
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    expect(prior.parkedConfigName).toBeUndefined();
    const park = stepLog();
    await r.park(token(ref, 'ic-copies-to-zero', prior), park.onStep);
    expect(park.steps).not.toContain('create-parked-config');
    expect(w.ep.config).toBe(CONFIG);
  });

  it('converges after a crash between any two steps: recorded steps are skipped, half-done ones re-run safely', async () => {
    const uninterrupted = world();
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    const endState = { config: uninterrupted.ep.config, copies: [...uninterrupted.ics.values()].map((c) => c.copies), parked: uninterrupted.configs.get(PARKED) };

    const steps = ['scaling-min-zero:llama3-8b-chat', 'copies-zero:llama3-8b-chat', 'copies-zero:mistral-7b-instruct', 'create-parked-config', 'switch-to-parked-config'];
    for (let crashAfter = 0; crashAfter < steps.length; crashAfter++) {
      resetMocks();
      const w = world();
      // The crash happened after step `crashAfter` changed the cloud but before the ledger recorded it.
      const first = stepLog();
      const crash = new Error('lambda timed out');
      await r
        .park(token(ref, 'ic-copies-to-zero', prior), async (s) => {
          if (s === steps[crashAfter]) throw crash;
          await first.onStep(s);
        })
        .catch((e: unknown) => expect(e).toBe(crash));
      const again = stepLog();
      await r.park(token(ref, 'ic-copies-to-zero', prior, { stepsDone: first.steps }), again.onStep);
      expect([...first.steps, ...again.steps]).toEqual(steps);
      expect({ config: w.ep.config, copies: [...w.ics.values()].map((c) => c.copies), parked: w.configs.get(PARKED) }).toEqual(endState);
    }
  });

  it('on a re-run does not repeat writes that already took effect', async () => {
    const w = world();
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    const writes = writeCalls().length;
    // Nothing recorded (the ledger write was lost): every step runs again and finds its work done.
    await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    expect(writeCalls().slice(writes).filter((c) => c !== 'application-autoscaling:RegisterScalableTarget')).toEqual([]);
    expect(w.ep.config).toBe(PARKED);
  });

  it('refuses to capture an endpoint that already runs a parked config, and one without components', async () => {
    const w = world();
    w.ep.config = PARKED;
    w.configs.set(PARKED, { EndpointConfigName: PARKED, ProductionVariants: [] });
    await expect(remediator().capture(ref, 'ic-copies-to-zero')).rejects.toMatchObject({ code: 'ALREADY_PARKED' });
    w.ep.config = CONFIG;
    w.ics.clear();
    await expect(remediator().capture(ref, 'ic-copies-to-zero')).rejects.toMatchObject({ code: 'NOT_APPLICABLE' });
  });

  it('never overwrites a config with the parked name that is not a parked copy', async () => {
    const w = world();
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    w.configs.set(PARKED, { EndpointConfigName: PARKED, ProductionVariants: [{ VariantName: 'Other', InstanceType: 'ml.g5.xlarge' }] });
    const err = await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_CONFLICT', step: 'create-parked-config' });
    expect(w.ep.config).toBe(CONFIG);
    expect(writeCalls()).not.toContain('sagemaker:UpdateEndpoint');
  });

  it('waits for a component that is still Updating before changing its copy count (SageMaker refuses it meanwhile)', async () => {
    const w = world(0);
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    // Right after the park, llama3's copy change is still rolling out for two more describes.
    let updatingPolls = 2;
    sm.on(DescribeInferenceComponentCommand).callsFake((input: { InferenceComponentName?: string }) => {
      const c = w.ics.get(input.InferenceComponentName!)!;
      const updating = input.InferenceComponentName === 'llama3-8b-chat' && updatingPolls-- > 0;
      return { InferenceComponentName: input.InferenceComponentName, VariantName: c.variant, InferenceComponentStatus: updating ? 'Updating' : 'InService', RuntimeConfig: { DesiredCopyCount: c.copies, CurrentCopyCount: c.copies } };
    });
    sm.on(UpdateInferenceComponentRuntimeConfigCommand).callsFake((input: { InferenceComponentName?: string; DesiredRuntimeConfig?: { CopyCount?: number } }) => {
      if (input.InferenceComponentName === 'llama3-8b-chat' && updatingPolls >= 0) throw new Error('called while Updating');
      w.ics.get(input.InferenceComponentName!)!.copies = input.DesiredRuntimeConfig!.CopyCount!;
      return {};
    });
    await r.restore(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    expect([...w.ics.values()].map((c) => c.copies)).toEqual([2, 1]);
  });

  it('restores a park that never finished (copies zeroed, config never switched)', async () => {
    const w = world();
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    for (const c of w.ics.values()) c.copies = 0;
    await r.restore(token(ref, 'ic-copies-to-zero', prior, { state: 'failed' }), stepLog().onStep);
    expect([...w.ics.values()].map((c) => c.copies)).toEqual([2, 1]);
    expect(w.ep.config).toBe(CONFIG);
  });
});

describe('ic-copies-to-zero requests', () => {
  it('sends the real request shapes', async () => {
    world();
    const r = remediator();
    const { prior } = await r.capture(ref, 'ic-copies-to-zero');
    await r.park(token(ref, 'ic-copies-to-zero', prior), stepLog().onStep);
    expect(sm.commandCalls(UpdateInferenceComponentRuntimeConfigCommand)[0]!.args[0].input).toEqual({ InferenceComponentName: 'llama3-8b-chat', DesiredRuntimeConfig: { CopyCount: 0 } });
    expect(sm.commandCalls(UpdateEndpointCommand)[0]!.args[0].input).toEqual({ EndpointName: ref.name, EndpointConfigName: PARKED });
    expect(sm.commandCalls(CreateEndpointConfigCommand)[0]!.args[0].input.EndpointConfigName).toBe(PARKED);
  });
});
