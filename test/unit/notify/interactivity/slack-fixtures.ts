import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildAlertView } from '../../../../src/notify/build-alert-view';
import { alertMessage, digestMessage } from '../../../../src/notify/slack/blocks';
import { signSlackRequest } from '../../../../src/notify/slack/interactivity/slack-signature';
import { idleGpuFinding, NOW } from '../finding-factory';

export { NOW };
/** Not a real secret: Slack signing secrets are 32 hex characters; this one is obviously a test value. */
export const SECRET = '0123456789abcdef0123456789abcdef';
export const NOW_SEC = Math.floor(NOW.getTime() / 1000);
export const CHANNEL = 'C0ALERTS01';
export const TEAM = 'T0ACME0001';
export const APPROVER = 'U0APPROVE1';
export const MESSAGE_TS = '1762178400.000100';

/** A single alert message exactly as the notifier posts it (header, facts, cost, buttons in block wd_actions). */
export function alertBlocks(name = 'llm-chat-prod') {
  const finding = idleGpuFinding({ name });
  const view = buildAlertView(finding, { now: NOW, ownerTag: 'owner', reason: 'new' });
  return { finding, message: alertMessage(CHANNEL, view, { now: NOW, providerStatuses: [] }) };
}

/** A digest of several findings, each with its own actions block (wd_actions_0, wd_actions_1, ...). */
export function digestBlocks(names: string[]) {
  const views = names.map((name) =>
    buildAlertView(idleGpuFinding({ name }), { now: NOW, ownerTag: 'owner', reason: 'new' }),
  );
  return digestMessage(CHANNEL, views, { now: NOW, providerStatuses: [] }, 10).message;
}

export interface PayloadOptions {
  actionId?: string;
  value?: string;
  blockId?: string;
  userId?: string;
  userName?: string;
  userTeamId?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  blocks?: unknown[];
  text?: string;
}

/** A block_actions payload in Slack's shape (docs.slack.dev "block_actions payload"), for a button on a message. */
export function blockActionsPayload(o: PayloadOptions = {}): Record<string, unknown> {
  const { finding, message } = alertBlocks();
  const park = (message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value?: string }[] }).elements[0]!;
  const userId = o.userId ?? APPROVER;
  return {
    type: 'block_actions',
    user: { id: userId, username: 'zoe.martin', name: o.userName ?? 'zoe.martin', team_id: o.userTeamId ?? TEAM },
    api_app_id: 'A0WATCHDOG1',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.messageTs ?? MESSAGE_TS, channel_id: o.channelId ?? CHANNEL, is_ephemeral: false },
    trigger_id: '8401234567890.1234567890123.0123456789abcdef0123456789abcdef',
    team: { id: o.teamId ?? TEAM, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId ?? CHANNEL, name: 'ml-alerts' },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: o.text ?? message.text,
      ts: o.messageTs ?? MESSAGE_TS,
      bot_id: 'B0WATCHDOG1',
      blocks: o.blocks ?? message.blocks,
    },
    state: { values: {} },
    response_url: o.responseUrl ?? 'https://hooks.slack.com/actions/T0ACME0001/8401234567890/abcdefABCDEF0123456789ab',
    actions: [
      {
        action_id: o.actionId ?? park.action_id,
        block_id: o.blockId ?? 'wd_actions',
        text: { type: 'plain_text', text: 'Park now', emoji: true },
        value: o.value ?? park.value ?? JSON.stringify({ fp: finding.fingerprint }),
        style: 'danger',
        type: 'button',
        action_ts: '1762178460.123456',
      },
    ],
  };
}

/** Slack's form encoding: `payload=<url-encoded JSON>` (URLSearchParams: spaces as +, UTF-8 percent-escapes). */
export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface EventOptions {
  secret?: string;
  timestampSec?: number;
  /** HTTP API v2 delivers form bodies base64-encoded; false sends the text as is. */
  base64?: boolean;
  headers?: Record<string, string>;
  /** Sign these bytes instead of the body (to forge). */
  signBody?: Buffer;
}

/** An API Gateway HTTP API (payload 2.0) event carrying a signed Slack request. */
export function slackEvent(body: Buffer | string, o: EventOptions = {}): APIGatewayProxyEventV2 {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const ts = o.timestampSec ?? NOW_SEC;
  return {
    version: '2.0',
    routeKey: 'POST /slack/actions',
    rawPath: '/slack/actions',
    rawQueryString: '',
    headers: {
      accept: 'application/json,*/*',
      'content-length': String(bytes.length),
      'content-type': 'application/x-www-form-urlencoded',
      host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(o.secret ?? SECRET, ts, o.signBody ?? bytes),
      ...o.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: { method: 'POST', path: '/slack/actions', protocol: 'HTTP/1.1', sourceIp: '54.209.12.34', userAgent: 'Slackbot 1.0' },
      requestId: 'Slk1ZhJ2IAMEPwQ=',
      routeKey: 'POST /slack/actions',
      stage: '$default',
      time: '03/Nov/2026:14:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    body: o.base64 === false ? bytes.toString('utf8') : bytes.toString('base64'),
    isBase64Encoded: o.base64 !== false,
  };
}

/** One request the fake response_url endpoint received. */
export interface ResponseUrlCall {
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
  atMs: number;
}

export interface FakeResponseUrl {
  origin: string;
  url(path?: string): string;
  calls: ResponseUrlCall[];
  /** Next answers, in order: HTTP status + body, or a delay before answering ok. */
  script(...replies: ({ status: number; body: string } | { delayMs: number })[]): void;
  close(): Promise<void>;
}

/** A tiny stand-in for https://hooks.slack.com/actions/...: records JSON posts, answers 200 "ok" like Slack. */
export async function startFakeResponseUrl(): Promise<FakeResponseUrl> {
  const calls: ResponseUrlCall[] = [];
  const replies: ({ status: number; body: string } | { delayMs: number })[] = [];
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    calls.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      atMs: performance.now(),
    });
    const reply = replies.shift();
    if (reply && 'delayMs' in reply) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply && 'status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'text/plain' });
      res.end(reply.body);
      return;
    }
    if (!res.destroyed) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('ok');
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path = '/actions/T0ACME0001/8401234567890/abcdefABCDEF0123456789ab') => `${origin}${path}`,
    calls,
    script: (...r) => replies.push(...r),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
