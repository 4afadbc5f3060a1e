import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  asArray,
  inlineStatements,
  policiesAttachedTo,
  REPO_ROOT,
  resource,
  resourcesOfType,
  roleOf,
  statementsForRole,
  subText,
  type CfnTemplate,
  type Statement,
} from './packaged-template';
import {
  ALWAYS_GRANTED,
  BUNDLED_NOT_SENT,
  CONDITIONAL_POLICIES,
  FUNCTION_NAMES,
  AZURE_CREDENTIAL_POLICIES,
  GCP_CREDENTIAL_POLICIES,
  FUNCTIONS,
  INVOKES_REMEDIATE,
  SAGEMAKER_DESCRIBE,
  SECURE_PARAMETER_ENV,
  STATE_WRITE,
  UNSCOPABLE,
  type FunctionName,
} from './iam-expectations';
import { actionsReachableFrom } from './sdk-actions';

/** Resource types the Describe* actions may touch: endpoint/*, endpoint-config/*, ... in this account only. */
const DESCRIBE_ARN = /^arn:\$\{AWS::Partition\}:sagemaker:\*:\$\{AWS::AccountId\}:(endpoint|endpoint-config|inference-component|notebook-instance|app|training-job|model)\/\*$/;
/** Changes to SageMaker, its auto scaling or IAM: allowed in RemediateWritePolicy only. */
const CLOUD_WRITE = (action: string) =>
  (action.startsWith('sagemaker:') && !/^sagemaker:(List|Describe)[A-Z]\w+$/.test(action)) ||
  (action.startsWith('application-autoscaling:') && !/^application-autoscaling:Describe[A-Z]\w+$/.test(action)) ||
  action.startsWith('iam:');

/**
 * One least-privilege role per function, checked action by action; RemediateWritePolicy has its own suite.
 * `get` returns the packaged template (packaging happens once, in template.test.ts).
 */
