import type { Finding } from '../domain/finding';
import type { StateStore } from '../state/state-store';

const DATE_FIELDS = ['detectedAt', 'resourceCreatedAt'] as const;
const EVIDENCE_DATE_FIELDS = ['lastInvocationAt'] as const;

/** A finding as stored by recordFindings (JSON: dates as strings) back to its domain shape. */
export function reviveFinding(payload: unknown): Finding {
  const f = structuredClone(payload) as Record<string, unknown> & { evidence?: Record<string, unknown> };
  for (const k of DATE_FIELDS) if (typeof f[k] === 'string') f[k] = new Date(f[k] as string);
  if (f.evidence) for (const k of EVIDENCE_DATE_FIELDS) if (typeof f.evidence[k] === 'string') f.evidence[k] = new Date(f.evidence[k] as string);
  return f as unknown as Finding;
}

/**
 * The most recent recorded finding with this fingerprint within `maxAgeHours` (a Slack button can be pressed hours
 * after the alert; the gate's fresh traffic re-check covers what changed since). Undefined when none is that recent.
 */
export async function latestFinding(store: StateStore, fingerprint: string, now: Date, maxAgeHours = 7 * 24): Promise<Finding | undefined> {
  const kind = fingerprint.split(':')[0];
  const records = await store.listFindings({ since: new Date(now.getTime() - maxAgeHours * 3_600_000), ...(kind ? { kind } : {}) });
  const mine = records.filter((r) => r.fingerprint === fingerprint);
  const latest = mine.at(-1);
  return latest ? reviveFinding(latest.payload) : undefined;
}
