import type { WatchdogConfig } from '../config/schema';
import type { Tags } from '../domain/cloud';
import type { FindingKind } from '../domain/finding';
import type { RemediationMode } from '../domain/remediation';

type RemediationConfig = WatchdogConfig['remediation'];

/** Most restrictive first: a rule can only ever make remediation more careful than the kind or global mode. */
const RESTRICTIVENESS: readonly RemediationMode[] = ['off', 'dry-run', 'approve', 'auto'];

export interface ResolvedMode {
  mode: RemediationMode;
  /** Where the mode came from, shown to people ("rule env=prod", "byKind idle-gpu", "mode"). */
  source: string;
}

/**
 * Kinds whose evidence is inferred rather than measured never act alone: notebook activity is read from the last
 * start or change (no cloud exposes kernel activity to these APIs), and stopping a notebook drops its kernels' state.
 */
const APPROVAL_ONLY_KINDS: Partial<Record<FindingKind, string>> = {
  'idle-notebook': 'notebook activity is inferred, so a person approves the stop',
};

function matches(selector: Record<string, string>, tags: Tags): boolean {
  return Object.entries(selector).every(([k, v]) => tags[k] !== undefined && (v === '*' || tags[k] === v));
}

function strictest(a: RemediationMode, b: RemediationMode): RemediationMode {
  return RESTRICTIVENESS.indexOf(a) <= RESTRICTIVENESS.indexOf(b) ? a : b;
}

/**
 * The mode for one resource and finding kind (pure): matching tag rules win (the most restrictive of them, so
 * overlapping rules never loosen each other), else `byKind[kind]`, else `mode`. Rules replace the fallback, which is
 * what they are for (`env=prod` pinned to `approve` while the rest runs `auto`). An approval-only action (stopping a
 * training job loses its progress) never runs as `auto`.
 */
export function resolveMode(config: RemediationConfig, kind: FindingKind, tags: Tags, approvalOnly = false): ResolvedMode {
  let resolved: ResolvedMode = config.byKind[kind]
    ? { mode: config.byKind[kind]!, source: `remediation.byKind.${kind}` }
    : { mode: config.mode, source: 'remediation.mode' };
  const hits = config.rules.filter((r) => matches(r.tags, tags));
  if (hits.length > 0) {
    const mode = hits.map((r) => r.mode).reduce(strictest);
    const rule = hits.find((r) => r.mode === mode)!;
    resolved = { mode, source: `remediation.rules (${Object.entries(rule.tags).map(([k, v]) => `${k}=${v}`).join(', ')})` };
  }
  if (approvalOnly && resolved.mode === 'auto') return { mode: 'approve', source: `${resolved.source}; this action always needs approval` };
  const why = APPROVAL_ONLY_KINDS[kind];
  if (why && resolved.mode === 'auto') return { mode: 'approve', source: `${resolved.source}; ${why}` };
  return resolved;
}
