import type { AzureUsageRecord } from './azure-usage';
import { CostQueryError } from './cost-error';

/** Follow-up URLs carry the public ARM origin: the watchdog's redirecting http client sends them to the simulator. */
export const ARM_ORIGIN_COST = 'https://management.azure.com';

/** A Cost Management scope the simulator answers, resolved to the subscriptions (and group) it covers. */
export interface CostScope {
  /** As in the path, without the leading slash (`subscriptions/{id}/resourceGroups/{rg}`). */
  scope: string;
  kind: 'subscription' | 'resourceGroup' | 'managementGroup';
  subscriptionIds: string[];
  resourceGroup?: string;
}

/**
 * A scope outside the fleet is Cost Management's 403 RBACAccessDenied ⚠️ message wording unverified. Billing-account
 * scopes (providers/Microsoft.Billing/...) are not simulated and answer the same 403.
 */
export function rbacDenied(scope: string): CostQueryError {
  return new CostQueryError(403, 'RBACAccessDenied', `The client does not have authorization to perform action 'Microsoft.CostManagement/query/action' over scope '/${scope}'.`);
}

/**
 * Resolves `scope` against the fleet's subscriptions. A management group is known when its id is the tenant id of
 * fleet subscriptions (the tenant root group has the tenant's id); it then covers them all.
 */
export function resolveCostScope(scope: string, subscriptions: ReadonlyArray<{ id: string; tenantId?: string }>): CostScope {
  const known = (id: string) => subscriptions.find((s) => s.id.toLowerCase() === id.toLowerCase())?.id;
  let m = /^subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i.exec(scope);
  if (m) {
    const sub = known(m[1]!);
    if (!sub) throw rbacDenied(scope);
    return m[2] ? { scope, kind: 'resourceGroup', subscriptionIds: [sub], resourceGroup: m[2] } : { scope, kind: 'subscription', subscriptionIds: [sub] };
  }
  m = /^providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  if (m) {
    const subs = subscriptions.filter((s) => s.tenantId !== undefined && s.tenantId.toLowerCase() === m![1]!.toLowerCase()).map((s) => s.id);
    if (subs.length === 0) throw rbacDenied(scope);
    return { scope, kind: 'managementGroup', subscriptionIds: subs };
  }
  throw rbacDenied(scope);
}

export function inScope(r: AzureUsageRecord, s: CostScope): boolean {
  if (!s.subscriptionIds.some((id) => id.toLowerCase() === r.subscriptionId.toLowerCase())) return false;
  return s.resourceGroup === undefined || s.resourceGroup.toLowerCase() === r.resourceGroup.toLowerCase();
}
