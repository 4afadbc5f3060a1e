'use strict';
/**
 * Serverless variable sources for serverless.yml, decided at package time:
 *   ${file(./scripts/bundled-config.cjs):path}          -> WATCHDOG_CONFIG
 *   ${file(./scripts/bundled-config.cjs):watchRegions}  -> default of the `watchRegions` param
 *
 * The one config file (watchdog.config.yaml) is copied into every bundle by `package.patterns` when it exists.
 * Environment variables win over the file in the config loader, so the Lambda environment must not set
 * WATCHDOG_CLOUDS_AWS_REGIONS when the file already lists regions, or the file would be silently ignored.
 * The loader treats an empty variable as unset.
 */
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const CONFIG_FILE = 'watchdog.config.yaml';
const REPO_ROOT = path.join(__dirname, '..');

/** The config file's path relative to the bundle root (= Lambda's working directory), or '' if absent. */
function bundledConfigPath(root = REPO_ROOT) {
  return existsSync(path.join(root, CONFIG_FILE)) ? CONFIG_FILE : '';
}

/** The bundled config file parsed, or undefined (no file, or one that does not parse: the loader reports that). */
function bundledConfig(root = REPO_ROOT) {
  const file = bundledConfigPath(root);
  if (!file) return undefined;
  try {
    return YAML.parse(readFileSync(path.join(root, file), 'utf8'));
  } catch {
    return undefined;
  }
}

/** '' when the bundled file sets clouds.aws.regions (it decides), else the deploy region. */
function defaultWatchRegions(deployRegion, root = REPO_ROOT) {
  return bundledConfig(root)?.clouds?.aws?.regions !== undefined ? '' : deployRegion;
}

/** Default of the weekly report, as in src/config/report-schema.ts. */
const DEFAULT_REPORT_SCHEDULE = 'cron(0 8 ? * MON *)';

/**
 * The report's EventBridge schedule and whether it is on: the bundled file's report.schedule and report.enabled.
 * EventBridge needs them at deploy time, so they are read here; the config loader validates the same file at run time.
 */
function reportSchedule(root = REPO_ROOT) {
  const s = bundledConfig(root)?.report?.schedule;
  return typeof s === 'string' && s.trim() ? s.trim() : DEFAULT_REPORT_SCHEDULE;
}

function reportEnabled(root = REPO_ROOT) {
  return bundledConfig(root)?.report?.enabled !== false;
}

module.exports = {
  bundledConfigPath,
  defaultWatchRegions,
  reportSchedule: () => reportSchedule(),
  reportEnabled: () => reportEnabled(),
  DEFAULT_REPORT_SCHEDULE,
  reportScheduleFrom: reportSchedule,
  reportEnabledFrom: reportEnabled,
  path: () => bundledConfigPath(),
  watchRegions: async ({ resolveVariable }) => defaultWatchRegions(await resolveVariable('aws:region')),
};
