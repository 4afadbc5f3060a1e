import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Slack Web API received. */
export interface FakeSlackCall {
  method: string;
  atMs: number;
  authorization: string | undefined;
  contentType: string | undefined;
  channel: string;
  text: string | undefined;
  /** Parsed from the form field: @slack/web-api 8 posts url-encoded with `blocks` as a JSON string. */
  blocks: unknown[] | undefined;
  fields: Record<string, string>;
}

/** What to answer one call with: Slack's HTTP 200 + `{ok:false}` error, an HTTP 429, or success. */
export type FakeReply = { error: string } | { status: 429; retryAfterSec: number } | { status: 500 | 503 } | 'ok';

export interface FakeSlack {
  /** Base URL for WebClient's slackApiUrl, ending in /api/. */
  url: string;
  calls: FakeSlackCall[];
  /** Queues replies for a channel, used in order; then every call succeeds. */
  script(channel: string, ...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/**
 * A tiny stand-in for https://slack.com/api/ speaking the real wire format: POST /api/<method>, form-encoded
 * body, JSON answers with `ok`, `error`, `channel`, `ts`; rate limits as HTTP 429 with a Retry-After header.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const scripts = new Map<string, FakeReply[]>();
  let seq = 0;
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const channel = fields.channel ?? '';
    calls.push({
      method: (req.url ?? '').replace(/^\/api\//, ''),
      atMs: performance.now(),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      channel,
      text: fields.text,
      blocks: fields.blocks ? (JSON.parse(fields.blocks) as unknown[]) : undefined,
      fields,
    });
    const reply = scripts.get(channel)?.shift() ?? 'ok';
    if (reply !== 'ok' && 'status' in reply && reply.status !== 429) {
      res.writeHead(reply.status, { 'content-type': 'text/html' });
      res.end('<html>upstream error</html>');
      return;
    }
    if (reply !== 'ok' && 'status' in reply) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(reply.retryAfterSec) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const body =
      reply === 'ok'
        ? { ok: true, channel: channelId(channel), ts: `1762178400.${String(++seq).padStart(6, '0')}`, message: { text: fields.text } }
        : { ok: false, error: reply.error };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    script: (channel, ...replies) => scripts.set(channel, [...(scripts.get(channel) ?? []), ...replies]),
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Slack answers with the channel id even when posted to by name. */
export function channelId(channel: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channel) ? channel : `C${Buffer.from(channel).toString('hex').slice(0, 10).toUpperCase()}`;
}
