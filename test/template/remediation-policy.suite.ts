import { describe, expect, it } from 'vitest';
import { awsRemediationPermissions } from '../../src/providers/aws/remediation/action-registry';
import { asArray, declaredForm, grantedPairs, inlineStatements, policyStatements, resource, subText, type CfnTemplate, type Statement } from './packaged-template';
import { FUNCTIONS, isReadAction, pairOf } from './iam-expectations';

const POLICY_ID = 'RemediateWritePolicy';
const CONDITION = 'RemediationWritesEnabled';
/** Application Auto Scaling's service-linked role for SageMaker endpoints (AAS user guide, "Service-linked roles"). */
const AAS_SAGEMAKER_SERVICE = 'sagemaker.application-autoscaling.amazonaws.com';

/**
 * The remediation function's writes: exactly what the AWS park/restore actions declare next to their code
 * (awsRemediationPermissions()), in a separate policy that exists only with `--param remediation=enabled`.
 * The declared reads must be in the role's always-on policy, so a read-only deploy can still plan and dry-run.
 */
export function remediationPolicySuite(get: () => CfnTemplate): void {
  const declared = awsRemediationPermissions();
  const declaredWrites = declared.filter((p) => !isReadAction(p.action)).map(pairOf).sort();
  const declaredReads = declared.filter((p) => isReadAction(p.action));
  const writeStatements = (): Statement[] => policyStatements(resource(get(), POLICY_ID));

  describe(`${POLICY_ID} (park and restore)`, () => {
    it('exists only when deployed with --param remediation=enabled, attached to the remediation role alone', () => {
      const policy = resource(get(), POLICY_ID);
      expect(policy.Type).toBe('AWS::IAM::Policy');
      expect(policy.Condition).toBe(CONDITION);
      expect(policy.Properties?.Roles).toEqual([{ Ref: FUNCTIONS.remediate.roleId }]);
      expect(policy.Properties?.Users ?? []).toEqual([]);
      expect(policy.Properties?.Groups ?? []).toEqual([]);
      // Packaged with default params: the condition is false, so a default deploy has no write permission at all,
      // and the role says so where an operator looks (IAM console, `aws iam get-role`).
      expect(get().Conditions?.[CONDITION]).toEqual({ 'Fn::Equals': ['read-only', 'enabled'] });
      expect(resource(get(), FUNCTIONS.remediate.roleId).Properties?.Description).toContain('writes off (param remediation=read-only)');
    });

    it('grants exactly the writes the AWS park/restore actions declare', () => {
      expect(declaredWrites.length).toBeGreaterThan(0);
      expect(grantedPairs(writeStatements()), 'serverless.yml RemediateWritePolicy vs awsRemediationPermissions()').toEqual(declaredWrites);
    });

    it('holds no read: every declared read is in the always-on remediate-read policy instead', () => {
      expect(writeStatements().flatMap((s) => asArray(s.Action)).filter(isReadAction)).toEqual([]);
      const readPairs = new Set(grantedPairs(inlineStatements(get(), FUNCTIONS.remediate.roleId)));
      const missing = declaredReads.filter((p) => !readPairs.has(pairOf(p)) && !readPairs.has(`${p.action} *`));
      expect(missing.map(pairOf), `add these reads to RemediateRole's remediate-read policy`).toEqual([]);
      expect(declaredReads.length).toBeGreaterThan(0);
    });

    it('scopes every write to this account, in whatever partition it is deployed', () => {
      for (const s of writeStatements()) {
        expect(s.Sid, JSON.stringify(s.Action)).toMatch(/^[A-Za-z0-9]+$/);
        expect([s.Effect, s.NotAction, s.NotResource]).toEqual(['Allow', undefined, undefined]);
        for (const r of asArray(s.Resource)) {
          const text = subText(r) ?? '';
          expect(text, `${s.Sid}: ${JSON.stringify(r)}`).toMatch(/^arn:\$\{AWS::Partition\}:[\w-]+:[\w*-]*:\$\{AWS::AccountId\}:\S+$/);
          expect(r, `${s.Sid} must use !Sub`).toEqual({ 'Fn::Sub': text });
        }
      }
      // Sids name statements in CloudTrail access-denied messages and policy diffs: they must be unique.
      const sids = writeStatements().map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    });

    it('creates only the SageMaker auto scaling service-linked role and passes roles only to SageMaker', () => {
      const byAction = (action: string) => writeStatements().filter((s) => asArray(s.Action).includes(action));
      const slr = byAction('iam:CreateServiceLinkedRole');
      expect(slr).toHaveLength(1);
      expect(asArray(slr[0]?.Action)).toEqual(['iam:CreateServiceLinkedRole']);
      expect(declaredForm(slr[0]?.Resource)).toContain(`/aws-service-role/${AAS_SAGEMAKER_SERVICE}/`);
      expect(slr[0]?.Condition).toEqual({ StringEquals: { 'iam:AWSServiceName': AAS_SAGEMAKER_SERVICE } });
      for (const s of byAction('iam:PassRole')) {
        expect(asArray(s.Action)).toEqual(['iam:PassRole']);
        expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
      }
      // Only those two statements carry conditions; a condition elsewhere would silently narrow a declared write.
      const conditioned = writeStatements().filter((s) => s.Condition !== undefined).flatMap((s) => asArray(s.Action));
      const iamDeclared = [...new Set(declared.map((p) => p.action).filter((a) => a.startsWith('iam:')))];
      expect(conditioned.sort()).toEqual(iamDeclared.sort());
    });
  });
}