export function iamRoleSuite(get: () => CfnTemplate): void {
  const env = (fn: FunctionName): Record<string, unknown> => (resource(get(), FUNCTIONS[fn].logicalId).Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
  const always = (fn: FunctionName): Statement[] => inlineStatements(get(), FUNCTIONS[fn].roleId);
  const all = (fn: FunctionName): Statement[] => statementsForRole(get(), FUNCTIONS[fn].roleId);

  describe.each(FUNCTION_NAMES)('%s IAM role', (fn) => {
    it('is its own role, trusted by Lambda only, with no managed policies', () => {
      const { roleId, role } = roleOf(get(), FUNCTIONS[fn].logicalId);
      expect(roleId).toBe(FUNCTIONS[fn].roleId);
      expect(role.Properties?.ManagedPolicyArns ?? []).toEqual([]);
      expect(role.Properties?.AssumeRolePolicyDocument?.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });

    it('always grants exactly the expected actions; conditional policies only on top', () => {
      expect(actionsOf(always(fn))).toEqual(ALWAYS_GRANTED[fn]);
      const attached = policiesAttachedTo(get(), FUNCTIONS[fn].roleId).map(([id]) => id);
      expect(attached.sort()).toEqual(CONDITIONAL_POLICIES[fn]);
      for (const id of attached) expect(resource(get(), id).Condition, `${id} must be conditional`).toBeDefined();
    });

    it('has no wildcard action and no Not* escape hatch', () => {
      for (const s of all(fn)) {
        expect(s.Effect).toBe('Allow');
        expect(s.NotAction).toBeUndefined();
        expect(s.NotResource).toBeUndefined();
        for (const action of asArray(s.Action)) expect(action).not.toContain('*');
      }
    });

    it('uses Resource "*" only for actions AWS cannot scope', () => {
      for (const s of all(fn).filter((st) => asArray(st.Resource).includes('*'))) {
        for (const action of asArray(s.Action)) expect(UNSCOPABLE.has(action), `${action} on "*"`).toBe(true);
      }
    });

    it('scopes SageMaker Describe* and ListTags to this account’s resource ARNs', () => {
      for (const s of always(fn).filter((st) => asArray(st.Action).some((a) => SAGEMAKER_DESCRIBE.includes(a)))) {
        expect(asArray(s.Action).every((a) => SAGEMAKER_DESCRIBE.includes(a))).toBe(true);
        for (const r of asArray(s.Resource)) expect(subText(r)).toMatch(DESCRIBE_ARN);
      }
    });

    it('writes logs only to its own log group and touches only the state table', () => {
      for (const s of all(fn)) {
        const actions = asArray(s.Action);
        if (actions.some((a) => a.startsWith('logs:'))) expect(s.Resource).toEqual({ 'Fn::GetAtt': [FUNCTIONS[fn].logGroup, 'Arn'] });
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(s.Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
      }
    });

    it('may invoke only the remediation function', () => {
      const invoke = all(fn).filter((s) => asArray(s.Action).includes('lambda:InvokeFunction'));
      const remediateName = resource(get(), FUNCTIONS.remediate.logicalId).Properties?.FunctionName as string;
      const expected = {
        remediate: [{ 'Fn::GetAtt': [FUNCTIONS.remediate.logicalId, 'Arn'] }],
        // A role cannot !GetAtt the function that runs as it (a circular dependency): the name is fixed instead.
        self: [{ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${remediateName}` }],
        none: [],
      }[INVOKES_REMEDIATE[fn] ?? 'none'];
      expect(invoke.map((s) => s.Resource)).toEqual(expected);
      for (const s of invoke) expect(asArray(s.Action)).toEqual(['lambda:InvokeFunction']);
      const nameInEnv = env(fn).WATCHDOG_REMEDIATION_FUNCTION_NAME;
      expect(nameInEnv).toBe(INVOKES_REMEDIATE[fn] === 'remediate' ? remediateName : undefined);
    });

    it('reads only its own SSM parameter, decrypted only through SSM', () => {
      const envName = SECURE_PARAMETER_ENV[fn];
      // The Google credentials have their own conditional policies (checked below).
      const ssm = always(fn).filter((s) => asArray(s.Action).includes('ssm:GetParameter'));
      const kms = always(fn).filter((s) => asArray(s.Action).includes('kms:Decrypt'));
      if (!envName) {
        expect([ssm, kms]).toEqual([[], []]);
        return;
      }
      const parameter = env(fn)[envName];
      expect(parameter).toMatch(/^\/ml-watchdog\//);
      const parameterArn = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${String(parameter)}`;
      expect(ssm.map((s) => [asArray(s.Action), subText(s.Resource)])).toEqual([[['ssm:GetParameter'], parameterArn]]);
      expect(kms).toHaveLength(1);
      expect(subText(kms[0]?.Condition?.StringEquals?.['kms:ViaService'])).toBe('ssm.${AWS::Region}.amazonaws.com');
      expect(subText(kms[0]?.Condition?.StringEquals?.['kms:EncryptionContext:PARAMETER_ARN'])).toBe(parameterArn);
    });

    it('is granted every AWS call its bundled code can send', async () => {
      const granted = new Set(actionsOf(all(fn)));
      const reachable = await actionsReachableFrom(REPO_ROOT, `${FUNCTIONS[fn].handlerFile}.ts`);
      expect(reachable.length).toBeGreaterThan(0);
      const exempt = BUNDLED_NOT_SENT[fn];
      for (const e of exempt) {
        const from = [...new Set(reachable.filter((a) => a.action === e.action).map((a) => a.file))];
        expect(from.length, `${e.action} is no longer bundled: drop it from BUNDLED_NOT_SENT.${fn}`).toBeGreaterThan(0);
        expect(from.filter((f) => !e.files.includes(f)), `${e.action} is now imported by other files: does ${fn} send it?`).toEqual([]);
        expect(granted.has(e.action), `${e.action} is granted: drop it from BUNDLED_NOT_SENT.${fn}`).toBe(false);
      }
      const missing = reachable.filter((a) => !granted.has(a.action) && !exempt.some((e) => e.action === a.action));
      expect(missing, `add these to ${FUNCTIONS[fn].roleId} in serverless.yml`).toEqual([]);
    });
  });

  it('allows SageMaker, Application Auto Scaling and IAM changes nowhere but RemediateWritePolicy', () => {
    const template = get();
    const offenders: string[] = [];
    for (const [id, r] of Object.entries(template.Resources)) {
      const documents =
        r.Type === 'AWS::IAM::Role'
          ? asArray(r.Properties?.Policies as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument)
          : r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
            ? [r.Properties?.PolicyDocument]
            : [];
      if (id === 'RemediateWritePolicy') continue;
      for (const d of documents) {
        for (const s of asArray((d as { Statement?: Statement | Statement[] }).Statement)) {
          offenders.push(...asArray(s.Action).filter(CLOUD_WRITE).map((a) => `${id}: ${a}`));
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id).sort()).toEqual(FUNCTION_NAMES.map((fn) => FUNCTIONS[fn].roleId).sort());
  });

  describe('Google credentials', () => {
    const arn = (kind: 'parameter' | 'secret', name: string): string =>
      kind === 'parameter'
        ? `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}`
        : `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${name}-??????`;
    const policy = (id: (typeof GCP_CREDENTIAL_POLICIES)[number]) => resource(get(), id);
    const statements = (id: (typeof GCP_CREDENTIAL_POLICIES)[number]): Statement[] => asArray(policy(id).Properties?.PolicyDocument?.Statement as Statement[]);

    it('exist only under the conditions that a credentials param was given (the default grants nothing)', () => {
      expect(policy('GcpCredentialsParameterPolicy').Condition).toBe('GcpCredentialsInSsm');
      expect(policy('GcpCredentialsSecretPolicy').Condition).toBe('GcpCredentialsInSecretsManager');
      // Packaged with default params: both conditions compare the empty param with ''.
      expect(get().Conditions?.GcpCredentialsInSsm).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
      expect(get().Conditions?.GcpCredentialsInSecretsManager).toEqual({ 'Fn::And': [{ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] }, { 'Fn::Equals': ['', ''] }] });
    });

    it('let the functions that read Google Cloud read the one SSM parameter, decrypted only through SSM', () => {
      const parameter = arn('parameter', '');
      expect(statements('GcpCredentialsParameterPolicy').map((s) => [s.Sid, asArray(s.Action), subText(s.Resource)])).toEqual([
        ['GcpCredentialsParameter', ['ssm:GetParameter'], parameter],
        ['GcpCredentialsParameterDecrypt', ['kms:Decrypt'], 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'],
      ]);
      const decrypt = statements('GcpCredentialsParameterPolicy')[1]!;
      expect(subText(decrypt.Condition?.StringEquals?.['kms:ViaService'])).toBe('ssm.${AWS::Region}.amazonaws.com');
      expect(subText(decrypt.Condition?.StringEquals?.['kms:EncryptionContext:PARAMETER_ARN'])).toBe(parameter);
    });

    it('let the functions that read Google Cloud read the one secret, decrypted only through Secrets Manager', () => {
      const secret = arn('secret', '');
      expect(statements('GcpCredentialsSecretPolicy').map((s) => [s.Sid, asArray(s.Action), subText(s.Resource)])).toEqual([
        ['GcpCredentialsSecret', ['secretsmanager:GetSecretValue'], secret],
        ['GcpCredentialsSecretDecrypt', ['kms:Decrypt'], 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'],
      ]);
      const decrypt = statements('GcpCredentialsSecretPolicy')[1]!;
      expect(subText(decrypt.Condition?.StringEquals?.['kms:ViaService'])).toBe('secretsmanager.${AWS::Region}.amazonaws.com');
      expect(subText(decrypt.Condition?.StringLike?.['kms:EncryptionContext:SecretARN'])).toBe(secret);
    });
  });

  describe('Azure credentials', () => {
    const policy = (id: (typeof AZURE_CREDENTIAL_POLICIES)[number]) => resource(get(), id);
    const statements = (id: (typeof AZURE_CREDENTIAL_POLICIES)[number]): Statement[] => asArray(policy(id).Properties?.PolicyDocument?.Statement as Statement[]);

    it('exist only when a client secret or federation was asked for (the default grants nothing)', () => {
      expect(policy('AzureCredentialsSecretPolicy').Condition).toBe('AzureCredentialsInSecretsManager');
      expect(policy('AzureWebIdentityPolicy').Condition).toBe('AzureCredentialsFederated');
      expect(get().Conditions?.AzureCredentialsInSecretsManager).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
      expect(get().Conditions?.AzureCredentialsFederated).toEqual({ 'Fn::And': [{ 'Fn::Equals': ['false', 'true'] }, { 'Fn::Equals': ['', ''] }] });
    });

    it('read the one client secret, decrypted only through Secrets Manager', () => {
      const secret = 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:-??????';
      expect(statements('AzureCredentialsSecretPolicy').map((s) => [s.Sid, asArray(s.Action), subText(s.Resource)])).toEqual([
        ['AzureClientSecret', ['secretsmanager:GetSecretValue'], secret],
        ['AzureClientSecretDecrypt', ['kms:Decrypt'], 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'],
      ]);
      expect(subText(statements('AzureCredentialsSecretPolicy')[1]!.Condition?.StringLike?.['kms:EncryptionContext:SecretARN'])).toBe(secret);
    });

    it('mint web identity tokens only for Entra token exchange, for at most 5 minutes', () => {
      const [s] = statements('AzureWebIdentityPolicy');
      expect(asArray(s!.Action)).toEqual(['sts:GetWebIdentityToken']);
      expect(s!.Condition).toEqual({
        'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': 'api://AzureADTokenExchange' },
        NumericLessThanEquals: { 'sts:DurationSeconds': 300 },
      });
    });
  });

  it('keeps the audit read-only: its one write is PutItem of its usage records (USAGE# partitions only)', () => {
    const actions = actionsOf(all('audit'));
    expect(actions.filter((a) => STATE_WRITE.includes(a) || CLOUD_WRITE(a) || a.startsWith('lambda:'))).toEqual(['dynamodb:PutItem']);
    const puts = all('audit').filter((s) => asArray(s.Action).includes('dynamodb:PutItem'));
    expect(puts).toHaveLength(1);
    expect(asArray(puts[0]!.Action)).toEqual(['dynamodb:PutItem']);
    expect(puts[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USAGE#*'] } });
  });

  it('keeps the weekly report read-only on the state table except its usage records (USAGE# partitions only)', () => {
    const puts = all('weeklyReport').filter((s) => asArray(s.Action).some((a) => STATE_WRITE.includes(a)));
    expect(puts.map((s) => [asArray(s.Action), s.Condition])).toEqual([[['dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USAGE#*'] } }]]);
  });
}
