import { z } from 'zod';
import { FINDING_KINDS } from '../domain/finding';
import { azureConfigSchema } from './azure-schema';
import { detectorsSchema } from './detectors-schema';
import { reportSchema } from './report-schema';

/**
 * The one configuration file (watchdog.config.yaml). Strict everywhere: an unknown key is an error,
 * so a typo never silently falls back to a default. Every leaf can also be set by an environment
 * variable named after its path (see env.ts): `notify.slack.defaultChannel` -> WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANNEL.
 */

const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as us-east-1');
const tagKey = z.string().min(1).max(128);

export const awsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Read AWS SageMaker AI.'),
    regions: z.array(awsRegion).min(1).default(['us-east-1']).describe('Regions to inventory.'),
    /** Base URL of an AWS-compatible endpoint (the simulator); unset in production. */
    endpointUrl: z.url().optional().describe('Override every AWS API endpoint (the local simulator). Leave unset for real AWS.'),
    costExplorer: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Read billed cost from Cost Explorer ($0.01 per request).'),
        cacheHours: z.number().min(1).max(168).default(6).describe('Reuse a Cost Explorer answer for this long per query.'),
        lookbackDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(14)
          .describe('Days of billed cost to read at least (daily granularity); more when the cost-anomaly baseline needs them (baselineWeeks x 7 + 1).'),
        anomalies: z
          .boolean()
          .default(true)
          .describe('Read AWS Cost Anomaly Detection (GetAnomalies, last 7 days, cached like the cost queries) and merge its anomalies into cost-anomaly findings.'),
      })
      .prefault({}),
    maxConcurrency: z.number().int().min(1).max(32).default(8).describe('Parallel Describe* calls per region.'),
  })
  .describe('AWS SageMaker AI');

const gcpProject = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a Google Cloud project id such as my-ml-project (6-30 lowercase letters, digits, hyphens)');
const gcpLocation = z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'a Google Cloud region such as us-central1');
const bigQueryName = z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, 'letters, digits and underscores');

export const gcpConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Read Google Vertex AI.'),
    projects: z.array(gcpProject).default([]).describe('Projects to inventory (Vertex AI endpoints, Workbench instances, custom training jobs).'),
    locations: z.array(gcpLocation).min(1).default(['us-central1']).describe('Vertex AI regions to inventory; each has its own hostname ({location}-aiplatform.googleapis.com).'),
    workbenchLocations: z
      .array(z.string().regex(/^(-|[a-z]+-[a-z]+\d+(-[a-z])?)$/, 'a zone such as us-central1-a, or "-" for every zone'))
      .default(['-'])
      .describe('Workbench instance zones to list; "-" lists every zone of a project in one call.'),
    endpointUrl: z
      .url()
      .optional()
      .describe('Override every Google API base URL (the local simulator). Leave unset for real Google Cloud.'),
    credentials: z
      .strictObject({
        source: z
          .enum(['adc', 'ssm', 'secrets-manager'])
          .default('adc')
          .describe('adc: Application Default Credentials (local runs); ssm: a workload identity federation (external_account) JSON in an SSM SecureString; secrets-manager: a service-account key JSON in Secrets Manager.'),
        parameter: z
          .string()
          .min(1)
          .optional()
          .describe('SSM parameter name (source ssm) or Secrets Manager secret id/ARN (source secrets-manager).'),
      })
      .prefault({})
      .describe('How the watchdog authenticates to Google Cloud. On Lambda never the metadata server.'),
    billingExport: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Read billed cost from the BigQuery billing export.'),
        project: gcpProject.optional().describe('Project holding the export dataset (and paying for the query); defaults to the first of `projects`.'),
        dataset: bigQueryName.optional().describe('Dataset of the Cloud Billing export.'),
        table: bigQueryName
          .optional()
          .describe('Export table: gcp_billing_export_resource_v1_<ACCOUNT> (detailed, per-resource cost) or gcp_billing_export_v1_<ACCOUNT> (standard).'),
        location: z.string().min(2).optional().describe('BigQuery location of the dataset (US, EU, a region); unset lets BigQuery decide.'),
        lookbackDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(14)
          .describe('Days of billed cost to read at least (daily); more when the cost-anomaly baseline needs them.'),
        maxBytesBilled: z
          .number()
          .int()
          .min(10_485_760)
          .default(10_737_418_240)
          .describe('Refuse a query that would scan more than this (bytes; default 10 GiB), so a misconfigured table never runs up a bill.'),
        cacheHours: z.number().min(1).max(168).default(6).describe('Reuse a billing-export answer for this long.'),
      })
      .prefault({}),
    catalog: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Read list prices from the Cloud Billing Catalog when no billed cost is available.'),
        cacheHours: z.number().min(1).max(24 * 30).default(24).describe('Reuse catalog prices for this long.'),
      })
      .prefault({}),
    scaleToZeroPreview: z
      .boolean()
      .default(false)
      .describe('Park Vertex AI deployed models with min replicas 0 (v1beta1 scale-to-zero, Preview) instead of undeploying them.'),
    operationTimeoutMinutes: z.number().min(1).max(120).default(45).describe('How long to await a Vertex AI or Workbench long-running operation.'),
    maxConcurrency: z.number().int().min(1).max(32).default(8).describe('Parallel API calls per project and location.'),
  })
  .superRefine((g, ctx) => {
    if (g.enabled && g.projects.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['projects'], message: 'list at least one project when gcp is enabled' });
    }
    if (g.credentials.source !== 'adc' && !g.credentials.parameter) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'parameter'], message: `credentials.source ${g.credentials.source} needs the parameter or secret that holds the credentials JSON` });
    }
    if (g.enabled && g.billingExport.enabled && (!g.billingExport.dataset || !g.billingExport.table)) {
      ctx.addIssue({ code: 'custom', path: ['billingExport', 'table'], message: 'set billingExport.dataset and billingExport.table, or billingExport.enabled: false (costs then come from list prices)' });
    }
  })
  .describe('Google Vertex AI');


