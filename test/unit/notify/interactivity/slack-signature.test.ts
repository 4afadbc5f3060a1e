import { describe, expect, it } from 'vitest';
import {
  header,
  MAX_REQUEST_AGE_SECONDS,
  rawBodyBytes,
  signSlackRequest,
  verifySlackSignature,
} from '../../../../src/notify/slack/interactivity/slack-signature';
import { blockActionsPayload, formBody, NOW, NOW_SEC, SECRET, slackEvent } from './slack-fixtures';

const at = (sec: number) => new Date(sec * 1000);

/** The event's bytes and headers, as the handler verifies them. */
function verifyEvent(event: ReturnType<typeof slackEvent>, now = NOW, secret = SECRET) {
  return verifySlackSignature({ rawBody: rawBodyBytes(event), headers: event.headers }, secret, now);
}

describe('verifySlackSignature (Slack v0 signing)', () => {
  it("reproduces Slack's published example (docs.slack.dev, Verifying requests from Slack)", () => {
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
    expect(signSlackRequest(secret, 1531420618, body)).toBe(expected);
    const headers = { 'X-Slack-Request-Timestamp': '1531420618', 'X-Slack-Signature': expected };
    expect(verifySlackSignature({ rawBody: Buffer.from(body), headers }, secret, at(1531420618 + 10))).toEqual({ ok: true, timestampSec: 1531420618 });
  });

  it('accepts a valid request, with a plain or a base64-encoded body', () => {
    const body = formBody(blockActionsPayload());
    expect(verifyEvent(slackEvent(body, { base64: false }))).toEqual({ ok: true, timestampSec: NOW_SEC });
    const b64 = slackEvent(body, { base64: true });
    expect(b64.isBase64Encoded).toBe(true);
    expect(b64.body).not.toContain('payload=');
    expect(verifyEvent(b64)).toEqual({ ok: true, timestampSec: NOW_SEC });
  });

  it('refuses a forged signature', () => {
    const event = slackEvent(formBody(blockActionsPayload()));
    event.headers['x-slack-signature'] = `v0=${'ab'.repeat(32)}`;
    expect(verifyEvent(event)).toMatchObject({ ok: false, reason: 'forged', message: 'signature mismatch' });
  });

  it('refuses a request signed with another secret', () => {
    const event = slackEvent(formBody(blockActionsPayload()), { secret: 'fedcba9876543210fedcba9876543210' });
    expect(verifyEvent(event)).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses stale and future timestamps beyond 5 minutes, accepts the boundary', () => {
    const body = formBody(blockActionsPayload());
    expect(verifyEvent(slackEvent(body, { timestampSec: NOW_SEC - MAX_REQUEST_AGE_SECONDS - 1 }))).toMatchObject({ ok: false, reason: 'stale' });
    expect(verifyEvent(slackEvent(body, { timestampSec: NOW_SEC + MAX_REQUEST_AGE_SECONDS + 1 }))).toMatchObject({ ok: false, reason: 'stale' });
    expect(verifyEvent(slackEvent(body, { timestampSec: NOW_SEC - MAX_REQUEST_AGE_SECONDS })).ok).toBe(true);
    expect(verifyEvent(slackEvent(body, { timestampSec: NOW_SEC + MAX_REQUEST_AGE_SECONDS })).ok).toBe(true);
  });

  it('refuses a replay of a valid request after 5 minutes', () => {
    const event = slackEvent(formBody(blockActionsPayload()));
    expect(verifyEvent(event, NOW).ok).toBe(true);
    expect(verifyEvent(event, new Date(NOW.getTime() + 299_000)).ok).toBe(true);
    const replay = verifyEvent(event, new Date(NOW.getTime() + 301_000));
    expect(replay).toMatchObject({ ok: false, reason: 'stale' });
    // Re-stamping the replay with a fresh timestamp does not help: the timestamp is inside the signed string.
    const restamped = { ...event, headers: { ...event.headers, 'x-slack-request-timestamp': String(NOW_SEC + 301) } };
    expect(verifyEvent(restamped, new Date(NOW.getTime() + 301_000))).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('refuses a body altered by one byte', () => {
    const bytes = Buffer.from(formBody(blockActionsPayload()));
    const event = slackEvent(bytes);
    const altered = Buffer.from(bytes);
    altered[altered.length - 5] = altered[altered.length - 5]! ^ 0x01;
    expect(verifyEvent({ ...event, body: altered.toString('base64') })).toMatchObject({ ok: false, reason: 'forged' });
    const truncated = { ...event, body: bytes.subarray(0, bytes.length - 1).toString('base64') };
    expect(verifyEvent(truncated)).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('verifies non-ASCII payloads percent-encoded as Slack sends them (a user "Zoë", an emoji)', () => {
    const body = formBody(blockActionsPayload({ userName: 'Zoë 🚀' }));
    expect(body).toContain('Zo%C3%AB');
    expect(verifyEvent(slackEvent(body)).ok).toBe(true);
  });

  it('verifies raw UTF-8 bytes over the bytes; decoding them as latin1 or ascii (Bolt) would break the signature', () => {
    // A form body may also carry unescaped UTF-8 (WHATWG form parsing accepts it): the signature is over those bytes.
    const raw = Buffer.from(`payload=${JSON.stringify(blockActionsPayload({ userName: 'Zoë 🚀' }))}`, 'utf8');
    expect(raw.length).toBeGreaterThan(raw.toString('utf8').length); // multi-byte characters present
    const event = slackEvent(raw, { base64: true });
    expect(verifyEvent(event)).toEqual({ ok: true, timestampSec: NOW_SEC });
    const asPlainText = slackEvent(raw, { base64: false });
    expect(verifyEvent(asPlainText).ok).toBe(true);

    // What a decode to a string and back does to those bytes (AwsLambdaReceiver decodes base64 as 'ascii').
    const decoded = Buffer.from(event.body!, 'base64');
    for (const encoding of ['latin1', 'ascii'] as const) {
      const reencoded = Buffer.from(decoded.toString(encoding), 'utf8');
      expect(reencoded.equals(raw)).toBe(false);
      const wrong = verifySlackSignature({ rawBody: reencoded, headers: event.headers }, SECRET, NOW);
      expect(wrong).toMatchObject({ ok: false, reason: 'forged' });
    }
  });

  it('refuses missing headers and names them', () => {
    const event = slackEvent(formBody(blockActionsPayload()));
    const { 'x-slack-signature': _s, ...noSig } = event.headers;
    const { 'x-slack-request-timestamp': _t, ...noTs } = event.headers;
    expect(verifySlackSignature({ rawBody: rawBodyBytes(event), headers: noSig }, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'missing-headers',
      message: 'missing X-Slack-Signature',
    });
    expect(verifySlackSignature({ rawBody: rawBodyBytes(event), headers: noTs }, SECRET, NOW)).toMatchObject({
      reason: 'missing-headers',
      message: 'missing X-Slack-Request-Timestamp',
    });
    expect(verifySlackSignature({ rawBody: rawBodyBytes(event), headers: {} }, SECRET, NOW)).toMatchObject({
      message: 'missing X-Slack-Request-Timestamp and X-Slack-Signature',
    });
  });

  it('reads headers in any case (HTTP API lower-cases them, other proxies do not)', () => {
    const event = slackEvent(formBody(blockActionsPayload()));
    const shouted = {
      'X-SLACK-REQUEST-TIMESTAMP': event.headers['x-slack-request-timestamp']!,
      'X-Slack-Signature': event.headers['x-slack-signature']!,
    };
    expect(verifySlackSignature({ rawBody: rawBodyBytes(event), headers: shouted }, SECRET, NOW).ok).toBe(true);
    expect(header({ 'Content-Type': 'x' }, 'content-type')).toBe('x');
    expect(header(undefined, 'content-type')).toBeUndefined();
  });

  it('refuses malformed header values without throwing', () => {
    const event = slackEvent(formBody(blockActionsPayload()));
    const sig = event.headers['x-slack-signature']!;
    const cases: Record<string, string>[] = [
      { 'x-slack-signature': sig.replace('v0=', 'v1=') },
      { 'x-slack-signature': sig.slice(0, -2) },
      { 'x-slack-signature': `${sig}, ${sig}` }, // a repeated header, joined by the gateway
      { 'x-slack-signature': 'v0=' + 'zz'.repeat(32) },
      { 'x-slack-request-timestamp': `${NOW_SEC}.5` },
      { 'x-slack-request-timestamp': ' 1' },
    ];
    for (const change of cases) {
      const result = verifySlackSignature({ rawBody: rawBodyBytes(event), headers: { ...event.headers, ...change } }, SECRET, NOW);
      expect(result).toMatchObject({ ok: false, reason: 'forged' });
    }
  });

  it('treats a missing body as empty bytes (still signed)', () => {
    expect(rawBodyBytes({ body: null }).length).toBe(0);
    const headers = { 'x-slack-request-timestamp': String(NOW_SEC), 'x-slack-signature': signSlackRequest(SECRET, NOW_SEC, '') };
    expect(verifySlackSignature({ rawBody: rawBodyBytes({}), headers }, SECRET, NOW).ok).toBe(true);
  });
});
