import { z } from 'zod';

/** `clouds.azure` of the config file (src/config/schema.ts): Azure Machine Learning, Monitor and Cost Management. */
const azureSubscription = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an Azure subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)');
const azureGuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID such as 00000000-0000-0000-0000-000000000000');
// Resource group names: 1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.
const azureResourceGroup = z.string().regex(/^[-\w._()]{0,89}[-\w_()]$/, 'an Azure resource group name (1-90 letters, digits, - _ . ( ), not ending in .)');
const azureWorkspaceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, 'an Azure Machine Learning workspace name (3-33 letters, digits, - and _)');

export const azureConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Read Azure Machine Learning.'),
    subscriptions: z.array(azureSubscription).default([]).describe('Subscriptions to inventory; their workspaces are discovered unless `workspaces` lists them.'),
    workspaces: z
      .array(
        z.strictObject({
          subscription: azureSubscription.optional().describe('Defaults to the first of `subscriptions`.'),
          resourceGroup: azureResourceGroup,
          name: azureWorkspaceName,
        }),
      )
      .default([])
      .describe('Workspaces to read; empty discovers every workspace of every subscription (needs Reader on the subscription).'),
    armEndpoint: z
      .url()
      .default('https://management.azure.com')
      .describe('Azure Resource Manager endpoint; sovereign clouds: https://management.usgovcloudapi.net (US Gov), https://management.chinacloudapi.cn (China).'),
    authorityHost: z
      .url()
      .default('https://login.microsoftonline.com')
      .describe('Microsoft Entra authority; sovereign clouds: https://login.microsoftonline.us (US Gov), https://login.chinacloudapi.cn (China).'),
    endpointUrl: z
      .url()
      .optional()
      .describe('Send every ARM call to this base URL instead (the local simulator, over http). Leave unset for real Azure.'),
    credentials: z
      .strictObject({
        source: z
          .enum(['default', 'secrets-manager', 'federated'])
          .default('default')
          .describe('default: DefaultAzureCredential (az login, environment variables; local runs); secrets-manager: a service principal whose client secret is in Secrets Manager; federated: workload identity federation, the Lambda role\'s AWS-signed web identity token exchanged for an Entra token (no secret stored).'),
        tenantId: azureGuid.optional().describe('Entra tenant (directory) id of the service principal; needed by secrets-manager and federated.'),
        clientId: azureGuid.optional().describe('Application (client) id of the service principal; needed by secrets-manager and federated.'),
        secret: z.string().min(1).optional().describe('Secrets Manager secret id or ARN holding the client secret (source secrets-manager).'),
        audience: z.string().min(1).default('api://AzureADTokenExchange').describe('Audience of the web identity token (source federated); must match the federated credential in Entra.'),
      })
      .prefault({})
      .describe('How the watchdog authenticates to Azure.'),
    costManagement: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Read billed cost (ActualCost) and the month-end forecast from Cost Management Query.'),
        lookbackDays: z
          .number()
          .int()
          .min(1)
          .max(31)
          .default(14)
          .describe('Days of billed cost to read at least (daily); more when the cost-anomaly baseline needs them, never more than 31 (one daily query\'s limit).'),
        cacheHours: z.number().min(1).max(168).default(12).describe('Reuse a Cost Management answer for this long (data refreshes about every 4 h; each scope allows about 4 queries a minute).'),
        maxRetries: z.number().int().min(0).max(10).default(3).describe('Retries of a throttled (429) query, each after the longest retry-after header Azure sent.'),
        maxWaitSeconds: z.number().int().min(1).max(600).default(120).describe('Give up (status throttled) rather than wait longer than this for one retry.'),
      })
      .prefault({}),
    operationTimeoutMinutes: z.number().min(1).max(180).default(60).describe('How long to await an Azure long-running operation (recreating a deployment takes 5-20 minutes).'),
    maxConcurrency: z.number().int().min(1).max(32).default(8).describe('Parallel ARM calls per workspace.'),
  })
  .superRefine((a, ctx) => {
    if (a.enabled && a.subscriptions.length === 0 && a.workspaces.every((w) => !w.subscription)) {
      ctx.addIssue({ code: 'custom', path: ['subscriptions'], message: 'list at least one subscription when azure is enabled' });
    }
    const needsPrincipal = a.credentials.source !== 'default';
    if (needsPrincipal && !a.credentials.tenantId) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'tenantId'], message: `credentials.source ${a.credentials.source} needs the tenant id of the service principal` });
    }
    if (needsPrincipal && !a.credentials.clientId) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'clientId'], message: `credentials.source ${a.credentials.source} needs the client id of the service principal` });
    }
    if (a.credentials.source === 'secrets-manager' && !a.credentials.secret) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'secret'], message: 'credentials.source secrets-manager needs the Secrets Manager secret holding the client secret' });
    }
  })
  .describe('Azure Machine Learning');
