// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml).
const { copyFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { basename, extname, join } = require('node:path');

/**
 * serverless-esbuild builds each handler on its own but into one folder (handlers/), and zips every file of that
 * folder except the other handlers' entry files. With code splitting, each handler's chunks would then ship in every
 * function's zip. This puts them in `<handler>-chunks/`, which serverless.yml excludes from the other functions.
 */
const chunksPerEntry = {
  name: 'chunks-per-entry',
  setup(build) {
    const entries = build.initialOptions.entryPoints;
    const entry = Array.isArray(entries) ? entries[0] : Object.values(entries ?? {})[0];
    if (typeof entry !== 'string') return;
    build.initialOptions.chunkNames = `${basename(entry, extname(entry))}-chunks/[name]-[hash]`;
  },
};

/**
 * The bundles are ES modules with a `.js` extension: a package.json saying `"type": "module"` next to them makes Node
 * (Lambda, and `serverless invoke local`, which only knows `.js` and `.cjs`) load them as such.
 */
const moduleType = {
  name: 'module-type',
  setup(build) {
    build.onEnd(() => {
      const dir = build.initialOptions.outdir;
      if (!dir || build.initialOptions.format !== 'esm') return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/package.json`, '{ "type": "module" }\n');
    });
  },
};

/**
 * The chart PNG renderer (src/report/render/render-chart-png.ts) reads resvg's .wasm and a font at run time, and a
 * Lambda zip has no node_modules. When a handler's bundle includes that renderer, its files are copied into
 * `<handler>-chunks/report-assets/`, which ships in that handler's zip only (src/report/render/png-assets.ts looks
 * there). Bundles without it get nothing, so the other functions stay small.
 */
const REPORT_ASSETS = {
  'resvg.wasm': '@resvg/resvg-wasm/index_bg.wasm',
  'DejaVuSans.ttf': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

const reportAssets = {
  name: 'report-assets',
  setup(build) {
    let used = false;
    build.onStart(() => {
      used = false;
    });
    build.onLoad({ filter: /[\\/]render-chart-png\.[cm]?[jt]s$/ }, () => {
      used = true;
      return undefined; // only noting the file; esbuild loads it as usual
    });
    build.onEnd(() => {
      const dir = build.initialOptions.outdir;
      const entries = build.initialOptions.entryPoints;
      const entry = Array.isArray(entries) ? entries[0] : Object.values(entries ?? {})[0];
      if (!used || !dir || typeof entry !== 'string') return;
      const target = join(dir, `${basename(entry, extname(entry))}-chunks`, 'report-assets');
      mkdirSync(target, { recursive: true });
      for (const [name, file] of Object.entries(REPORT_ASSETS)) copyFileSync(require.resolve(file), join(target, name));
    });
  },
};

module.exports = [chunksPerEntry, moduleType, reportAssets];
