import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, formatReceived, type ConfigProblem } from './errors';

export interface ConfigFileContents {
  /** The parsed mapping; `{}` for an empty file or a file holding only comments. */
  input: Record<string, unknown>;
  /** 1-based line/column of the value at a config path (of its key, with `key: true`), for error messages. */
  locate: (path: readonly PropertyKey[], opts?: { key?: boolean }) => { line: number; column: number } | undefined;
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 'ENOENT';
}

/**
 * Reads the YAML file, or returns undefined when it does not exist and was not named explicitly (the default
 * file is optional: no file means all defaults). A named file that is missing is CONFIG_NOT_FOUND.
 */
export function readConfigFile(file: string, explicit: { by: string } | undefined): ConfigFileContents | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (isMissing(err) && !explicit) return undefined;
    if (isMissing(err)) {
      throw new ConfigError([{ path: '', message: `config file not found (named by ${explicit?.by})`, source: 'file', file }], {
        code: 'CONFIG_NOT_FOUND',
        cause: err,
        file,
      });
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ path: '', message: `cannot read config file: ${reason}`, source: 'file', file }], { cause: err, file });
  }
  return parseConfigText(text, file);
}

/** Parses YAML 1.2 (core schema: `no` stays a string), rejecting duplicate keys and non-mapping documents. */
export function parseConfigText(text: string, file: string): ConfigFileContents {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key given twice would otherwise silently take the last value.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const problems: ConfigProblem[] = doc.errors.map((e) => {
      const firstLine = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
      const problem: ConfigProblem = { path: '', message: `YAML syntax error: ${firstLine}`, source: 'file', file };
      const pos = e.linePos?.[0];
      if (pos) {
        problem.line = pos.line;
        problem.column = pos.col;
      }
      return problem;
    });
    throw new ConfigError(problems, { file, cause: doc.errors[0] });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ path: '', message: `YAML error: ${reason}`, source: 'file', file }], { file, cause: err });
  }
  if (value === null || value === undefined) return { input: {}, locate: locator(doc, lineCounter) };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      [{ path: '', message: 'the config file must be a YAML mapping of settings', received: formatReceived(value), source: 'file', file, line: 1, column: 1 }],
      { file },
    );
  }
  return { input: value as Record<string, unknown>, locate: locator(doc, lineCounter) };
}

function locator(doc: Document, lineCounter: LineCounter): ConfigFileContents['locate'] {
  const position = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return (path, opts) => {
    if (opts?.key && path.length) {
      // An unknown key is best shown where the key is written, not where its value starts.
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      const last = String(path[path.length - 1]);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === last) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) return position(pair.key.range[0]);
    }
    // Walk up until a node exists: a problem inside a default-filled section points at its nearest written parent.
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return position(node.range[0]);
    }
    return undefined;
  };
}
