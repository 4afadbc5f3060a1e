import { z } from 'zod';
import { DailyPatternFields } from '../daily-pattern';
import { FleetTimeSchema, TrafficPatternSchema } from '../pattern-schema';
import { numericId } from './gcp-ids';

/**
 * The optional `gcp` section of a fleet: Vertex AI endpoints with their deployed models, Workbench instances, custom
 * jobs and the billing export, in one or more projects. Names follow the Google wire shapes (displayName, labels ...)
 * so a fleet reads like what the APIs return.
 */

// Google label rules: keys start with a lower-case letter, keys and values are <= 63 chars of [a-z0-9_-].
// (https://cloud.google.com/resource-manager/docs/labels-overview#requirements)
const Labels = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'label keys are 1-63 lower-case letters, digits, _ or -, starting with a letter'),
    z.string().regex(/^[a-z0-9_-]{0,63}$/, 'label values are 0-63 lower-case letters, digits, _ or -'),
  )
  .default({});
const ProjectId = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a project id is 6-30 lower-case letters, digits and hyphens, starting with a letter');
const Location = z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'expected a Google Cloud region like us-central1');
const Zone = z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, 'expected a Google Cloud zone like us-central1-a');
const NumericId = z.string().regex(/^[1-9]\d{0,18}$/, 'Vertex AI ids are decimal numbers (int64) without leading zeros');
const MachineType = z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, 'expected a Compute Engine machine type like n1-standard-8 or a2-highgpu-1g');
const AcceleratorType = z.string().regex(/^(NVIDIA_[A-Z0-9_]+|TPU_[A-Z0-9_]+)$/, 'expected an AcceleratorType enum word like NVIDIA_TESLA_T4 or NVIDIA_L4');

export const GcpProjectSchema = z.strictObject({
  id: ProjectId,
  number: z.string().regex(/^\d{12}$/, 'a project number has 12 digits'),
});

export const GcpDeployedModelSchema = z
  .strictObject({
    id: NumericId.optional().describe('DeployedModel.id; derived deterministically from the endpoint and displayName when absent'),
    displayName: z.string().min(1).max(128),
    model: z.string().min(1).describe('Model resource id (the last segment of projects/N/locations/L/models/M) or its full name'),
    modelVersionId: z
      .string()
      .regex(/^[1-9]\d*$/, 'Model Registry version ids are 1, 2, 3 ...')
      .default('1')
      .describe('DeployedModel.modelVersionId: the Model Registry version deployed (output only on the wire; default 1)'),
    resources: z
      .enum(['dedicated', 'automatic', 'shared'])
      .default('dedicated')
      .describe('DeployedModel.prediction_resources: dedicatedResources, automaticResources or sharedResources (a DeploymentResourcePool bills, not the model)'),
    sharedPool: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).optional().describe('Deployment resource pool id; required for resources "shared"'),
    machineType: MachineType.default('n1-standard-2').describe('machineSpec.machineType (Vertex AI default n1-standard-2)'),
    acceleratorType: AcceleratorType.optional(),
    acceleratorCount: z.number().int().min(0).default(0),
    minReplicas: z.number().int().min(0).default(1).describe('minReplicaCount; 0 only exists with the v1beta1 scale-to-zero preview'),
    maxReplicas: z.number().int().min(1).optional().describe('maxReplicaCount; defaults to minReplicas (at least 1)'),
    replicas: z.number().int().min(0).optional().describe('Replicas running now (status.availableReplicaCount); defaults to minReplicas'),
    trafficPct: z.number().int().min(0).max(100).default(100).describe("This model's share of the endpoint's trafficSplit"),
    traffic: TrafficPatternSchema.default({ type: 'idle', gpuUtilPct: 0 }),
    createdAt: FleetTimeSchema.optional().describe('Defaults to the endpoint creation time'),
    latencyMs: z.number().positive().default(40).describe('Mean model latency (prediction_latencies latency_type="model")'),
    errorRatePct: z.number().min(0).max(100).default(0).describe('Share of predictions failing (error_count) at all times'),
    gpuMemoryUtilPct: z.number().min(0).max(100).default(35).describe('Accelerator memory in use per replica while serving, % of its accelerators\' memory (accelerator/memory/bytes_used)'),
    telemetryGapPct: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe('Share of 5-minute blocks with no Cloud Monitoring point at all (agent outage), so coverage logic can be exercised'),
    statusMessage: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe("DeployedModel.status.message: Vertex's latest status words, e.g. why replicas below minReplicas cannot be placed"),
  })
  .superRefine((m, ctx) => {
    if (m.resources === 'shared' && !m.sharedPool) ctx.addIssue({ code: 'custom', path: ['sharedPool'], message: 'resources "shared" needs sharedPool (the deployment resource pool id)' });
    if (m.resources !== 'shared' && m.sharedPool) ctx.addIssue({ code: 'custom', path: ['sharedPool'], message: 'sharedPool only goes with resources "shared"' });
    if (m.acceleratorType && m.acceleratorCount === 0) ctx.addIssue({ code: 'custom', path: ['acceleratorCount'], message: `acceleratorType ${m.acceleratorType} needs acceleratorCount >= 1` });
    if (!m.acceleratorType && m.acceleratorCount > 0) ctx.addIssue({ code: 'custom', path: ['acceleratorType'], message: 'acceleratorCount > 0 needs an acceleratorType' });
    if (m.maxReplicas !== undefined && m.maxReplicas < m.minReplicas) ctx.addIssue({ code: 'custom', path: ['maxReplicas'], message: 'maxReplicas must not be below minReplicas' });
    const max = m.maxReplicas ?? Math.max(1, m.minReplicas);
    if (m.replicas !== undefined && m.replicas > max) ctx.addIssue({ code: 'custom', path: ['replicas'], message: `replicas ${m.replicas} exceed maxReplicas ${max}` });
  });

