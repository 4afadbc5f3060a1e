/**
 * Block Kit limits (@slack/types 3.2 doc comments, SLK-TYPES) and the cumulative text budget.
 * Slack rejects a message that breaks any of them with `invalid_blocks`, so builders cut text to these.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /**
   * chat.postMessage answers `msg_blocks_too_long` once the blocks' text adds up to roughly 12-13 k characters,
   * although no per-block limit is broken (slackapi/bolt-js#2509, #2867: "12,000 text characters with a buffer for
   * block containers"; #2867 was still rejected at 11,341 counted characters). Digests stop adding findings
   * before this budget, which counts displayed text only (not button values or confirm dialogs).
   */
  messageTextBudget: 10_000,
  /** Slack truncates `text` beyond 40,000; notification previews show far less. */
  fallbackText: 3000,
} as const;

interface TextObject {
  type: string;
  text: string;
}

/** The subset of Block Kit this app emits; structurally assignable to @slack/web-api's KnownBlock. */
export type SlackBlock =
  | { type: 'header'; block_id?: string; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; block_id?: string; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; block_id?: string; elements: TextObject[] }
  | { type: 'divider'; block_id?: string }
  | { type: 'actions'; block_id?: string; elements: SlackButton[] };

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: {
    title: { type: 'plain_text'; text: string };
    text: { type: 'plain_text'; text: string };
    confirm: { type: 'plain_text'; text: string };
    deny: { type: 'plain_text'; text: string };
  };
}

export interface SlackMessage {
  channel: string;
  /** Notification fallback; always set (Slack warns and screen readers read it when blocks are present). */
  text: string;
  blocks: SlackBlock[];
}

/** Sum of all text a message's blocks carry (what the cumulative limit above counts). */
export function blocksTextLength(blocks: readonly SlackBlock[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'header') n += b.text.text.length;
    else if (b.type === 'section') n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((s, f) => s + f.text.length, 0);
    else if (b.type === 'context') n += b.elements.reduce((s, e) => s + e.text.length, 0);
    else if (b.type === 'actions') n += b.elements.reduce((s, e) => s + e.text.text.length, 0);
  }
  return n;
}

/** Every limit a message breaks, as readable strings; empty when Slack should accept it. */
export function slackLimitViolations(message: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const out: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) out.push(`${what}: ${len} > ${max}`);
  };
  if (message.text.length === 0) out.push('text: empty fallback');
  over('text', message.text.length, L.fallbackText);
  over('blocks', message.blocks.length, L.blocksPerMessage);
  over('blocks text total', blocksTextLength(message.blocks), L.messageTextBudget);
  const blockIds = new Set<string>();
  message.blocks.forEach((b, i) => {
    if (b.block_id !== undefined) {
      over(`block ${i} block_id`, b.block_id.length, L.blockId);
      if (blockIds.has(b.block_id)) out.push(`block ${i}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'header') over(`block ${i} header`, b.text.text.length, L.headerText);
    if (b.type === 'section') {
      if (!b.text && !b.fields?.length) out.push(`block ${i}: section without text or fields`);
      if (b.text) over(`block ${i} section text`, b.text.text.length, L.sectionText);
      if (b.text?.text.length === 0) out.push(`block ${i}: empty section text`);
      over(`block ${i} fields`, b.fields?.length ?? 0, L.fieldsPerSection);
      b.fields?.forEach((f, j) => over(`block ${i} field ${j}`, f.text.length, L.fieldText));
    }
    if (b.type === 'context') {
      over(`block ${i} context elements`, b.elements.length, L.contextElements);
      b.elements.forEach((e, j) => over(`block ${i} context ${j}`, e.text.length, L.contextText));
    }
    if (b.type === 'actions') {
      over(`block ${i} actions elements`, b.elements.length, L.actionsElements);
      const ids = new Set(b.elements.map((e) => e.action_id));
      if (ids.size !== b.elements.length) out.push(`block ${i}: duplicate action_id`);
      b.elements.forEach((e, j) => {
        over(`block ${i} button ${j} text`, e.text.text.length, L.buttonText);
        over(`block ${i} button ${j} value`, e.value?.length ?? 0, L.buttonValue);
        over(`block ${i} button ${j} action_id`, e.action_id.length, L.actionId);
        if (e.confirm) {
          over(`block ${i} button ${j} confirm title`, e.confirm.title.text.length, L.confirmTitle);
          over(`block ${i} button ${j} confirm text`, e.confirm.text.text.length, L.confirmText);
          over(`block ${i} button ${j} confirm`, e.confirm.confirm.text.length, L.confirmButton);
          over(`block ${i} button ${j} deny`, e.confirm.deny.text.length, L.confirmButton);
        }
      });
    }
  });
  return out;
}
