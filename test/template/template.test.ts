import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWatchRegions, reportScheduleFrom } from '../../scripts/bundled-config.cjs';
import { azureCredentials, gcpCredentials } from '../../scripts/cloud-credentials-env.cjs';
import { checkTemplate } from '../../scripts/check-template.mjs';
import { envVarTable, RESERVED_ENV_VARS } from '../../src/config/env';
import { STATE_TABLE_KEYS } from '../../src/state/dynamo-state-store';
import { FUNCTION_NAMES, FUNCTIONS, type FunctionName } from './iam-expectations';
import { iamRoleSuite } from './iam-roles.suite';
import { asArray, loadPackagedTemplate, REPO_ROOT, resource, resourcesOfType, extractZip, statementsForRole, zipEntryNames, type CfnTemplate, type Packaged } from './packaged-template';
import { remediationPolicySuite } from './remediation-policy.suite';

/**
 * The packaged CloudFormation template is the contract with AWS: who may do what, when the scan runs, who can
 * call which route and what the state table looks like. Packaged once here (set WATCHDOG_TEMPLATE_PATH to reuse
 * CI's package); the IAM suites run against the same template.
 */

let packaged: Packaged;
let template: CfnTemplate;
beforeAll(() => {
  packaged = loadPackagedTemplate();
  template = packaged.template;
}, 180_000);