export const GcpEndpointSchema = z
  .strictObject({
    displayName: z.string().min(1).max(128),
    id: NumericId.optional().describe('Endpoint id; derived deterministically from project, location and displayName when absent'),
    project: ProjectId.optional().describe('Defaults to the first project'),
    location: Location.optional().describe('Defaults to gcp.defaultLocation'),
    description: z.string().max(2048).optional(),
    labels: Labels,
    createdAt: FleetTimeSchema.default('-30d'),
    deployedModels: z.array(GcpDeployedModelSchema).default([]),
    failedDeploys: z
      .array(
        z.strictObject({
          at: FleetTimeSchema.describe('When the DeployModel operation ended'),
          code: z.number().int().min(1).max(16).default(8).describe('google.rpc.Code of the error (8 RESOURCE_EXHAUSTED: quotas and stockouts)'),
          message: z.string().min(1).max(1024).describe("Google's error message, e.g. \"The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus\""),
        }),
      )
      .default([])
      .describe('DeployModel operations that failed: listed under the endpoint (GET {endpoint}/operations), done with an error; no DeployedModel is left behind'),
  })
  .superRefine((e, ctx) => {
    const total = e.deployedModels.reduce((s, m) => s + m.trafficPct, 0);
    // Vertex AI: "traffic split values must add up to 100" once the endpoint has deployed models.
    if (e.deployedModels.length > 0 && total !== 100) {
      ctx.addIssue({ code: 'custom', path: ['deployedModels'], message: `the deployed models' trafficPct must add up to 100 (they add up to ${total})` });
    }
  });

export const WORKBENCH_STATES = ['STARTING', 'PROVISIONING', 'ACTIVE', 'STOPPING', 'STOPPED', 'DELETED', 'UPGRADING', 'INITIALIZING', 'SUSPENDING', 'SUSPENDED'] as const;

export const GcpWorkbenchSchema = z.strictObject({
  id: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'Workbench instance ids are 1-63 lower-case letters, digits and hyphens'),
  project: ProjectId.optional().describe('Defaults to the first project'),
  zone: Zone,
  machineType: MachineType,
  accelerators: z.array(z.strictObject({ type: AcceleratorType, coreCount: z.number().int().min(1) })).default([]),
  state: z.enum(WORKBENCH_STATES).default('ACTIVE'),
  idleTimeoutSeconds: z.number().int().min(600).optional().describe("gceSetup.metadata['idle-timeout-seconds']; absent = no idle shutdown"),
  creator: z.string().optional(),
  labels: Labels,
  createdAt: FleetTimeSchema.default('-30d'),
  stoppedAt: FleetTimeSchema.optional().describe('For STOPPED instances: when they stopped (default: createdAt)'),
  startedAt: FleetTimeSchema.optional().describe('For running instances: when they were last started (served as updateTime; billing runs from it; default: createdAt)'),
  gpuUtilPct: z.number().min(0).max(100).default(0),
});

export const JOB_STATES = [
  'JOB_STATE_QUEUED',
  'JOB_STATE_PENDING',
  'JOB_STATE_RUNNING',
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLING',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_PAUSED',
  'JOB_STATE_EXPIRED',
] as const;
export const FINISHED_JOB_STATES: ReadonlySet<string> = new Set(['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED']);

