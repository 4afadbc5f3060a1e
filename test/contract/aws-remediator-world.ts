import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  type ApplicationAutoScalingClient,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeAppCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeNotebookInstanceCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { ResourceKind, ResourceRef } from '../../src/domain/cloud';
import type { ParkAction } from '../../src/domain/finding';
import { demoFleet, type Fleet } from '../../src/sim';

/**
 * What the remediator contract runs on: one case per park action against the demo fleet (plus a serverless
 * endpoint with provisioned concurrency, which the demo fleet does not have), and how to observe each resource
 * through plain describe calls.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const START = new Date('2026-11-20T12:00:00Z');

const ARN_TYPE: Record<ResourceKind, string | undefined> = { endpoint: 'endpoint', notebook: 'notebook-instance', 'studio-app': 'app', 'training-job': 'training-job', 'cost-scope': undefined };
export const refOf = (kind: ResourceKind, name: string): ResourceRef => ({
  cloud: 'aws',
  account: ACCOUNT,
  region: REGION,
  kind,
  name,
  id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${ARN_TYPE[kind]}/${name.toLowerCase()}`,
});

/** The demo fleet, with provisioned concurrency (and an auto scaling target on it) on the serverless endpoint. */
export function contractFleet(): Fleet {
  const fleet = demoFleet();
  const serverless = fleet.endpoints.find((e) => e.name === 'fraud-score-serverless')!;
  serverless.variants = serverless.variants.map((v) => ({ ...v, serverless: { ...v.serverless!, provisionedConcurrency: 5 }, scalableTarget: { min: 1, max: 10 } }));
  // A classic endpoint with auto scaling: DeleteEndpoint takes its target and scaling policy with it.
  const classic = fleet.endpoints.find((e) => e.name === 'nlp-llama3-70b-eval')!;
  classic.variants = classic.variants.map((v) => ({
    ...v,
    scalableTarget: { min: 1, max: 2, targetTracking: { policyName: 'invocations-per-instance', targetValue: 70, predefinedMetric: 'SageMakerVariantInvocationsPerInstance' } },
  }));
  return fleet;
}

export interface Clients {
  sagemaker: SageMakerClient;
  applicationAutoScaling: ApplicationAutoScalingClient;
}

export interface ContractCase {
  action: Exclude<ParkAction, 'none'>;
  ref: ResourceRef;
  /** Provider status the resource starts in. */
  origin: string;
  /** The resource as describe calls show it (no timestamps), to compare runs and check zero / back. */
  observe(c: Clients): Promise<Record<string, unknown>>;
  /** True when the observation shows the resource costing nothing any more. */
  atZero(o: Record<string, unknown>): boolean;
}

async function orGone<T>(call: () => Promise<T>): Promise<T | 'gone'> {
  try {
    return await call();
  } catch (err) {
    if (/could not find|does not exist|RecordNotFound/i.test((err as Error).message)) return 'gone';
    throw err;
  }
}

async function targets(c: Clients, resourceIds: string[]) {
  const out = await c.applicationAutoScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', ResourceIds: resourceIds }));
  return (out.ScalableTargets ?? []).map((t) => `${t.ResourceId} ${t.ScalableDimension} ${t.MinCapacity}..${t.MaxCapacity}`).sort();
}

async function endpointView(c: Clients, name: string) {
  const e = await orGone(() => c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })));
  if (e === 'gone') return { status: 'gone' as const };
  const tags = await c.sagemaker.send(new ListTagsCommand({ ResourceArn: e.EndpointArn, MaxResults: 50 }));
  return {
    status: e.EndpointStatus,
    config: e.EndpointConfigName,
    variants: (e.ProductionVariants ?? []).map((v) => ({
      name: v.VariantName,
      current: v.CurrentInstanceCount,
      desired: v.DesiredInstanceCount,
      pc: v.CurrentServerlessConfig?.ProvisionedConcurrency,
    })),
    tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value])),
  };
}

const variantsAtZero = (o: Record<string, unknown>) =>
  (o.variants as Array<{ current?: number; pc?: number }>).every((v) => (v.current ?? 0) === 0 && v.pc === undefined);

const IC_NAMES = ['llama3-8b-chat', 'mistral-7b-instruct'];
const APP = { DomainId: 'd-7xk2mfq9lz1p', UserProfileName: 'alex-chen', AppType: 'KernelGateway' as const, AppName: 'datascience-1-0-ml-g5-2xlarge-4f2a9c' };

