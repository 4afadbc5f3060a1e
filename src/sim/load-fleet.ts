import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { FleetSchema, type Fleet } from './fleet-schema';

export class FleetValidationError extends Error {
  readonly code = 'SIM_FLEET_INVALID';
  constructor(
    message: string,
    /** One line per problem, each starting with the path of the offending field. */
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FleetValidationError';
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(root)';
}

/** Validates a fleet description (strict: unknown keys are errors) and fills in the defaults. */
export function parseFleet(raw: unknown, source = 'fleet'): Fleet {
  const r = FleetSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i: z.core.$ZodIssue) => `${formatPath(i.path)}: ${i.message}`);
  throw new FleetValidationError(`${source} is not a valid fleet description:\n  ${problems.join('\n  ')}`, problems, { cause: r.error });
}

/**
 * Loads a fleet from a file path (.json, .yaml, .yml), a JSON string, or an already parsed object.
 * A string that starts with "{" is taken as JSON text, any other string as a path.
 */
export function loadFleet(pathOrJson: string | unknown): Fleet {
  if (typeof pathOrJson !== 'string') return parseFleet(pathOrJson);
  const text = pathOrJson.trimStart();
  if (text.startsWith('{')) return parseFleet(parseText(text, 'fleet JSON', false), 'fleet JSON');
  let content: string;
  try {
    content = readFileSync(pathOrJson, 'utf8');
  } catch (cause) {
    throw new FleetValidationError(`cannot read fleet file ${pathOrJson}`, [`${pathOrJson}: unreadable`], { cause });
  }
  return parseFleet(parseText(content, pathOrJson, /\.ya?ml$/i.test(pathOrJson)), pathOrJson);
}

function parseText(text: string, source: string, yaml: boolean): unknown {
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new FleetValidationError(`${source} is not valid ${yaml ? 'YAML' : 'JSON'}: ${msg}`, [`(root): ${msg}`], { cause });
  }
}