export const GcpCustomJobSchema = z
  .strictObject({
    displayName: z.string().min(1).max(128),
    id: NumericId.optional().describe('Derived deterministically from project, location and displayName when absent'),
    project: ProjectId.optional(),
    location: Location.optional(),
    machineType: MachineType,
    acceleratorType: AcceleratorType.optional(),
    acceleratorCount: z.number().int().min(0).default(0),
    replicaCount: z.number().int().min(1).default(1),
    state: z.enum(JOB_STATES).default('JOB_STATE_RUNNING'),
    createdAt: FleetTimeSchema.optional().describe('Defaults to startedAt minus 5 minutes'),
    startedAt: FleetTimeSchema,
    endedAt: FleetTimeSchema.optional().describe('Required for finished jobs (SUCCEEDED, FAILED, CANCELLED, EXPIRED)'),
    timeoutSeconds: z.number().int().min(1).default(604_800).describe('jobSpec.scheduling.timeout (Vertex AI default 7 days)'),
    labels: Labels,
    imageUri: z.string().min(1).optional().describe("workerPoolSpecs[0].containerSpec.imageUri; default: the project's own Artifact Registry image"),
  })
  .superRefine((j, ctx) => {
    if (FINISHED_JOB_STATES.has(j.state) && !j.endedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `a ${j.state} job needs endedAt` });
    if (j.acceleratorType && j.acceleratorCount === 0) ctx.addIssue({ code: 'custom', path: ['acceleratorCount'], message: `acceleratorType ${j.acceleratorType} needs acceleratorCount >= 1` });
  });

/**
 * A Vertex AI Model (models.get) that deployed models name by id. Without an entry, a deployed model's model is the
 * customer's own container in the project's Artifact Registry (sourceType CUSTOM).
 */
export const GcpModelSchema = z.strictObject({
  id: NumericId.describe('The model id deployedModels[].model names'),
  project: ProjectId.optional().describe('Defaults to the first project'),
  location: Location.optional().describe('Defaults to gcp.defaultLocation'),
  displayName: z.string().min(1).max(128),
  imageUri: z.string().min(1).optional().describe('containerSpec.imageUri; absent for AutoML / BigQuery ML models'),
  artifactUri: z.string().regex(/^gs:\/\//, 'a gs:// URI').optional(),
  sourceType: z.enum(['AUTOML', 'CUSTOM', 'BQML', 'MODEL_GARDEN', 'GENIE', 'CUSTOM_TEXT_EMBEDDING', 'MARKETPLACE']).default('CUSTOM').describe('modelSourceInfo.sourceType'),
  publicModelName: z
    .string()
    .regex(/^publishers\/[a-z0-9-]+\/models\/[a-z0-9.@-]+$/, 'a Model Garden name such as publishers/google/models/gemma2')
    .optional()
    .describe('baseModelSource.modelGardenSource.publicModelName'),
  exportFormats: z.array(z.string().min(1)).default([]).describe('supportedExportFormats[].id (tflite, edgetpu-tflite, tf-saved-model, core-ml ...)'),
});

/**
 * Spend in the export that is not a Vertex AI machine: Cloud Logging ingestion, Networking egress, Cloud NAT, Artifact
 * Registry storage ... around the ML platform, so hidden-cost and anomaly scenarios have Google data to read.
 */
export const GcpExtraCostSchema = z.strictObject({
  project: ProjectId.optional().describe('Project billed; defaults to the export project'),
  service: z.string().min(1).describe('service.description, e.g. "Cloud Logging", "Networking", "Cloud Storage"'),
  sku: z.string().min(1).describe('sku.description, e.g. "Log Volume"'),
  region: z.string().min(1).optional().describe('location.region; unset (NULL) for global or multi-region services'),
  resourceName: z.string().min(1).optional().describe('resource.name in the detailed export'),
  labels: Labels,
  dailyCost: z.number().min(0).describe('USD per full day at `from`'),
  ...DailyPatternFields,
  usageUnit: z.string().min(1).default('count'),
  usageAmountPerDay: z.number().min(0).default(0),
  from: FleetTimeSchema.optional().describe('When the spend starts; default: always'),
  to: FleetTimeSchema.optional().describe('When it stops; default: never'),
});

export const GcpBillingExportSchema = z.strictObject({
  project: ProjectId,
  dataset: z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, 'BigQuery dataset ids are letters, digits and underscores'),
  table: z.string().regex(/^gcp_billing_export_(resource_)?v1_[0-9A-F]{6}_[0-9A-F]{6}_[0-9A-F]{6}$/, 'expected gcp_billing_export_resource_v1_<ACCOUNT> or gcp_billing_export_v1_<ACCOUNT>'),
  location: z.string().min(1).default('US'),
  billingAccountId: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, 'a billing account id looks like 01A2B3-C4D5E6-F7A8B9'),
  createdAt: FleetTimeSchema.default('-60d'),
  extraCosts: z.array(GcpExtraCostSchema).default([]),
});

