import type { EventData, MonitorClient } from '@azure/arm-monitor';
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { mapLimit } from '../../lib/map-limit';
import { classifyAzureError, type AzureApiError } from './azure-errors';

/**
 * Why an Azure ML online deployment is `Failed`. The deployment resource carries only `provisioningState`; its error
 * ("reported as part of the deployment operation status": `OutOfQuota`, `OutOfCapacity`, `ImageBuildFailure`,
 * `ResourceNotReady` ...) lives in the ARM operation, which the Activity Log keeps (90 days): the failed
 * `.../onlineEndpoints/deployments/write` event has `properties.statusMessage`, a JSON string such as
 * `{"status":"Failed","error":{"code":"ResourceOperationFailure","message":"...","details":[{"code":"OutOfQuota",
 * "message":"..."}]}}`. One ActivityLogs_List call per Failed deployment, filtered on its resourceUri and on the
 * time since its last change: failures are rare, so this costs little.
 */
export interface DeploymentError {
  /** `OutOfQuota: Not enough quota available for Standard_NC24ads_A100_v4 ...` (the innermost code and message). */
  reason: string;
  at: Date;
}

/** The Activity Log keeps 90 days; a day less so the start is always inside it. */
export const ACTIVITY_RETENTION_DAYS = 89;
/** Without the deployment's last change, this far back. */
export const ACTIVITY_LOOKBACK_DAYS = 7;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Where to look: from an hour before the deployment's last change (its failed write started then or later: a Failed
 * deployment is its current state however old), else the last 7 days; never before the log's retention.
 */
export function activityStart(lastModifiedAt: Date | undefined, now: Date): Date {
  const oldest = now.getTime() - ACTIVITY_RETENTION_DAYS * DAY_MS;
  const from = lastModifiedAt ? lastModifiedAt.getTime() - HOUR_MS : now.getTime() - ACTIVITY_LOOKBACK_DAYS * DAY_MS;
  return new Date(Math.min(now.getTime(), Math.max(oldest, from)));
}

export function activityFilter(resourceUri: string, now: Date, from: Date = activityStart(undefined, now)): string {
  return `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${now.toISOString()}' and resourceUri eq '${resourceUri}'`;
}

interface ArmError {
  code?: string;
  message?: string;
  details?: ArmError[];
}

/** The innermost error with a code: ARM wraps the service's own error (OutOfQuota) in a generic one. */
function innermost(e: ArmError): ArmError {
  for (const d of e.details ?? []) {
    const inner = innermost(d);
    if (inner.code) return inner;
  }
  return e;
}

/** `statusMessage` to "CODE: message"; a message that is not JSON is kept as it is. */
export function statusMessageReason(statusMessage: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(statusMessage);
  } catch {
    return statusMessage.trim() || undefined;
  }
  const root = (parsed as { error?: ArmError } | null)?.error ?? (parsed as ArmError | null);
  if (!root || typeof root !== 'object') return undefined;
  const e = innermost(root);
  const words = [e.code, e.message].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return words.length ? words.join(': ').slice(0, 1024) : undefined;
}

/** The latest failed write in the events, with its reason. */
export function latestFailure(events: readonly EventData[]): DeploymentError | undefined {
  const failed = events
    .filter((e) => e.status?.value?.toLowerCase() === 'failed' && /\/write$/i.test(e.operationName?.value ?? '') && e.properties?.statusMessage && e.eventTimestamp)
    .sort((a, b) => b.eventTimestamp!.getTime() - a.eventTimestamp!.getTime());
  for (const e of failed) {
    const reason = statusMessageReason(e.properties!.statusMessage!);
    if (reason) return { reason, at: e.eventTimestamp! };
  }
  return undefined;
}

/** ARM ids are case-insensitive: the map is keyed by the lower-cased deployment id. */
export const errorKey = (armId: string): string => armId.toLowerCase();

/** Reads the Activity Log of each Failed deployment; a failed read leaves that deployment's reason unknown. */
export async function readDeploymentErrors(
  client: MonitorClient,
  deployments: readonly OnlineDeployment[],
  now: Date,
  maxConcurrency: number,
  subscription: string,
): Promise<{ errors: Map<string, DeploymentError>; failures: AzureApiError[] }> {
  const errors = new Map<string, DeploymentError>();
  const failures: AzureApiError[] = [];
  const failed = deployments.filter((d) => d.properties.provisioningState === 'Failed' && d.id);
  await mapLimit(failed, maxConcurrency, async (d) => {
    try {
      const events: EventData[] = [];
      const lastChange = d.systemData?.lastModifiedAt ?? d.systemData?.createdAt;
      const from = activityStart(lastChange ? new Date(lastChange) : undefined, now);
      for await (const e of client.activityLogs.list(activityFilter(d.id!, now, from), { select: 'eventTimestamp,operationName,status,properties,resourceId' })) events.push(e);
      const found = latestFailure(events);
      if (found) errors.set(errorKey(d.id!), found);
    } catch (err) {
      failures.push(classifyAzureError(err, 'Monitor.ActivityLogs_List', subscription));
    }
  });
  return { errors, failures };
}
