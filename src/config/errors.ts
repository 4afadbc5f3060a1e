/**
 * Configuration errors. Every problem is collected before throwing, so a person fixes the whole file in one
 * pass instead of one error per run (the Middy/ajv habit of `allErrors`).
 */

export interface ConfigProblem {
  /** Dotted path into the config, e.g. `clouds.aws.regions[0]`; empty for problems about the file or an env var as a whole. */
  path: string;
  /** What is wrong, phrased as what is expected: `an AWS region such as us-east-1`. */
  message: string;
  expected?: string;
  /** The offending value, already quoted/JSON-encoded for display. */
  received?: string;
  source: 'file' | 'env';
  /** The WATCHDOG_* variable that supplied the value, when source is 'env'. */
  envVar?: string;
  /** Config file and 1-based position of the offending value, when source is 'file' and it could be located. */
  file?: string;
  line?: number;
  column?: number;
}

/** CONFIG_INVALID: the file or env is wrong. CONFIG_NOT_FOUND: an explicitly named config file does not exist. */
export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_NOT_FOUND';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options: { code?: ConfigErrorCode; cause?: unknown; file?: string } = {}) {
    super(renderMessage(problems, options.file), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'CONFIG_INVALID';
    this.problems = problems;
  }
}

const MAX_RECEIVED_CHARS = 80;

/** JSON-ish rendering of a bad value for messages; long values are cut so a pasted blob does not flood the terminal. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_RECEIVED_CHARS ? `${text.slice(0, MAX_RECEIVED_CHARS - 1)}…` : text;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `['clouds','aws','regions',0]` -> `clouds.aws.regions[0]`; keys that are not identifiers are quoted: `tags["a.b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** One line per problem: `path: message (got value) [where]`. */
export function formatProblem(problem: ConfigProblem): string {
  const label = problem.path || problem.envVar || problem.file || 'config';
  const got = problem.received !== undefined ? ` (got ${problem.received})` : '';
  let where = '';
  if (problem.source === 'env' && problem.envVar && problem.path) where = ` [from env ${problem.envVar}]`;
  else if (problem.source === 'file' && problem.file && problem.line !== undefined) {
    where = ` [${problem.file}:${problem.line}:${problem.column ?? 1}]`;
  }
  return `${label}: ${problem.message}${got}${where}`;
}

function renderMessage(problems: ConfigProblem[], file: string | undefined): string {
  const head = `Invalid ml-watchdog configuration${file ? ` (${file})` : ''}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return [head, ...problems.map((p) => `  - ${formatProblem(p)}`)].join('\n');
}

/**
 * The text the CLI prints before exiting with code 2: every problem plus what to do next. Accepts any error
 * so the CLI can pass whatever it caught; non-config errors are rendered as their message.
 */
export function formatConfigError(err: unknown): string {
  if (!(err instanceof ConfigError)) return err instanceof Error ? err.message : String(err);
  const hint =
    err.code === 'CONFIG_NOT_FOUND'
      ? 'Create the file (see watchdog.config.example.yaml) or unset WATCHDOG_CONFIG / --config to use the defaults.'
      : 'Fix the values above; watchdog.config.example.yaml documents every setting and watchdog.config.schema.json gives editors completion.';
  return `${err.message}\n${hint}`;
}
