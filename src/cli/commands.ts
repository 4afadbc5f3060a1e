import { buildReaders } from '../app/deps';
import { buildScanDeps } from '../app/scan-deps';
import { runAudit } from '../app/run-audit';
import { runScan } from '../app/run-scan';
import type { AuditRequest } from '../app/audit-request';
import type { AuditResult } from '../app/audit-result';
import { loadConfig } from '../config/load';
import { configSchema, type WatchdogConfig } from '../config/schema';
import type { Fleet } from '../sim/fleet-schema';
import { demoFleet, loadFleet, startSimulator, type Simulator } from '../sim/index';
import { createStateStore } from '../state/create-state-store';
import type { CliArgs } from './args';
import { renderAudit } from './render-audit';

/** Credentials the simulator accepts; never used against real AWS. */
const SIM_CREDENTIALS = { accessKeyId: 'SIMULATOR', secretAccessKey: 'SIMULATOR' };

function auditRequest(args: CliArgs): AuditRequest {
  return {
    ...(args.clouds ? { clouds: args.clouds } : {}),
    ...(args.regions ? { regions: args.regions } : {}),
    ...(args.kinds ? { kinds: args.kinds } : {}),
    ...(args.minMonthlyCost !== undefined ? { minMonthlyCost: args.minMonthlyCost } : {}),
  };
}

function print(result: AuditResult, args: CliArgs): number {
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderAudit(result, { color: process.stdout.isTTY })}\n`);
  return args.failOnFindings && result.findings.length > 0 ? 3 : 0;
}

function configOptions(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string) {
  return { env, cwd, ...(args.config ? { path: args.config } : {}) };
}

/** `audit`: the configured clouds, no side effects except the local Cost Explorer cache. */
export async function runAuditCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const config = loadConfig(configOptions(args, env, cwd));
  const now = () => new Date();
  const store = createStateStore(config.state, { cwd, now });
  const readers = buildReaders({ config, store, now, readOnly: false });
  return print(await runAudit({ config, readers, now }, auditRequest(args)), args);
}

/** A config for auditing the simulator: defaults (plus WATCHDOG_* env), AWS pointed at the simulator's URL. */
export function simulatorConfig(base: WatchdogConfig, sim: Simulator, fleet: Fleet): WatchdogConfig {
  const regions = new Set<string>([fleet.defaultRegion]);
  for (const r of [...fleet.endpoints, ...fleet.notebooks, ...fleet.trainingJobs]) if (r.region) regions.add(r.region);
  return configSchema.parse({
    ...base,
    clouds: { ...base.clouds, aws: { ...base.clouds.aws, enabled: true, endpointUrl: sim.url, regions: [...regions].sort() } },
  });
}

async function withSimulator<T>(args: CliArgs, fn: (sim: Simulator, fleet: Fleet) => Promise<T>): Promise<T> {
  const fleet = args.fleet ? loadFleet(args.fleet) : demoFleet();
  const sim = await startSimulator({ fleet });
  try {
    return await fn(sim, fleet);
  } finally {
    await sim.close();
  }
}

/** `demo` (and `npm start` without a config): the simulated fleet, audited by the real code and SDK clients. */
export async function runDemoCommand(args: CliArgs, env: NodeJS.ProcessEnv, _cwd: string): Promise<number> {
  // The demo ignores ./watchdog.config.yaml on purpose (it may point at real clouds); WATCHDOG_* env still applies.
  const base = loadConfig({ env, path: undefined, cwd: '/nonexistent-ml-watchdog-demo' });
  return withSimulator(args, async (sim, fleet) => {
    const config = simulatorConfig(base, sim, fleet);
    const now = () => sim.clock.now();
    const readers = buildReaders({ config, now, readOnly: false, credentials: SIM_CREDENTIALS });
    const code = print(await runAudit({ config, readers, now }, auditRequest(args)), args);
    if (!args.json) process.stdout.write(`\n${describeCalls(sim.calls())}\n`);
    return code;
  });
}

function describeCalls(calls: Record<string, number>): string {
  const entries = Object.entries(calls).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return `The simulator answered ${total} API calls for this audit: ${entries.map(([op, c]) => `${op} ${c}`).join(', ')}.`;
}

/** `scan`: the scheduled job run locally; with --fleet it scans the simulator (e.g. `--fleet demo`). */
export async function runScanCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const run = async (config: WatchdogConfig, extra: { now?: () => Date; credentials?: typeof SIM_CREDENTIALS }) => {
    const deps = await buildScanDeps({ config, env, cwd, ...extra });
    const r = await runScan(deps);
    const summary = { findings: r.findings.length, alerted: r.alerted.length, suppressed: r.suppressed.length, failed: r.failed };
    process.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : `\nScan: ${summary.findings} finding(s), ${summary.alerted} alerted, ${summary.suppressed} suppressed (cooldown/snooze), ${r.failed.length} failed.\n`);
    return r.failed.length > 0 ? 1 : 0;
  };
  const config = loadConfig(configOptions(args, env, cwd));
  if (!args.fleet) return run(config, {});
  const demoArgs = args.fleet === 'demo' ? { ...args, fleet: undefined } : args;
  return withSimulator(demoArgs, (sim, fleet) => run(simulatorConfig(config, sim, fleet), { now: () => sim.clock.now(), credentials: SIM_CREDENTIALS }));
}

/** `sim`: the simulator alone, until Ctrl-C. */
export async function runSimCommand(args: CliArgs): Promise<number> {
  const fleet = args.fleet ? loadFleet(args.fleet) : demoFleet();
  const sim = await startSimulator({ fleet, ...(args.port !== undefined ? { port: args.port } : {}) });
  process.stdout.write(
    `Simulator listening on ${sim.url}\nTry: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws sagemaker list-endpoints --endpoint-url ${sim.url} --region ${fleet.defaultRegion}\nCtrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
