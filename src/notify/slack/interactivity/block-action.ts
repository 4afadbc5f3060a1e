import { z } from 'zod';

/** Slack message blocks as they come back: `type` always, the rest depends on the block (kept as sent). */
export type SlackBlockLike = { type: string; block_id?: string } & Record<string, unknown>;

/** One button click on a message, reduced to what the handler uses (Slack's `block_actions` payload). */
export interface SlackBlockAction {
  actionId: string;
  blockId?: string;
  value?: string;
  userId: string;
  /** The clicking user's own workspace; differs from `teamId` for Slack Connect guests (see authorize-approver). */
  userTeamId?: string;
  /** The workspace the interaction happened in. */
  teamId?: string;
  channelId: string;
  /** `container.message_ts`: the message the button is on. */
  messageTs: string;
  responseUrl?: string;
  /** The message as it was when clicked (blocks as Slack returned them). */
  message?: { text: string; blocks: SlackBlockLike[] };
}

export type ParsedInteraction =
  | { kind: 'block-action'; action: SlackBlockAction }
  /** Signed and well-formed, but nothing we handle (another payload type, a button outside a message). */
  | { kind: 'unsupported'; what: string; responseUrl?: string }
  | { kind: 'malformed'; problem: string };

// Loose objects: Slack adds fields over time, and an unknown field must never turn a click into an error.
const blockSchema = z.looseObject({ type: z.string(), block_id: z.string().optional() });
const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  // null for org-wide (Enterprise Grid) installs in some contexts.
  team: z.looseObject({ id: z.string() }).nullish(),
  channel: z.looseObject({ id: z.string().min(1) }).nullish(),
  container: z.looseObject({ type: z.string(), message_ts: z.string().optional(), channel_id: z.string().optional() }).nullish(),
  message: z.looseObject({ ts: z.string().optional(), text: z.string().optional(), blocks: z.array(blockSchema).optional() }).nullish(),
  response_url: z.string().optional(),
  actions: z
    .array(z.looseObject({ action_id: z.string().min(1), block_id: z.string().optional(), value: z.string().optional() }))
    .min(1, 'no actions'),
});

/**
 * Reads Slack's interactivity request: an `application/x-www-form-urlencoded` body whose `payload` field is JSON
 * (cloud-api-reference 5.3). The form is decoded from the signed bytes as UTF-8, the encoding Slack sends.
 */
export function parseInteraction(rawBody: Uint8Array): ParsedInteraction {
  const form = new URLSearchParams(Buffer.from(rawBody).toString('utf8'));
  const payloadText = form.get('payload');
  if (payloadText === null) return { kind: 'malformed', problem: 'the form body has no `payload` field' };
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch (err) {
    return { kind: 'malformed', problem: `the payload field is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof payload !== 'object' || payload === null || typeof (payload as { type?: unknown }).type !== 'string') {
    return { kind: 'malformed', problem: 'the payload has no `type`' };
  }
  const type = (payload as { type: string }).type;
  const responseUrl = stringField(payload, 'response_url');
  if (type !== 'block_actions') return { kind: 'unsupported', what: `payload type ${type}`, ...(responseUrl ? { responseUrl } : {}) };

  const parsed = blockActionsSchema.safeParse(payload);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
    return { kind: 'malformed', problem: `block_actions payload: ${problem}` };
  }
  const p = parsed.data;
  if (p.container && p.container.type !== 'message') {
    return { kind: 'unsupported', what: `a button in a ${p.container.type}`, ...(responseUrl ? { responseUrl } : {}) };
  }
  const channelId = p.channel?.id ?? p.container?.channel_id;
  const messageTs = p.container?.message_ts ?? p.message?.ts;
  if (!channelId || !messageTs) {
    return { kind: 'malformed', problem: 'block_actions payload: no channel.id or container.message_ts (ml-watchdog buttons live on messages)' };
  }
  const first = p.actions[0]!; // block_actions from a button carries exactly one action
  const action: SlackBlockAction = { actionId: first.action_id, userId: p.user.id, channelId, messageTs };
  if (first.block_id) action.blockId = first.block_id;
  if (first.value !== undefined) action.value = first.value;
  if (p.user.team_id) action.userTeamId = p.user.team_id;
  if (p.team?.id) action.teamId = p.team.id;
  if (p.response_url) action.responseUrl = p.response_url;
  if (p.message?.blocks) action.message = { text: p.message.text ?? '', blocks: p.message.blocks as SlackBlockLike[] };
  return { kind: 'block-action', action };
}

function stringField(obj: object, key: string): string | undefined {
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}
