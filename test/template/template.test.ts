import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWatchRegions } from '../../scripts/bundled-config.cjs';
import { checkTemplate } from '../../scripts/check-template.mjs';
import { envVarTable, RESERVED_ENV_VARS } from '../../src/config/env';
import { STATE_TABLE_KEYS } from '../../src/state/dynamo-state-store';
import {
  actionsOf,
  asArray,
  loadPackagedTemplate,
  REPO_ROOT,
  resource,
  resourcesOfType,
  roleOf,
  statementsForRole,
  zipEntryNames,
  type CfnTemplate,
  type Packaged,
  type Statement,
} from './packaged-template';
import { actionsReachableFrom } from './sdk-actions';

/**
 * The packaged CloudFormation template is the contract with AWS: who may do what, when the scan runs, who can
 * call the audit and what the state table looks like. Set WATCHDOG_TEMPLATE_PATH to reuse CI's package.
 */

const SAGEMAKER_LIST = [
  'sagemaker:ListApps',
  'sagemaker:ListEndpoints',
  'sagemaker:ListInferenceComponents',
  'sagemaker:ListNotebookInstances',
  'sagemaker:ListTrainingJobs',
];
const SAGEMAKER_DESCRIBE = [
  'sagemaker:DescribeApp',
  'sagemaker:DescribeEndpoint',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:DescribeInferenceComponent',
  'sagemaker:DescribeNotebookInstance',
  'sagemaker:DescribeTrainingJob',
  'sagemaker:ListTags',
];
/** Actions AWS authorizes only against Resource "*" (Service Authorization Reference: no resource types). */
const UNSCOPABLE = new Set([...SAGEMAKER_LIST, 'tag:GetResources', 'cloudwatch:GetMetricData', 'ce:GetCostAndUsage']);
const READ_ONLY = [...SAGEMAKER_LIST, ...SAGEMAKER_DESCRIBE, 'tag:GetResources', 'cloudwatch:GetMetricData', 'ce:GetCostAndUsage'];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const STATE_READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const STATE_WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

const EXPECTED_ACTIONS: Record<'scan' | 'audit', string[]> = {
  scan: [...LOGS, ...READ_ONLY, ...STATE_READ, ...STATE_WRITE, 'ssm:GetParameter', 'kms:Decrypt'].sort(),
  audit: [...LOGS, ...READ_ONLY, ...STATE_READ].sort(),
};
const FUNCTIONS = { scan: 'ScanLambdaFunction', audit: 'AuditLambdaFunction' } as const;
const LOG_GROUPS = { scan: 'ScanLogGroup', audit: 'AuditLogGroup' } as const;
/** Resource types the Describe* actions may touch: endpoint/*, endpoint-config/*, ... in this account only. */
const DESCRIBE_ARN = /^arn:\$\{AWS::Partition\}:sagemaker:\*:\$\{AWS::AccountId\}:(endpoint|endpoint-config|inference-component|notebook-instance|app|training-job)\/\*$/;

let packaged: Packaged;
let template: CfnTemplate;
beforeAll(() => {
  packaged = loadPackagedTemplate();
  template = packaged.template;
}, 180_000);

