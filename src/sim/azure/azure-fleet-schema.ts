import { z } from 'zod';
import { FleetTimeSchema, TrafficPatternSchema } from '../pattern-schema';
import { AzureBillingSchema } from './azure-billing-schema';
import { vmPrice } from './vm-prices';

/**
 * The optional `azure` section of a fleet: Azure Machine Learning workspaces with managed online endpoints (and their
 * deployments), compute instances and jobs, in one or more subscriptions. Names follow the ARM wire shapes (tags,
 * sku.capacity, provisioningState ...) so a fleet reads like what the APIs return.
 */

const Guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID such as 00000000-0000-0000-0000-000000000000');
const ResourceGroup = z.string().regex(/^[-\w._()]{0,89}[-\w_()]$/, 'an Azure resource group name (1-90 letters, digits, - _ . ( ), not ending in .)');
const WorkspaceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, 'an Azure Machine Learning workspace name (3-33 letters, digits, - and _)');
const Location = z.string().regex(/^[a-z]+[a-z0-9]*$/, 'expected an Azure region name like eastus or westeurope');
// Online endpoint names: 3-32 chars, start with a letter, letters, digits and hyphens (Azure ML naming rules).
const EndpointName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/, 'an online endpoint name is 3-32 letters, digits and -, starting with a letter');
const DeploymentName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/, 'a deployment name is 3-32 letters, digits and -, starting with a letter');
const ComputeName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}$/, 'a compute name is 2-24 letters, digits and -, starting with a letter');
// Azure tag rules: up to 50 tags, names <= 512 chars without < > % & \ ? /, values <= 256 chars.
const Tags = z
  .record(z.string().regex(/^[^<>%&\\?/]{1,512}$/, 'tag names are 1-512 characters without < > % & \\ ? /'), z.string().max(256, 'tag values are at most 256 characters'))
  .refine((t) => Object.keys(t).length <= 50, 'at most 50 tags per resource')
  .default({});
const VmSize = z
  .string()
  .regex(/^Standard_[A-Za-z0-9_]+$/i, 'expected an Azure VM size like Standard_NC24ads_A100_v4')
  .refine((s) => vmPrice(s) !== undefined, { message: 'the simulator has no price for this VM size; use one of src/sim/azure/vm-prices.ts' });
const Pct = z.number().min(0).max(100);

export const DEPLOYMENT_PROVISIONING_STATES = ['Creating', 'Deleting', 'Scaling', 'Updating', 'Succeeded', 'Failed', 'Canceled'] as const;
export type DeploymentProvisioningState = (typeof DEPLOYMENT_PROVISIONING_STATES)[number];

export const AzureDeploymentSchema = z
  .strictObject({
    name: DeploymentName,
    instanceType: VmSize.describe('properties.instanceType, e.g. Standard_NC24ads_A100_v4'),
    instanceCount: z.number().int().min(1, 'managed online deployments run at least 1 instance (they cannot scale to zero)').default(1).describe('sku.capacity'),
    scaleSettings: z
      .discriminatedUnion('scaleType', [
        z.strictObject({ scaleType: z.literal('Default') }),
        z.strictObject({ scaleType: z.literal('TargetUtilization'), minInstances: z.number().int().min(1), maxInstances: z.number().int().min(1) }),
      ])
      .optional()
      .describe('properties.scaleSettings (Default when absent)'),
    model: z
      .string()
      .regex(/^(azureml:[^:]+:[^:]+|azureml:\/\/.+|\/subscriptions\/.+)$/i, 'model is azureml:<name>:<version>, an azureml:// URI or a model ARM id')
      .describe('properties.model'),
    environment: z.string().min(1).optional().describe('properties.environmentId'),
    codeConfiguration: z.strictObject({ codeId: z.string().min(1), scoringScript: z.string().min(1) }).optional(),
    trafficPct: z.number().int().min(0).max(100).default(100).describe("This deployment's share of the endpoint's traffic map"),
    traffic: TrafficPatternSchema.default({ type: 'idle', gpuUtilPct: 0 }),
    createdAt: FleetTimeSchema.optional().describe('Defaults to the endpoint creation time'),
    latencyMs: z.number().positive().default(40).describe('Mean RequestLatency (ms)'),
    errorRatePct: Pct.default(0).describe('Share of requests answered 5xx at all times'),
    telemetryGapPct: Pct.default(0).describe('Share of 5-minute blocks in which this deployment emits no metric at all'),
    gpuMemoryUtilPct: Pct.optional().describe('GPU memory in use per GPU while the model is loaded (GpuMemoryUtilizationPercentage); default 35 % + 0.4 x GPU utilisation'),
    provisioningState: z.enum(['Succeeded', 'Failed']).default('Succeeded').describe('Failed: the deployment exists without instances'),
    error: z
      .strictObject({
        code: z.string().regex(/^[A-Za-z]+$/).describe('The service error code, e.g. OutOfQuota, OutOfCapacity, ImageBuildFailure, ResourceNotReady'),
        message: z.string().min(1).max(1024),
      })
      .optional()
      .describe("Failed only: the deployment operation's error, found in the Activity Log (properties.statusMessage), not on the deployment"),
    tags: Tags,
  })
  .superRefine((d, ctx) => {
    if (d.error && d.provisioningState !== 'Failed') ctx.addIssue({ code: 'custom', path: ['error'], message: 'error goes with provisioningState Failed' });
    const s = d.scaleSettings;
    if (s?.scaleType === 'TargetUtilization' && s.maxInstances < s.minInstances) ctx.addIssue({ code: 'custom', path: ['scaleSettings', 'maxInstances'], message: 'maxInstances must not be below minInstances' });
  });

