import { buildScanDeps } from '../app/scan-deps';
import { runAudit } from '../app/run-audit';
import { runRemediation } from '../app/run-remediation';
import { runScan } from '../app/run-scan';
import type { AuditRequest } from '../app/audit-request';
import type { AuditResult } from '../app/audit-result';
import { buildCoreDeps, type CoreDeps } from '../app/deps';
import type { RemediationOutcome } from '../app/handle-remediation';
import { inProcessDispatcher } from '../app/in-process-dispatcher';
import { buildRemediationDeps } from '../app/remediation-deps';
import { loadConfig } from '../config/load';
import type { WatchdogConfig } from '../config/schema';
import { createConsoleNotifier } from '../notify/console-notifier';
import { buildAlertBatch } from '../notify/alert-batch';
import { createRouter } from '../notify/route';
import type { ParkResult } from '../remediation/execute-park';
import { demoFleet, loadFleet, startSimulator } from '../sim/index';
import { resolveMode } from '../remediation/mode';
import type { CliArgs } from './args';
import { renderAudit } from './render-audit';
import { renderParkResult } from './render-remediation';
import { logger } from '../app/logger';
import { withUsageRecord } from '../usage/usage-meter';
import { openDemoWorld, SIM_CREDENTIALS, simGoogleAuth, simulatorConfig, configPathFor, DEMO_DIR } from './world';
import { writeLocalReport } from './report-command';
import { join } from 'node:path';

export { simulatorConfig } from './world';

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

/** `audit`: the configured clouds, no side effects except the local Cost Explorer cache. */
export async function runAuditCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const core = buildCoreDeps({ env, cwd, configPath: configPathFor(args, env, cwd), readOnly: false });
  return print(await runAudit({ config: core.config, readers: core.readers, now: core.now }, auditRequest(args)), args);
}

function describeCalls(calls: Record<string, number>): string {
  const entries = Object.entries(calls).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return `The simulator answered ${total} API calls for this run: ${entries.map(([op, c]) => `${op} ${c}`).join(', ')}.`;
}

/** Alerts waiting for a person, printed as Slack would show them (with their buttons) by the console notifier. */
async function printApprovalAlerts(results: readonly ParkResult[], audit: AuditResult, config: WatchdogConfig): Promise<void> {
  const waiting = new Set(results.filter((r) => r.status === 'needs-approval').map((r) => r.plan.fingerprint));
  const findings = audit.findings.filter((f) => waiting.has(f.fingerprint));
  if (findings.length === 0) return;
  const slack = config.notify.slack;
  const batch = buildAlertBatch({
    decision: { send: findings.map((finding) => ({ finding, reason: 'new' as const })), suppressed: [] },
    route: createRouter({ ownerTag: config.ownerTag, defaultChannel: slack.defaultChannel, channelsByOwner: slack.channelsByOwner }),
    ownerTag: config.ownerTag,
    now: audit.generatedAt,
    providerStatuses: audit.statuses,
    remediation: (f) => resolveMode(config.remediation, f.kind, f.tags),
  });
  process.stdout.write('\nThe Slack alert for approval (console notifier):\n');
  await createConsoleNotifier().notify(batch);
}

/**
 * `demo` (and `npm start` without a config): audits the simulated fleet with the real code and SDK clients, then
 * runs remediation in the configured mode (dry-run by default; WATCHDOG_REMEDIATION_MODE=auto parks for real in the
 * simulator, approve prints the alert with its buttons). State persists in .watchdog/demo/ for `restore`.
 */
export async function runDemoCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const world = await openDemoWorld(args, env, cwd);
  try {
    const { core, remediation, sim } = world;
    // The run's own usage goes to the demo's state store, as a deployed function's would (`cli`: no Lambda cost). The
    // audit and the report are two records: each collects, and a reader keeps only the latest status per component,
    // so one record around both would count the report's calls in place of the audit's.
    const code = await withUsageRecord('cli', core, logger, async () => {
      const audit = await runAudit({ config: core.config, readers: core.readers, now: core.now }, auditRequest(args));
      const exit = print(audit, args);
      if (args.json) return exit;
      const results = await runRemediation(audit.findings, remediation);
      if (results.length > 0) {
        process.stdout.write(`\nRemediation (mode ${core.config.remediation.mode}):\n${results.map((r) => `  ${renderParkResult(r)}`).join('\n')}\n`);
        await printApprovalAlerts(results, audit, core.config);
      }
      const parked = (await remediation.ledger.list({ states: ['parked'] })).length;
      if (parked > 0) process.stdout.write(`\n${parked} resource(s) parked by ml-watchdog in this simulated world: see \`ml-watchdog actions\`, undo with \`ml-watchdog restore <token>\`.\n`);
      if (sim) process.stdout.write(`\n${describeCalls(sim.calls())}\n`);
      return exit;
    });
    if (args.json) return code;
    // The third way people use ml-watchdog: the weekly cost report, written where the simulated world lives.
    await withUsageRecord('cli', core, logger, async () => {
      process.stdout.write('\nWeekly cost report of the simulated fleet; the Slack summary (console notifier):\n\n');
      const local = await writeLocalReport(core, remediation.ledger, { outPath: join(DEMO_DIR, 'ml-watchdog-report.html'), cwd, print: true });
      process.stdout.write(`\nFull report (open in a browser): ${local.path}\n`);
    });
    return code;
  } finally {
    await world.close();
  }
}

/**
 * `scan`: the scheduled job run locally: alerts (Slack or console, deduplicated) and, in auto mode, parks in this
 * process. With --fleet it scans a throwaway simulator (`--fleet demo` for the built-in fleet).
 */
export async function runScanCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const run = async (core: CoreDeps, sleep?: (ms: number) => Promise<void>) => {
    const outcomes: RemediationOutcome[] = [];
    const remediation = buildRemediationDeps(core, sleep ? { sleep, credentials: SIM_CREDENTIALS, googleAuth: simGoogleAuth() } : {});
    const deps = await buildScanDeps({ core, env, cwd, dispatcher: inProcessDispatcher(remediation, outcomes) });
    const r = await withUsageRecord('cli', core, logger, () => runScan(deps));
    const summary = { findings: r.findings.length, alerted: r.alerted.length, suppressed: r.suppressed.length, failed: r.failed, remediation: outcomes };
    if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      for (const o of outcomes) process.stdout.write(`Remediation: ${o.status}: ${o.message}\n`);
      process.stdout.write(`\nScan: ${summary.findings} finding(s), ${summary.alerted} alerted, ${summary.suppressed} suppressed (cooldown/snooze), ${r.failed.length} failed.\n`);
    }
    return r.failed.length > 0 ? 1 : 0;
  };
  const configPath = configPathFor(args, env, cwd);
  if (!args.fleet) return run(buildCoreDeps({ env, cwd, configPath, readOnly: false }));
  const config = loadConfig({ env, cwd, ...(args.config ? { path: args.config } : {}) });
  const fleet = args.fleet === 'demo' ? demoFleet() : loadFleet(args.fleet);
  const sim = await startSimulator({ fleet });
  try {
    const core = buildCoreDeps({ config: simulatorConfig(config, sim, fleet), env, cwd, now: () => sim.clock.now(), credentials: SIM_CREDENTIALS, googleAuth: simGoogleAuth(), readOnly: false });
    return await run(core, async (ms) => sim.clock.advance(ms));
  } finally {
    await sim.close();
  }
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
