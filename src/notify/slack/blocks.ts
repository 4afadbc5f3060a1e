import type { Severity } from '../../domain/finding';
import type { ProviderStatus } from '../../domain/status';
import type { AlertButton, AlertView } from '../alert-view';
import { formatMoneyList, formatUtc } from '../format';
import { sumByCurrency } from '../../domain/money';
import { alertViewLines, recommendationText } from '../view-text';
import { blocksTextLength, SLACK_LIMITS as L, type SlackBlock, type SlackButton, type SlackMessage } from './limits';
import { mrkdwn, truncateText } from './mrkdwn';

export interface MessageContext {
  now: Date;
  providerStatuses: readonly ProviderStatus[];
}

export interface PlanOptions {
  /** Up to this many alerts for one channel go out as separate messages; more become one digest. */
  maxSingleMessages: number;
  /** Alerts shown in a digest before "and K more" (further capped by the 50-block and text limits). */
  maxFindingsPerDigest: number;
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = { maxSingleMessages: 3, maxFindingsPerDigest: 10 };

/** One chat.postMessage to make, and which alerts it carries. */
export interface PlannedMessage {
  message: SlackMessage;
  /** Alerts shown in full (with buttons). */
  fingerprints: string[];
  /** Alerts only counted in the digest's "and K more" line. */
  summarized: string[];
  digest: boolean;
  /** Plain mrkdwn to post instead if Slack rejects the blocks. */
  textOnly: string;
}

const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncateText(text, max), emoji: true });
const md = (text: string) => ({ type: 'mrkdwn' as const, text });
const section = (text: string): SlackBlock => ({ type: 'section', text: md(text) });

/** The messages for one channel in one run (pure). */
export function planChannelMessages(
  channel: string,
  views: readonly AlertView[],
  ctx: MessageContext,
  options: PlanOptions = DEFAULT_PLAN_OPTIONS,
): PlannedMessage[] {
  if (views.length === 0) return [];
  if (views.length <= options.maxSingleMessages) {
    return views.map((view) => ({
      message: alertMessage(channel, view, ctx),
      fingerprints: [view.fingerprint],
      summarized: [],
      digest: false,
      textOnly: mrkdwn(alertViewLines(view).join('\n'), L.fallbackText),
    }));
  }
  return [digestMessage(channel, views, ctx, options.maxFindingsPerDigest)];
}

/** A full alert: header, location, facts, waste with its basis, recommendation, buttons, fingerprint. */
export function alertMessage(channel: string, view: AlertView, ctx: MessageContext): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`${SEVERITY_EMOJI[view.severity]} ${view.title}`, L.headerText) },
    section(mrkdwn(`${view.kindLabel} · ${view.location}${view.reasonNote ? `\n${view.reasonNote}` : ''}`, L.sectionText)),
  ];
  for (let i = 0; i < view.facts.length; i += L.fieldsPerSection) {
    const fields = view.facts
      .slice(i, i + L.fieldsPerSection)
      .map((f) => md(`*${mrkdwn(f.label, 200)}*\n${mrkdwn(f.value, L.fieldText - 210)}`));
    blocks.push({ type: 'section', fields });
  }
  blocks.push(section(costText(view, L.sectionText)));
  blocks.push(section(`*Recommended:* ${mrkdwn(recommendationText(view), L.sectionText - 20)}`));
  if (view.buttons.length > 0) blocks.push(actionsBlock(view.buttons, 'wd_actions'));
  blocks.push({ type: 'context', elements: contextElements(view.context, ctx) });
  return { channel, text: mrkdwn(view.summary, L.fallbackText), blocks };
}

/**
 * One message for many alerts: the most important first (the batch is sorted), each with its facts in brief and
 * its buttons, then "and K more". Stops early to stay under 50 blocks and the cumulative text budget.
 */
