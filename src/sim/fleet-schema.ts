import { z } from 'zod';
import { AzureFleetSchema } from './azure/azure-fleet-schema';
import { GcpFleetSchema } from './gcp/gcp-fleet-schema';
import { CostAnomalySchema } from './aws/cost-anomaly-schema';
import { SageMakerModelSchema, TrainingAlgorithmSchema } from './aws/model-schema';
import { DailyPatternFields } from './daily-pattern';
import { FleetTimeSchema, MetricsGapsSchema, TrafficPatternSchema } from './pattern-schema';

export { FleetTimeSchema, MetricsGapsSchema, TrafficPatternSchema } from './pattern-schema';
export type { MetricsGaps, TrafficPattern, TrafficPatternInput } from './pattern-schema';

// SageMaker name rule for endpoints, configs, notebooks, jobs and components (smithy pattern of EndpointName).
const SageMakerName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'SageMaker names are 1-63 letters, digits and hyphens');
const Region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region like us-east-1');
const InstanceType = z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'expected a SageMaker instance type like ml.g5.xlarge');
const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).default({});
const HourlyPrice = z.number().positive().optional().describe('USD per instance-hour; defaults to the shipped SageMaker list price');
const ScalableTargetSchema = z
  .strictObject({
    min: z.number().int().min(0),
    max: z.number().int().min(0),
    targetTracking: z
      .strictObject({
        policyName: z.string().min(1).max(256),
        targetValue: z.number().positive(),
        predefinedMetric: z.string().min(1).default('SageMakerVariantInvocationsPerInstance'),
      })
      .optional()
      .describe('A target tracking scaling policy on the target (PutScalingPolicy)'),
  })
  .refine((t) => t.min <= t.max, { message: 'min must not exceed max', path: ['min'] });

