import { ErrorCode } from '@slack/web-api';

export interface SlackFailure {
  /** Slack's `error` (channel_not_found ...), `ratelimited`, `http_<status>`, `request_error` or `unknown_error`. */
  code: string;
  message: string;
  /** May succeed later with nothing changed (rate limits, Slack outages, network). */
  retryable: boolean;
  /** The token itself is unusable: every further post in this run would fail the same way. */
  fatal: boolean;
  /** Seconds Slack asked us to wait (HTTP 429 `Retry-After`). */
  retryAfterSec?: number;
}

/** Token/workspace problems: stop posting after the first one instead of failing N more times. */
const FATAL_CODES = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'team_access_not_granted',
  'ekm_access_denied',
  'not_allowed_token_type',
]);

/** Slack-side trouble worth retrying on the next run. */
const RETRYABLE_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack refused the blocks themselves: the plain-text fallback may still go through. */
export const BLOCKS_REJECTED_CODES = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);

/**
 * Maps what @slack/web-api 8 throws to a stable failure. The client throws WebAPIPlatformError for `{ok:false}`
 * (Slack answers HTTP 200 with an error code), WebAPIRateLimitedError for a 429 when `rejectRateLimitedCalls` is
 * set, WebAPIHTTPError for other statuses and WebAPIRequestError for network failures (SLK-WEB `errors.d.ts`).
 * Matched on the documented `code` field, so it also works across duplicated package copies in a bundle.
 */
export function classifySlackError(err: unknown): SlackFailure {
  const e = err as {
    code?: unknown;
    message?: unknown;
    data?: { error?: unknown };
    retryAfter?: unknown;
    statusCode?: unknown;
    original?: { message?: unknown };
  };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  switch (e?.code) {
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_platform_error';
      return { code, message: `Slack answered ${code}`, retryable: RETRYABLE_CODES.has(code), fatal: FATAL_CODES.has(code) };
    }
    case ErrorCode.RateLimitedError: {
      const retryAfterSec = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
      return { code: 'ratelimited', message: `rate limited, retry after ${retryAfterSec} s`, retryable: true, fatal: false, retryAfterSec };
    }
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      return { code: `http_${status}`, message, retryable: status >= 500 || status === 408, fatal: false };
    }
    case ErrorCode.RequestError: {
      const cause = typeof e.original?.message === 'string' ? e.original.message : message;
      return { code: 'request_error', message: cause, retryable: true, fatal: false };
    }
    default:
      return { code: 'unknown_error', message, retryable: false, fatal: false };
  }
}

/** Advice shown next to a failure: errors shown to people say what to do next. */
export function slackFailureHint(code: string): string | undefined {
  switch (code) {
    case 'channel_not_found':
      return 'check notify.slack.channelsByOwner / defaultChannel; private channels need the app invited';
    case 'not_in_channel':
      return 'invite the ml-watchdog app to the channel (/invite @ml-watchdog)';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'token_expired':
      return 'the bot token is invalid: update SLACK_BOT_TOKEN or the SSM parameter notify.slack.tokenParameter';
    case 'missing_scope':
      return 'the Slack app needs the chat:write scope';
    case 'is_archived':
      return 'the channel is archived: route this owner to another channel';
    default:
      return undefined;
  }
}
