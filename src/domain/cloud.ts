/** The three managed ML platforms ml-watchdog watches. */
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

/**
 * What a reference points at: a billable ML resource, or a `cost-scope` (a slice of spend: a whole cloud, an account,
 * an owner, a service) for findings about money rather than one resource (budgets, anomalies, hidden and unattributed
 * cost). A cost-scope has no provider resource behind it: `id` is the scope key and nothing can be parked.
 */
export const RESOURCE_KINDS = ['endpoint', 'notebook', 'studio-app', 'training-job', 'cost-scope'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * A stable pointer to one resource on one cloud.
 * `account` is the AWS account id, GCP project id or Azure subscription id;
 * `region` the AWS region, GCP location or Azure region;
 * `id` the provider's own identifier (ARN, resource name, ARM id).
 */
export interface ResourceRef {
  cloud: Cloud;
  account: string;
  region: string;
  kind: ResourceKind;
  /** Human name, unique within (cloud, account, region, kind). */
  name: string;
  /** Provider id: ARN on AWS, full resource name on GCP, ARM id on Azure. */
  id: string;
}

/** A stable string key for a ref, used for maps, fingerprints and the state store. */
export function refKey(ref: ResourceRef): string {
  return `${ref.cloud}:${ref.account}:${ref.region}:${ref.kind}:${ref.name}`;
}

export type Tags = Record<string, string>;

/**
 * Whether a provider id (a cost line's ResourceId) names `ref`. ARM ids are case-insensitive and Azure Cost
 * Management answers them in lower case while the Machine Learning API keeps the original casing; ARNs and Google
 * resource names are compared exactly.
 */
export function isResourceId(ref: ResourceRef, id: string | undefined): boolean {
  if (id === undefined) return false;
  return ref.cloud === 'azure' ? id.toLowerCase() === ref.id.toLowerCase() : id === ref.id;
}
