import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CoreDeps } from '../app/deps';
import { runWeeklyReport } from '../app/run-weekly-report';
import type { Ledger } from '../remediation/ledger';
import { consoleReportPoster } from '../report/post-weekly-report';
import { reportRenderer } from '../report/report-renderer';
import { toReportDocument } from '../report/weekly-document';
import { parseReportWeek, type ReportWeek } from '../report/weekly-period';
import type { WeeklyReport } from '../report/weekly-report';
import { weeklySlackMessage } from '../report/weekly-slack';
import { summarizeWatchdogCost } from '../usage/summarize-watchdog-cost';
import { readWatchdogUsage } from '../usage/usage-store';
import { slackChart } from '../app/deliver-weekly-report';
import type { CliArgs } from './args';
import { openWorld } from './world';

export interface LocalReport {
  report: WeeklyReport;
  path: string;
}

/**
 * Builds the weekly report from a world's clouds (or the simulator), writes the HTML to `outPath` and prints the Slack
 * summary through the console poster. Nothing is posted to Slack from the CLI: the deployed function does that.
 */
export async function writeLocalReport(core: CoreDeps, ledger: Ledger, opts: { week?: ReportWeek; outPath?: string; cwd: string; print: boolean }): Promise<LocalReport> {
  const store = core.store;
  const run = await runWeeklyReport(
    { config: core.config, readers: core.readers, ledger, now: core.now, watchdogCost: async (period) => summarizeWatchdogCost(await readWatchdogUsage(store, period), period) },
    opts.week ? { week: opts.week } : {},
  );
  const path = resolve(opts.cwd, opts.outPath ?? `ml-watchdog-report-${run.report.week.label}.html`);
  const render = reportRenderer();
  const doc = toReportDocument(run.report);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, render.html(doc), 'utf8');
  if (opts.print) {
    const spec = slackChart(doc);
    const channel = core.config.report.channel ?? core.config.notify.slack.defaultChannel;
    const chart = spec ? { png: await render.chartPng(spec), filename: `${spec.id}.png`, title: spec.title } : undefined;
    await consoleReportPoster().post(weeklySlackMessage(run.report, channel, { kind: 'file', path }), chart);
  }
  return { report: run.report, path };
}

/** `report --week [YYYY-MM-DD] [--out FILE] [--json]`: the configured clouds, or the simulated fleet without a config. */
export async function runReportCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const world = await openWorld(args, env, cwd);
  try {
    const week = args.week ? parseReportWeek(args.week, world.core.now()) : undefined;
    if (!args.json) process.stdout.write(`Weekly cost report (${world.kind === 'demo' ? 'built-in simulated fleet' : 'configured clouds'}); the Slack summary it would post:\n\n`);
    const local = await writeLocalReport(world.core, world.remediation.ledger, { ...(week ? { week } : {}), ...(args.out ? { outPath: args.out } : {}), cwd, print: !args.json });
    if (args.json) process.stdout.write(`${JSON.stringify(local.report, null, 2)}\n`);
    else process.stdout.write(`\nFull report written to ${local.path}\n`);
    return 0;
  } finally {
    await world.close();
  }
}
