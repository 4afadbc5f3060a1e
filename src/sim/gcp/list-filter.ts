import { invalidArgument } from './google-wire';

/**
 * The AIP-160 filter subset the simulator understands for Vertex AI listings: comparisons `key = "value"`,
 * `key != "value"` and, for times (`create_time`), `<`, `<=`, `>`, `>=` against an RFC 3339 instant (quotes
 * optional); comparisons joined by OR, groups joined by AND, a group optionally in parentheses. AIP-160 binds OR
 * tighter than AND (`a OR b AND c` is `(a OR b) AND c`), which is exactly this shape. Anything else is
 * INVALID_ARGUMENT rather than silently ignored, so a client relying on more of the grammar notices in tests.
 */
export type FieldLookup = (key: string) => string | undefined;

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
interface Clause {
  key: string;
  op: Op;
  value: string;
}

const TOKEN = /\s*(\(|\)|AND(?=[\s(]|$)|OR(?=[\s(]|$)|[A-Za-z_][A-Za-z0-9_.-]*\s*(?:!=|>=|<=|=|<|>)\s*(?:"[^"]*"|[^\s()"]+))/y;
const CLAUSE = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*(!=|>=|<=|=|<|>)\s*(?:"([^"]*)"|([^\s()"]+))$/;
const SUPPORTED = 'the simulator supports key = "value", key != "value" and create_time <, <=, >, >= "RFC 3339", joined by OR, then AND';

function tokens(filter: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < filter.length) {
    if (!filter.slice(at).trim()) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(filter);
    if (!m) throw invalidArgument(`Unsupported filter near: ${filter.slice(at).trim()} (${SUPPORTED}).`);
    out.push(m[1]!);
    at = TOKEN.lastIndex;
  }
  return out;
}

function clause(token: string): Clause {
  const m = CLAUSE.exec(token);
  if (!m) throw invalidArgument(`Unsupported filter clause: ${token} (${SUPPORTED}).`);
  return { key: m[1]!, op: m[2] as Op, value: m[3] ?? m[4]! };
}

/** AND-joined groups of OR-joined clauses. */
function parse(filter: string): Clause[][] {
  const ts = tokens(filter);
  const groups: Clause[][] = [];
  let i = 0;
  const expectClause = (): Clause => {
    const t = ts[i++];
    if (t === undefined || t === '(' || t === ')' || t === 'AND' || t === 'OR') throw invalidArgument(`Unsupported filter: ${filter} (${SUPPORTED}).`);
    return clause(t);
  };
  while (i < ts.length) {
    const open = ts[i] === '(';
    if (open) i++;
    const group = [expectClause()];
    while (ts[i] === 'OR') {
      i++;
      group.push(expectClause());
    }
    if (open && ts[i++] !== ')') throw invalidArgument(`Unbalanced parentheses in filter: ${filter}.`);
    groups.push(group);
    if (i < ts.length && ts[i++] !== 'AND') throw invalidArgument(`Unsupported filter: ${filter} (${SUPPORTED}).`);
    if (i === ts.length && ts[i - 1] === 'AND') throw invalidArgument(`Filter ends with AND: ${filter}.`);
  }
  return groups;
}

function instant(s: string, what: string): number {
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(ms)) throw invalidArgument(`${what} must be in RFC 3339 format: ${s}`);
  return ms;
}

function holds(c: Clause, field: FieldLookup): boolean {
  const actual = field(c.key);
  if (c.op === '=') return actual === c.value;
  if (c.op === '!=') return actual !== c.value;
  if (!TIME_FIELDS.has(c.key)) throw invalidArgument(`Field ${c.key} does not support ${c.op} comparisons.`);
  const want = instant(c.value, c.key);
  if (actual === undefined) return false;
  const got = Date.parse(actual);
  return c.op === '<' ? got < want : c.op === '<=' ? got <= want : c.op === '>' ? got > want : got >= want;
}

const TIME_FIELDS = new Set(['create_time', 'createTime']);

export function listFilter(filter: string | null): (field: FieldLookup) => boolean {
  if (!filter?.trim()) return () => true;
  const groups = parse(filter);
  return (field) => groups.every((g) => g.some((c) => holds(c, field)));
}

/** Field lookup for resources with `display_name`/`displayName`, `state`, `create_time` and `labels.<key>`. */
export function resourceFields(r: { displayName: string; labels: Record<string, string>; state?: string; createTime?: string }): FieldLookup {
  return (key) => {
    if (key === 'display_name' || key === 'displayName') return r.displayName;
    if (key === 'state') return r.state;
    if (key === 'create_time' || key === 'createTime') {
      if (r.createTime === undefined) throw invalidArgument(`Unsupported filter field: ${key}`);
      return r.createTime;
    }
    if (key.startsWith('labels.')) {
      const k = key.slice(7);
      return Object.hasOwn(r.labels, k) ? r.labels[k] : undefined;
    }
    throw invalidArgument(`Unsupported filter field: ${key}`);
  };
}
