import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'ml-watchdog-report-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** serverless.yml's custom.esbuild, as serverless-esbuild passes it to esbuild (plugins loaded from their file). */
function lambdaBuildOptions(): BuildOptions {
  const doc = parseDocument(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' });
  const { plugins, exclude: _exclude, outputFileExtension, ...rest } = (doc.toJS() as { custom: { esbuild: Record<string, unknown> } }).custom.esbuild;
  return {
    ...(rest as BuildOptions),
    outExtension: { '.js': String(outputFileExtension ?? '.js') },
    plugins: require(join(ROOT, String(plugins))) as BuildOptions['plugins'],
  };
}

describe('chart PNG in a Lambda bundle', () => {
  it('bundles with the serverless.yml esbuild settings and renders with no node_modules in reach', async () => {
    const entry = join(__dirname, 'fixtures', 'chart-png-handler.ts');
    const outdir = join(work, 'out');
    await build({ ...lambdaBuildOptions(), entryPoints: [entry], outdir, absWorkingDir: ROOT, logLevel: 'silent' });
    for (const file of ['resvg.wasm', 'DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      expect(existsSync(join(outdir, 'chart-png-handler-chunks', 'report-assets', file))).toBe(true);
    }

    // A Lambda zip is the output folder alone: move it where no node_modules folder is above it.
    const lambda = mkdtempSync(join(tmpdir(), 'ml-watchdog-lambda-'));
    cpSync(outdir, lambda, { recursive: true });
    const pngPath = join(lambda, 'chart.png');
    execFileSync(process.execPath, ['-e', `import(${JSON.stringify(join(lambda, 'chart-png-handler.js'))}).then((m) => m.handler(${JSON.stringify(pngPath)}))`], { cwd: lambda, stdio: 'pipe' });
    const png = readFileSync(pngPath);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(800);
    rmSync(lambda, { recursive: true, force: true });
  }, 60_000);

  it('copies nothing into bundles that do not draw PNGs', async () => {
    const entry = join(work, 'plain.ts');
    writeFileSync(entry, 'export const handler = () => 1;\n');
    const outdir = join(work, 'plain-out');
    await build({ ...lambdaBuildOptions(), entryPoints: [entry], outdir, absWorkingDir: ROOT, logLevel: 'silent' });
    expect(existsSync(join(outdir, 'plain-chunks'))).toBe(false);
  });
});
