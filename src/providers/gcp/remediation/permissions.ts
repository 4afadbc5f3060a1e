import type { ActionPermission } from '../../types';

/**
 * Google IAM permissions and the resource-name patterns they are needed on, for the remediation identity's custom
 * role. Google grants roles on projects (or on the resource), not on name patterns, so `resource` documents where
 * each permission is checked (the method's `name`/`endpoint` field), the way the AWS remediator lists ARNs.
 * Sources: Vertex AI "IAM permissions" table (cloud.google.com/vertex-ai/docs/general/iam-permissions), the
 * Notebooks v2 REST reference ("Authorization requires the following IAM permission"), Cloud Monitoring's
 * projects.timeSeries.list reference. ⚠️ marks a name we could not confirm there.
 */
export const RESOURCE = {
  endpoint: 'projects/*/locations/*/endpoints/*',
  workbenchInstance: 'projects/*/locations/*/instances/*',
  workbenchOperation: 'projects/*/locations/*/operations/*',
  customJob: 'projects/*/locations/*/customJobs/*',
  serviceAccount: 'projects/*/serviceAccounts/*',
  project: 'projects/*',
} as const;

export const allow = (action: string, resource: string): ActionPermission => ({ action, resource });