export function digestMessage(
  channel: string,
  views: readonly AlertView[],
  ctx: MessageContext,
  maxFindings: number,
): PlannedMessage {
  const total = formatMoneyList(sumByCurrency(views.filter((v) => v.cost.known).map((v) => v.cost.monthly)));
  const head: SlackBlock[] = [
    { type: 'header', text: plain(`${SEVERITY_EMOJI[views[0]?.severity ?? 'info']} ml-watchdog: ${views.length} alerts`, L.headerText) },
    section(mrkdwn(`${total} projected monthly waste across ${views.length} alerts for ${channel}, most important first.`, L.sectionText)),
  ];
  const context: SlackBlock = { type: 'context', elements: contextElements(`ml-watchdog run ${formatUtc(ctx.now)}`, ctx) };
  const fixedBlocks = head.length + 2; // + "and K more" + context
  const maxByBlocks = Math.floor((L.blocksPerMessage - fixedBlocks) / 3);
  const limit = Math.max(1, Math.min(maxFindings, maxByBlocks));
  const body: SlackBlock[] = [];
  let used = blocksTextLength(head) + blocksTextLength([context]);
  let shown = 0;
  for (const view of views) {
    if (shown >= limit) break;
    const blocks: SlackBlock[] = [{ type: 'divider' }, section(compactText(view))];
    if (view.buttons.length > 0) blocks.push(actionsBlock(view.buttons, `wd_actions_${shown}`));
    const cost = blocksTextLength(blocks);
    const tail = moreLine(views.slice(shown + 1)).length;
    // The first alert always goes in: a digest that shows nothing helps nobody, and one alert fits by construction.
    if (shown > 0 && used + cost + tail > L.messageTextBudget) break;
    body.push(...blocks);
    used += cost;
    shown += 1;
  }
  const rest = views.slice(shown);
  const blocks = [...head, ...body, ...(rest.length > 0 ? [section(moreLine(rest))] : []), context];
  const text = mrkdwn(`ml-watchdog: ${views.length} alerts for ${channel}, ${total} projected monthly waste`, L.fallbackText);
  const textOnly = mrkdwn(
    [
      `ml-watchdog: ${views.length} alerts, ${total} projected monthly waste`,
      ...views.slice(0, shown).map((v) => `• ${v.summary} [${v.fingerprint}]`),
      ...(rest.length > 0 ? [`…and ${rest.length} more`] : []),
    ].join('\n'),
    L.fallbackText,
  );
  return {
    message: { channel, text, blocks },
    fingerprints: views.slice(0, shown).map((v) => v.fingerprint),
    summarized: rest.map((v) => v.fingerprint),
    digest: true,
    textOnly,
  };
}

function costText(view: AlertView, max: number): string {
  const waste = mrkdwn(view.cost.line, 600);
  const basis = mrkdwn(`${view.cost.basisLabel}: ${view.cost.explanation}`, max - waste.length - 40);
  return `*Waste:* ${waste}\n*Basis:* ${basis}`;
}

function compactText(view: AlertView): string {
  const brief = view.facts.filter((f) => f.brief).map((f) => `${f.label}: ${f.value}`).join(' · ');
  const lines = [
    `*${mrkdwn(view.title, 300)}*`,
    mrkdwn(`${view.location}${view.reasonNote ? `\n${view.reasonNote}` : ''}`, 500),
    mrkdwn(brief, 700),
    costText(view, 1000),
    `*Recommended:* ${mrkdwn(recommendationText(view), 400)}`,
    `Fingerprint ${mrkdwn(view.fingerprint, 300)}`,
  ];
  return truncateText(lines.join('\n'), L.sectionText);
}

function moreLine(rest: readonly AlertView[]): string {
  if (rest.length === 0) return '';
  const waste = formatMoneyList(sumByCurrency(rest.filter((v) => v.cost.known).map((v) => v.cost.monthly)));
  return `…and *${rest.length} more* (${waste}/month projected). Run \`ml-watchdog audit\` for the full list.`;
}

function actionsBlock(buttons: readonly AlertButton[], blockId: string): SlackBlock {
  return { type: 'actions', block_id: blockId, elements: buttons.map(slackButton) };
}

function slackButton(b: AlertButton): SlackButton {
  return {
    type: 'button',
    action_id: b.actionId,
    text: plain(b.label, L.buttonText),
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: truncateText(b.confirm.title, L.confirmTitle) },
            text: { type: 'plain_text', text: truncateText(b.confirm.text, L.confirmText) },
            confirm: { type: 'plain_text', text: truncateText(b.confirm.confirm, L.confirmButton) },
            deny: { type: 'plain_text', text: truncateText(b.confirm.deny, L.confirmButton) },
          },
        }
      : {}),
  };
}

/** The context line, plus collection problems: partial data must never look like a clean fleet. */
function contextElements(line: string, ctx: MessageContext): { type: 'mrkdwn'; text: string }[] {
  const elements = [md(mrkdwn(line, L.contextText))];
  const gaps = ctx.providerStatuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled');
  if (gaps.length > 0) {
    const text = gaps.map((s) => `${s.cloud} ${s.component}: ${s.state}${s.code ? ` (${s.code})` : ''}`).join(' · ');
    elements.push(md(mrkdwn(`:warning: Data gaps: ${text}`, L.contextText)));
  }
  return elements;
}
