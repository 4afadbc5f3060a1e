import { build } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The same esbuild settings serverless.yml gives serverless-esbuild, so sizes match what Lambda loads. */
export async function bundleHandler(entry: string, outDir: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${entry.replace(/[/\\]/g, '_').replace(/\.ts$/, '')}.js`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'error',
    mainFields: ['module', 'main'],
    keepNames: true,
    // Lambda's runtime ships these; not bundling them would be smaller but would run untested SDK versions.
    external: [],
  });
  return { file, bytes: statSync(file).size };
}
