import type { SlackMessageRef } from '../../../remediation/remediation-request';
import { classifySlackError, slackFailureHint } from '../slack-errors';
import type { SlackBlockLike } from './block-action';
import { outcomeMessage, type ActionOutcome } from './outcome-blocks';
import type { ResponseUrlPoster } from './response-url';

/** chat.update, the one Web API method this needs; @slack/web-api's WebClient satisfies it. */
export interface SlackUpdateClient {
  chat: {
    update(args: { channel: string; ts: string; text: string; blocks: SlackBlockLike[] }): Promise<{ ok?: boolean }>;
  };
}

/** Either or both: chat.update when a bot token is available, the click's response_url otherwise. */
export interface OutcomeTransport {
  chat?: SlackUpdateClient;
  responseUrl?: ResponseUrlPoster;
}

export type PostOutcomeResult =
  | { ok: true; via: 'chat.update' | 'response_url'; errors: string[] }
  | { ok: false; errors: string[] };

/**
 * Shows an outcome in place of the clicked buttons. chat.update comes first: a response_url expires after 30
 * minutes and 5 uses, and a classic endpoint's park or restore can take longer. If chat.update fails (the app was
 * removed from the channel, no chat:write) the response_url is tried. Never throws: a remediation that worked must
 * not be reported as failed because Slack could not be told; the caller logs `errors`.
 */
export async function postOutcome(via: OutcomeTransport, ref: SlackMessageRef, outcome: ActionOutcome): Promise<PostOutcomeResult> {
  const message = outcomeMessage(ref, outcome);
  const errors: string[] = [];
  if (via.chat) {
    try {
      await via.chat.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
      return { ok: true, via: 'chat.update', errors };
    } catch (err) {
      const f = classifySlackError(err);
      const hint = slackFailureHint(f.code);
      errors.push(`chat.update: ${f.message}${hint ? ` (${hint})` : ''}`);
    }
  }
  if (via.responseUrl && ref.responseUrl) {
    try {
      await via.responseUrl.post(ref.responseUrl, { replace_original: true, text: message.text, blocks: message.blocks });
      return { ok: true, via: 'response_url', errors };
    } catch (err) {
      errors.push(`response_url: ${(err as Error).message}`);
    }
  }
  if (errors.length === 0) errors.push('no way to reach Slack: no bot token client and no response_url');
  return { ok: false, errors };
}