export const CASES: ContractCase[] = [
  {
    action: 'delete-endpoint-keep-config',
    ref: refOf('endpoint', 'nlp-llama3-70b-eval'),
    origin: 'InService',
    observe: async (c) => {
      const e = await endpointView(c, 'nlp-llama3-70b-eval');
      const cfg = await orGone(() => c.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'nlp-llama3-70b-eval-config' })));
      const variant = 'endpoint/nlp-llama3-70b-eval/variant/AllTraffic';
      const policies = await c.applicationAutoScaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', ResourceId: variant }));
      return {
        ...e,
        configKept: cfg !== 'gone',
        targets: await targets(c, [variant]),
        policies: (policies.ScalingPolicies ?? []).map((p) => `${p.PolicyName} ${p.PolicyType} ${p.TargetTrackingScalingPolicyConfiguration?.TargetValue}`),
      };
    },
    atZero: (o) => o.status === 'gone' && o.configKept === true,
  },
  {
    action: 'ic-copies-to-zero',
    ref: refOf('endpoint', 'genai-shared-inference'),
    origin: 'InService',
    observe: async (c) => {
      const e = await endpointView(c, 'genai-shared-inference');
      const ics = await Promise.all(IC_NAMES.map((n) => c.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: n }))));
      const parked = await orGone(() => c.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'genai-shared-inference-config-wd-parked' })));
      return {
        ...e,
        copies: ics.map((ic) => `${ic.InferenceComponentName} ${ic.RuntimeConfig?.DesiredCopyCount}/${ic.RuntimeConfig?.CurrentCopyCount} ${ic.InferenceComponentStatus}`),
        targets: await targets(c, IC_NAMES.map((n) => `inference-component/${n}`)),
        parkedConfigExists: parked !== 'gone',
      };
    },
    atZero: (o) => variantsAtZero(o) && (o.copies as string[]).every((s) => / 0\/0 /.test(s)) && (o.targets as string[]).every((t) => / 0\.\./.test(t)),
  },
  {
    action: 'async-min-capacity-zero',
    ref: refOf('endpoint', 'doc-ocr-async'),
    origin: 'InService',
    observe: async (c) => ({ ...(await endpointView(c, 'doc-ocr-async')), targets: await targets(c, ['endpoint/doc-ocr-async/variant/AllTraffic']) }),
    atZero: (o) => variantsAtZero(o) && (o.targets as string[]).every((t) => / 0\.\./.test(t)),
  },
  {
    action: 'provisioned-concurrency-zero',
    ref: refOf('endpoint', 'fraud-score-serverless'),
    origin: 'InService',
    observe: async (c) => {
      const parked = await orGone(() => c.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'fraud-score-serverless-config-wd-parked' })));
      return { ...(await endpointView(c, 'fraud-score-serverless')), targets: await targets(c, ['endpoint/fraud-score-serverless/variant/AllTraffic']), parkedConfigExists: parked !== 'gone' };
    },
    atZero: (o) => variantsAtZero(o) && (o.targets as string[]).every((t) => / 0\.\./.test(t)),
  },
  {
    action: 'stop-notebook',
    ref: refOf('notebook', 'ds-priya-llm-exploration'),
    origin: 'InService',
    observe: async (c) => {
      const nb = await c.sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: 'ds-priya-llm-exploration' }));
      return { status: nb.NotebookInstanceStatus, instanceType: nb.InstanceType, volumeGb: nb.VolumeSizeInGB };
    },
    atZero: (o) => o.status === 'Stopped',
  },
  {
    action: 'delete-studio-app',
    ref: refOf('studio-app', `${APP.DomainId}/${APP.UserProfileName}/${APP.AppType}/${APP.AppName}`),
    origin: 'InService',
    observe: async (c) => {
      const a = await orGone(() => c.sagemaker.send(new DescribeAppCommand(APP)));
      // ListTags forgets a Deleted app, as the Tagging API does.
      if (a === 'gone' || a.Status === 'Deleted') return { status: 'gone' };
      const tags = await c.sagemaker.send(new ListTagsCommand({ ResourceArn: a.AppArn, MaxResults: 50 }));
      return { status: a.Status, instanceType: a.ResourceSpec?.InstanceType, tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value])) };
    },
    atZero: (o) => o.status === 'gone',
  },
  {
    action: 'stop-training-job',
    ref: refOf('training-job', 'llama3-8b-sft-run-17'),
    origin: 'InProgress',
    observe: async (c) => {
      const j = await c.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'llama3-8b-sft-run-17' }));
      return { status: j.TrainingJobStatus };
    },
    atZero: (o) => o.status === 'Stopped',
  },
];