const envOf = (fn: FunctionName): Record<string, unknown> =>
  (resource(template, FUNCTIONS[fn].logicalId).Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
const getAttArn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

describe('packaged CloudFormation template', () => {
  it('matches the CloudFormation resource spec', () => {
    expect(checkTemplate(template)).toEqual([]);
  });

  iamRoleSuite(() => template);
  remediationPolicySuite(() => template);

  it('runs the scan hourly and the weekly report on Monday 08:00 UTC, both enabled, and nothing else on a schedule', () => {
    const rules = resourcesOfType(template, 'AWS::Events::Rule');
    const byTarget = new Map(rules.map(([id, rule]) => [JSON.stringify(asArray(rule.Properties?.Targets as { Arn: unknown }[]).map((t) => t.Arn)), { id, rule }]));
    expect(rules).toHaveLength(2);
    const scan = byTarget.get(JSON.stringify([getAttArn(FUNCTIONS.scan.logicalId)]))!;
    const report = byTarget.get(JSON.stringify([getAttArn(FUNCTIONS.weeklyReport.logicalId)]))!;
    expect([scan.rule.Properties?.ScheduleExpression, scan.rule.Properties?.State]).toEqual(['rate(1 hour)', 'ENABLED']);
    // Packaged without a config file: the schema's default (a bundled file's report.schedule would win).
    expect([report.rule.Properties?.ScheduleExpression, report.rule.Properties?.State]).toEqual([reportScheduleFrom(), 'ENABLED']);
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties);
    for (const { id } of [scan, report]) expect(permissions).toContainEqual(expect.objectContaining({ Principal: 'events.amazonaws.com', SourceArn: getAttArn(id) }));
  });

  it('keeps the reports in a private, encrypted, TLS-only bucket that expires them, named to the report function', () => {
    const p = resource(template, 'ReportBucket').Properties ?? {};
    expect(p.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.LifecycleConfiguration).toMatchObject({ Rules: [{ Status: 'Enabled', ExpirationInDays: 90 }] });
    const policy = resource(template, 'ReportBucketPolicy').Properties ?? {};
    expect(policy.PolicyDocument).toMatchObject({ Statement: [{ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    expect(envOf('weeklyReport').WATCHDOG_REPORT_BUCKET).toEqual({ Ref: 'ReportBucket' });
    for (const fn of FUNCTION_NAMES.filter((f) => f !== 'weeklyReport')) expect(envOf(fn).WATCHDOG_REPORT_BUCKET, fn).toBeUndefined();
    // Only the report's role touches the bucket, and only its objects.
    const s3 = FUNCTION_NAMES.flatMap((fn) => statementsForRole(template, FUNCTIONS[fn].roleId).filter((st) => asArray(st.Action).some((a) => a.startsWith('s3:'))).map((st) => [fn, st.Action, st.Resource]));
    expect(s3).toEqual([['weeklyReport', ['s3:PutObject', 's3:GetObject'], { 'Fn::Sub': '${ReportBucket.Arn}/*' }]]);
  });

  it('serves POST /audit and POST /restore with IAM (SigV4), POST /slack/actions open (Slack signs it), and no other route', () => {
    const integrations = new Map(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration'));
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
      const p = r.Properties ?? {};
      const integrationId = (p.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
      const integration = integrations.get(integrationId)?.Properties ?? {};
      expect(integration.PayloadFormatVersion).toBe('2.0');
      return [p.RouteKey, p.AuthorizationType ?? 'NONE', integration.IntegrationUri];
    });
    expect(routes.sort()).toEqual([
      ['POST /audit', 'AWS_IAM', getAttArn(FUNCTIONS.audit.logicalId)],
      ['POST /restore', 'AWS_IAM', getAttArn(FUNCTIONS.remediate.logicalId)],
      ['POST /slack/actions', 'NONE', getAttArn(FUNCTIONS.slackActions.logicalId)],
    ]);
    expect(integrations.size).toBe(3);
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

  it('deploys exactly the five functions', () => {
    expect(resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id).sort()).toEqual(FUNCTION_NAMES.map((fn) => FUNCTIONS[fn].logicalId).sort());
  });

  it('does not retry the asynchronous scan, remediation and report invocations (the next tick or click resumes them; a report is not posted twice)', () => {
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => [c.Properties?.FunctionName, c.Properties?.MaximumRetryAttempts]);
    expect(configs).toEqual(
      expect.arrayContaining([
        [{ Ref: FUNCTIONS.scan.logicalId }, 0],
        [{ Ref: FUNCTIONS.remediate.logicalId }, 0],
        [{ Ref: FUNCTIONS.weeklyReport.logicalId }, 0],
      ]),
    );
  });

  describe.each(FUNCTION_NAMES)('%s function', (fn) => {
    it('runs on a supported Node.js runtime on arm64 with its timeout and memory', () => {
      const p = resource(template, FUNCTIONS[fn].logicalId).Properties ?? {};
      expect(['nodejs22.x', 'nodejs24.x']).toContain(p.Runtime);
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe(`${FUNCTIONS[fn].handlerFile}.handler`);
      expect([p.Timeout, p.MemorySize]).toEqual([FUNCTIONS[fn].timeoutSec, FUNCTIONS[fn].memoryMb]);
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
      const key = resource(template, FUNCTIONS[fn].logicalId).Properties?.Code?.S3Key as string;
      const zipPath = join(packaged.artifactDir, basename(key));
      expect(existsSync(zipPath), zipPath).toBe(true);
      // Lambda's hard limit is 50 MB zipped; the budget here keeps cold starts short (docs/deploy.md).
      expect(statSync(zipPath).size).toBeLessThan(5 * 1024 * 1024);
      const names = zipEntryNames(zipPath);
      expect(names).toContain(`${FUNCTIONS[fn].handlerFile}.js`);
      expect(names).toContain('handlers/package.json'); // {"type": "module"}: the .js files are ES modules
      // Code splitting: a function ships its own chunks only (scripts/esbuild-plugins.cjs), never another handler's.
      const own = `${FUNCTIONS[fn].handlerFile}-chunks/`;
      expect(names.filter((n) => n.includes('-chunks/') && !n.startsWith(own))).toEqual([]);
      expect(names.filter((n) => n.startsWith('node_modules/') || n.endsWith('.ts'))).toEqual([]);
      // The ES module bundle loads in a fresh Node (as Lambda imports it), and so does every lazily imported cloud
      // path: the require/__dirname banner must make bundled CommonJS dependencies work inside ES modules.
      const dir = mkdtempSync(join(tmpdir(), `wd-${fn}-`));
      extractZip(zipPath, dir);
      const lazy = names.filter((n) => /-chunks\/(azure-deps|gcp-deps|credentials)-[A-Z0-9]+\.js$/.test(n));
      if (fn !== 'slackActions') expect(lazy.length, 'the cloud paths are separate chunks').toBeGreaterThanOrEqual(4);
      const script = `const m = await import(${JSON.stringify(join(dir, `${FUNCTIONS[fn].handlerFile}.js`))}); if (typeof m.handler !== 'function') throw new Error('no handler'); for (const c of ${JSON.stringify(lazy.map((n) => join(dir, n)))}) await import(c);`;
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe', env: { ...process.env, AWS_REGION: 'us-east-1' } });
      const hasConfig = existsSync(join(REPO_ROOT, 'watchdog.config.yaml'));
      expect(names.includes('watchdog.config.yaml')).toBe(hasConfig);
      expect(envOf(fn).WATCHDOG_CONFIG).toBe(hasConfig ? 'watchdog.config.yaml' : '');
    });
  });

  it('gives the Slack token to the scan, remediate and weekly report, and the signing secret to slackActions only', () => {
    const token = Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, envOf(fn).WATCHDOG_NOTIFY_SLACK_TOKEN_PARAMETER]));
    const t = '/ml-watchdog/slack/bot-token';
    expect(token).toEqual({ scan: t, audit: undefined, remediate: t, slackActions: undefined, weeklyReport: t });
    const secret = Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, envOf(fn).WATCHDOG_NOTIFY_SLACK_SIGNING_SECRET_PARAMETER]));
    expect(secret).toEqual({ scan: undefined, audit: undefined, remediate: undefined, slackActions: '/ml-watchdog/slack/signing-secret', weeklyReport: undefined });
  });

  it('never lets google-auth-library probe the GCE metadata server, and tells the Google readers where their credentials are', () => {
    for (const fn of FUNCTION_NAMES) expect(envOf(fn).METADATA_SERVER_DETECTION, fn).toBe('none');
    // Packaged with default params: no credentials anywhere (plain strings, so `serverless invoke local` works).
    const expected = {
      WATCHDOG_CLOUDS_GCP_CREDENTIALS_SOURCE: '',
      WATCHDOG_CLOUDS_GCP_CREDENTIALS_PARAMETER: '',
      WATCHDOG_CLOUDS_AZURE_CREDENTIALS_SOURCE: '',
      WATCHDOG_CLOUDS_AZURE_CREDENTIALS_SECRET: '',
      WATCHDOG_CLOUDS_AZURE_CREDENTIALS_TENANT_ID: '',
      WATCHDOG_CLOUDS_AZURE_CREDENTIALS_CLIENT_ID: '',
    };
    for (const fn of ['scan', 'audit', 'remediate', 'weeklyReport'] as const) expect(envOf(fn)).toMatchObject(expected);
    expect(Object.keys(envOf('slackActions')).filter((k) => /^WATCHDOG_CLOUDS_(GCP|AZURE)_/.test(k))).toEqual([]);
  });

  it('derives the credentials environment from the deploy params with the same precedence as the IAM conditions', () => {
    // SSM parameter over Secrets Manager secret (GcpCredentialsInSecretsManager requires the parameter empty).
    expect(gcpCredentials('/p', 's')).toEqual({ source: 'ssm', parameter: '/p' });
    expect(gcpCredentials('', 's')).toEqual({ source: 'secrets-manager', parameter: 's' });
    expect(gcpCredentials('', '')).toEqual({ source: '', parameter: '' });
    // Client secret over federation (AzureCredentialsFederated requires the secret empty); the remediation app only federated.
    const az = { clientId: 'reader', remediationClientId: 'writer' };
    expect(azureCredentials({ ...az, clientSecret: 'sec', federated: 'true' })).toEqual({ source: 'secrets-manager', remediationClientId: 'reader' });
    expect(azureCredentials({ ...az, clientSecret: '', federated: 'true' })).toEqual({ source: 'federated', remediationClientId: 'writer' });
    expect(azureCredentials({ ...az, clientSecret: '', federated: 'false' })).toEqual({ source: '', remediationClientId: 'reader' });
    expect(azureCredentials({ ...az, clientSecret: '', federated: 'true', remediationClientId: '' })).toEqual({ source: 'federated', remediationClientId: 'reader' });
  });

  it('outputs the three URLs, the table name and the report bucket', () => {
    const outputs = template.Outputs ?? {};
    expect(outputs.AuditUrl?.Value).toEqual({ 'Fn::Sub': '${HttpApi.ApiEndpoint}/audit' });
    expect(outputs.RestoreUrl?.Value).toEqual({ 'Fn::Sub': '${HttpApi.ApiEndpoint}/restore' });
    expect(outputs.SlackActionsUrl?.Value).toEqual({ 'Fn::Sub': '${HttpApi.ApiEndpoint}/slack/actions' });
    expect(outputs.StateTableName?.Value).toEqual({ Ref: 'StateTable' });
    expect(outputs.ReportBucketName?.Value).toEqual({ Ref: 'ReportBucket' });
  });
});
