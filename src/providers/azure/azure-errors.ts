import type { ProviderState } from '../../domain/status';

/** One failed Azure call, classified for the reader's status. */
export interface AzureApiError {
  state: ProviderState;
  /** Azure's error code (AuthorizationFailed, ExpiredAuthenticationToken, TooManyRequests...) or `HTTP <status>`. */
  code: string;
  message: string;
  /** Operation that failed (`MachineLearning.OnlineEndpoints_List`). */
  operation: string;
  subscription?: string;
  /** The RBAC action the 403 names (`Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read`). */
  missingAction?: string;
  status?: number;
  /** No token at all: the credentials are missing or refused (nothing reached Azure). */
  credentials?: boolean;
}

/** Built-in roles that grant each service's reads (least privilege; Reader covers ML and Monitor metrics too). */
const ROLE_FOR: Record<string, string> = {
  MachineLearning: '"Reader" (or "AzureML Data Scientist") on the workspace or subscription',
  Monitor: '"Monitoring Reader" on the subscription',
  CostManagement: '"Cost Management Reader" on the subscription',
};

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: unknown;
}

/** `...does not have authorization to perform action 'X' over scope 'Y'...` (ARM AuthorizationFailed text). */
export function missingActionOf(message: string): string | undefined {
  return /perform action '([^']+)'/i.exec(message)?.[1];
}

/**
 * No token could be had at all (never reached Azure): @azure/identity's CredentialUnavailableError (no credential
 * configured, e.g. DefaultAzureCredential on Lambda), AuthenticationError (Entra refused the secret or assertion),
 * AggregateAuthenticationError (a chain where every credential failed), or our AzureCredentialsError (the client
 * secret could not be read from Secrets Manager; it carries state 'auth-failed').
 */
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError', 'AzureCredentialsError']);
export function isCredentialError(err: unknown): boolean {
  const e = err as { name?: unknown; state?: unknown } | null;
  return (typeof e?.name === 'string' && CREDENTIAL_ERRORS.has(e.name)) || e?.state === 'auth-failed';
}

/** Turns whatever an Azure SDK call threw into the reader's words (never throws). */
export function classifyAzureError(err: unknown, operation: string, subscription?: string): AzureApiError {
  const e = (err ?? {}) as RestErrorLike;
  if (isCredentialError(err)) {
    const message = (e.message ?? String(err)).replace(/\s+/g, ' ').trim();
    return { state: 'auth-failed', code: (err as { code?: string }).code ?? (err as Error).name, message, operation, credentials: true, ...(subscription ? { subscription } : {}) };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = e.code && e.code !== 'REQUEST_SEND_ERROR' ? e.code : status ? `HTTP ${status}` : (e.code ?? 'UnknownError');
  const message = (e.message ?? String(err)).replace(/\s+/g, ' ').trim();
  const base = { code, message, operation, ...(subscription ? { subscription } : {}), ...(status ? { status } : {}) };
  if (status === 401 || status === 403) {
    const missingAction = missingActionOf(message);
    return { state: 'auth-failed', ...base, ...(missingAction ? { missingAction } : {}) };
  }
  if (status === 429 || code === 'TooManyRequests') return { state: 'throttled', ...base };
  return { state: 'error', ...base };
}

/** What a person should do about it, one sentence. */
export function azureAdvice(e: AzureApiError): string {
  const service = e.operation.split('.')[0] ?? '';
  const where = e.subscription ? ` in subscription ${e.subscription}` : '';
  if (e.credentials) {
    return 'No Azure token: check clouds.azure.credentials (locally `az login` or AZURE_* variables; on Lambda the azureTenantId / azureClientId deploy params with azureFederated=true or azureClientSecret, docs/deploy.md, Azure).';
  }
  if (e.state === 'auth-failed' && e.status === 401) {
    return `Azure refused the credential's token (${e.code})${where}: renew the client secret / federated credential or sign in again.`;
  }
  if (e.state === 'auth-failed') {
    const action = e.missingAction ? `the action ${e.missingAction}` : `the read permission for ${e.operation}`;
    return `The watchdog's identity lacks ${action}${where}: assign ${ROLE_FOR[service] ?? '"Reader"'}.`;
  }
  if (e.state === 'throttled') return `Azure throttled ${e.operation}${where}; the next run retries.`;
  return `${e.operation} failed${where}; the next run retries.`;
}