export { idleGpuSchema } from './detectors-schema';

export const exclusionsSchema = z.strictObject({
  tags: z
    .record(tagKey, z.string())
    .default({})
    .describe('Extra tag key -> value ("*" for any value) exclusions; watchdog:ignore (any value but "false") always excludes.'),
  names: z.array(z.string().min(1)).default([]).describe('Resource name globs (`*` wildcard) to skip.'),
});

export const slackSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Post alerts to Slack; without it (or without a token) alerts print to the console.'),
  /** SSM SecureString parameter holding the bot token (xoxb-...); read in Lambda. Locally SLACK_BOT_TOKEN wins. */
  signingSecretParameter: z
    .string()
    .regex(/^\//, 'an SSM parameter name starting with /')
    .default('/ml-watchdog/slack/signing-secret')
    .describe('SSM SecureString with the Slack app signing secret, to verify button clicks; locally SLACK_SIGNING_SECRET wins.'),
  tokenParameter: z.string().regex(/^\//, 'an SSM parameter name starting with /').default('/ml-watchdog/slack/bot-token')
    .describe('SSM SecureString parameter holding the bot token (xoxb-...), read in Lambda; locally SLACK_BOT_TOKEN wins.'),
  defaultChannel: z.string().min(1).default('#ml-watchdog').describe('Channel for findings whose owner has no channel of its own.'),
  channelsByOwner: z.record(z.string(), z.string()).default({}).describe('Owner tag value -> channel.'),
  cooldownHours: z.number().min(0).max(24 * 30).default(24).describe('Do not repeat an alert for the same finding sooner.'),
  realertGrowthPct: z.number().min(0).max(1000).default(25).describe('Re-alert inside the cooldown when the waste grew by this much.'),
  apiUrl: z.url().optional().describe('Slack API base URL (tests); default https://slack.com/api/.'),
});

