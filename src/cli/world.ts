import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { OAuth2Client } from 'google-auth-library';
import { join, resolve } from 'node:path';
import { buildCoreDeps, type CoreDeps } from '../app/deps';
import type { HandleDeps } from '../app/handle-remediation';
import { buildRemediationDeps } from '../app/remediation-deps';
import { loadConfig } from '../config/load';
import { configSchema, type WatchdogConfig } from '../config/schema';
import type { Fleet } from '../sim/fleet-schema';
import { demoFleet, loadFleet, SimStateError, startSimulator, type Simulator } from '../sim/index';
import { staticTokenCredential } from '../providers/azure/arm-options';
import type { CliArgs } from './args';

/** Credentials the simulator accepts; never used against real AWS. */
export const SIM_CREDENTIALS = { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' };

/** A Google client for the simulator: a fixed bearer token it accepts; never sent to Google. */
export function simGoogleAuth(): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'SIMULATOR', expiry_date: Date.now() + 365 * 86_400_000 });
  return auth;
}

/** Where the simulated world keeps its state between CLI runs (parked endpoints, the ledger). */
export const DEMO_DIR = join('.watchdog', 'demo');

export interface World {
  kind: 'demo' | 'cloud';
  core: CoreDeps;
  remediation: HandleDeps;
  sim?: Simulator;
  close(): Promise<void>;
}

export function configPathFor(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, args.config ?? env.WATCHDOG_CONFIG ?? 'watchdog.config.yaml');
}

/** The user's clouds when a config file exists, else the built-in simulated fleet. */
export function hasConfig(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): boolean {
  return existsSync(configPathFor(args, env, cwd));
}

/** A config for the simulator: `base` (defaults + WATCHDOG_* env), AWS pointed at the simulator's URL. */
export function simulatorConfig(base: WatchdogConfig, sim: Simulator, fleet: Fleet, stateFile?: string): WatchdogConfig {
  const regions = new Set<string>([fleet.defaultRegion]);
  for (const r of [...fleet.endpoints, ...fleet.notebooks, ...fleet.trainingJobs]) if (r.region) regions.add(r.region);
  return configSchema.parse({
    ...base,
    clouds: {
      ...base.clouds,
      aws: { ...base.clouds.aws, enabled: true, endpointUrl: sim.url, regions: [...regions].sort() },
      ...(fleet.gcp ? { gcp: simulatorGcpConfig(base, sim, fleet.gcp) } : {}),
      ...(fleet.azure ? { azure: simulatorAzureConfig(base, sim, fleet.azure) } : {}),
    },
    ...(stateFile ? { state: { ...base.state, backend: 'file', file: stateFile } } : {}),
  });
}

/** Google pointed at the simulator: the fleet's projects, locations and billing export. */
function simulatorGcpConfig(base: WatchdogConfig, sim: Simulator, g: NonNullable<Fleet['gcp']>): WatchdogConfig['clouds']['gcp'] {
  const locations = new Set<string>([g.defaultLocation]);
  for (const r of [...g.endpoints, ...g.customJobs]) if (r.location) locations.add(r.location);
  const exp = g.billingExport;
  return {
    ...base.clouds.gcp,
    enabled: true,
    endpointUrl: sim.url,
    projects: g.projects.map((p) => p.id),
    locations: [...locations].sort(),
    billingExport: exp
      ? { ...base.clouds.gcp.billingExport, enabled: true, project: exp.project, dataset: exp.dataset, table: exp.table, location: exp.location }
      : { ...base.clouds.gcp.billingExport, enabled: false },
  };
}

/** Azure pointed at the simulator: the fleet's subscriptions (workspaces discovered, as by default). */
function simulatorAzureConfig(base: WatchdogConfig, sim: Simulator, a: NonNullable<Fleet['azure']>): WatchdogConfig['clouds']['azure'] {
  return { ...base.clouds.azure, enabled: true, endpointUrl: sim.url, subscriptions: a.subscriptions.map((s) => s.id) };
}

/**
 * The simulated world: the demo fleet (or --fleet) in a simulator whose changes persist in .watchdog/demo/, so a
 * park in one run and a restore in the next see the same endpoints. The demo ignores ./watchdog.config.yaml (it may
 * point at real clouds); WATCHDOG_* variables still apply, e.g. WATCHDOG_REMEDIATION_MODE=auto.
 */
export async function openDemoWorld(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<World> {
  const base = loadConfig({ env, cwd: join(cwd, DEMO_DIR, 'no-config-here') });
  const dir = join(cwd, DEMO_DIR);
  mkdirSync(dir, { recursive: true });
  const fleet = args.fleet ? loadFleet(args.fleet) : demoFleet();
  const sim = await startPersistedSimulator(fleet, dir);
  const config = simulatorConfig(withDemoSettings(base), sim, fleet, join(dir, 'state.json'));
  const googleAuth = simGoogleAuth();
  const azureCredential = staticTokenCredential();
  const core = buildCoreDeps({ config, env, cwd, now: () => sim.clock.now(), credentials: SIM_CREDENTIALS, googleAuth, azureCredential, readOnly: false });
  // Waiting for an endpoint to come back advances the simulator's clock instead of sleeping.
  const remediation = buildRemediationDeps(core, { credentials: SIM_CREDENTIALS, googleAuth, sleep: async (ms) => sim.clock.advance(ms) });
  return { kind: 'demo', core, remediation, sim, close: () => sim.close() };
}

/**
 * The simulator with its saved world. A world saved for another fleet (a new release changed the demo fleet, or
 * --fleet points elsewhere) cannot be replayed: it is moved aside, never deleted, and the demo starts afresh.
 */
async function startPersistedSimulator(fleet: Fleet, dir: string): Promise<Simulator> {
  const stateFile = join(dir, 'sim-state.json');
  try {
    return await startSimulator({ fleet, stateFile });
  } catch (err) {
    if (!(err instanceof SimStateError) || (err.code !== 'SIM_STATE_FLEET_MISMATCH' && err.code !== 'SIM_STATE_REPLAY_FAILED')) throw err;
    const aside = `${dir}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, aside);
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`ml-watchdog: the saved simulated world does not match this fleet (${err.code}); moved it to ${aside} and started afresh.\n`);
    return startSimulator({ fleet, stateFile });
  }
}

/**
 * The demo's budget (a config setting, not part of the fleet): the whole ML platform spend of the three simulated
 * clouds at $30,000 a month, which the demo's run rate (about $1,100 a day) overshoots. WATCHDOG_* budgets win.
 */
export const DEMO_BUDGETS = [{ name: 'ML platform', amount: 30_000 }];
function withDemoSettings(base: WatchdogConfig): WatchdogConfig {
  const budget = base.detectors['budget-overrun'];
  if (budget.budgets.length > 0) return base;
  return configSchema.parse({ ...base, detectors: { ...base.detectors, 'budget-overrun': { ...budget, budgets: DEMO_BUDGETS } } });
}

/** The clouds of the config file. */
export async function openCloudWorld(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<World> {
  const core = buildCoreDeps({ env, cwd, configPath: configPathFor(args, env, cwd), readOnly: false });
  return { kind: 'cloud', core, remediation: buildRemediationDeps(core), close: async () => undefined };
}

export function openWorld(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<World> {
  return hasConfig(args, env, cwd) ? openCloudWorld(args, env, cwd) : openDemoWorld(args, env, cwd);
}
