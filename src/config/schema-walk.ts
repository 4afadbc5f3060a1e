import { z } from 'zod';

/**
 * Reads the zod 4 config schema as data, so env overrides, error hints and the README table are derived from
 * the one schema instead of a hand-kept list that drifts. Only the schema kinds the config uses are understood;
 * anything else is reported as an opaque leaf (type 'unknown') rather than guessed at.
 */

type AnySchema = z.core.$ZodType;

/** The subset of zod 4 `_zod.def` fields we read. zod keeps them public but untyped across kinds. */
interface LooseDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  entries?: Record<string, string | number>;
  values?: unknown[];
  format?: string;
  defaultValue?: unknown;
}

export type LeafKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'record' | 'unknown';

export interface SchemaLeaf {
  /** Object keys from the root, e.g. ['detectors', 'idle-gpu', 'idleWindowHours']. */
  segments: string[];
  kind: LeafKind;
  /** Enum members, when kind is 'enum'. */
  options?: string[];
  /** Element kind, when kind is 'array'. */
  elementKind?: LeafKind;
  /** String format such as 'url', when zod declares one. */
  format?: string;
  default?: unknown;
  hasDefault: boolean;
  optional: boolean;
  description?: string;
}

function defOf(schema: AnySchema): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** Wrappers that do not change what a value looks like on input (we parse with io: 'input' semantics). */
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

interface Unwrapped {
  core: AnySchema;
  description?: string;
  default?: unknown;
  hasDefault: boolean;
  optional: boolean;
}

/** Peels wrappers, keeping the outermost description and default (zod attaches `.describe()` to the wrapper it was called on). */
export function unwrap(schema: AnySchema): Unwrapped {
  let current = schema;
  let description: string | undefined;
  let defaultValue: unknown;
  let hasDefault = false;
  let optional = false;
  for (let depth = 0; depth < 32; depth++) {
    description ??= z.globalRegistry.get(current)?.description;
    const def = defOf(current);
    if ((def.type === 'default' || def.type === 'prefault') && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (def.type === 'optional') optional = true;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else break;
  }
  return { core: current, description, default: defaultValue, hasDefault, optional };
}

function kindOf(schema: AnySchema): LeafKind {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return 'string';
    case 'number': {
      // z.number().int() is a number schema whose format is 'safeint' (zod 4).
      const format = (schema as unknown as { format?: string | null }).format;
      return format === 'safeint' || format === 'int32' || format === 'uint32' ? 'integer' : 'number';
    }
    case 'int':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'array':
      return 'array';
    case 'record':
      return 'record';
    default:
      return 'unknown';
  }
}

/** The object shape of a (possibly wrapped) object schema, or undefined when it is not an object. */
export function objectShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = defOf(unwrap(schema).core);
  return def.type === 'object' ? def.shape : undefined;
}

/** Every non-object value in the schema, depth first in declaration order. Objects are walked, not leaves. */
export function schemaLeaves(schema: AnySchema, prefix: string[] = []): SchemaLeaf[] {
  const shape = objectShape(schema);
  if (!shape) return [];
  const leaves: SchemaLeaf[] = [];
  for (const [key, child] of Object.entries(shape)) {
    const segments = [...prefix, key];
    const u = unwrap(child);
    if (defOf(u.core).type === 'object') {
      leaves.push(...schemaLeaves(u.core, segments));
      continue;
    }
    const kind = kindOf(u.core);
    const leaf: SchemaLeaf = { segments, kind, hasDefault: u.hasDefault, optional: u.optional };
    if (u.hasDefault) leaf.default = u.default;
    if (u.description) leaf.description = u.description;
    const def = defOf(u.core);
    if (kind === 'enum' && def.entries) leaf.options = Object.values(def.entries).map(String);
    if (kind === 'array' && def.element) leaf.elementKind = kindOf(unwrap(def.element).core);
    const format = (u.core as unknown as { format?: string | null }).format;
    if (kind === 'string' && typeof format === 'string') leaf.format = format;
    leaves.push(leaf);
  }
  return leaves;
}

/**
 * The schema at a path of object keys (array indexes and record keys step into the element / value type).
 * Used to suggest the right key when an unknown one is found. Undefined when the path leaves the schema.
 */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current).core);
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current;
}

/** Human name of a leaf's accepted input, for the README table and error hints. */
export function describeLeafType(leaf: SchemaLeaf): string {
  switch (leaf.kind) {
    case 'enum':
      return (leaf.options ?? []).join(' | ');
    case 'array':
      // Lists of objects (rules, quiet hours) only make sense as JSON; lists of scalars also take commas.
      if (leaf.elementKind === undefined || leaf.elementKind === 'unknown') return 'JSON array of objects';
      return `list of ${leaf.elementKind} (comma-separated or JSON array)`;
    case 'record':
      return 'JSON object';
    case 'string':
      return leaf.format === 'url' ? 'URL' : 'string';
    default:
      return leaf.kind;
  }
}