export const AzureEndpointSchema = z
  .strictObject({
    name: EndpointName,
    workspace: WorkspaceName.describe('Name of a workspace in azure.workspaces'),
    description: z.string().max(1024).optional(),
    tags: Tags,
    authMode: z.enum(['Key', 'AMLToken', 'AADToken']).default('Key'),
    createdAt: FleetTimeSchema.default('-30d'),
    deployments: z.array(AzureDeploymentSchema).default([]),
  })
  .superRefine((e, ctx) => {
    const total = e.deployments.reduce((s, d) => s + d.trafficPct, 0);
    // Azure ML: the traffic values of an endpoint add up to 100 (or are all 0: nothing routed without a header).
    if (e.deployments.length > 0 && total !== 100 && total !== 0) {
      ctx.addIssue({ code: 'custom', path: ['deployments'], message: `the deployments' trafficPct must add up to 100 or 0 (they add up to ${total})` });
    }
    const seen = new Set<string>();
    e.deployments.forEach((d, i) => {
      if (seen.has(d.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['deployments', i, 'name'], message: `duplicate deployment ${d.name} on endpoint ${e.name}` });
      seen.add(d.name.toLowerCase());
      if (d.provisioningState === 'Failed' && d.trafficPct > 0) ctx.addIssue({ code: 'custom', path: ['deployments', i, 'trafficPct'], message: 'a Failed deployment cannot take traffic' });
    });
  });

export const COMPUTE_INSTANCE_STATES = [
  'Creating',
  'CreateFailed',
  'Deleting',
  'Running',
  'Restarting',
  'JobRunning',
  'SettingUp',
  'SetupFailed',
  'Starting',
  'Stopped',
  'Stopping',
  'UserSettingUp',
  'UserSetupFailed',
  'Unknown',
  'Unusable',
] as const;
export type ComputeInstanceState = (typeof COMPUTE_INSTANCE_STATES)[number];
/** States in which the VM runs (and bills). */
export const RUNNING_COMPUTE_STATES: ReadonlySet<string> = new Set(['Running', 'Restarting', 'JobRunning', 'SettingUp', 'Starting', 'Stopping', 'UserSettingUp']);

export const AzureComputeInstanceSchema = z.strictObject({
  name: ComputeName,
  workspace: WorkspaceName,
  vmSize: VmSize,
  state: z.enum(COMPUTE_INSTANCE_STATES).default('Running'),
  idleShutdownMinutes: z.number().int().min(15).max(4320).optional().describe("properties.idleTimeBeforeShutdown ('PT60M'); absent = no idle shutdown"),
  createdBy: z.string().min(1).default('someone@contoso.com').describe('properties.createdBy.userName'),
  createdAt: FleetTimeSchema.default('-30d'),
  stoppedAt: FleetTimeSchema.optional().describe('For Stopped instances: when they stopped (default: createdAt)'),
  startedAt: FleetTimeSchema.optional().describe("For running instances: their last start (properties.lastOperation 'Start'; billing runs from it); absent: running since createdAt, no lastOperation"),
  tags: Tags,
  gpuUtilPct: Pct.default(0),
});

export const JOB_STATUSES = ['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued', 'Running', 'Finalizing', 'CancelRequested', 'Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused', 'Unknown'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_JOB_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Canceled']);

export const AzureJobSchema = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/, 'a job name is letters, digits, - and _'),
    workspace: WorkspaceName,
    displayName: z.string().min(1).optional(),
    experimentName: z.string().min(1).default('Default'),
    jobType: z.literal('Command').default('Command'),
    status: z.enum(JOB_STATUSES).default('Running'),
    compute: ComputeName.describe('Name of the compute cluster the job runs on'),
    instanceType: VmSize,
    instanceCount: z.number().int().min(1).default(1),
    createdAt: FleetTimeSchema.optional().describe('Defaults to startedAt minus 5 minutes'),
    startedAt: FleetTimeSchema,
    endedAt: FleetTimeSchema.optional().describe('Required for finished jobs (Completed, Failed, Canceled)'),
    tags: Tags,
  })
  .superRefine((j, ctx) => {
    if (FINISHED_JOB_STATUSES.has(j.status) && !j.endedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `a ${j.status} job needs endedAt` });
    if (!FINISHED_JOB_STATUSES.has(j.status) && j.endedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `a ${j.status} job has not ended; drop endedAt` });
  });

