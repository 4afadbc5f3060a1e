import type { ParkAction } from '../../../domain/finding';
import type { ActionPermission, ActionSpec } from '../../types';
import type { RegisteredAction } from './action-context';
import { minReplicasZero } from './actions/min-replicas-zero';
import { stopNotebook } from './actions/stop-notebook';
import { stopTrainingJob } from './actions/stop-training-job';
import { undeployModel } from './actions/undeploy-model';
import { allow, RESOURCE } from './permissions';

/** Park actions of other clouds' resources (SageMaker); everything else must be implemented here. */
type NotGcp = 'none' | 'ic-copies-to-zero' | 'async-min-capacity-zero' | 'delete-endpoint-keep-config' | 'provisioned-concurrency-zero' | 'delete-studio-app' | 'delete-deployment';
export type GcpParkAction = Exclude<ParkAction, NotGcp>;

/** Every park action the GCP remediator implements. A new ParkAction without an entry here (or in NotGcp) fails `tsc`. */
export const GCP_ACTION_REGISTRY: Readonly<Record<GcpParkAction, RegisteredAction>> = {
  'undeploy-model': undeployModel,
  'min-replicas-zero': minReplicasZero,
  'stop-notebook': stopNotebook,
  'stop-training-job': stopTrainingJob,
};

/**
 * min-replicas-zero stays listed when clouds.gcp.scaleToZeroPreview is off: a token parked while it was on must
 * still restore. Its capture and park refuse with PREVIEW_DISABLED instead.
 */
export const GCP_REMEDIATION_ACTIONS: ActionSpec[] = Object.values(GCP_ACTION_REGISTRY).map((a) => a.spec);

/**
 * What the remediator needs beyond the actions: the traffic re-check right before acting (Cloud Monitoring's
 * timeSeries.list, granted on the project) and tagResource (the Ignore button's exclusion label) on endpoints and
 * Workbench instances (custom jobs cannot be relabelled).
 */
export const REMEDIATOR_PERMISSIONS: readonly ActionPermission[] = [
  allow('monitoring.timeSeries.list', RESOURCE.project),
  allow('aiplatform.endpoints.get', RESOURCE.endpoint),
  allow('aiplatform.endpoints.update', RESOURCE.endpoint),
  allow('notebooks.instances.get', RESOURCE.workbenchInstance),
  allow('notebooks.instances.update', RESOURCE.workbenchInstance),
  allow('notebooks.operations.get', RESOURCE.workbenchOperation),
];

/**
 * The union of every action's permissions plus the re-check's and the labelling's, deduplicated and sorted: exactly
 * what the watchdog's Google remediation role must grant (and nothing the read-only identity needs).
 */
export function gcpRemediationPermissions(): ActionPermission[] {
  const seen = new Map<string, ActionPermission>();
  for (const p of [...GCP_REMEDIATION_ACTIONS.flatMap((a) => a.permissions), ...REMEDIATOR_PERMISSIONS]) seen.set(`${p.action} ${p.resource}`, p);
  return [...seen.values()].sort((a, b) => a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource));
}