const GcpFleetObject = z.strictObject({
    projects: z.array(GcpProjectSchema).min(1),
    defaultLocation: Location.default('us-central1'),
    endpoints: z.array(GcpEndpointSchema).default([]),
    workbenchInstances: z.array(GcpWorkbenchSchema).default([]),
    customJobs: z.array(GcpCustomJobSchema).default([]),
    models: z.array(GcpModelSchema).default([]).describe('Vertex AI models (models.get) that deployed models name'),
    billingExport: GcpBillingExportSchema.optional(),
});

export type GcpFleet = z.output<typeof GcpFleetObject>;

export const GcpFleetSchema = GcpFleetObject.superRefine((g, ctx) => checkGcpFleet(g, ctx)).describe(
  'Google Cloud: Vertex AI endpoints, Workbench instances, custom jobs and the Cloud Billing export.',
);
export type GcpFleetEndpoint = z.output<typeof GcpEndpointSchema>;
export type GcpFleetExtraCost = z.output<typeof GcpExtraCostSchema>;
export type GcpFleetModel = z.output<typeof GcpModelSchema>;
export type GcpFleetDeployedModel = z.output<typeof GcpDeployedModelSchema>;
export type GcpFleetWorkbench = z.output<typeof GcpWorkbenchSchema>;
export type GcpFleetCustomJob = z.output<typeof GcpCustomJobSchema>;
export type WorkbenchState = (typeof WORKBENCH_STATES)[number];
export type JobState = (typeof JOB_STATES)[number];

/** Cross-references the section's parts: known projects, unique ids (derived ones included). */
function checkGcpFleet(g: GcpFleet, ctx: z.RefinementCtx, at: (string | number)[] = []): void {
  const projects = new Set(g.projects.map((p) => p.id));
  const numbers = new Set<string>();
  g.projects.forEach((p, i) => {
    if (numbers.has(p.number)) ctx.addIssue({ code: 'custom', path: [...at, 'projects', i, 'number'], message: `duplicate project number ${p.number}` });
    numbers.add(p.number);
  });
  const seen = new Map<string, string>();
  const unique = (key: string, path: (string | number)[], what: string) => {
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [...at, ...path], message: `duplicate ${what} (also at ${seen.get(key)}); give one of them an explicit id` });
    else seen.set(key, path.join('.'));
  };
  const project = (p: string | undefined, path: (string | number)[]) => {
    if (p !== undefined && !projects.has(p)) ctx.addIssue({ code: 'custom', path: [...at, ...path], message: `project ${p} is not in gcp.projects` });
    return p ?? g.projects[0]!.id;
  };
  g.endpoints.forEach((e, i) => {
    const p = project(e.project, ['endpoints', i, 'project']);
    const loc = e.location ?? g.defaultLocation;
    const id = e.id ?? endpointSeedId(p, loc, e.displayName);
    unique(`ep/${p}/${loc}/${id}`, ['endpoints', i, 'id'], `endpoint id ${id} in ${p}/${loc}`);
    e.deployedModels.forEach((m, j) => {
      const mid = m.id ?? deployedModelSeedId(id, m.displayName);
      unique(`dm/${id}/${mid}`, ['endpoints', i, 'deployedModels', j, 'id'], `deployed model id ${mid} on endpoint ${e.displayName}`);
    });
  });
  g.workbenchInstances.forEach((w, i) => {
    const p = project(w.project, ['workbenchInstances', i, 'project']);
    unique(`wb/${p}/${w.zone}/${w.id}`, ['workbenchInstances', i, 'id'], `Workbench instance ${w.id} in ${p}/${w.zone}`);
  });
  g.customJobs.forEach((j, i) => {
    const p = project(j.project, ['customJobs', i, 'project']);
    const loc = j.location ?? g.defaultLocation;
    const id = j.id ?? customJobSeedId(p, loc, j.displayName);
    unique(`cj/${p}/${loc}/${id}`, ['customJobs', i, 'id'], `custom job id ${id} in ${p}/${loc}`);
  });
  g.models.forEach((m, i) => {
    const p = project(m.project, ['models', i, 'project']);
    unique(`model/${p}/${m.location ?? g.defaultLocation}/${m.id}`, ['models', i, 'id'], `model id ${m.id}`);
  });
  if (g.billingExport) {
    project(g.billingExport.project, ['billingExport', 'project']);
    g.billingExport.extraCosts.forEach((c, i) => project(c.project, ['billingExport', 'extraCosts', i, 'project']));
  }
}

export const endpointSeedId = (project: string, location: string, displayName: string) => numericId(`endpoint/${project}/${location}/${displayName}`);
export const deployedModelSeedId = (endpointId: string, displayName: string) => numericId(`deployed-model/${endpointId}/${displayName}`);
export const customJobSeedId = (project: string, location: string, displayName: string) => numericId(`custom-job/${project}/${location}/${displayName}`);
