import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/** What a CLI test captured: stdout and stderr text, and a fresh working directory for each test. */
export interface CliCapture {
  out: string;
  err: string;
  dir: string;
}

/**
 * Registers beforeEach/afterEach hooks that capture process.stdout/stderr writes and give each test its own temporary
 * directory (removed afterwards). Call at the top of a describe block; read the fields inside tests.
 */
export function useCliCapture(prefix: string): CliCapture {
  const c: CliCapture = { out: '', err: '', dir: '' };
  beforeEach(() => {
    c.out = '';
    c.err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((c.out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((c.err += String(s)), true));
    c.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(c.dir, { recursive: true, force: true });
  });
  return c;
}