export const ENDPOINT_STATUSES = ['OutOfService', 'Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'InService', 'Deleting', 'Failed', 'UpdateRollbackFailed'] as const;
export const SERVING_MODES = ['real-time', 'inference-components', 'async', 'serverless'] as const;

const InferenceComponentSchema = z.strictObject({
  name: SageMakerName,
  modelName: SageMakerName.optional(),
  copyCount: z.number().int().min(0).default(1),
  acceleratorsPerCopy: z.number().int().min(0).default(1),
  cpuCoresPerCopy: z.number().min(0.25).default(2),
  memoryMbPerCopy: z.number().int().min(128).default(8192),
  status: z.enum(['InService', 'Creating', 'Updating', 'Failed', 'Deleting']).default('InService'),
  failureReason: z.string().max(1024).optional(),
  createdAt: FleetTimeSchema.optional().describe('Defaults to the endpoint creation time'),
  scalableTarget: ScalableTargetSchema.optional().describe('Registered Application Auto Scaling target on sagemaker:inference-component:DesiredCopyCount'),
  model: SageMakerModelSchema.optional().describe("What the component's model runs (DescribeModel); default: the account's own image"),
});

const VariantSchema = z.strictObject({
  name: z.string().min(1).max(63).default('AllTraffic'),
  instanceType: InstanceType.optional().describe('Required unless the endpoint is serverless'),
  instanceCount: z.number().int().min(0).default(1).describe('Instances running now (CurrentInstanceCount)'),
  desiredInstanceCount: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('DesiredInstanceCount when it differs from the running count (a scale-up that has not caught up, e.g. no capacity); defaults to instanceCount'),
  weight: z.number().min(0).default(1),
  serverless: z
    .strictObject({
      memorySizeMb: z.number().int().min(1024).max(6144).multipleOf(1024).describe('MemorySizeInMB: 1024, 2048 ... 6144'),
      maxConcurrency: z.number().int().min(1).max(200),
      provisionedConcurrency: z.number().int().min(1).max(200).optional(),
    })
    .optional(),
  managedInstanceScaling: z.strictObject({ minInstanceCount: z.number().int().min(0), maxInstanceCount: z.number().int().min(1) }).optional(),
  inferenceComponents: z.array(InferenceComponentSchema).optional(),
  scalableTarget: ScalableTargetSchema.optional().describe(
    'Registered Application Auto Scaling target: sagemaker:variant:DesiredInstanceCount, or DesiredProvisionedConcurrency on a serverless variant',
  ),
  hourlyPriceUsd: HourlyPrice,
});

export const EndpointSchema = z
  .strictObject({
    name: SageMakerName,
    region: Region.optional().describe('Defaults to the fleet defaultRegion'),
    servingMode: z.enum(SERVING_MODES),
    status: z.enum(ENDPOINT_STATUSES).default('InService'),
    failureReason: z
      .string()
      .max(1024)
      .optional()
      .describe('FailureReason: why a Failed endpoint failed, or, on an InService one, why its last update failed (SageMaker keeps the old config serving)'),
    createdAt: FleetTimeSchema.default('-30d'),
    lastModifiedAt: FleetTimeSchema.optional(),
    configName: SageMakerName.optional().describe('Defaults to "<name>-config"'),
    variants: z.array(VariantSchema).min(1).max(10),
    tags: Tags,
    traffic: TrafficPatternSchema.default({ type: 'idle', gpuUtilPct: 0 }),
    modelLatencyMs: z.number().positive().default(40),
    gpuMemoryUtilPct: z.number().min(0).max(100).default(35).describe('Per-GPU memory in use while a model is loaded'),
    cpuUtilPct: z.number().min(0).max(100).default(8).describe('Per-vCPU utilisation at the pattern\'s full load'),
    metricsGaps: MetricsGapsSchema.optional(),
    model: SageMakerModelSchema.optional().describe('What the endpoint\'s model "<name>-model" runs (DescribeModel, DeployedImages); default: the account\'s own image'),
  })
  .superRefine((e, ctx) => {
    const serverless = e.servingMode === 'serverless';
    e.variants.forEach((v, i) => {
      const at = (field: string) => ['variants', i, field];
      if (serverless && !v.serverless) ctx.addIssue({ code: 'custom', path: at('serverless'), message: 'serverless endpoints need variants[].serverless' });
      if (serverless && v.instanceType) ctx.addIssue({ code: 'custom', path: at('instanceType'), message: 'serverless variants have no instanceType' });
      if (!serverless && !v.instanceType) ctx.addIssue({ code: 'custom', path: at('instanceType'), message: `${e.servingMode} variants need an instanceType` });
      if (!serverless && v.serverless) ctx.addIssue({ code: 'custom', path: at('serverless'), message: 'only serverless endpoints take a serverless config' });
      if (e.servingMode !== 'inference-components' && v.inferenceComponents?.length) {
        ctx.addIssue({ code: 'custom', path: at('inferenceComponents'), message: 'only inference-components endpoints host inference components' });
      }
    });
    if (e.servingMode === 'inference-components' && !e.variants.some((v) => v.inferenceComponents?.length)) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'an inference-components endpoint needs at least one inference component' });
    }
    if ((e.status === 'Failed' || e.status === 'UpdateRollbackFailed') && !e.failureReason) {
      ctx.addIssue({ code: 'custom', path: ['failureReason'], message: `status ${e.status} needs a failureReason` });
    }
  });

export const NotebookSchema = z.strictObject({
  name: SageMakerName,
  region: Region.optional(),
  instanceType: InstanceType,
  status: z.enum(['Pending', 'InService', 'Stopping', 'Stopped', 'Failed', 'Deleting', 'Updating']).default('InService'),
  failureReason: z.string().max(1024).optional(),
  createdAt: FleetTimeSchema.default('-30d'),
  lastActivity: FleetTimeSchema.optional().describe('Served as LastModifiedTime (SageMaker exposes no notebook activity time)'),
  lifecycleConfigName: SageMakerName.optional().describe('E.g. an auto-stop-idle lifecycle configuration'),
  volumeSizeGb: z.number().int().min(5).max(16384).default(5),
  tags: Tags,
  hourlyPriceUsd: HourlyPrice,
});

