/**
 * Regenerates watchdog.config.schema.json from the zod config schema (`npm run schema`).
 * test/unit/config/json-schema.test.ts fails when the committed file is stale, so run this after editing
 * src/config/schema.ts. `--check` exits 1 instead of writing, for CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema } from '../src/config/json-schema';

const target = resolve(__dirname, '..', CONFIG_JSON_SCHEMA_FILE);
const text = renderConfigJsonSchema();
let current: string | undefined;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = undefined;
}

if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${CONFIG_JSON_SCHEMA_FILE} is out of date: run npm run schema`);
    process.exit(1);
  }
  console.log(`${CONFIG_JSON_SCHEMA_FILE} is up to date`);
} else if (current === text) {
  console.log(`${CONFIG_JSON_SCHEMA_FILE} unchanged`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${CONFIG_JSON_SCHEMA_FILE}`);
}