export const AzureClusterSchema = z.strictObject({
  name: ComputeName,
  workspace: WorkspaceName,
  vmSize: VmSize,
  minNodeCount: z.number().int().min(0).default(0),
  maxNodeCount: z.number().int().min(1).default(4),
  createdAt: FleetTimeSchema.default('-60d'),
  tags: Tags,
});

const AzureFleetObject = z.strictObject({
  subscriptions: z.array(z.strictObject({ id: Guid, tenantId: Guid.optional() })).min(1),
  defaultLocation: Location.default('eastus'),
  listPageSize: z.number().int().min(1).max(1000).default(100).describe('Items per ARM list page before a nextLink'),
  workspaces: z
    .array(z.strictObject({ name: WorkspaceName, subscription: Guid.optional(), resourceGroup: ResourceGroup, location: Location.optional(), createdAt: FleetTimeSchema.default('-180d'), tags: Tags }))
    .default([]),
  endpoints: z.array(AzureEndpointSchema).default([]),
  computeInstances: z.array(AzureComputeInstanceSchema).default([]),
  jobs: z.array(AzureJobSchema).default([]),
  clusters: z.array(AzureClusterSchema).optional().describe('AmlCompute clusters; a job on a cluster not listed gets one implied'),
  billing: AzureBillingSchema.prefault({}),
});

export type AzureFleet = z.output<typeof AzureFleetObject>;
export type AzureFleetEndpoint = z.output<typeof AzureEndpointSchema>;
export type AzureFleetDeployment = z.output<typeof AzureDeploymentSchema>;
export type AzureFleetComputeInstance = z.output<typeof AzureComputeInstanceSchema>;
export type AzureFleetJob = z.output<typeof AzureJobSchema>;

export const AzureFleetSchema = AzureFleetObject.superRefine((a, ctx) => checkAzureFleet(a, ctx)).describe(
  'Azure Machine Learning: workspaces with managed online endpoints and deployments, compute instances and jobs.',
);

/** Cross-references: subscriptions known, workspaces unique and known, names unique per workspace. */
function checkAzureFleet(a: AzureFleet, ctx: z.RefinementCtx): void {
  const subs = new Set(a.subscriptions.map((s) => s.id.toLowerCase()));
  const unique = new Map<string, string>();
  const once = (key: string, path: (string | number)[], what: string) => {
    const k = key.toLowerCase();
    if (unique.has(k)) ctx.addIssue({ code: 'custom', path, message: `duplicate ${what} (also at ${unique.get(k)})` });
    else unique.set(k, path.join('.'));
  };
  a.subscriptions.forEach((s, i) => once(`sub/${s.id}`, ['subscriptions', i, 'id'], `subscription ${s.id}`));
  const workspaces = new Set<string>();
  a.workspaces.forEach((w, i) => {
    if (w.subscription && !subs.has(w.subscription.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['workspaces', i, 'subscription'], message: `subscription ${w.subscription} is not in azure.subscriptions` });
    // The watchdog and this simulator refer to a workspace by name alone in the fleet, so names are unique fleet-wide.
    once(`ws/${w.name}`, ['workspaces', i, 'name'], `workspace ${w.name}`);
    workspaces.add(w.name.toLowerCase());
  });
  const known = (ws: string, path: (string | number)[]) => {
    if (!workspaces.has(ws.toLowerCase())) ctx.addIssue({ code: 'custom', path, message: `workspace ${ws} is not in azure.workspaces` });
  };
  a.endpoints.forEach((e, i) => {
    known(e.workspace, ['endpoints', i, 'workspace']);
    // Endpoint names are unique per region (they form the scoring host name); per workspace is the least we check.
    once(`ep/${e.workspace}/${e.name}`, ['endpoints', i, 'name'], `endpoint ${e.name} in workspace ${e.workspace}`);
  });
  a.computeInstances.forEach((c, i) => {
    known(c.workspace, ['computeInstances', i, 'workspace']);
    once(`compute/${c.workspace}/${c.name}`, ['computeInstances', i, 'name'], `compute ${c.name} in workspace ${c.workspace}`);
  });
  (a.clusters ?? []).forEach((c, i) => {
    known(c.workspace, ['clusters', i, 'workspace']);
    once(`compute/${c.workspace}/${c.name}`, ['clusters', i, 'name'], `compute ${c.name} in workspace ${c.workspace}`);
  });
  a.jobs.forEach((j, i) => {
    known(j.workspace, ['jobs', i, 'workspace']);
    once(`job/${j.workspace}/${j.name}`, ['jobs', i, 'name'], `job ${j.name} in workspace ${j.workspace}`);
    if (a.computeInstances.some((c) => c.workspace.toLowerCase() === j.workspace.toLowerCase() && c.name.toLowerCase() === j.compute.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['jobs', i, 'compute'], message: `${j.compute} is a compute instance; jobs here run on clusters` });
    }
  });
}
