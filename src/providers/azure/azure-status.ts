import type { ProviderState, ProviderStatus } from '../../domain/status';
import { azureAdvice, type AzureApiError } from './azure-errors';

export interface Failure {
  what: string;
  err: AzureApiError;
}

const SEVERITY: Record<ProviderState, number> = { ok: 0, disabled: 0, 'missing-data': 1, throttled: 2, error: 3, 'auth-failed': 4 };

/** One component's status from its failures: the worst state wins; each (operation, code, subscription) is described once. */
export function statusOf(component: string, failures: readonly Failure[], calls: Record<string, number>, notes: readonly string[] = []): ProviderStatus {
  const seen = new Set<string>();
  const parts: string[] = [];
  let worst: AzureApiError | undefined;
  for (const f of failures) {
    if (!worst || SEVERITY[f.err.state] > SEVERITY[worst.state]) worst = f.err;
    const key = `${f.err.operation} ${f.err.code} ${f.err.subscription ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${f.what}: ${f.err.operation} ${f.err.code}: ${f.err.message} ${azureAdvice(f.err)}`);
  }
  const message = [...parts, ...notes].join(' ');
  return { cloud: 'azure', component, state: worst?.state ?? 'ok', ...(message ? { message } : {}), ...(worst ? { code: worst.code } : {}), calls };
}
