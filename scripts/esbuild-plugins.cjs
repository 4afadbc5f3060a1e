// esbuild plugins for serverless-esbuild (custom.esbuild.plugins in serverless.yml).
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, extname } = require('node:path');

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

module.exports = [chunksPerEntry, moduleType];
