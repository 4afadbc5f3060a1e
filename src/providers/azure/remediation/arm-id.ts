import type { ResourceKind } from '../../../domain/cloud';

/** The parts of an Azure ML ARM id the SDK methods take. */
export interface MlArmId {
  subscription: string;
  resourceGroup: string;
  workspace: string;
  /** The endpoint, compute or job name (the id's last segment). */
  name: string;
}

/** ARM id shapes per kind; ARM ids are case-insensitive in their fixed segments (Azure returns both casings). */
const PATTERN: Partial<Record<ResourceKind, RegExp>> = {
  endpoint: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)$/i,
  notebook: /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/computes\/([^/]+)$/i,
  'training-job': /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/jobs\/([^/]+)$/i,
};

/** Parses `ref.id` for a kind; undefined when it is not such an ARM id. */
export function parseMlArmId(kind: ResourceKind, id: string): MlArmId | undefined {
  const m = PATTERN[kind]?.exec(id);
  if (!m) return undefined;
  const [, subscription, resourceGroup, workspace, name] = m.map((s) => decodeURIComponent(s ?? ''));
  return { subscription: subscription!, resourceGroup: resourceGroup!, workspace: workspace!, name: name! };
}

/** The ARM id of an endpoint's deployment (Azure Monitor's resource for per-deployment metrics). */
export function deploymentArmId(endpointId: string, deployment: string): string {
  return `${endpointId}/deployments/${deployment}`;
}
