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

/** '' when the bundled file sets clouds.aws.regions (it decides), else the deploy region. */
function defaultWatchRegions(deployRegion, root = REPO_ROOT) {
  const file = bundledConfigPath(root);
  if (file) {
    // A file that does not parse is reported by the config loader with line numbers; here it just decides nothing.
    let doc;
    try {
      doc = YAML.parse(readFileSync(path.join(root, file), 'utf8'));
    } catch {
      doc = undefined;
    }
    if (doc?.clouds?.aws?.regions !== undefined) return '';
  }
  return deployRegion;
}

module.exports = {
  bundledConfigPath,
  defaultWatchRegions,
  path: () => bundledConfigPath(),
  watchRegions: async ({ resolveVariable }) => defaultWatchRegions(await resolveVariable('aws:region')),
};