export const stateSchema = z.strictObject({
  backend: z.enum(['file', 'dynamodb']).default('file').describe('file for the CLI, dynamodb when deployed.'),
  file: z.string().min(1).default('.watchdog/state.json').describe('State file of the file backend, relative to the working directory.'),
  tableName: z.string().min(3).max(255).default('ml-watchdog-state').describe('DynamoDB table of the dynamodb backend.'),
  endpointUrl: z.url().optional().describe('DynamoDB endpoint override (tests).'),
  findingsTtlDays: z.number().int().min(1).max(3650).default(90).describe('Keep findings history and alert records this long.'),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const modeSchema = z.enum(['off', 'dry-run', 'approve', 'auto']);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM (24 h)');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const quietWindowSchema = z.strictObject({
  days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']).describe('Days the window applies to.'),
  start: hhmm.describe('Start, local time in `timezone`.'),
  end: hhmm.describe('End (exclusive), local time; an end before the start spans midnight.'),
});

export const remediationSchema = z.strictObject({
  mode: modeSchema
    .default('dry-run')
    .describe('What remediation may do: off, dry-run (say what it would do), approve (a person approves), auto.'),
  byKind: z
    .partialRecord(z.enum(FINDING_KINDS), modeSchema)
    .default({})
    .describe('Mode per finding kind, overriding `mode`.'),
  rules: z
    .array(
      z.strictObject({
        tags: z.record(tagKey, z.string()).refine((t) => Object.keys(t).length > 0, 'at least one tag').describe('All must match ("*" = any value).'),
        mode: modeSchema.describe('Mode for matching resources; the most restrictive matching rule wins over byKind and mode.'),
      }),
    )
    .default([])
    .describe('Tag selectors with their own mode, e.g. env=prod always approve.'),
  guardrails: z
    .strictObject({
      minResourceAgeHours: z.number().min(0).default(24).describe('Never park a resource younger than this.'),
      maxParksPerRun: z.number().int().min(0).max(1000).default(3).describe('Blast radius: at most this many parks per run.'),
      recheckTraffic: z.boolean().default(true).describe('Re-read traffic right before acting; any call since detection cancels the park.'),
      timezone: z
        .string()
        .min(1)
        .refine(isTimeZone, 'an IANA time zone such as UTC, Europe/Berlin or America/New_York')
        .default('UTC')
        .describe('IANA time zone of quietHours.'),
      quietHours: z
        .array(quietWindowSchema)
        .default([])
        .describe('Windows when automatic parks wait (business hours, release freezes); approved actions still run.'),
    })
    .prefault({}),
  approvers: z
    .strictObject({
      slackUsers: z
        .array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id like U0123ABCD'))
        .default([])
        .describe('Slack user ids allowed to act on any alert.'),
      slackTeams: z
        .array(z.string().regex(/^T[A-Z0-9]+$/, 'a Slack team id like T0123ABCD'))
        .default([])
        .describe('Slack workspaces (team ids) whose members may act on any alert.'),
      byChannel: z
        .record(z.string().regex(/^[CGD][A-Z0-9]+$/, 'a Slack channel id like C0123ABCD'), z.array(z.string()))
        .default({})
        .describe('Channel id -> user ids allowed to act on alerts in that channel.'),
    })
    .prefault({})
    .describe('Who may press Park / Restore / Ignore in Slack. Empty: nobody (buttons answer with how to allow).'),
  functionName: z
    .string()
    .min(1)
    .optional()
    .describe('Remediation Lambda the scan and Slack handlers invoke (set by serverless.yml).'),
});

export const configSchema = z
  .strictObject({
    ownerTag: tagKey.default('owner').describe('Tag/label key naming the team that owns a resource.'),
    clouds: z
      .strictObject({
        aws: awsConfigSchema.prefault({}),
        gcp: gcpConfigSchema.prefault({}),
        azure: azureConfigSchema.prefault({}),
      })
      .prefault({}),
    detectors: detectorsSchema.prefault({}),
    exclusions: exclusionsSchema.prefault({}),
    notify: z.strictObject({ slack: slackSchema.prefault({}) }).prefault({}),
    state: stateSchema.prefault({}),
    remediation: remediationSchema.prefault({}),
    report: reportSchema.prefault({}),
  })
  .describe('ml-watchdog configuration');

export type WatchdogConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
