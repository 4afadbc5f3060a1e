import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWeeklyReportHandler } from '../../handlers/weekly-report';
import { buildCoreDeps } from '../../src/app/deps';
import { buildWeeklyReportDeps } from '../../src/app/weekly-report-deps';
import { simGoogleAuth } from '../../src/cli/world';
import { configSchema } from '../../src/config/schema';
import { slackLimitViolations } from '../../src/notify/slack/limits';
import { createSlackWebClient } from '../../src/notify/slack/slack-notifier';
import { staticTokenCredential } from '../../src/providers/azure/arm-options';
import { slackReportPoster } from '../../src/report/post-weekly-report';
import { readWatchdogUsage } from '../../src/usage/usage-store';
import { startFakeS3, startFakeSlackApi, type FakeS3, type FakeSlackApi } from '../support/fake-report-services';
import { SIM_CREDENTIALS, simHarness, type SimHarness } from '../support/sim-deps';

const event = JSON.parse(readFileSync('events/weekly-report.schedule.json', 'utf8')) as ScheduledEvent;

describe('weekly report handler (Monday schedule)', () => {
  let h: SimHarness;
  let s3: FakeS3;
  let slack: FakeSlackApi;
  let dir: string;
  let handler: ReturnType<typeof makeWeeklyReportHandler>;
  let deps: Awaited<ReturnType<typeof buildWeeklyReportDeps>>;

  beforeAll(async () => {
    h = await simHarness();
    s3 = await startFakeS3();
    slack = await startFakeSlackApi();
    dir = mkdtempSync(join(tmpdir(), 'wd-report-'));
    const config = configSchema.parse({
      ...h.config,
      report: { bucket: 'wd-reports-test', perOwner: true, channel: '#ml-costs' },
      notify: { slack: { ...h.config.notify.slack, channelsByOwner: { 'team-nlp': '#team-nlp', 'nobody-here': '#x' } } },
    });
    const core = buildCoreDeps({ config, now: h.now, credentials: SIM_CREDENTIALS, googleAuth: simGoogleAuth(), azureCredential: staticTokenCredential(), readOnly: true, cwd: dir });
    deps = await buildWeeklyReportDeps({
      core,
      poster: slackReportPoster(createSlackWebClient('xoxb-test-token', { apiUrl: slack.url })),
      s3: new S3Client({ endpoint: s3.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } }),
    });
    handler = makeWeeklyReportHandler(async () => deps);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([h.sim.close(), s3.close(), slack.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the HTML in S3 (SSE, no-store), posts the summary with a pre-signed link and uploads the chart', async () => {
    const summary = await handler(event, { awsRequestId: 'req-1', memoryLimitInMB: '1024' });
    expect(summary.reports.map((r) => [r.owner, r.posted, r.error])).toEqual([
      [undefined, true, undefined],
      ['team-nlp', true, undefined],
    ]);
    const week = summary.week;
    const main = s3.objects.get(`wd-reports-test/reports/${week}/ml-cost-report.html`)!;
    expect(main.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(main.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(main.headers['cache-control']).toBe('private, no-store');
    const html = main.body.toString('utf8');
    for (const id of ['summary', 'spend', 'budgets', 'findings', 'savings', 'lock-in', 'comparison', 'watchdog-cost', 'statuses']) expect(html).toContain(`id="${id}"`);
    expect(s3.objects.has(`wd-reports-test/reports/${week}/owners/team-nlp.html`)).toBe(true);

    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((p) => p.fields.channel)).toEqual(['#ml-costs', '#team-nlp']);
    const blocks = JSON.parse(posts[0]!.fields.blocks!);
    expect(slackLimitViolations({ channel: '#ml-costs', text: posts[0]!.fields.text!, blocks })).toEqual([]);
    const link = /<(http[^|>]+)\|Open the full report>/.exec(posts[0]!.fields.blocks!)![1]!;
    expect(link).toContain(`/wd-reports-test/reports/${week}/ml-cost-report.html?`);
    expect(link).toContain('X-Amz-Expires=43200');
    // The link is a real pre-signed GET against the bucket: following it returns the report.
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(html);

    const uploads = slack.calls.filter((c) => c.method.startsWith('files.'));
    expect(uploads.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(uploads[1]!.fields.channel_id).toMatch(/^C\d+$/);
    expect(uploads[1]!.fields.thread_ts).toBeTruthy();
    // WebClient sends the bytes as multipart form data to the upload URL: the PNG signature is inside.
    const upload = [...slack.uploads.values()][0]!;
    expect(upload.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);

    // The run recorded its own usage for next week's watchdog-cost section.
    const records = await readWatchdogUsage(deps.store, { start: new Date(h.now().getTime() - 3_600_000), end: new Date(h.now().getTime() + 3_600_000) });
    expect(records.map((r) => r.functionName)).toContain('weekly-report');
  }, 60_000);

  it('a report that cannot be stored is still announced, and the invocation fails so it shows in the metrics', async () => {
    s3.failPuts = 'AccessDenied';
    slack.calls.length = 0;
    try {
      await expect(handler({ ...event, week: '2026-11-02' } as ScheduledEvent)).rejects.toThrow(/not stored or not posted/);
    } finally {
      delete s3.failPuts;
    }
    const post = slack.calls.find((c) => c.method === 'chat.postMessage')!;
    expect(post.fields.blocks).toContain('The full report could not be stored');
    expect(post.fields.blocks).toContain('AccessDenied');
  }, 60_000);

  it('refuses a week that has not ended, saying which is the last full one', async () => {
    const future = new Date(h.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    await expect(handler({ ...event, week: future } as ScheduledEvent)).rejects.toThrow(/has not ended yet/);
  });
});
