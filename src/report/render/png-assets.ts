import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The two files the PNG renderer needs at run time: resvg's WebAssembly module and the font text is drawn with
 * (DejaVu Sans: resvg-wasm cannot see system fonts, and Lambda has almost none).
 *
 * In the repo they come from node_modules. In a Lambda bundle there is no node_modules: the esbuild plugin
 * `reportAssets` (scripts/esbuild-plugins.cjs) copies them into `<handler>-chunks/report-assets/`, which ships only
 * in that handler's zip; the code then sits in the handler file or one of its chunks, so both places are searched.
 */
export const REPORT_ASSET_FILES = {
  wasm: { name: 'resvg.wasm', module: '@resvg/resvg-wasm/index_bg.wasm' },
  font: { name: 'DejaVuSans.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf' },
  fontBold: { name: 'DejaVuSans-Bold.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' },
} as const;

export type ReportAssetKey = keyof typeof REPORT_ASSET_FILES;

export function readReportAsset(key: ReportAssetKey, hereDir: string = __dirname): Uint8Array {
  const { name, module } = REPORT_ASSET_FILES[key];
  const tried: string[] = [];
  for (const dir of bundleAssetDirs(hereDir)) {
    const file = join(dir, name);
    tried.push(file);
    if (existsSync(file)) return readFileSync(file);
  }
  try {
    return readFileSync(require.resolve(module));
  } catch {
    tried.push(`node_modules/${module}`);
  }
  throw new Error(`PNG renderer asset ${name} not found (looked in ${tried.join(', ')})`);
}

function bundleAssetDirs(hereDir: string): string[] {
  const dirs = [join(hereDir, 'report-assets')];
  if (process.env.WATCHDOG_REPORT_ASSETS_DIR) dirs.unshift(process.env.WATCHDOG_REPORT_ASSETS_DIR);
  const entryDir = hereDir.endsWith('-chunks') ? dirname(hereDir) : hereDir;
  try {
    for (const entry of readdirSync(entryDir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.endsWith('-chunks')) dirs.push(join(entryDir, entry.name, 'report-assets'));
    }
  } catch {
    // an unreadable folder just means no bundled assets there
  }
  return dirs;
}
