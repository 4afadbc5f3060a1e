import { closeMatches } from './close-matches';
import { formatReceived, type ConfigProblem } from './errors';
import { configSchema } from './schema';
import { describeLeafType, schemaLeaves, type SchemaLeaf } from './schema-walk';

/**
 * WATCHDOG_* environment overrides, derived from the schema's leaf paths so a new setting gets its variable for
 * free and two spellings never exist: `notify.slack.defaultChannel` <- WATCHDOG_NOTIFY_SLACK_DEFAULT_CHANNEL.
 * Env wins over the file. Values are coerced by the leaf's type here; range/format checks stay with zod so file
 * and env values get the same rules.
 */

export const ENV_PREFIX = 'WATCHDOG_';

/**
 * WATCHDOG_* names that are not config leaves and must not be reported as typos:
 * WATCHDOG_CONFIG (config file path, read by loadConfig), WATCHDOG_LOG_LEVEL (logger).
 */
export const RESERVED_ENV_VARS: readonly string[] = ['WATCHDOG_CONFIG', 'WATCHDOG_LOG_LEVEL'];

export interface EnvVarInfo {
  env: string;
  /** Dotted config path, e.g. `detectors.idle-gpu.idleWindowHours`. */
  path: string;
  type: string;
  default?: unknown;
  description?: string;
}

export interface EnvOverride {
  env: string;
  segments: string[];
  path: string;
}

export interface EnvOverrideResult {
  /** The input with every override written in (a copy; the input is not mutated). */
  input: Record<string, unknown>;
  overrides: EnvOverride[];
  problems: ConfigProblem[];
}

/** `idleWindowHours` -> `IDLE_WINDOW_HOURS`, `idle-gpu` -> `IDLE_GPU`, `endpointURL` -> `ENDPOINT_URL`. */
export function envSegment(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

export function envNameForPath(segments: readonly string[]): string {
  return ENV_PREFIX + segments.map(envSegment).join('_');
}

interface EnvLeaf {
  env: string;
  leaf: SchemaLeaf;
}

let leafIndex: Map<string, EnvLeaf> | undefined;

/** env name -> leaf, built once. Two paths mapping to one name would make an override ambiguous: fail loudly. */
function envLeaves(): Map<string, EnvLeaf> {
  if (leafIndex) return leafIndex;
  const index = new Map<string, EnvLeaf>();
  for (const leaf of schemaLeaves(configSchema)) {
    const env = envNameForPath(leaf.segments);
    const clash = index.get(env);
    if (clash) {
      throw new Error(`Config schema bug: ${clash.leaf.segments.join('.')} and ${leaf.segments.join('.')} both map to ${env}`);
    }
    index.set(env, { env, leaf });
  }
  leafIndex = index;
  return index;
}

/** Every supported variable, in schema order, for the README and `--help`. */
export function envVarTable(): EnvVarInfo[] {
  return [...envLeaves().values()].map(({ env, leaf }) => {
    const row: EnvVarInfo = { env, path: leaf.segments.join('.'), type: describeLeafType(leaf) };
    if (leaf.hasDefault) row.default = leaf.default;
    if (leaf.description) row.description = leaf.description;
    return row;
  });
}

type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

function coerceScalar(raw: string, kind: SchemaLeaf['kind']): Coerced {
  const text = raw.trim();
  switch (kind) {
    case 'number':
    case 'integer': {
      // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { ok: false, expected: `a ${kind}` };
      return { ok: true, value: Number(text) };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { ok: true, value: lower === 'true' };
      return { ok: false, expected: 'true or false' };
    }
    default:
      // Strings and enums pass through; zod checks enum membership and formats with the file's rules.
      return { ok: true, value: text };
  }
}

function parseJson(raw: string, expected: string, check: (v: unknown) => boolean): Coerced {
  try {
    const value: unknown = JSON.parse(raw);
    return check(value) ? { ok: true, value } : { ok: false, expected };
  } catch {
    return { ok: false, expected };
  }
}

function coerce(raw: string, leaf: SchemaLeaf): Coerced {
  if (leaf.kind === 'record') {
    return parseJson(raw, 'a JSON object such as {"team-a":"#team-a-alerts"}', (v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  }
  if (leaf.kind === 'array') {
    const trimmed = raw.trim();
    if (trimmed.startsWith('[')) return parseJson(trimmed, 'a JSON array', Array.isArray);
    if (leaf.elementKind === 'unknown' || leaf.elementKind === 'record' || leaf.elementKind === 'array') {
      return { ok: false, expected: 'a JSON array' };
    }
    const items = trimmed.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    const values: unknown[] = [];
    for (const item of items) {
      const c = coerceScalar(item, leaf.elementKind ?? 'string');
      if (!c.ok) return { ok: false, expected: `a comma-separated list of ${c.expected.replace(/^an? /, '')} values` };
      values.push(c.value);
    }
    return { ok: true, value: values };
  }
  if (leaf.kind === 'unknown') return parseJson(raw, 'a JSON value', () => true);
  return coerceScalar(raw, leaf.kind);
}

function setIn(target: Record<string, unknown>, segments: readonly string[], value: unknown): boolean {
  let node = target;
  for (const key of segments.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) return false; // the file's own type error is reported by zod
    else node[key] = { ...(next as Record<string, unknown>) }; // copy on write: never mutate the parsed file
    node = node[key] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] ?? ''] = value;
  return true;
}

/**
 * Writes every WATCHDOG_* variable into `input`. Empty values are ignored (a shell `export X=` or a Lambda
 * variable left blank means "not set"). Unknown names are problems, listing the closest known names.
 */
export function applyEnvOverrides(input: Record<string, unknown>, env: NodeJS.ProcessEnv): EnvOverrideResult {
  const index = envLeaves();
  const out: Record<string, unknown> = { ...input };
  const overrides: EnvOverride[] = [];
  const problems: ConfigProblem[] = [];
  const reserved = new Set(RESERVED_ENV_VARS);
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || reserved.has(name)) continue;
    const raw = env[name];
    const known = index.get(name);
    if (!known) {
      problems.push(unknownVariable(name, index));
      continue;
    }
    if (raw === undefined || raw.trim() === '') continue;
    const path = known.leaf.segments.join('.');
    const coerced = coerce(raw, known.leaf);
    if (!coerced.ok) {
      problems.push({ path, message: coerced.expected, expected: coerced.expected, received: formatReceived(raw), source: 'env', envVar: name });
      continue;
    }
    if (setIn(out, known.leaf.segments, coerced.value)) overrides.push({ env: name, segments: known.leaf.segments, path });
  }
  return { input: out, overrides, problems };
}

function unknownVariable(name: string, index: Map<string, EnvLeaf>): ConfigProblem {
  // Compare without the shared prefix, or every name looks "close" to every other.
  const stripped = [...index.keys()].map((k) => k.slice(ENV_PREFIX.length));
  const matches = closeMatches(name.slice(ENV_PREFIX.length), stripped).map((m) => ENV_PREFIX + m);
  const hint = matches.length
    ? `did you mean ${matches.join(' or ')}?`
    : 'see the environment variable table in README.md';
  return { path: '', message: `unknown variable: ${hint}`, source: 'env', envVar: name };
}
