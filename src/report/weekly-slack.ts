import { SLACK_LIMITS as L, type SlackBlock, type SlackMessage } from '../notify/slack/limits';
import { escapeMrkdwn, mrkdwn, truncateText } from '../notify/slack/mrkdwn';
import { BASIS_WORDS, change, CLOUD_NAMES, duration, money, moneyList, pct, utc } from './report-format';
import { totalsByCurrency, topMovers } from './weekly-document';
import { isContextFinding } from './weekly-findings';
import { describeWeek } from './weekly-period';
import type { WeeklyReport } from './weekly-report';

/** Where the full report is: a pre-signed S3 link (Lambda) or a local file (CLI, demo). */
export type ReportLocation = { kind: 'url'; url: string; expiresAt: Date; cutBySession: boolean; sessionBound?: boolean } | { kind: 'file'; path: string } | { kind: 'none'; reason: string };

const TOP = 5;
const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncateText(text, L.sectionText) } });
const lines = (title: string, items: readonly string[]) => `*${title}*\n${items.map((i) => `• ${i}`).join('\n')}`;

/**
 * The Slack summary (pure): the headline numbers, top movers, budgets, top findings, savings, data gaps and the link,
 * about a dozen blocks and well inside Slack's limits (limits.ts); the details live in the HTML report. User-supplied
 * strings (names, owners, status messages) are escaped, so a tag value can never ping a channel.
 */
export function weeklySlackMessage(r: WeeklyReport, channel: string, where: ReportLocation): SlackMessage {
  const who = r.owner ? ` for ${r.owner}` : '';
  const header = `ML cost report${who} · ${describeWeek(r.week)}`;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncateText(header, L.headerText), emoji: true } }];

  const totals = totalsByCurrency(r.spend.byCloud);
  const fields = totals.map((t) => ({
    type: 'mrkdwn' as const,
    text: `*ML spend (${t.currency}, ${t.basis})*\n${money(t.thisWeek, t.currency)}\n${change(t.thisWeek, t.lastWeek)} vs last week · ${change(t.thisWeek, t.average)} vs 4-wk avg`,
  }));
  if (!r.owner && totals.length === 0) fields.push({ type: 'mrkdwn', text: '*ML spend*\nno billed cost was read for this week' });
  fields.push({ type: 'mrkdwn', text: `*Open findings*\n${r.findings.total} · ${moneyList(r.findings.monthlyWaste, 0)}/month waste` });
  fields.push({ type: 'mrkdwn', text: `*Saved by parking*\n${moneyList(r.savings.savings.total)} · ${r.savings.parked.length} parked, ${r.savings.restored.length} restored` });
  blocks.push({ type: 'section', fields: fields.slice(0, L.fieldsPerSection).map((f) => ({ ...f, text: truncateText(f.text, L.fieldText) })) });

  const gaps = r.clouds.filter((c) => c.enabled && c.costLines === 0).map((c) => `${CLOUD_NAMES[c.cloud]}: no billed ML cost this week${c.problems[0] ? ` (${escapeMrkdwn(c.problems[0])})` : ''}`);
  if (gaps.length > 0) blocks.push(section(lines(':warning: Missing data', gaps)));

  const movers = topMovers(r.spend.byService, 3).map(escapeMrkdwn);
  if (movers.length > 0) blocks.push(section(lines('Top movers vs last week', movers)));

  if (r.budgets.rows.length > 0) {
    blocks.push(
      section(
        lines(
          'Budgets this month',
          r.budgets.rows.slice(0, TOP).map((b) => {
            const icon = (b.forecastPct ?? b.actualPct) >= 100 ? ':red_circle:' : (b.forecastPct ?? b.actualPct) >= 80 ? ':large_orange_circle:' : ':white_circle:';
            return `${icon} ${escapeMrkdwn(b.name)}: ${money(b.actual, b.currency, 0)} of ${money(b.amount, b.currency, 0)} (${pct(b.actualPct)})${b.forecast ? `, forecast ${money(b.forecast.total, b.currency, 0)} (${pct(b.forecastPct!)})` : ''}`;
          }),
        ),
      ),
    );
  }

  const top = r.findings.ranked.filter((f) => !isContextFinding(f)).slice(0, TOP);
  if (top.length > 0) {
    blocks.push(section(lines(`Top findings (of ${r.findings.total})`, top.map((f) => `${escapeMrkdwn(f.title)}: ${money(f.cost.monthly.amount, f.cost.monthly.currency, 0)}/month (${BASIS_WORDS[f.cost.basis]})`))));
  }

  if (r.savings.parked.length + r.savings.restored.length > 0) {
    const items = [
      ...r.savings.parked.slice(0, TOP).map((t) => `Parked ${escapeMrkdwn(t.ref.name)} (${t.ref.cloud})`),
      ...r.savings.restored.slice(0, TOP).map((t) => `Restored ${escapeMrkdwn(t.ref.name)} (${t.ref.cloud})${t.restoreSeconds !== undefined ? ` in ${duration(t.restoreSeconds)}` : ''}`),
    ];
    blocks.push(section(lines('Parked and restored', items)));
  }

  const bad = r.statuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled');
  if (bad.length > 0) {
    const shown = bad.slice(0, TOP).map((s) => escapeMrkdwn(`${s.cloud} ${s.component}: ${s.state}${s.code ? ` (${s.code})` : ''}`));
    blocks.push(section(lines('Could not read', bad.length > TOP ? [...shown, `and ${bad.length - TOP} more in the report`] : shown)));
  }

  blocks.push(section(linkText(where)));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Generated ${utc(r.generatedAt)} · billed = what the cloud billed; forecasts and list prices are marked · currencies are never added together` }] });

  const fallback = `${header}: ${totals.map((t) => `${money(t.thisWeek, t.currency)} (${change(t.thisWeek, t.lastWeek)} vs last week)`).join(', ') || 'no billed spend read'}; ${r.findings.total} open findings.`;
  return { channel, text: mrkdwn(fallback, L.fallbackText), blocks: blocks.slice(0, L.blocksPerMessage) };
}

function linkText(where: ReportLocation): string {
  if (where.kind === 'url') {
    const why = where.cutBySession
      ? ' (the signing session ends then; `ml-watchdog report --week` writes a local copy)'
      : where.sessionBound
        ? ' at the latest: signed with the function\'s temporary credentials, it stops earlier if their session ends first (`ml-watchdog report --week` writes a local copy)'
        : '';
    const text = `:page_facing_up: <${where.url}|Open the full report> · link valid until ${utc(where.expiresAt)}${why}`;
    // A cut URL is a broken link: rather say so (session-token URLs run to ~2 KB, well under the 3,000 limit).
    return text.length <= L.sectionText ? text : ':page_facing_up: The report is stored, but its link is too long for a Slack message; run `ml-watchdog report --week` for a copy.';
  }
  if (where.kind === 'file') return `:page_facing_up: Full report: \`${escapeMrkdwn(where.path)}\``;
  return `:page_facing_up: The full report could not be stored: ${escapeMrkdwn(where.reason)}`;
}