export const StudioAppSchema = z
  .strictObject({
    domainId: z.string().regex(/^d-[a-z0-9]+$/, 'expected a Studio domain id like d-abc123xyz'),
    userProfileName: z.string().min(1).max(63).optional(),
    spaceName: z.string().min(1).max(63).optional(),
    appType: z.enum(['JupyterServer', 'KernelGateway', 'JupyterLab', 'CodeEditor', 'RStudioServerPro', 'RSessionGateway', 'Canvas', 'TensorBoard', 'DetailedProfiler']),
    appName: z.string().min(1).max(63),
    region: Region.optional(),
    instanceType: InstanceType.optional().describe('ResourceSpec.InstanceType; system apps have none'),
    status: z.enum(['Deleted', 'Deleting', 'Failed', 'InService', 'Pending']).default('InService'),
    failureReason: z.string().max(1024).optional(),
    createdAt: FleetTimeSchema.default('-7d'),
    tags: Tags,
    hourlyPriceUsd: HourlyPrice,
  })
  .refine((a) => (a.userProfileName === undefined) !== (a.spaceName === undefined), {
    message: 'a Studio app belongs to exactly one of userProfileName or spaceName',
    path: ['userProfileName'],
  });

export const TrainingJobSchema = z
  .strictObject({
    name: SageMakerName,
    region: Region.optional(),
    instanceType: InstanceType,
    instanceCount: z.number().int().min(1).default(1),
    status: z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']).default('InProgress'),
    failureReason: z.string().max(1024).optional(),
    createdAt: FleetTimeSchema.optional().describe('Defaults to startedAt minus 5 minutes'),
    startedAt: FleetTimeSchema.optional().describe('When it started on its instances (TrainingStartTime); omit for an InProgress job still Starting or Pending'),
    endedAt: FleetTimeSchema.optional().describe('Required for Completed, Failed and Stopped jobs'),
    secondaryStatus: z
      .enum(['Starting', 'Pending', 'Downloading'])
      .optional()
      .describe('An InProgress job that stays in this SecondaryStatus (Starting and Pending: not started, omit startedAt; Downloading: started)'),
    maxRuntimeSeconds: z.number().int().min(1).default(86_400),
    gpuUtilPct: z.number().min(0).max(100).default(85),
    tags: Tags,
    hourlyPriceUsd: HourlyPrice,
    algorithm: TrainingAlgorithmSchema.optional().describe('AlgorithmSpecification; default: the AWS PyTorch training image'),
  })
  .refine((j) => j.status === 'InProgress' || j.status === 'Stopping' || j.endedAt !== undefined, {
    message: 'finished training jobs need endedAt',
    path: ['endedAt'],
  })
  .refine((j) => j.startedAt !== undefined || (j.status === 'InProgress' && j.createdAt !== undefined && j.secondaryStatus !== 'Downloading'), {
    message: 'startedAt is required, except for an InProgress job still Starting or Pending (then give createdAt)',
    path: ['startedAt'],
  })
  .refine((j) => j.secondaryStatus === undefined || j.status === 'InProgress', {
    message: 'secondaryStatus is for InProgress jobs',
    path: ['secondaryStatus'],
  });

export const ExtraCostSchema = z
  .strictObject({
    service: z.string().min(1).describe('Cost Explorer SERVICE value, e.g. "Amazon Simple Storage Service"'),
    usageType: z.string().min(1).default('Usage'),
    region: z.string().min(1).optional().describe('REGION value; "global" for global services'),
    dailyUsd: z.number().min(0),
    ...DailyPatternFields,
    usageQuantityPerDay: z.number().min(0).default(0),
    tags: Tags,
    from: FleetTimeSchema.optional(),
    to: FleetTimeSchema.optional(),
  })
  .describe('A cost line that does not come from a SageMaker resource (S3, CloudWatch, data transfer ...).');

export const FleetOptionsSchema = z.strictObject({
  metricsGaps: MetricsGapsSchema.optional().describe('Applied to every endpoint without its own metricsGaps'),
  zeroTrafficDatapoints: z
    .enum(['zero', 'absent'])
    .default('zero')
    .describe('SageMaker publishes Invocations=0 while an endpoint is InService ("zero"); "absent" drops zero-valued request metrics'),
  costExplorerPageSize: z.number().int().min(1).max(5000).default(100).describe('Groups per GetCostAndUsage page'),
  provisioningSeconds: z
    .number()
    .int()
    .min(0)
    .default(360)
    .describe('Virtual seconds a bring-up takes (endpoint Creating/Updating, new copies, notebook Pending, Studio app Pending)'),
  teardownSeconds: z
    .number()
    .int()
    .min(0)
    .default(60)
    .describe('Virtual seconds a take-down shows as Deleting/Stopping; billing and instance metrics stop at once'),
  costAllocationTags: z
    .array(z.string().min(1).max(128))
    .optional()
    .describe('User-defined tag keys activated as cost allocation tags; unset: every key. Cost Explorer groups by an inactive key as if nothing carried it ("key$")'),
});