const statementsOf = (fn: keyof typeof FUNCTIONS): Statement[] => statementsForRole(template, roleOf(template, FUNCTIONS[fn]).roleId);
const envOf = (fn: keyof typeof FUNCTIONS): Record<string, unknown> =>
  (resource(template, FUNCTIONS[fn]).Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
const subText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof (value as { 'Fn::Sub'?: unknown })?.['Fn::Sub'] === 'string' ? (value as { 'Fn::Sub': string })['Fn::Sub'] : undefined;

describe('packaged CloudFormation template', () => {
  it('matches the CloudFormation resource spec', () => {
    expect(checkTemplate(template)).toEqual([]);
  });

  describe.each(['scan', 'audit'] as const)('%s IAM role', (fn) => {
    it('grants exactly the expected actions, through its own role only', () => {
      const { roleId, role } = roleOf(template, FUNCTIONS[fn]);
      expect(actionsOf(statementsOf(fn))).toEqual(EXPECTED_ACTIONS[fn]);
      expect(role.Properties?.ManagedPolicyArns ?? []).toEqual([]);
      expect(roleOf(template, FUNCTIONS[fn === 'scan' ? 'audit' : 'scan']).roleId).not.toBe(roleId);
      expect(role.Properties?.AssumeRolePolicyDocument?.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });

    it('has no SageMaker write action, no wildcard action and no Not* escape hatch', () => {
      for (const s of statementsOf(fn)) {
        expect(s.Effect).toBe('Allow');
        expect(s.NotAction).toBeUndefined();
        expect(s.NotResource).toBeUndefined();
        for (const action of asArray(s.Action)) {
          expect(action).not.toContain('*');
          if (action.startsWith('sagemaker:')) expect(action).toMatch(/^sagemaker:(List|Describe)[A-Z]\w+$/);
        }
      }
    });

    it('uses Resource "*" only for actions AWS cannot scope', () => {
      for (const s of statementsOf(fn).filter((st) => asArray(st.Resource).includes('*'))) {
        for (const action of asArray(s.Action)) expect(UNSCOPABLE.has(action), `${action} on "*"`).toBe(true);
      }
    });

    it('scopes SageMaker Describe* and ListTags to this account’s resource ARNs', () => {
      const scoped = statementsOf(fn).filter((s) => asArray(s.Action).some((a) => SAGEMAKER_DESCRIBE.includes(a)));
      expect(scoped.length).toBeGreaterThan(0);
      for (const s of scoped) {
        expect(asArray(s.Action).every((a) => SAGEMAKER_DESCRIBE.includes(a))).toBe(true);
        for (const r of asArray(s.Resource)) expect(subText(r)).toMatch(DESCRIBE_ARN);
      }
    });

    it('writes logs only to its own log group and touches only the state table', () => {
      for (const s of statementsOf(fn)) {
        const actions = asArray(s.Action);
        if (actions.some((a) => a.startsWith('logs:'))) expect(s.Resource).toEqual({ 'Fn::GetAtt': [LOG_GROUPS[fn], 'Arn'] });
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(s.Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
      }
    });
  });

  it('grants the scan every AWS call its code can make', async () => {
    const granted = new Set(actionsOf(statementsOf('scan')));
    const missing = (await actionsReachableFrom(REPO_ROOT, 'handlers/scan.ts')).filter((a) => !granted.has(a.action));
    expect(missing, 'add these to ScanRole in serverless.yml').toEqual([]);
  });

  it('grants the audit every read its code can make (writes and the Slack token are skipped when read-only)', async () => {
    const granted = new Set(actionsOf(statementsOf('audit')));
    const reads = (await actionsReachableFrom(REPO_ROOT, 'handlers/audit.ts')).filter(
      (a) => !/^(ssm|kms):/.test(a.action) && /:(List|Describe|Get|BatchGet|Query)/.test(a.action),
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((a) => !granted.has(a.action)), 'add these to AuditRole in serverless.yml').toEqual([]);
  });

  it('lets only the scan read the Slack token: one parameter, decrypted only through SSM', () => {
    const tokenParameter = envOf('scan').WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER;
    expect(tokenParameter).toMatch(/^\//);
    const parameterArn = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${String(tokenParameter)}`;
    const ssm = statementsOf('scan').filter((s) => asArray(s.Action).includes('ssm:GetParameter'));
    expect(ssm.map((s) => subText(s.Resource))).toEqual([parameterArn]);
    const kms = statementsOf('scan').filter((s) => asArray(s.Action).includes('kms:Decrypt'));
    expect(kms).toHaveLength(1);
    expect(subText(kms[0]?.Condition?.StringEquals?.['kms:ViaService'])).toBe('ssm.${AWS::Region}.amazonaws.com');
    expect(subText(kms[0]?.Condition?.StringEquals?.['kms:EncryptionContext:PARAMETER_ARN'])).toBe(parameterArn);
    expect(actionsOf(statementsOf('audit')).filter((a) => /^(ssm|kms):/.test(a))).toEqual([]);
    expect(envOf('audit').WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER).toBeUndefined();
  });

  it('runs the scan on an enabled hourly EventBridge schedule', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    const scanRules = rules.filter(([, r]) =>
      asArray(r.Properties?.Targets as { Arn: unknown }[]).some((t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [FUNCTIONS.scan, 'Arn'] })),
    );
    expect(scanRules).toHaveLength(1);
    const [ruleId, rule] = scanRules[0]!;
    expect(rule.Properties?.ScheduleExpression).toBe('rate(1 hour)');
    expect(rule.Properties?.State).toBe('ENABLED');
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);
    expect(permissions).toContainEqual(
      expect.objectContaining({ Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] } }),
    );
  });

  it('serves POST /audit through the HTTP API with IAM (SigV4) authorization, and no other route', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties ?? {});
    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType])).toEqual([['POST /audit', 'AWS_IAM']]);
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').map(([, r]) => r.Properties ?? {});
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0]?.IntegrationUri)).toContain(FUNCTIONS.audit);
    expect(integrations[0]?.PayloadFormatVersion).toBe('2.0');
  });

  it('keeps the state table keys and TTL in step with the DynamoDB state store', () => {
    const table = resource(template, 'StateTable');
    const p = table.Properties ?? {};
    expect(p.KeySchema).toEqual([
      { AttributeName: STATE_TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: STATE_TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.AttributeDefinitions).toEqual([
      { AttributeName: STATE_TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: STATE_TABLE_KEYS.sortKey, AttributeType: 'S' },
    ]);
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: STATE_TABLE_KEYS.ttlAttribute, Enabled: true });
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification).toEqual({ SSEEnabled: true });
    expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  describe.each(['scan', 'audit'] as const)('%s function', (fn) => {
    it('runs on a supported Node.js runtime on arm64 with its timeout and memory', () => {
      const p = resource(template, FUNCTIONS[fn]).Properties ?? {};
      expect(['nodejs22.x', 'nodejs24.x']).toContain(p.Runtime);
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe(`handlers/${fn}.handler`);
      expect([p.Timeout, p.MemorySize]).toEqual(fn === 'scan' ? [300, 1024] : [29, 1024]);
      expect(p.TracingConfig).toBeUndefined();
    });

    it('is configured through WATCHDOG_* variables the config loader knows', () => {
      const env = envOf(fn);
      expect(env.WATCHDOG_STATE_BACKEND).toBe('dynamodb');
      // A literal name (not !Ref) so `serverless invoke local` needs no credentials; it must be the table's own.
      expect(env.WATCHDOG_STATE_TABLE_NAME).toBe(resource(template, 'StateTable').Properties?.TableName);
      // CI and loadPackagedTemplate package for us-east-1 with default params.
      expect(env.WATCHDOG_CLOUDS_AWS_REGIONS).toBe(defaultWatchRegions('us-east-1'));
      const known = new Set([...envVarTable().map((v) => v.env), ...RESERVED_ENV_VARS]);
      for (const name of Object.keys(env).filter((n) => n.startsWith('WATCHDOG_'))) expect(known.has(name), name).toBe(true);
    });

    it('ships a bundled zip with the handler, no node_modules and the config file only if one exists', () => {
      const key = resource(template, FUNCTIONS[fn]).Properties?.Code?.S3Key as string;
      const zipPath = join(packaged.artifactDir, basename(key));
      expect(existsSync(zipPath), zipPath).toBe(true);
      // Lambda's hard limit is 50 MB zipped; the budget here keeps cold starts short (docs/deploy.md).
      expect(statSync(zipPath).size).toBeLessThan(5 * 1024 * 1024);
      const names = zipEntryNames(zipPath);
      expect(names).toContain(`handlers/${fn}.js`);
      expect(names.filter((n) => n.startsWith('node_modules/') || n.endsWith('.ts'))).toEqual([]);
      const hasConfig = existsSync(join(REPO_ROOT, 'watchdog.config.yaml'));
      expect(names.includes('watchdog.config.yaml')).toBe(hasConfig);
      expect(envOf(fn).WATCHDOG_CONFIG).toBe(hasConfig ? 'watchdog.config.yaml' : '');
    });
  });

  it('outputs the audit URL and the table name', () => {
    expect(template.Outputs?.AuditUrl?.Value).toEqual({ 'Fn::Sub': '${HttpApi.ApiEndpoint}/audit' });
    expect(template.Outputs?.StateTableName?.Value).toEqual({ Ref: 'StateTable' });
  });
});
