import type { FleetState } from '../fleet-model';

/**
 * Cost Management's rate limits, as far as the simulator enforces them: the per-scope limit (Azure: about 4
 * requests per minute per scope; fleet `azure.billing.scopeRequestsPerMinute`, 0 = off), counted per VIRTUAL minute
 * so tests move the clock rather than sleep. The tenant QPU budget is only reported (qpu-consumed / -remaining on
 * every answer, like Azure), not enforced ⚠️.
 */

const H = 'x-ms-ratelimit-microsoft.costmanagement';
/** Reported tenant budget per virtual minute (Azure documents 60 QPU-weighted requests per minute per tenant). */
export const TENANT_QPU_PER_MINUTE = 60;
/** QPU a simulated query costs (Azure weighs by the data scanned; one month of data is about 1 QPU ⚠️). */
const QPU_PER_QUERY = 1;

interface Counters {
  minute: number;
  perScope: Map<string, number>;
  tenant: number;
}

// Per fleet state, not per module: the route object is shared by every simulator started in one process.
const counters = new WeakMap<FleetState, Counters>();

export interface ThrottleDecision {
  /** Headers for the answer (throttled or not). */
  headers: Record<string, string>;
  throttled: boolean;
}

/** Counts one request on `scope` at `nowMs` and decides whether it is over the per-scope limit. */
export function countCostRequest(state: FleetState, scope: string, nowMs: number, limitPerMinute: number): ThrottleDecision {
  const minute = Math.floor(nowMs / 60_000);
  let c = counters.get(state);
  if (!c || c.minute !== minute) counters.set(state, (c = { minute, perScope: new Map(), tenant: 0 }));
  const key = scope.toLowerCase();
  const n = (c.perScope.get(key) ?? 0) + 1;
  c.perScope.set(key, n);
  c.tenant += QPU_PER_QUERY;
  const usage = {
    [`${H}-qpu-consumed`]: String(QPU_PER_QUERY),
    [`${H}-qpu-remaining`]: `QueryResource=${Math.max(0, TENANT_QPU_PER_MINUTE - c.tenant)}`,
  };
  if (limitPerMinute <= 0 || n <= limitPerMinute) return { headers: usage, throttled: false };
  return { headers: { ...usage, ...throttleRetryHeaders(Math.max(1, Math.ceil(((minute + 1) * 60_000 - nowMs) / 1000))) }, throttled: true };
}

/**
 * The three retry-after headers of a Cost Management 429 (seconds). They differ on purpose: a client must wait
 * the MAX of them (learn.microsoft.com .../costs/manage-automation). The per-scope ("entity") one is the time to
 * the next virtual minute; the qpu / tenant ones are fixed small values ⚠️.
 */
export function throttleRetryHeaders(entitySeconds: number): Record<string, string> {
  return {
    [`${H}-qpu-retry-after`]: '1',
    [`${H}-entity-retry-after`]: String(entitySeconds),
    [`${H}-tenant-retry-after`]: '2',
  };
}

/** Cost Management's own 429 body (not ARM's TooManyRequests) ⚠️ as quoted in community answers. */
export const THROTTLE_BODY = { error: { code: '429', message: 'Too many requests. Please retry.' } };