export const FleetSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    account: z.string().regex(/^\d{12}$/, 'an AWS account id has 12 digits').default('123456789012'),
    defaultRegion: Region.default('us-east-1'),
    options: FleetOptionsSchema.default({ zeroTrafficDatapoints: 'zero', costExplorerPageSize: 100, provisioningSeconds: 360, teardownSeconds: 60 }),
    endpoints: z.array(EndpointSchema).default([]),
    notebooks: z.array(NotebookSchema).default([]),
    studioApps: z.array(StudioAppSchema).default([]),
    trainingJobs: z.array(TrainingJobSchema).default([]),
    extraCosts: z.array(ExtraCostSchema).default([]),
    costAnomalies: z.array(CostAnomalySchema).default([]).describe('What AWS Cost Anomaly Detection reports (GetAnomalies); empty: the account has no monitor or no anomaly'),
    gcp: GcpFleetSchema.optional(),
    azure: AzureFleetSchema.optional(),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, string>();
    const unique = (key: string, path: (string | number)[], what: string) => {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path, message: `duplicate ${what} (also at ${seen.get(key)})` });
      else seen.set(key, path.join('.'));
    };
    const region = (r?: string) => r ?? f.defaultRegion;
    f.endpoints.forEach((e, i) => {
      unique(`endpoint/${region(e.region)}/${e.name.toLowerCase()}`, ['endpoints', i, 'name'], `endpoint name ${e.name} in ${region(e.region)}`);
      e.variants.forEach((v, j) =>
        v.inferenceComponents?.forEach((c, k) =>
          unique(`ic/${region(e.region)}/${c.name.toLowerCase()}`, ['endpoints', i, 'variants', j, 'inferenceComponents', k, 'name'], `inference component ${c.name}`),
        ),
      );
    });
    f.notebooks.forEach((n, i) => unique(`nb/${region(n.region)}/${n.name.toLowerCase()}`, ['notebooks', i, 'name'], `notebook ${n.name}`));
    f.trainingJobs.forEach((j, i) => unique(`tj/${region(j.region)}/${j.name.toLowerCase()}`, ['trainingJobs', i, 'name'], `training job ${j.name}`));
  });

export type Fleet = z.output<typeof FleetSchema>;
export type FleetInput = z.input<typeof FleetSchema>;
export type FleetEndpoint = z.output<typeof EndpointSchema>;
export type FleetVariant = FleetEndpoint['variants'][number];
export type FleetInferenceComponent = z.output<typeof InferenceComponentSchema>;
export type FleetNotebook = z.output<typeof NotebookSchema>;
export type FleetStudioApp = z.output<typeof StudioAppSchema>;
export type FleetTrainingJob = z.output<typeof TrainingJobSchema>;
export type FleetExtraCost = z.output<typeof ExtraCostSchema>;
export type FleetCostAnomaly = z.output<typeof CostAnomalySchema>;
export type { GcpFleet } from './gcp/gcp-fleet-schema';
export type { AzureFleet } from './azure/azure-fleet-schema';
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/** The fleet description as a JSON Schema (draft 2020-12), for editors and docs/fleet.schema.json. */
export function fleetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FleetSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'fleet.schema.json',
    title: 'ml-watchdog simulator fleet',
    description:
      'A simulated cloud fleet for the ml-watchdog local simulator: SageMaker endpoints, notebooks, Studio apps and training jobs with traffic patterns over time, plus extra cost lines; optionally Google Vertex AI endpoints, Workbench instances and custom jobs (gcp); Azure Machine Learning online endpoints, compute instances and jobs (azure).',
  };
}
