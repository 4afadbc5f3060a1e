import type { ParkAction } from '../../../domain/finding';
import type { ActionPermission, ActionSpec } from '../../types';
import type { RegisteredAction } from './action-context';
import { asyncMinCapacityZero } from './actions/async-min-capacity-zero';
import { deleteEndpointKeepConfig } from './actions/delete-endpoint-keep-config';
import { deleteStudioApp } from './actions/delete-studio-app';
import { icCopiesToZero } from './actions/ic-copies-to-zero';
import { provisionedConcurrencyZero } from './actions/provisioned-concurrency-zero';
import { stopNotebook } from './actions/stop-notebook';
import { stopTrainingJob } from './actions/stop-training-job';
import { allow, ARN } from './arn-patterns';

/** Park actions of other clouds' resources (Vertex AI deployed models); everything else must be implemented here. */
type NotAws = 'none' | 'undeploy-model' | 'min-replicas-zero' | 'delete-deployment';
export type AwsParkAction = Exclude<ParkAction, NotAws>;

/** Every park action the AWS remediator implements. A new ParkAction without an entry here fails `tsc`. */
export const AWS_ACTION_REGISTRY: Readonly<Record<AwsParkAction, RegisteredAction>> = {
  'ic-copies-to-zero': icCopiesToZero,
  'async-min-capacity-zero': asyncMinCapacityZero,
  'delete-endpoint-keep-config': deleteEndpointKeepConfig,
  'provisioned-concurrency-zero': provisionedConcurrencyZero,
  'stop-notebook': stopNotebook,
  'delete-studio-app': deleteStudioApp,
  'stop-training-job': stopTrainingJob,
};

export const AWS_REMEDIATION_ACTIONS: ActionSpec[] = Object.values(AWS_ACTION_REGISTRY).map((a) => a.spec);

/**
 * What the remediator needs beyond the actions: the traffic re-check right before acting (recentInvocations reads
 * the endpoint's variants, then CloudWatch, which has no resource-level permissions) and tagResource (the Ignore
 * button's exclusion tag) on every kind of resource it can park.
 */
export const REMEDIATOR_PERMISSIONS: readonly ActionPermission[] = [
  allow('sagemaker:DescribeEndpoint', ARN.endpoint),
  allow('cloudwatch:GetMetricData', ARN.any),
  ...[ARN.endpoint, ARN.notebookInstance, ARN.app, ARN.trainingJob].map((arn) => allow('sagemaker:AddTags', arn)),
];

/**
 * The union of every action's permissions plus the re-check's, deduplicated and sorted: exactly what the
 * remediation role in serverless.yml must grant (and nothing the read-only roles need).
 */
export function awsRemediationPermissions(): ActionPermission[] {
  const seen = new Map<string, ActionPermission>();
  for (const p of [...AWS_REMEDIATION_ACTIONS.flatMap((a) => a.permissions), ...REMEDIATOR_PERMISSIONS]) seen.set(`${p.action} ${p.resource}`, p);
  return [...seen.values()].sort((a, b) => a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource));
}
