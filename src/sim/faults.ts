/** Faults the simulator can inject per operation, to test retries, auth failures and timeouts end to end. */
export type FaultKind = 'throttle' | 'server-error' | 'access-denied' | 'expired-token' | 'delay';

export interface FaultSpec {
  /** `<Service>.<Operation>` (e.g. "SageMaker.ListEndpoints"), `<Service>.*`, or `*` for every operation. */
  operation: string;
  kind: FaultKind;
  /** How many calls it hits; default Infinity. */
  times?: number;
  /** For `delay`: how long the answer is held back (default 1000 ms); pair it with a client requestTimeout. */
  delayMs?: number;
}

export interface FaultInjector {
  inject(spec: FaultSpec): void;
  clear(): void;
}

export class SimFaultError extends Error {
  readonly code = 'SIM_FAULT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SimFaultError';
  }
}

const KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'access-denied', 'expired-token', 'delay'];

/** What to do to one call: hold it back `delayMs`, then fail it with `error` (if any). */
export interface FaultDecision {
  delayMs: number;
  error?: Exclude<FaultKind, 'delay'>;
}

export interface FaultRegistry extends FaultInjector {
  /** Consumes the faults that hit this call (delays add up; the first error fault wins). */
  take(operation: string): FaultDecision;
}

export function createFaultRegistry(): FaultRegistry {
  let faults: Array<{ spec: FaultSpec; remaining: number }> = [];
  const hits = (pattern: string, operation: string) =>
    pattern === '*' || pattern === operation || (pattern.endsWith('.*') && operation.startsWith(pattern.slice(0, -1)));
  return {
    inject(spec) {
      if (!KINDS.includes(spec.kind)) throw new SimFaultError(`unknown fault kind "${String(spec.kind)}"; use one of ${KINDS.join(', ')}`);
      if (!spec.operation || (spec.operation !== '*' && !/^[A-Za-z]+\.([A-Za-z][A-Za-z_]*|\*)$/.test(spec.operation))) {
        throw new SimFaultError(`fault operation "${spec.operation}" must look like "SageMaker.ListEndpoints", "MachineLearning.OnlineEndpoints_List", "CloudWatch.*" or "*"`);
      }
      const times = spec.times ?? Infinity;
      if (!(times > 0)) throw new SimFaultError(`fault times must be positive, got ${times}`);
      if (spec.delayMs !== undefined && !(spec.delayMs >= 0)) throw new SimFaultError(`fault delayMs must be >= 0, got ${spec.delayMs}`);
      faults.push({ spec, remaining: times });
    },
    clear() {
      faults = [];
    },
    take(operation) {
      const decision: FaultDecision = { delayMs: 0 };
      for (const f of faults) {
        if (f.remaining <= 0 || !hits(f.spec.operation, operation)) continue;
        if (f.spec.kind === 'delay') decision.delayMs += f.spec.delayMs ?? 1000;
        else if (decision.error) continue;
        else decision.error = f.spec.kind;
        f.remaining -= 1;
      }
      faults = faults.filter((f) => f.remaining > 0);
      return decision;
    },
  };
}
