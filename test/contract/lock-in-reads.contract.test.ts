import { DescribeModelCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGcpReader, googleAccess } from '../../src/app/gcp-deps';
import { simGoogleAuth, simulatorConfig } from '../../src/cli/world';
import { configSchema, type ConfigInput } from '../../src/config/schema';
import { commitmentLines } from '../../src/detectors/spend';
import { createAwsReader } from '../../src/providers/aws/aws-reader';
import { createAwsClients, createCostExplorerClient } from '../../src/providers/aws/clients';
import { InMemoryCostCache } from '../../src/providers/aws/cost-cache';
import { createAzureReader } from '../../src/providers/azure/azure-reader';
import { loadFleet, startSimulator, type Simulator } from '../../src/sim';
import { AZURE_START, startAzureSim, type AzureSim } from './azure-sim';

/**
 * What the lock-in score reads, through the real SDK clients and readers against the simulator in each vendor's wire
 * format: SageMaker DescribeModel (and the DeployedImages shortcut), Vertex AI models.get, Azure deployment model and
 * environment, and the commitments each bill shows (Savings Plans services, CUD fee SKUs, Azure PricingModel).
 */

const START = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };
const lockInOff: ConfigInput = { detectors: { 'lock-in-risk': { enabled: false } } };

const AWS_FLEET = {
  endpoints: [
    { name: 'own-image', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge' }], traffic: { type: 'steady', invocationsPerMinute: 10, gpuUtilPct: 40 } },
    {
      name: 'builtin-inf2',
      servingMode: 'real-time',
      variants: [{ instanceType: 'ml.inf2.xlarge' }],
      model: { image: '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1', modelDataUrl: 's3://b/linear/model.tar.gz' },
    },
    { name: 'marketplace', servingMode: 'real-time', variants: [{ instanceType: 'ml.g5.xlarge' }], model: { modelPackageName: 'arn:aws:sagemaker:us-east-1:865070037744:model-package/cohere-rerank-v3-13dba038aab73b11b3f0b17fbdb48ea0' } },
    {
      name: 'components',
      servingMode: 'inference-components',
      variants: [{ instanceType: 'ml.g5.12xlarge', managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 }, inferenceComponents: [{ name: 'llm-ic', model: { image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124' } }] }],
    },
  ],
  trainingJobs: [{ name: 'trn-market', instanceType: 'ml.trn1.32xlarge', startedAt: '-2h', algorithm: { algorithmName: 'arn:aws:sagemaker:us-east-1:865070037744:algorithm/vendor-forecaster' } }],
  extraCosts: [{ service: 'Savings Plans for AWS Machine Learning', usageType: 'SageMakerSP:1yr', region: 'global', dailyUsd: 96 }],
};

describe('AWS: what endpoints serve, and Savings Plans', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function reader(config: ConfigInput = {}) {
    sim = await startSimulator({ fleet: loadFleet(AWS_FLEET), now: START });
    const cfg = configSchema.parse({ ...config, clouds: { aws: { regions: ['us-east-1'], endpointUrl: sim.url } } });
    return createAwsReader({
      config: cfg,
      clientsFor: (region) => createAwsClients({ region, endpointUrl: sim!.url, credentials, maxAttempts: 3 }),
      costExplorer: createCostExplorerClient({ endpointUrl: sim.url, credentials, maxAttempts: 3 }),
      costCache: new InMemoryCostCache(),
      now: () => sim!.clock.now(),
    });
  }

  it('DescribeModel answers a container model, a package model and "Could not find model" in SageMaker\'s shape', async () => {
    await reader();
    const sm = createAwsClients({ region: 'us-east-1', endpointUrl: sim!.url, credentials, maxAttempts: 1 }).sagemaker;
    const own = await sm.send(new DescribeModelCommand({ ModelName: 'builtin-inf2-model' }));
    expect(own).toMatchObject({ ModelName: 'builtin-inf2-model', ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/builtin-inf2-model', PrimaryContainer: { Image: '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1', ModelDataUrl: 's3://b/linear/model.tar.gz' } });
    expect(own.CreationTime).toBeInstanceOf(Date);
    const pkg = await sm.send(new DescribeModelCommand({ ModelName: 'marketplace-model' }));
    expect(pkg.PrimaryContainer).toEqual({ ModelPackageName: expect.stringContaining(':865070037744:model-package/cohere-rerank-v3') });
    await expect(sm.send(new DescribeModelCommand({ ModelName: 'nope' }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Could not find model') });
  });

  it('classifies each endpoint, asking DescribeModel only where DeployedImages is not the account\'s own image', async () => {
    const r = await reader();
    const inv = await r.inventory({});
    const sources = Object.fromEntries(inv.endpoints.map((e) => [e.ref.name, e.models?.map((m) => m.source)]));
    expect(sources).toEqual({
      'own-image': ['custom-container'],
      'builtin-inf2': ['built-in-algorithm'],
      marketplace: ['model-package'],
      components: ['framework-container'],
    });
    expect(inv.endpoints.find((e) => e.ref.name === 'marketplace')!.models![0]).toMatchObject({ proprietary: true, publisher: 'cohere-rerank-v3' });
    // own-image is settled by DescribeEndpoint's DeployedImages; the built-in and package models are described, and
    // so is the component's, which DescribeInferenceComponent names by ModelName rather than by container.
    expect(sim!.calls()['SageMaker.DescribeModel']).toBe(3);
    expect(inv.trainingJobs[0]!.container).toMatchObject({ source: 'model-package', proprietary: true });
    expect(r.status().find((s) => s.component === 'inventory:us-east-1')!.state).toBe('ok');
  });

  it('makes no DescribeModel call with the lock-in detector off, and leaves models unknown', async () => {
    const r = await reader(lockInOff);
    const inv = await r.inventory({});
    expect(sim!.calls()['SageMaker.DescribeModel'] ?? 0).toBe(0);
    expect(inv.endpoints.every((e) => e.models === undefined)).toBe(true);
  });

  it('marks the Savings Plans fee of Cost Explorer\'s by-service answer as a commitment of the account', async () => {
    const r = await reader();
    const lines = await r.costs({ start: new Date(START.getTime() - 7 * 24 * HOUR), end: START });
    const sp = commitmentLines(lines);
    expect(sp.length).toBeGreaterThan(0);
    expect(sp.every((l) => l.ServiceName === 'Savings Plans for AWS Machine Learning' && l.SubAccountId === '123456789012' && l.CommitmentDiscountType === 'Savings Plans')).toBe(true);
  });
});

const GCP_FLEET = {
  gcp: {
    projects: [{ id: 'lockin-proj', number: '123450000001' }],
    endpoints: [
      {
        displayName: 'tpu-gemini',
        deployedModels: [{ displayName: 'gemini-tuned', model: '7001', machineType: 'ct5lp-hightpu-4t', acceleratorType: 'TPU_V5_LITEPOD', acceleratorCount: 4 }],
      },
      { displayName: 'gpu-custom', deployedModels: [{ displayName: 'ranker', model: '7002', machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] },
      { displayName: 'gpu-custom-2', deployedModels: [{ displayName: 'ranker-b', model: '7002', machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] },
    ],
    models: [{ id: '7001', displayName: 'gemini-tuned', sourceType: 'MODEL_GARDEN', publicModelName: 'publishers/google/models/gemini-1.5-flash-002', imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-tpu.2-15:latest' }],
    customJobs: [{ displayName: 'tpu-train', machineType: 'ct5lp-hightpu-4t', acceleratorType: 'TPU_V5_LITEPOD', acceleratorCount: 4, startedAt: '-1h', imageUri: 'us-docker.pkg.dev/vertex-ai/training/pytorch-xla.2-1.py310:latest' }],
    billingExport: {
      project: 'lockin-proj',
      dataset: 'billing',
      table: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9',
      billingAccountId: '01A2B3-C4D5E6-F7A8B9',
      extraCosts: [{ service: 'Compute Engine', sku: 'Commitment v1: TpuV5e in Americas for 1 Year', region: 'us-central1', dailyCost: 120 }],
    },
  },
};

describe('Google: Vertex AI models.get and committed use discounts', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function reader(input: ConfigInput = {}) {
    const fleet = loadFleet(GCP_FLEET);
    sim = await startSimulator({ fleet, now: START });
    const config = simulatorConfig(configSchema.parse({ ...input, clouds: { aws: { enabled: false } } }), sim, fleet);
    return buildGcpReader({ config: { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws, enabled: false } } }, access: googleAccess(config, simGoogleAuth()), now: () => sim!.clock.now(), costCache: new InMemoryCostCache() });
  }

  it('gets each distinct model once and classifies it; custom jobs from their worker pool image', async () => {
    const r = await reader();
    const inv = await r.inventory({});
    const tpu = inv.endpoints.find((e) => e.ref.name === 'tpu-gemini')!;
    expect(tpu.variants[0]!.instance.acceleratorKind).toBe('google-tpu');
    expect(tpu.models![0]).toMatchObject({ source: 'foundation-catalog', proprietary: true, publisher: 'publishers/google/models/gemini-1.5-flash-002', compiledFor: 'google-tpu' });
    expect(inv.endpoints.find((e) => e.ref.name === 'gpu-custom')!.models![0]).toMatchObject({ source: 'custom-container', image: 'us-central1-docker.pkg.dev/lockin-proj/serving/ranker:latest' });
    expect(sim!.calls()['Vertex.GetModel']).toBe(2);
    expect(inv.trainingJobs[0]!.container).toMatchObject({ source: 'framework-container', compiledFor: 'google-tpu' });
    expect(r.status().find((s) => s.component === 'inventory:us-central1')!.state).toBe('ok');
  });

  it('asks models.get nothing with the lock-in detector off', async () => {
    const r = await reader(lockInOff);
    const inv = await r.inventory({});
    expect(sim!.calls()['Vertex.GetModel'] ?? 0).toBe(0);
    expect(inv.endpoints.every((e) => e.models === undefined)).toBe(true);
  });

  it('keeps the CUD fee SKU rows of the billing export as commitment lines of the project', async () => {
    const r = await reader();
    const lines = await r.costs({ start: new Date(START.getTime() - 7 * 24 * HOUR), end: START });
    const cud = commitmentLines(lines);
    expect(cud.length).toBeGreaterThanOrEqual(7);
    expect(cud.every((l) => l.SubAccountId === 'lockin-proj' && l.CommitmentDiscountType === 'Committed use discount' && l.ServiceName === 'Compute Engine')).toBe(true);
  });
});

const SUB = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const AZ_FLEET = {
  azure: {
    subscriptions: [{ id: SUB }],
    workspaces: [{ name: 'mlw-lockin', resourceGroup: 'rg-lockin', location: 'eastus' }],
    endpoints: [
      {
        name: 'chat-openai',
        workspace: 'mlw-lockin',
        deployments: [{ name: 'blue', instanceType: 'Standard_NC24ads_A100_v4', model: 'azureml://registries/azure-openai/models/gpt-4o/versions/2', environment: 'azureml://registries/azureml/environments/acft-hf-nlp-gpu/versions/52' }],
      },
      { name: 'fraud', workspace: 'mlw-lockin', deployments: [{ name: 'green', instanceType: 'Standard_NC24ads_A100_v4', model: 'azureml:fraud-xgb:7', environment: 'azureml:fraud-env:3' }] },
    ],
    billing: {
      extraCosts: [
        {
          serviceName: 'Virtual Machines',
          meterCategory: 'Virtual Machines',
          meter: 'NC24ads A100 v4',
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg-lockin/providers/Microsoft.Capacity/reservationOrders/ro-1`,
          dailyCost: 70,
          pricingModel: 'Reservation',
        },
      ],
    },
  },
};

describe('Azure: deployment model and environment, and reservations', () => {
  let az: AzureSim | undefined;
  afterEach(async () => {
    await az?.close();
    az = undefined;
  });

  async function reader(config: ConfigInput = {}) {
    az = await startAzureSim(AZ_FLEET as never, { now: AZURE_START, config });
    return createAzureReader({ config: az.config, credential: az.credential, now: () => az!.sim.clock.now(), costCache: new InMemoryCostCache(), sleep: async (ms) => az!.sim.clock.advance(ms) });
  }

  it('classifies deployments from their own properties, with no call of their own', async () => {
    const r = await reader();
    const inv = await r.inventory({});
    const byName = Object.fromEntries(inv.endpoints.map((e) => [e.ref.name, e.models![0]]));
    expect(byName['chat-openai']).toMatchObject({ source: 'foundation-catalog', proprietary: true, publisher: 'azure-openai/gpt-4o', variant: 'blue' });
    expect(byName.fraud).toMatchObject({ source: 'custom-container', variant: 'green' });
  });

  it('reads the Reservation pricing model as commitment lines, and does not ask with the detector off', async () => {
    const r = await reader();
    const lines = await r.costs({ start: new Date(AZURE_START.getTime() - 7 * 24 * HOUR), end: AZURE_START });
    const committed = commitmentLines(lines);
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.every((l) => l.breakdown === 'commitment' && l.CommitmentDiscountType === 'Reservation' && l.SubAccountId === SUB && l.ServiceName === 'Virtual Machines')).toBe(true);
    expect(az!.sim.calls()['CostManagement.Query_Usage']).toBe(3);
    await az!.close();

    const off = await reader(lockInOff);
    expect(commitmentLines(await off.costs({ start: new Date(AZURE_START.getTime() - 7 * 24 * HOUR), end: AZURE_START }))).toEqual([]);
    expect(az!.sim.calls()['CostManagement.Query_Usage']).toBe(2);
  });
});
