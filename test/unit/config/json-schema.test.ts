import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from '../../../src/config/json-schema';
import { loadConfig } from '../../../src/config/load';
import { configSchema } from '../../../src/config/schema';
import { schemaLeaves } from '../../../src/config/schema-walk';

const root = resolve(__dirname, '../../..');
const EXAMPLE = 'watchdog.config.example.yaml';

describe('watchdog.config.schema.json', () => {
  it('is up to date with src/config/schema.ts (run `npm run schema` after editing the schema)', () => {
    expect(readFileSync(resolve(root, CONFIG_JSON_SCHEMA_FILE), 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('is a strict draft-07 schema with titles, descriptions and defaults', () => {
    const schema = configJsonSchema() as {
      $schema: string;
      title: string;
      additionalProperties: boolean;
      required?: string[];
      properties: Record<string, { properties?: Record<string, { default?: unknown }> }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toContain('ml-watchdog');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties.remediation?.properties?.mode?.default).toBe('dry-run');
  });
});

describe(EXAMPLE, () => {
  const text = readFileSync(resolve(root, EXAMPLE), 'utf8');

  it('points editors at the JSON schema', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./${CONFIG_JSON_SCHEMA_FILE}`);
  });

  it('validates against the schema', () => {
    const config = loadConfig({ path: resolve(root, EXAMPLE), env: {} });
    expect(config.clouds.aws.regions).toContain('us-east-1');
  });

  it('mentions every top-level section and every leaf setting', () => {
    for (const section of Object.keys(configSchema.shape)) expect(text).toMatch(new RegExp(`^${section}:`, 'm'));
    for (const leaf of schemaLeaves(configSchema)) {
      const key = leaf.segments[leaf.segments.length - 1] ?? '';
      expect(text, leaf.segments.join('.')).toMatch(new RegExp(`^\\s*#?\\s*${key}:`, 'm'));
    }
  });
});
