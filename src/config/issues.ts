import type { z } from 'zod';
import { closeMatches } from './close-matches';
import { formatPath, formatReceived, type ConfigProblem } from './errors';
import type { EnvOverride } from './env';
import { objectShape, schemaAt } from './schema-walk';

/**
 * Turns zod 4 issues into ConfigProblems phrased for a person editing YAML: what is expected, what was found,
 * and where it came from (file position or the env var that set it). zod's defaults ("Invalid input: expected
 * number, received string") say neither the value nor the source.
 */

export interface IssueContext {
  schema: z.core.$ZodType;
  overrides: readonly EnvOverride[];
  /** Locates a path in the config file (1-based), when the value came from the file. */
  locate?: (path: readonly PropertyKey[], opts?: { key?: boolean }) => { line: number; column: number } | undefined;
  file?: string;
}

type Issue = z.core.$ZodIssue;

function sizeUnit(origin: string, n: number | bigint): string {
  if (origin === 'string') return ` character${n === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return ` item${n === 1 ? '' : 's'}`;
  return '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The expectation phrase for one issue, e.g. `at least 1 item`, `one of off, dry-run`. */
function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return article(issue.expected === 'int' ? 'integer' : issue.expected);
    case 'invalid_value':
      return issue.values.length === 1 ? `exactly ${formatReceived(issue.values[0])}` : `one of ${issue.values.map(String).join(', ')}`;
    case 'too_small': {
      const n = issue.minimum;
      const bound = issue.inclusive === false ? 'more than' : 'at least';
      return `${bound} ${String(n)}${sizeUnit(issue.origin, n)}`;
    }
    case 'too_big': {
      const n = issue.maximum;
      const bound = issue.inclusive === false ? 'less than' : 'at most';
      return `${bound} ${String(n)}${sizeUnit(issue.origin, n)}`;
    }
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      // zod's default for urls is "Invalid URL"; a schema's own message (`.regex(re, 'an AWS region ...')`) is kept.
      if (issue.format === 'url' && issue.message === 'Invalid URL') return 'a URL such as http://127.0.0.1:4566';
      return issue.message;
    case 'invalid_key': {
      const inner = issue.issues[0];
      return inner ? `a valid key: ${expectation(inner as Issue)}` : 'a valid key';
    }
    default:
      return issue.message;
  }
}

function startsWith(path: readonly PropertyKey[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(path[i]) === segment);
}

function sourceOf(
  path: readonly PropertyKey[],
  ctx: IssueContext,
  atKey = false,
): Pick<ConfigProblem, 'source' | 'envVar' | 'file' | 'line' | 'column'> {
  // The longest matching override wins; overrides are leaves, so at most one matches anyway.
  const override = ctx.overrides.find((o) => startsWith(path, o.segments));
  if (override) return { source: 'env', envVar: override.env };
  const position = ctx.locate?.(path, { key: atKey });
  const where: Pick<ConfigProblem, 'source' | 'file' | 'line' | 'column'> = { source: 'file' };
  if (ctx.file) where.file = ctx.file;
  if (position) {
    where.line = position.line;
    where.column = position.column;
  }
  return where;
}

function unknownKeyProblems(issue: Extract<Issue, { code: 'unrecognized_keys' }>, ctx: IssueContext): ConfigProblem[] {
  const shape = objectShape(schemaAt(ctx.schema, issue.path) ?? ctx.schema);
  const known = shape ? Object.keys(shape) : [];
  return issue.keys.map((key) => {
    const path = [...issue.path, key];
    const matches = closeMatches(key, known);
    const hint = matches.length ? `did you mean ${matches.map((m) => `"${m}"`).join(' or ')}?` : `allowed keys: ${known.join(', ')}`;
    return { path: formatPath(path), message: `unknown key (${hint})`, ...sourceOf(path, ctx, true) };
  });
}

export function issuesToProblems(issues: readonly Issue[], ctx: IssueContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push(...unknownKeyProblems(issue, ctx));
      continue;
    }
    const expected = expectation(issue);
    const problem: ConfigProblem = { path: formatPath(issue.path), message: expected, expected, ...sourceOf(issue.path, ctx) };
    // parse runs with reportInput: true, so issues carry the value that failed.
    if ('input' in issue) problem.received = formatReceived(issue.input);
    problems.push(problem);
  }
  return problems;
}
