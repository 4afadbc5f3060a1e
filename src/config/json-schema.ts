import { z } from 'zod';
import { configSchema } from './schema';

export const CONFIG_JSON_SCHEMA_FILE = 'watchdog.config.schema.json';

/**
 * JSON Schema of the config file for editors (yaml-language-server completion and hover). `io: 'input'`
 * describes what a person writes: settings with defaults are optional, defaults are shown. Target draft-07:
 * the VS Code YAML extension ships draft-07 support only (redhat-developer/vscode-yaml#704,
 * yaml-language-server#856), and our schema uses nothing newer.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, title: 'ml-watchdog configuration (watchdog.config.yaml)', ...rest };
}

/** The exact text committed at the repo root; a test regenerates it in memory and compares. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
