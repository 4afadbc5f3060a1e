import { parseArgs } from 'node:util';
import { CLOUDS, type Cloud } from '../domain/cloud';
import { FINDING_KINDS, type FindingKind } from '../domain/finding';

export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const COMMANDS = ['start', 'audit', 'demo', 'scan', 'park', 'restore', 'actions', 'report', 'sim', 'help'] as const;
/** Commands that take one resource (name, ARN or restore token) after the command word. */
const TARGETED: readonly string[] = ['park', 'restore'];
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  config?: string;
  json: boolean;
  clouds?: Cloud[];
  regions?: string[];
  kinds?: FindingKind[];
  minMonthlyCost?: number;
  fleet?: string;
  port?: number;
  failOnFindings: boolean;
  version: boolean;
  /** park/restore: resource name, ARN, or restore token id. */
  target?: string;
  dryRun: boolean;
  /** report: the week wanted (any day of it, YYYY-MM-DD); unset = the last full week. */
  week?: string;
  /** report: where to write the HTML. */
  out?: string;
}

/**
 * `--week` alone means "the weekly report" (the last full week); `--week 2026-11-16` or `--week=2026-11-16` picks one.
 * node:util parseArgs has no optional values, so a date right after `--week` is folded into `--week-of` first.
 */
function foldWeek(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--week=')) out.push(`--week-of=${a.slice('--week='.length)}`);
    else if (a === '--week' && argv[i + 1] !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(argv[i + 1]!)) out.push(`--week-of=${argv[++i]}`);
    else out.push(a);
  }
  return out;
}

function oneOf<T extends string>(flag: string, values: readonly T[], allowed: readonly T[]): T[] {
  for (const v of values) {
    if (!allowed.includes(v)) throw new UsageError(`--${flag} ${v}: expected one of ${allowed.join(', ')}`);
  }
  return [...values];
}

/** Parses argv (without node and script). Throws UsageError with what to fix. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: foldWeek(argv),
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        cloud: { type: 'string', multiple: true },
        region: { type: 'string', multiple: true },
        kind: { type: 'string', multiple: true },
        'min-monthly-cost': { type: 'string' },
        fleet: { type: 'string' },
        port: { type: 'string' },
        'fail-on-findings': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        week: { type: 'boolean', default: false },
        'week-of': { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const command = (values.help ? 'help' : (positionals[0] ?? 'help')) as Command;
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"; try: ${COMMANDS.join(', ')}`);
  const targeted = TARGETED.includes(command);
  if (positionals.length > (targeted ? 2 : 1)) throw new UsageError(`unexpected argument: ${positionals[targeted ? 2 : 1]}`);
  if (targeted && !values.help && !positionals[1]) throw new UsageError(`${command} needs a resource name, ARN or restore token: ml-watchdog ${command} <resource>`);
  const num = (flag: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} ${v}: expected a number from ${min} to ${max}`);
    return n;
  };
  return {
    command,
    json: values.json ?? false,
    failOnFindings: values['fail-on-findings'] ?? false,
    dryRun: values['dry-run'] ?? false,
    ...(targeted && positionals[1] ? { target: positionals[1] } : {}),
    version: values.version ?? false,
    ...(values.config ? { config: values.config } : {}),
    ...(values.cloud ? { clouds: oneOf('cloud', values.cloud as Cloud[], CLOUDS) } : {}),
    ...(values.region ? { regions: values.region } : {}),
    ...(values.kind ? { kinds: oneOf('kind', values.kind as FindingKind[], FINDING_KINDS) } : {}),
    ...(values['min-monthly-cost'] !== undefined ? { minMonthlyCost: num('min-monthly-cost', values['min-monthly-cost'], 0, 1e9) } : {}),
    ...(values.fleet ? { fleet: values.fleet } : {}),
    ...(values['week-of'] !== undefined ? { week: values['week-of'] } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.port !== undefined ? { port: num('port', values.port, 0, 65535) } : {}),
  };
}

export const HELP = `ml-watchdog: find idle GPUs and waste on SageMaker AI, Vertex AI and Azure ML

Usage: ml-watchdog <command> [options]

Commands:
  start           audit the clouds in watchdog.config.yaml, or the built-in simulated fleet when none is configured
  audit           read the configured clouds and print findings (no side effects)
  demo            start the built-in cloud simulator with the demo fleet and audit it
  scan            what the scheduled Lambda does: audit, alert (Slack or console, deduplicated), record state
  park <resource> park an idle resource now, through the remediation gate (--dry-run: say what would happen)
  restore <resource|token>
                  bring a parked resource back from its restore token
  actions         the remediation ledger: what was parked and restored, and the savings
  report --week   the weekly cost report of the last full week (Monday-Sunday UTC): an HTML file and the Slack
                  summary printed here (simulated fleet without a config)
  sim             run the cloud simulator standalone (point the AWS CLI/SDK at the URL it prints)
  help            this text

Options:
  -c, --config FILE        config file (default ./watchdog.config.yaml, or WATCHDOG_CONFIG)
      --json               print the audit as JSON (schema: docs/audit-output.md)
      --cloud aws          only this cloud (repeatable)
      --region R           only this region (repeatable)
      --kind idle-gpu      only this finding kind (repeatable)
      --min-monthly-cost N drop findings cheaper than N per month
      --fleet FILE         fleet description for demo/sim (default: the built-in demo fleet)
      --port N             simulator port for sim (default: random)
      --fail-on-findings   exit 3 when there are findings (for CI pipelines)
  -v, --version            print the version

      --dry-run            park: check every guardrail and say what would happen, change nothing
      --week [YYYY-MM-DD]  report: the last full week, or the week containing that day
  -o, --out FILE           report: write the HTML here (default ./ml-watchdog-report-<week>.html)

Without ./watchdog.config.yaml, start, demo, park, restore and actions work on the built-in simulated fleet,
whose state (parked endpoints, the ledger) is kept in .watchdog/demo/ between runs.

Exit codes: 0 done, 1 failed, 2 invalid config or usage, 3 findings with --fail-on-findings,
4 the remediation gate refused (mode off/dry-run/approve, a guardrail).`;
