import type { ProviderState, ProviderStatus } from '../../domain/status';
import type { AwsProviderError } from './errors';

/** One kind of failure within a component: the same part, operation and error code, counted once with an example subject. */
export interface ReadFailure {
  part: string;
  error: AwsProviderError;
  count: number;
  /** E.g. the endpoint whose describe failed first. */
  example?: string;
}

/** Collects failures of one component (e.g. `inventory:us-east-1`) without losing the data that did arrive. */
export class FailureLog {
  private readonly byKey = new Map<string, ReadFailure>();
  private readonly notes: string[] = [];

  add(part: string, error: AwsProviderError, example?: string): void {
    const key = `${part}\u0000${error.operation}\u0000${error.code}`;
    const seen = this.byKey.get(key);
    if (seen) seen.count++;
    else this.byKey.set(key, { part, error, count: 1, ...(example ? { example } : {}) });
  }

  /** Something the user should know that is not a failure (e.g. a fallback that cost extra calls). */
  note(text: string): void {
    this.notes.push(text);
  }

  failures(): ReadFailure[] {
    return [...this.byKey.values()];
  }

  has(part: string): boolean {
    return this.failures().some((f) => f.part === part);
  }

  allNotes(): string[] {
    return [...this.notes];
  }
}

/** Which state wins when a component has several failures: the one that needs a person first. */
const SEVERITY: Record<ProviderState, number> = { ok: 0, disabled: 0, 'missing-data': 1, throttled: 2, error: 3, 'auth-failed': 4 };

export function worstState(states: readonly ProviderState[]): ProviderState {
  return states.reduce<ProviderState>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), 'ok');
}

function describe(f: ReadFailure): string {
  const times = f.count > 1 ? ` (${f.count} times${f.example ? `, first for ${f.example}` : ''})` : f.example ? ` (${f.example})` : '';
  return `${f.part}: ${f.error.message}${times}`;
}

/** Builds the ProviderStatus the report shows for one component. */
export function toProviderStatus(component: string, log: FailureLog, calls: Record<string, number>, units: Record<string, number> = {}): ProviderStatus {
  const failures = log.failures();
  const state = worstState(failures.map((f) => f.error.state));
  const worst = failures.find((f) => f.error.state === state);
  const message = [...failures.map(describe), ...log.allNotes()].join(' ');
  return {
    cloud: 'aws',
    component,
    state,
    ...(message ? { message } : {}),
    ...(worst ? { code: worst.error.code } : {}),
    calls,
    ...(Object.keys(units).length ? { units } : {}),
  };
}
