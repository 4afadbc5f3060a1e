import { invalidArgument } from './google-wire';

/**
 * The AIP-160 filter subset the simulator understands for Vertex AI listings: `key = "value"`, `key != "value"`
 * (quotes optional), clauses joined by ` AND `. Anything else is INVALID_ARGUMENT rather than silently ignored, so
 * a client relying on more of the grammar notices in tests.
 */
export type FieldLookup = (key: string) => string | undefined;

export function listFilter(filter: string | null): (field: FieldLookup) => boolean {
  if (!filter?.trim()) return () => true;
  const clauses = filter.split(/\s+AND\s+/).map((c) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(!=|=)\s*(?:"([^"]*)"|([^\s"]+))\s*$/.exec(c);
    if (!m) throw invalidArgument(`Unsupported filter clause: ${c.trim()} (the simulator supports key = "value" and key != "value" joined by AND).`);
    return { key: m[1]!, negate: m[2] === '!=', value: m[3] ?? m[4]! };
  });
  return (field) => clauses.every((c) => (field(c.key) === c.value) !== c.negate);
}

/** Field lookup for resources with `display_name`/`displayName`, `state` and `labels.<key>`. */
export function resourceFields(r: { displayName: string; labels: Record<string, string>; state?: string }): FieldLookup {
  return (key) => {
    if (key === 'display_name' || key === 'displayName') return r.displayName;
    if (key === 'state') return r.state;
    if (key.startsWith('labels.')) {
      const k = key.slice(7);
      return Object.hasOwn(r.labels, k) ? r.labels[k] : undefined;
    }
    throw invalidArgument(`Unsupported filter field: ${key}`);
  };
}
