import { S3Client } from '@aws-sdk/client-s3';
import { createSlackWebClient } from '../notify/slack/slack-notifier';
import { resolveSlackToken } from '../notify/slack/token';
import { createLedger } from '../remediation/ledger';
import { consoleReportPoster, slackReportPoster, type ReportPoster } from '../report/post-weekly-report';
import { reportRenderer } from '../report/report-renderer';
import { summarizeWatchdogCost } from '../usage/summarize-watchdog-cost';
import { readWatchdogUsage } from '../usage/usage-store';
import type { StateStore } from '../state/state-store';
import type { DeliverDeps } from './deliver-weekly-report';
import { buildCoreDeps, type BuildOptions, type CoreDeps } from './deps';
import type { WeeklyReportDeps } from './run-weekly-report';

export interface WeeklyReportAppDeps {
  run: WeeklyReportDeps;
  deliver: DeliverDeps;
  /** Where this run's usage record goes. */
  store: StateStore;
}

/**
 * The weekly report's dependencies: the core read-only (caches are read, never written: the report's role may not
 * write the state table except its own usage record), the ledger for savings, the usage records for the watchdog's
 * own cost, S3 when a bucket is configured, and Slack when a token is known (else the console prints the summary).
 */
export async function buildWeeklyReportDeps(
  opts: BuildOptions & { core?: CoreDeps; poster?: ReportPoster; s3?: S3Client; writeFile?: DeliverDeps['writeFile'] } = {},
): Promise<WeeklyReportAppDeps> {
  const core = opts.core ?? buildCoreDeps({ ...opts, readOnly: true });
  const { config, store, now } = core;
  const slack = config.notify.slack;
  let poster = opts.poster;
  if (!poster) {
    const token = slack.enabled ? (await resolveSlackToken({ env: core.env, tokenParameter: slack.tokenParameter })).token : undefined;
    poster = token ? slackReportPoster(createSlackWebClient(token, slack.apiUrl ? { apiUrl: slack.apiUrl } : {})) : consoleReportPoster();
  }
  const s3 = opts.s3 ?? (config.report.bucket ? new S3Client({}) : undefined);
  return {
    store,
    run: {
      config,
      readers: core.readers,
      ledger: createLedger(store, now),
      now,
      watchdogCost: async (period) => summarizeWatchdogCost(await readWatchdogUsage(store, period), period),
    },
    deliver: { config, render: reportRenderer(), poster, now, ...(s3 ? { s3 } : {}), ...(opts.writeFile ? { writeFile: opts.writeFile } : {}) },
  };
}
