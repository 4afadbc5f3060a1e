import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses nothing older, and neither do we: a captured request cannot be replayed after this (SLK-BOLT). */
export const MAX_REQUEST_AGE_SECONDS = 300;

export type SignatureRefusal = 'missing-headers' | 'stale' | 'forged';

export type SignatureCheck = { ok: true; timestampSec: number } | { ok: false; reason: SignatureRefusal; message: string };

export interface SignedRequest {
  /** The body bytes exactly as Slack sent them (see rawBodyBytes): never a re-encoded string. */
  rawBody: Uint8Array;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
}

/**
 * Verifies Slack's v0 request signature: hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)) must equal
 * `X-Slack-Signature` (compared in constant time) and `X-Slack-Request-Timestamp` must be within 5 minutes of `now`
 * in either direction (a clock far in the future is as suspect as one in the past).
 *
 * The HMAC runs over the body's bytes, not a decoded string: the signature is over what Slack sent, and any
 * decode/re-encode round trip (latin1, ascii, a normalising JSON parse) changes non-ASCII bytes and breaks it.
 */
export function verifySlackSignature(req: SignedRequest, signingSecret: string, now: Date): SignatureCheck {
  const timestamp = header(req.headers, 'x-slack-request-timestamp');
  const signature = header(req.headers, 'x-slack-signature');
  if (timestamp === undefined || signature === undefined) {
    const missing = [timestamp === undefined ? 'X-Slack-Request-Timestamp' : '', signature === undefined ? 'X-Slack-Signature' : '']
      .filter(Boolean)
      .join(' and ');
    return { ok: false, reason: 'missing-headers', message: `missing ${missing}` };
  }
  // Seconds since the epoch, digits only: "1e3", " 123" or "0x10" would parse as numbers but are not Slack's.
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'forged', message: 'X-Slack-Request-Timestamp is not a Unix time in seconds' };
  }
  const timestampSec = Number(timestamp);
  const skewSec = Math.abs(now.getTime() / 1000 - timestampSec);
  if (skewSec > MAX_REQUEST_AGE_SECONDS) {
    return { ok: false, reason: 'stale', message: `request timestamp is ${Math.round(skewSec)} s from now (limit ${MAX_REQUEST_AGE_SECONDS} s)` };
  }
  const match = /^v0=([0-9a-fA-F]{64})$/.exec(signature);
  if (!match) return { ok: false, reason: 'forged', message: 'X-Slack-Signature is not a v0 signature' };
  const given = Buffer.from(match[1]!, 'hex');
  const expected = slackHmac(signingSecret, timestamp, req.rawBody);
  // Both are 32-byte digests here, so timingSafeEqual never throws on a length mismatch.
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'forged', message: 'signature mismatch' };
  return { ok: true, timestampSec };
}

/** `v0=<hex>` for a body: what Slack puts in X-Slack-Signature (tests and scripts/sign-slack-event.ts use it). */
export function signSlackRequest(signingSecret: string, timestampSec: number | string, rawBody: Uint8Array | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `v0=${slackHmac(signingSecret, String(timestampSec), body).toString('hex')}`;
}

function slackHmac(secret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`v0:${timestamp}:`, 'utf8').update(body).digest();
}

/**
 * A header by case-insensitive name. HTTP API v2 lower-cases names; serverless-offline and other proxies may not.
 * Repeated headers arrive joined with commas, which no valid Slack value contains, so they fail verification.
 */
export function header(headers: Readonly<Record<string, string | undefined>> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The body bytes as received. API Gateway HTTP API (payload v2) base64-encodes bodies it treats as binary, which
 * includes `application/x-www-form-urlencoded`: decode the base64 to bytes and stop there. Bolt's AwsLambdaReceiver
 * decodes them with 'ascii' (cloud-api-reference 5.3), which corrupts any non-ASCII byte. A plain string body is
 * the UTF-8 text of the bytes, so encoding it back as UTF-8 restores them.
 */
export function rawBodyBytes(event: { body?: string | null; isBase64Encoded?: boolean }): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}
