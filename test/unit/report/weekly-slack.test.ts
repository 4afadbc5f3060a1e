import { describe, expect, it } from 'vitest';
import { slackLimitViolations } from '../../../src/notify/slack/limits';
import { consoleReportPoster, slackReportPoster, type ReportSlackClient } from '../../../src/report/post-weekly-report';
import { weeklySlackMessage } from '../../../src/report/weekly-slack';
import { idleGpuFinding } from '../notify/finding-factory';
import { fixtureReport, token, WEEK } from './report-fixture';

const LINK = { kind: 'url' as const, url: 'https://bucket.s3.amazonaws.com/reports/2026-W47/ml-cost-report.html?X-Amz-Signature=abc', expiresAt: new Date('2026-11-23T20:00:00Z'), cutBySession: false };

describe('weekly Slack summary', () => {
  it('headline numbers, top findings, budgets and the link, within Slack limits', () => {
    const m = weeklySlackMessage(fixtureReport(), '#ml-costs', LINK);
    expect(slackLimitViolations(m)).toEqual([]);
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'ML cost report · 16–22 Nov 2026' } });
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('$1,050.00\\n+50 % vs last week · +50 % vs 4-wk avg');
    expect(all).toContain('Idle GPU endpoint llm-chat-prod');
    expect(all).toContain('ML platform: $2,700 of $5,000 (54 %), forecast $3,750 (75 %)');
    expect(all).toContain(`<${LINK.url}|Open the full report> · link valid until 2026-11-23 20:00 UTC`);
    expect(m.text).toMatch(/^ML cost report · 16–22 Nov 2026: \$1,050\.00 \(\+50 % vs last week\); 1 open findings\.$/);
  });

  it('stays within limits with hundreds of findings, long names and failing providers', () => {
    const findings = Array.from({ length: 300 }, (_, i) => idleGpuFinding({ name: `${'x'.repeat(200)}-${i}`, owner: `o${i}` }));
    const statuses = Array.from({ length: 40 }, (_, i) => ({ cloud: 'aws' as const, component: `inventory:r${i}`, state: 'error' as const, message: 'm'.repeat(500) }));
    const tokens = Array.from({ length: 50 }, (_, i) => token(`t${i}`, { parkedAt: new Date(WEEK.start.getTime() + 3_600_000) }));
    const m = weeklySlackMessage(fixtureReport({ findings, tokens, snapshot: { statuses } }), '#c', LINK);
    expect(slackLimitViolations(m)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toContain('and 35 more in the report');
  });

  it('escapes names so a tag value cannot mention a channel, and says plainly when there is no data', () => {
    const evil = idleGpuFinding({ name: '<!channel> & co' });
    const m = weeklySlackMessage(fixtureReport({ findings: [evil], snapshot: { costs: [] } }), '#c', { kind: 'none', reason: 'no bucket <here>' });
    const all = JSON.stringify(m.blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('&lt;!channel&gt; &amp; co');
    expect(all).toContain('no billed cost was read for this week');
    expect(all).toContain('The full report could not be stored: no bucket &lt;here&gt;');
  });

  it('says when the link may stop earlier because temporary credentials signed it', () => {
    const m = weeklySlackMessage(fixtureReport(), '#c', { ...LINK, sessionBound: true });
    expect(JSON.stringify(m.blocks)).toContain("link valid until 2026-11-23 20:00 UTC at the latest: signed with the function's temporary credentials");
  });

  it('a local run points at the file', () => {
    const m = weeklySlackMessage(fixtureReport(), '#c', { kind: 'file', path: '/tmp/r.html' });
    expect(JSON.stringify(m.blocks)).toContain('Full report: `/tmp/r.html`');
  });
});

describe('report posters', () => {
  it('Slack: posts the summary, then uploads the chart with files.uploadV2 into its thread by channel id', async () => {
    const calls: unknown[] = [];
    const client: ReportSlackClient = {
      chat: { postMessage: async (a) => (calls.push(['post', a.channel]), { ok: true, ts: '1700000000.000100', channel: 'C0123' }) },
      filesUploadV2: async (a) => (calls.push(['upload', a.channel_id, a.thread_ts, a.filename, a.file.length]), {}),
    };
    const m = weeklySlackMessage(fixtureReport(), '#ml-costs', LINK);
    const res = await slackReportPoster(client).post(m, { png: Buffer.from([1, 2, 3]), filename: 'daily.png', title: 'Daily' });
    expect(calls).toEqual([
      ['post', '#ml-costs'],
      ['upload', 'C0123', '1700000000.000100', 'daily.png', 3],
    ]);
    expect(res).toEqual({ channel: 'C0123', ts: '1700000000.000100' });
  });

  it('Slack: a failed chart upload is reported, the summary stands', async () => {
    const client: ReportSlackClient = {
      chat: { postMessage: async () => ({ ok: true, ts: '1.2', channel: 'C1' }) },
      filesUploadV2: async () => {
        throw Object.assign(new Error('An API error occurred: missing_scope'), { data: { error: 'missing_scope' } });
      },
    };
    const res = await slackReportPoster(client).post(weeklySlackMessage(fixtureReport(), '#c', LINK), { png: Buffer.alloc(1), filename: 'x.png', title: 'x' });
    expect(res).toEqual({ channel: 'C1', ts: '1.2', chartError: 'missing_scope' });
  });

  it('console: prints the same figures, links spelled out', async () => {
    let out = '';
    await consoleReportPoster({ write: (s: string) => (out += s) }).post(weeklySlackMessage(fixtureReport(), '#c', LINK), { png: Buffer.alloc(1), filename: 'x.png', title: 'Daily ML spend' });
    expect(out).toContain('== ML cost report · 16–22 Nov 2026 ==');
    expect(out).toContain(`Open the full report: ${LINK.url}`);
    expect(out).toContain('[chart: Daily ML spend]');
    expect(out).not.toContain('&amp;');
  });
});
