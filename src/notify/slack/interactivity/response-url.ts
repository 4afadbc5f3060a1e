import type { SlackBlockLike } from './block-action';

/** What may be posted to a response_url (Slack "Modifying messages": replace_original / ephemeral replies). */
export type ResponseUrlMessage =
  | { replace_original: true; text: string; blocks: SlackBlockLike[] }
  /** Seen only by the user who clicked; the original message stays as it was. */
  | { response_type: 'ephemeral'; replace_original: false; text: string };

export interface ResponseUrlPoster {
  post(url: string, message: ResponseUrlMessage): Promise<void>;
}

export type ResponseUrlErrorCode = 'RESPONSE_URL_NOT_ALLOWED' | 'RESPONSE_URL_REJECTED' | 'RESPONSE_URL_FAILED';

/** Messages never contain the URL itself: it lets anyone post into the channel for 30 minutes. */
export class ResponseUrlError extends Error {
  readonly code: ResponseUrlErrorCode;
  constructor(code: ResponseUrlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResponseUrlError';
    this.code = code;
  }
}

/** Where Slack's response_urls point (commercial and GovSlack). */
export const SLACK_RESPONSE_URL_ORIGINS = ['https://hooks.slack.com', 'https://hooks.slack-gov.com'] as const;

export interface ResponseUrlPosterOptions {
  fetch?: typeof globalThis.fetch;
  /** Per post; the handler must still answer Slack within 3 s. Default 2000 ms. */
  timeoutMs?: number;
  /** URL origins we post to (tests add http://127.0.0.1:PORT). Default SLACK_RESPONSE_URL_ORIGINS. */
  allowedOrigins?: readonly string[];
}

/**
 * Posts JSON to a response_url. Only Slack's own hosts are accepted: the URL arrives inside the request, and even a
 * signed request should not be able to make this function call arbitrary hosts (with our IAM role's network).
 * Slack answers 200 "ok" (or `{"ok":true}`); expired or over-used URLs answer 404 / `{"ok":false,"error":...}`.
 */
export function createResponseUrlPoster(options: ResponseUrlPosterOptions = {}): ResponseUrlPoster {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 2000;
  const origins = new Set(options.allowedOrigins ?? SLACK_RESPONSE_URL_ORIGINS);
  return {
    async post(url, message) {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch (err) {
        throw new ResponseUrlError('RESPONSE_URL_NOT_ALLOWED', 'response_url is not a URL', { cause: err });
      }
      if (!origins.has(origin)) {
        throw new ResponseUrlError('RESPONSE_URL_NOT_ALLOWED', `response_url host ${origin} is not Slack's`);
      }
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const what = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
        throw new ResponseUrlError('RESPONSE_URL_FAILED', `posting to response_url failed: ${what}`, { cause: err });
      }
      const body = await res.text().catch(() => '');
      // Slack's errors are short words (expired_url, used_url, no_text); anything longer is not worth echoing.
      const error = slackError(body) ?? (!res.ok && /^[a-z_]{1,64}$/.test(body.trim()) ? body.trim() : undefined);
      if (!res.ok || error) {
        throw new ResponseUrlError('RESPONSE_URL_REJECTED', `response_url answered ${res.status}${error ? ` ${error}` : ''}`);
      }
    },
  };
}

function slackError(body: string): string | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const json = JSON.parse(body) as { ok?: unknown; error?: unknown };
    return json.ok === false ? String(json.error ?? 'error') : undefined;
  } catch {
    return undefined;
  }
}
