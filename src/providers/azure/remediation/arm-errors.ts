import { isCredentialError } from '../azure-errors';
import { AzureRemediationError, type AzureRemediationErrorCode } from './remediation-error';

/** What a failed ARM call was, in the remediator's words. */
export interface ClassifiedArmError {
  code: AzureRemediationErrorCode;
  statusCode?: number;
  azureCode?: string;
  detail: string;
  missingAction?: string;
  scope?: string;
}

/**
 * ARM's AuthorizationFailed message names the missing action and the scope: "The client '...' with object id '...'
 * does not have authorization to perform action 'Microsoft...' over scope '/subscriptions/...' or the scope is
 * invalid." (the documented ARM wording; the simulator answers the same).
 */
const AUTH_DETAIL = /perform action '([^']+)' over scope '([^']+)'/;

/**
 * core-rest-pipeline's RestError, recognised by name as its own `isRestError` does. Importing that function would put
 * the whole pipeline into the remediate function's cold start: the gate loads this file with the action specs.
 */
function isRestError(err: unknown): err is Error & { statusCode?: number; code?: string } {
  return err instanceof Error && err.name === 'RestError';
}

export function classifyArmError(err: unknown): ClassifiedArmError {
  if (isRestError(err)) {
    const status = err.statusCode;
    const azureCode = err.code;
    const detail = err.message || `HTTP ${status ?? '?'}`;
    const code: AzureRemediationErrorCode =
      status === 401 || status === 403
        ? 'AUTH'
        : status === 404
          ? 'RESOURCE_NOT_FOUND'
          : status === 409
            ? 'CONFLICT'
            : status === 429
              ? 'THROTTLED'
              : 'AZURE_ERROR';
    const auth = AUTH_DETAIL.exec(detail);
    return {
      code,
      detail,
      ...(status !== undefined ? { statusCode: status } : {}),
      ...(azureCode ? { azureCode } : {}),
      ...(auth ? { missingAction: auth[1]!, scope: auth[2]! } : {}),
    };
  }
  // No token at all (credentials missing, unreadable or refused by Entra): nothing reached Azure.
  if (isCredentialError(err)) {
    return { code: 'AUTH', statusCode: 401, detail: err instanceof Error ? err.message : String(err) };
  }
  // core-lro: "The long-running operation has failed. <code>. <message>" / PollerCancelledError.
  if (err instanceof Error && (/long-running operation has failed/i.test(err.message) || err.name === 'PollerCancelledError')) {
    return { code: 'OPERATION_FAILED', detail: err.message };
  }
  return { code: 'AZURE_ERROR', detail: err instanceof Error ? err.message : String(err) };
}

/** What a person should do about a classified failure (the message's tail). */
export function armAdvice(c: ClassifiedArmError): string {
  switch (c.code) {
    case 'AUTH':
      if (c.azureCode === 'ExpiredAuthenticationToken' || c.statusCode === 401) {
        return 'The Azure token was rejected (expired or invalid): check the watchdog\'s Azure credentials (clouds.azure.credentials) and run again.';
      }
      return c.missingAction
        ? `Grant the watchdog's remediation identity "${c.missingAction}" on ${c.scope ?? 'the resource'} (add it to its custom role; see the README's Azure role), then run the same command again; it resumes from this step.`
        : 'Grant the watchdog\'s remediation identity the Azure role listed in the README, then run the same command again.';
    case 'THROTTLED':
      return 'Azure Resource Manager is throttling the watchdog (429); run the same command again in a few minutes.';
    case 'CONFLICT':
      return 'Another operation is changing the resource; wait until its provisioning state settles (Azure ML studio) and run the same command again.';
    case 'RESOURCE_NOT_FOUND':
      return 'It was deleted or renamed outside the watchdog.';
    case 'OPERATION_FAILED':
      return 'Look at the resource in Azure ML studio (deployment logs: az ml online-deployment get-logs), fix the cause (quota, image, model) and run the same command again; it resumes from this step.';
    default:
      return 'If Azure is having an outage, run the same command again later; it resumes from this step.';
  }
}

/** A failed ARM call as an AzureRemediationError naming the resource and what we were doing. */
export function remediationErrorFrom(resource: string, doing: string, err: unknown): AzureRemediationError {
  if (err instanceof AzureRemediationError) return err;
  const c = classifyArmError(err);
  return new AzureRemediationError({
    code: c.code,
    resource,
    message: `${doing} failed${c.statusCode ? ` (HTTP ${c.statusCode}${c.azureCode ? ` ${c.azureCode}` : ''})` : ''}: ${c.detail}. ${armAdvice(c)}`,
    cause: err,
    ...(c.statusCode !== undefined ? { statusCode: c.statusCode } : {}),
    ...(c.azureCode ? { azureCode: c.azureCode } : {}),
    ...(c.missingAction ? { missingAction: c.missingAction } : {}),
    ...(c.scope ? { scope: c.scope } : {}),
  });
}
