/**
 * Regenerates the files derived from the zod schemas (`npm run schema`): watchdog.config.schema.json (editors),
 * docs/configuration.md (every setting and its WATCHDOG_* variable) and docs/fleet.schema.json (simulator fleets).
 * Tests fail when a committed file is stale, so run this after editing a schema. `--check` exits 1 instead of writing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderConfigReference } from '../src/config/config-reference';
import { CONFIG_JSON_SCHEMA_FILE, renderConfigJsonSchema } from '../src/config/json-schema';
import { fleetJsonSchema } from '../src/sim/fleet-schema';

export const GENERATED: Record<string, () => string> = {
  [CONFIG_JSON_SCHEMA_FILE]: renderConfigJsonSchema,
  'docs/configuration.md': renderConfigReference,
  'docs/fleet.schema.json': () => `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`,
};

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, render] of Object.entries(GENERATED)) {
    const target = resolve(__dirname, '..', file);
    const text = render();
    if (read(target) === text) {
      console.log(`${file} is up to date`);
    } else if (check) {
      console.error(`${file} is out of date: run npm run schema`);
      stale++;
    } else {
      writeFileSync(target, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
