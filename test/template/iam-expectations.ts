import type { ActionPermission } from '../../src/providers/types';

/**
 * What each deployed function is, and exactly what its role may do. The template test compares the packaged
 * template against these lists, so widening a role means changing this file in the same review.
 */

export const FUNCTION_NAMES = ['scan', 'audit', 'remediate', 'slackActions', 'weeklyReport'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface FunctionExpectation {
  logicalId: string;
  roleId: string;
  logGroup: string;
  /** Entry point, relative to the repository root, without the extension. */
  handlerFile: string;
  timeoutSec: number;
  memoryMb: number;
}

export const FUNCTIONS: Record<FunctionName, FunctionExpectation> = {
  scan: { logicalId: 'ScanLambdaFunction', roleId: 'ScanRole', logGroup: 'ScanLogGroup', handlerFile: 'handlers/scan', timeoutSec: 300, memoryMb: 1024 },
  // API Gateway HTTP APIs give up on an integration after 30 s.
  audit: { logicalId: 'AuditLambdaFunction', roleId: 'AuditRole', logGroup: 'AuditLogGroup', handlerFile: 'handlers/audit', timeoutSec: 29, memoryMb: 1024 },
  // A classic endpoint takes minutes to come back; POST /restore answers 202 and continues asynchronously.
  remediate: { logicalId: 'RemediateLambdaFunction', roleId: 'RemediateRole', logGroup: 'RemediateLogGroup', handlerFile: 'handlers/remediate', timeoutSec: 900, memoryMb: 512 },
  // Slack wants an answer within 3 s.
  slackActions: {
    logicalId: 'SlackActionsLambdaFunction',
    roleId: 'SlackActionsRole',
    logGroup: 'SlackActionsLogGroup',
    handlerFile: 'handlers/slack-actions',
    timeoutSec: 10,
    memoryMb: 512,
  },
  weeklyReport: {
    logicalId: 'WeeklyReportLambdaFunction',
    roleId: 'WeeklyReportRole',
    logGroup: 'WeeklyReportLogGroup',
    handlerFile: 'handlers/weekly-report',
    timeoutSec: 300,
    memoryMb: 1024,
  },
};

export const SAGEMAKER_LIST = [
  'sagemaker:ListApps',
  'sagemaker:ListEndpoints',
  'sagemaker:ListInferenceComponents',
  'sagemaker:ListNotebookInstances',
  'sagemaker:ListTrainingJobs',
];
export const SAGEMAKER_DESCRIBE = [
  'sagemaker:DescribeApp',
  'sagemaker:DescribeEndpoint',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:DescribeInferenceComponent',
  'sagemaker:DescribeModel',
  'sagemaker:DescribeNotebookInstance',
  'sagemaker:DescribeTrainingJob',
  'sagemaker:ListTags',
];
/** Actions AWS authorizes only against Resource "*" (Service Authorization Reference: no resource types). */
export const UNSCOPABLE = new Set([
  ...SAGEMAKER_LIST,
  'tag:GetResources',
  'cloudwatch:GetMetricData',
  'ce:GetCostAndUsage',
  // Reads every monitor's anomalies: the monitors (and their ARNs) are the account's, unknown at deploy time.
  'ce:GetAnomalies',
  // Cost Explorer has no resource types for its read actions.
  'ce:GetCostForecast',
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  // No resource types (IAM outbound identity federation); limited by the sts:IdentityTokenAudience condition instead.
  'sts:GetWebIdentityToken',
]);
const READ_ONLY = [...SAGEMAKER_LIST, ...SAGEMAKER_DESCRIBE, 'tag:GetResources', 'cloudwatch:GetMetricData', 'ce:GetCostAndUsage', 'ce:GetAnomalies'];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const STATE_READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
export const STATE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const SECURE_PARAMETER = ['ssm:GetParameter', 'kms:Decrypt'];
const INVOKE = 'lambda:InvokeFunction';

/** What each role always has: its inline policies, whatever the deploy params. */
export const ALWAYS_GRANTED: Record<FunctionName, string[]> = {
  // The budgets' cloud forecast (ce:GetCostForecast): only the functions that collect a snapshot.
  scan: [...LOGS, ...READ_ONLY, 'ce:GetCostForecast', ...STATE_READ, ...STATE_WRITE, ...SECURE_PARAMETER, INVOKE].sort(),
  // PutItem only on USAGE# partitions (its usage records); see iam-roles.suite.ts.
  audit: [...LOGS, ...READ_ONLY, 'ce:GetCostForecast', ...STATE_READ, 'dynamodb:PutItem'].sort(),
  // Reads for capture and the traffic re-check; the ledger (no batch writes: it writes one token at a time).
  remediate: [
    ...LOGS,
    ...READ_ONLY,
    'application-autoscaling:DescribeScalableTargets',
    'application-autoscaling:DescribeScalingPolicies',
    ...STATE_READ,
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    ...SECURE_PARAMETER,
    INVOKE,
  ].sort(),
  // Verifies the click (signing secret), claims it once, hands it to remediate.
  slackActions: [...LOGS, ...SECURE_PARAMETER, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', INVOKE].sort(),
  // Reads like the audit; PutItem for its own usage record only; the report object and the link it signs.
  weeklyReport: [...LOGS, ...READ_ONLY, 'ce:GetCostForecast', ...STATE_READ, 'dynamodb:PutItem', 's3:GetObject', 's3:PutObject', ...SECURE_PARAMETER].sort(),
};

/** The environment variable naming the one SSM SecureString each function may read (none for the audit). */
export const SECURE_PARAMETER_ENV: Record<FunctionName, string | undefined> = {
  scan: 'WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER',
  audit: undefined,
  // chat.update of the message a click came from.
  remediate: 'WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER',
  slackActions: 'WATCHDOG_NOTIFY_SLACK_SIGNING_SECRET_PARAMETER',
  weeklyReport: 'WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER',
};

/**
 * Policies that attach to a role only under a deploy-time Condition: the remediation writes, and reading the Google
 * credentials (one SSM parameter or one Secrets Manager secret) for the three functions that read Google Cloud.
 */
export const GCP_CREDENTIAL_POLICIES = ['GcpCredentialsParameterPolicy', 'GcpCredentialsSecretPolicy'] as const;
/** Azure: the service principal's client secret, or a web identity token for workload identity federation. */
export const AZURE_CREDENTIAL_POLICIES = ['AzureCredentialsSecretPolicy', 'AzureWebIdentityPolicy'] as const;
const CLOUD_CREDENTIAL_POLICIES = [...AZURE_CREDENTIAL_POLICIES, ...GCP_CREDENTIAL_POLICIES];
export const CONDITIONAL_POLICIES: Record<FunctionName, string[]> = {
  scan: [...CLOUD_CREDENTIAL_POLICIES],
  audit: [...CLOUD_CREDENTIAL_POLICIES],
  remediate: [...CLOUD_CREDENTIAL_POLICIES, 'RemediateWritePolicy'],
  slackActions: [],
  weeklyReport: [...CLOUD_CREDENTIAL_POLICIES],
};

/** The remediation function takes requests from these; the audit never acts. */
export const INVOKES_REMEDIATE: Record<FunctionName, 'remediate' | 'self' | undefined> = {
  scan: 'remediate',
  audit: undefined,
  // POST /restore answers 202 and continues in an asynchronous invocation of itself.
  remediate: 'self',
  slackActions: 'remediate',
  weeklyReport: undefined,
};

/**
 * SDK commands a bundle contains but the function never sends, with the only files allowed to bring them in.
 * The SDK check works per file: DynamoStateStore is one class, so every function that has a state store bundles
 * all of its commands. Each exemption is re-checked: still reachable, only from these files, and not granted.
 */
export const BUNDLED_NOT_SENT: Record<FunctionName, { action: string; files: string[]; why: string }[]> = {
  scan: [],
  audit: STATE_WRITE.filter((action) => action !== 'dynamodb:PutItem').map((action) => ({
    action,
    files: ['src/state/dynamo-batch.ts', 'src/state/dynamo-state-store.ts', 'src/state/dynamo-generic-items.ts'],
    why: 'the audit builds its store read-only: cached Cost Explorer answers are read, never written; its one write is its usage record (PutItem)',
  })),
  remediate: [
    {
      action: 'dynamodb:BatchWriteItem',
      files: ['src/state/dynamo-batch.ts'],
      why: 'only recordFindings batches writes, and only the scan records findings; the ledger writes one token at a time',
    },
    {
      action: 'ce:GetCostForecast',
      files: ['src/providers/aws/cost-forecast.ts'],
      why: 'the AWS reader is bundled for its clients, but only a collect (scan, audit) asks for the budgets\' forecast; the remediation function never collects',
    },
  ],
  slackActions: [
    { action: 'dynamodb:BatchGetItem', files: ['src/state/dynamo-batch.ts'], why: 'the handler only claims clicks (claimOnce: putIfAbsent, getItem, updateItem)' },
    { action: 'dynamodb:BatchWriteItem', files: ['src/state/dynamo-batch.ts'], why: 'as above' },
    { action: 'dynamodb:Query', files: ['src/state/dynamo-state-store.ts', 'src/state/dynamo-generic-items.ts'], why: 'as above' },
  ],
  weeklyReport: [
    { action: 'dynamodb:BatchWriteItem', files: ['src/state/dynamo-batch.ts'], why: 'the report reads the ledger and usage records; its one write is its usage record (PutItem)' },
    { action: 'dynamodb:UpdateItem', files: ['src/state/dynamo-state-store.ts', 'src/state/dynamo-generic-items.ts'], why: 'as above: the store is built read-only, so cached cost answers are never written back' },
  ],
};

/** Reads are List/Describe/Get/Query calls; everything else (tagging and iam:PassRole included) changes something. */
export const isReadAction = (action: string): boolean => /^[\w-]+:(List|Describe|Get|BatchGet|Query)/.test(action);

export const pairOf = (p: ActionPermission): string => `${p.action} ${p.resource}`;
