import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AlertJson, FindingJson } from './records';
import { StateError } from './state-error';

/**
 * The on-disk document of the file state store, and its atomic read/write. Version it so a future format
 * change can migrate instead of misreading.
 */

export const STATE_FILE_VERSION = 1;

export interface CacheEntryJson {
  value: unknown;
  expiresAt: string;
}

export interface GenericItemJson {
  pk: string;
  sk: string;
  item: Record<string, unknown>;
}

export interface StateDoc {
  version: typeof STATE_FILE_VERSION;
  alerts: Record<string, AlertJson>;
  findings: FindingJson[];
  cache: Record<string, CacheEntryJson>;
  items: Record<string, GenericItemJson>;
}

export function emptyStateDoc(): StateDoc {
  return { version: STATE_FILE_VERSION, alerts: {}, findings: [], cache: {}, items: {} };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function corrupt(file: string, why: string, cause?: unknown): StateError {
  return new StateError(
    'STATE_FILE_CORRUPT',
    `State file ${file} is unreadable (${why}). It was left untouched so nothing is lost: inspect or move it aside ` +
      '(e.g. rename it to state.json.bak) and run again to start with an empty state.',
    { cause },
  );
}

/** Structural check of a parsed document; record-level fields are checked as they are read. */
export function parseStateDoc(text: string, file: string): StateDoc {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(file, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (!isPlainObject(parsed)) throw corrupt(file, 'not a JSON object');
  if (parsed.version !== STATE_FILE_VERSION) {
    throw corrupt(file, `unsupported version ${JSON.stringify(parsed.version)}; this ml-watchdog reads version ${STATE_FILE_VERSION}`);
  }
  const { alerts, findings, cache, items } = parsed;
  if (!isPlainObject(alerts) || !Array.isArray(findings) || !isPlainObject(cache) || !isPlainObject(items)) {
    throw corrupt(file, 'missing or mistyped alerts/findings/cache/items sections');
  }
  if (!findings.every(isPlainObject) || !Object.values(alerts).every(isPlainObject) || !Object.values(cache).every(isPlainObject)) {
    throw corrupt(file, 'a record is not a JSON object');
  }
  return parsed as unknown as StateDoc;
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** The document, or an empty one when the file does not exist yet. */
export async function readStateDoc(file: string): Promise<StateDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return emptyStateDoc();
    throw new StateError('STATE_IO', `Cannot read state file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseStateDoc(text, file);
}

/**
 * Writes a temp file in the same folder, fsyncs it, then renames it over the target: rename is atomic on
 * POSIX, so a crash leaves either the old or the new document, never half of one.
 */
export async function writeStateDoc(file: string, doc: StateDoc): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(doc));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new StateError('STATE_IO', `Cannot write state file ${file}: ${(err as Error).message}`, { cause: err });
  }
}
