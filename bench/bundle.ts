import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

// The banner serverless.yml gives every output file (require / __dirname for bundled CommonJS dependencies).
const BANNER =
  "import { createRequire as __wdRequire } from 'node:module'; import { fileURLToPath as __wdPath } from 'node:url'; import { dirname as __wdDir } from 'node:path'; const require = __wdRequire(import.meta.url); const __filename = __wdPath(import.meta.url); const __dirname = __wdDir(__filename);";

export interface Bundle {
  /** The entry module (import it to measure load + init). */
  file: string;
  /** What a cold start reads: the entry and the chunks it imports statically. */
  loadedBytes: number;
  /** Everything the function ships, lazily imported chunks (other clouds' code paths) included. */
  totalBytes: number;
}

/**
 * The same esbuild settings serverless.yml gives serverless-esbuild (ES modules, code splitting, the banner), so the
 * sizes and load times match what Lambda loads.
 */
export async function bundleHandler(entry: string, outDir: string): Promise<Bundle> {
  const name = entry.replace(/[/\\]/g, '_').replace(/\.ts$/, '');
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: { [name]: entry },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    splitting: true,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'error',
    mainFields: ['module', 'main'],
    keepNames: true,
    external: [],
  });
  const outputs = result.metafile.outputs;
  const file = Object.keys(outputs).find((o) => basename(o) === `${name}.mjs`)!;
  const loaded = new Set<string>([file]);
  for (const queue = [file]; queue.length > 0; ) {
    for (const imp of outputs[queue.pop()!]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external && !loaded.has(imp.path)) {
        loaded.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  const size = (files: Iterable<string>) => [...files].reduce((n, f) => n + (outputs[f]?.bytes ?? 0), 0);
  return { file: join(process.cwd(), file), loadedBytes: size(loaded), totalBytes: size(Object.keys(outputs)) };
}
