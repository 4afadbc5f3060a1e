import type { S3Client } from '@aws-sdk/client-s3';
import type { WatchdogConfig } from '../config/schema';
import type { ChartSpec, ReportDocument } from '../report/report-document';
import { presignReport, putReport, reportKey } from '../report/report-store';
import type { PostedReport, ReportChart, ReportPoster } from '../report/post-weekly-report';
import { toReportDocument } from '../report/weekly-document';
import { forOwner, reportOwners } from '../report/weekly-report';
import { weeklySlackMessage, type ReportLocation } from '../report/weekly-slack';
import type { WeeklyReportRun } from './run-weekly-report';

/** Turns documents into files: the HTML renderer and the PNG chart renderer (src/report/render). */
export interface ReportRenderer {
  html(doc: ReportDocument): string;
  chartPng(spec: ChartSpec): Promise<Buffer>;
}

export interface DeliverDeps {
  config: WatchdogConfig;
  render: ReportRenderer;
  poster: ReportPoster;
  now: () => Date;
  /** S3 (Lambda): the report goes to config.report.bucket with a pre-signed link. */
  s3?: S3Client;
  /** Local runs: write the HTML here instead (returns the path written). */
  writeFile?: (name: string, html: string) => Promise<string>;
}

export interface DeliveredReport {
  owner?: string;
  location: ReportLocation;
  posted?: PostedReport;
  /** Why the summary was not posted (a Slack error); the report itself was stored. */
  postError?: string;
}

/** The chart Slack gets: daily spend per cloud in the main currency, else the findings by kind. */
export function slackChart(doc: ReportDocument): ChartSpec | undefined {
  const charts = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' && b.chart.categories.length > 0 && b.chart.series.some((x) => x.values.some((v) => v !== null)) ? [b.chart] : [])));
  return charts.find((c) => c.id.startsWith('daily-spend')) ?? charts[0];
}

/**
 * Stores and announces the report: the full HTML (S3 with a link, or a local file), then the Slack summary with
 * its chart to the report channel; with `perOwner`, each owner that has a channel in notify.slack.channelsByOwner gets
 * the report narrowed to them. One failing post does not stop the others: each outcome is in the result.
 */
export async function deliverWeeklyReport(run: WeeklyReportRun, deps: DeliverDeps): Promise<DeliveredReport[]> {
  const { config } = deps;
  const slack = config.notify.slack;
  const targets: Array<{ owner?: string; channel: string }> = [{ channel: config.report.channel ?? slack.defaultChannel }];
  if (config.report.perOwner) {
    for (const owner of reportOwners(run.report)) {
      const channel = slack.channelsByOwner[owner];
      if (channel) targets.push({ owner, channel });
    }
  }
  const out: DeliveredReport[] = [];
  for (const t of targets) {
    const report = t.owner ? forOwner(run.report, t.owner, run.findings, run.ownerOf) : run.report;
    const doc = toReportDocument(report);
    const html = deps.render.html(doc);
    // A report that could not be stored is still announced, saying why: the figures reach people either way.
    const location = await store(deps, reportKey(config.report.keyPrefix, report.week, t.owner), html).catch((err: unknown): ReportLocation => ({ kind: 'none', reason: (err as Error).message }));
    const spec = slackChart(doc);
    const chart: ReportChart | undefined = spec ? { png: await deps.render.chartPng(spec), filename: `${spec.id}.png`, title: spec.title } : undefined;
    try {
      const posted = await deps.poster.post(weeklySlackMessage(report, t.channel, location), chart);
      out.push({ ...(t.owner ? { owner: t.owner } : {}), location, posted });
    } catch (err) {
      const e = err as Error & { data?: { error?: string } };
      out.push({ ...(t.owner ? { owner: t.owner } : {}), location, postError: e.data?.error ?? `${e.name}: ${e.message}` });
    }
  }
  return out;
}

async function store(deps: DeliverDeps, key: string, html: string): Promise<ReportLocation> {
  const bucket = deps.config.report.bucket;
  if (deps.s3 && bucket) {
    await putReport(deps.s3, bucket, key, html);
    const link = await presignReport(deps.s3, bucket, key, deps.config.report.urlLifetimeHours * 3600, deps.now());
    return { kind: 'url', ...link };
  }
  if (deps.writeFile) return { kind: 'file', path: await deps.writeFile(key.split('/').slice(-2).join('-'), html) };
  return { kind: 'none', reason: 'no report.bucket is configured (the deployed stack sets one)' };
}
