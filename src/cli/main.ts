#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, formatConfigError } from '../config/errors';
import { HELP, parseCliArgs, UsageError, type CliArgs } from './args';
import { runAuditCommand, runDemoCommand, runScanCommand, runSimCommand } from './commands';
import { runActionsCommand, runParkCommand, runRestoreCommand } from './remediation-commands';
import { runReportCommand } from './report-command';
import { ReportWeekError } from '../report/weekly-period';

const VERSION = '0.1.0';

/** Picks what `npm start` does: the user's clouds when a config exists, the simulated fleet otherwise. */
function startTarget(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): 'audit' | 'demo' {
  const path = args.config ?? env.WATCHDOG_CONFIG ?? 'watchdog.config.yaml';
  return existsSync(resolve(cwd, path)) ? 'audit' : 'demo';
}

export async function main(argv: readonly string[], env = process.env, cwd = process.cwd()): Promise<number> {
  // The SDK warns once per process that Node 20 support ends in 2027; in a CLI table it reads like an error.
  // Lambda runs nodejs22.x, and the README recommends Node 22+.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ml-watchdog: ${err.message}\n\n${HELP}\n`);
      return 2;
    }
    throw err;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    switch (args.command) {
      case 'help':
        process.stdout.write(`${HELP}\n`);
        return 0;
      case 'start':
        if (startTarget(args, env, cwd) === 'demo') {
          if (!args.json) process.stdout.write('No watchdog.config.yaml here: auditing the built-in simulated fleet (no cloud account needed).\n\n');
          return await runDemoCommand(args, env, cwd);
        }
        return await runAuditCommand(args, env, cwd);
      case 'audit':
        return await runAuditCommand(args, env, cwd);
      case 'demo':
        return await runDemoCommand(args, env, cwd);
      case 'scan':
        return await runScanCommand(args, env, cwd);
      case 'sim':
        return await runSimCommand(args);
      case 'park':
        return await runParkCommand(args, env, cwd);
      case 'restore':
        return await runRestoreCommand(args, env, cwd);
      case 'actions':
        return await runActionsCommand(args, env, cwd);
      case 'report':
        return await runReportCommand(args, env, cwd);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatConfigError(err)}\n`);
      return 2;
    }
    if (err instanceof ReportWeekError) {
      process.stderr.write(`ml-watchdog: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`ml-watchdog: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ml-watchdog: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
