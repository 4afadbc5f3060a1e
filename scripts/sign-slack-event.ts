/**
 * Re-signs a sample Slack interactivity event (events/slack-actions.json) so the slack-actions function accepts it:
 * Slack signatures cover the request timestamp and are refused after 5 minutes, so a stored sample is always stale.
 *
 *   SLACK_SIGNING_SECRET=<secret> npx tsx scripts/sign-slack-event.ts events/slack-actions.json > /tmp/slack-actions.json
 *   SLACK_SIGNING_SECRET=<secret> npx serverless invoke local -f slackActions -p /tmp/slack-actions.json
 *
 * The same secret must reach both commands (the function reads SLACK_SIGNING_SECRET locally). Only the
 * X-Slack-Request-Timestamp and X-Slack-Signature headers change; the body bytes are signed exactly as stored.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { rawBodyBytes, signSlackRequest } from '../src/notify/slack/interactivity/slack-signature';

/** A copy of `event` stamped `nowSec` and signed with `secret` over its body bytes (base64 decoded, never re-encoded). */
export function resignSlackEvent(event: APIGatewayProxyEventV2, secret: string, nowSec: number): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).filter(([k]) => !['x-slack-request-timestamp', 'x-slack-signature'].includes(k.toLowerCase())),
  );
  return {
    ...event,
    headers: {
      ...headers,
      'x-slack-request-timestamp': String(nowSec),
      'x-slack-signature': signSlackRequest(secret, nowSec, rawBodyBytes(event)),
    },
    requestContext: { ...event.requestContext, timeEpoch: nowSec * 1000 },
  };
}

if (require.main === module) {
  const file = process.argv[2] ?? 'events/slack-actions.json';
  const secret = process.env.SLACK_SIGNING_SECRET?.trim();
  if (!secret) {
    console.error('set SLACK_SIGNING_SECRET (the Slack app\'s signing secret, or any test value also given to the function)');
    process.exit(2);
  }
  const event = JSON.parse(readFileSync(file, 'utf8')) as APIGatewayProxyEventV2;
  process.stdout.write(`${JSON.stringify(resignSlackEvent(event, secret, Math.floor(Date.now() / 1000)), null, 2)}\n`);
}
