import { resolve } from 'node:path';
import { readConfigFile } from './config-file';
import { applyEnvOverrides, type EnvOverride } from './env';
import { ConfigError, type ConfigProblem } from './errors';
import { issuesToProblems } from './issues';
import { configSchema, type WatchdogConfig } from './schema';

export const DEFAULT_CONFIG_FILE = 'watchdog.config.yaml';

export interface LoadConfigOptions {
  /** Config file; wins over WATCHDOG_CONFIG. Relative paths resolve against `cwd`. */
  path?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadedConfig {
  config: WatchdogConfig;
  /** Absolute path of the file that was read; undefined when the default file was absent (all defaults). */
  filePath?: string;
  /** Which settings came from the environment, for `config show` and startup logs. */
  envOverrides: EnvOverride[];
}

/**
 * Loads the config: YAML file, then WATCHDOG_* overrides, then strict zod validation. Every problem (file and
 * env) is collected into one ConfigError so a person fixes everything in one pass.
 */
export function loadConfigDetailed(opts: LoadConfigOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const named = opts.path
    ? { file: opts.path, by: 'an explicit path option' }
    : env.WATCHDOG_CONFIG?.trim()
      ? { file: env.WATCHDOG_CONFIG.trim(), by: 'WATCHDOG_CONFIG' }
      : undefined;
  const filePath = resolve(cwd, named?.file ?? DEFAULT_CONFIG_FILE);
  const contents = readConfigFile(filePath, named ? { by: named.by } : undefined);

  const { input, overrides, problems: envProblems } = applyEnvOverrides(contents?.input ?? {}, env);
  const parsed = configSchema.safeParse(input, { reportInput: true });
  const problems: ConfigProblem[] = [...envProblems];
  if (!parsed.success) {
    problems.push(
      ...issuesToProblems(parsed.error.issues, {
        schema: configSchema,
        overrides,
        ...(contents ? { locate: contents.locate, file: filePath } : {}),
      }),
    );
  }
  if (problems.length || !parsed.success) {
    throw new ConfigError(problems, { file: contents ? filePath : undefined, cause: parsed.error });
  }
  const loaded: LoadedConfig = { config: parsed.data, envOverrides: overrides };
  if (contents) loaded.filePath = filePath;
  return loaded;
}

export function loadConfig(opts: LoadConfigOptions = {}): WatchdogConfig {
  return loadConfigDetailed(opts).config;
}
