import { z } from 'zod';
import { CLOUDS, RESOURCE_KINDS, type ResourceRef } from '../domain/cloud';
import type { Approval } from '../domain/remediation';

/**
 * What the remediation Lambda is asked to do. The Slack interactivity handler (and later the scan in approve/auto
 * mode, the CLI and POST /restore) build one and invoke the remediation function asynchronously with it as the
 * JSON payload; the remediation function validates it with `parseRemediationRequest` before acting.
 *
 * A Slack button only carries the fingerprint and the resource key (`refKey`, see notify/alert-buttons.ts): the
 * provider id (ARN, ARM id) is not in it and cannot be derived for every cloud. So `park` and `ignore` always carry
 * `refKey` and carry the full `ref` only when the caller has it; the remediation function resolves the finding (and
 * with it the full ref, tags and saving) from the fingerprint and must check that its refKey matches.
 */
export type RemediationRequest =
  | { type: 'park'; fingerprint: string; refKey: string; ref?: ResourceRef; approval: Approval; slack?: SlackMessageRef }
  | { type: 'restore'; tokenId?: string; ref?: ResourceRef; approval: Approval; slack?: SlackMessageRef }
  | { type: 'snooze'; fingerprint: string; hours: number; approval: Approval; slack?: SlackMessageRef }
  | { type: 'ignore'; fingerprint: string; refKey: string; ref?: ResourceRef; approval: Approval; slack?: SlackMessageRef };

export type RemediationRequestType = RemediationRequest['type'];

/** The Slack message a request came from, so the remediation function can show the outcome in place. */
export interface SlackMessageRef {
  /** Channel id (C..., G..., D...). */
  channel: string;
  /** The message's ts (`container.message_ts`): chat.update's key. */
  ts: string;
  /** Valid 30 minutes for at most 5 posts; the fallback when no bot token is available. */
  responseUrl?: string;
  /**
   * block_id of the clicked actions block. The outcome replaces that one block and leaves the rest of the message
   * alone: a digest carries several findings, each with its own buttons, and must not lose the others.
   */
  blockId?: string;
  /** The message as Slack sent it with the click (chat.update and response_url both replace a whole message). */
  original?: { text: string; blocks: Record<string, unknown>[] };
}

/** Slack ids are short upper-case words; anything else in these fields did not come from Slack. */
const slackId = z.string().regex(/^[A-Z0-9]{2,32}$/, 'a Slack id');

const dateSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

export const resourceRefSchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  account: z.string().min(1),
  region: z.string().min(1),
  kind: z.enum(RESOURCE_KINDS),
  name: z.string().min(1),
  id: z.string().min(1),
});

export const approvalSchema = z.strictObject({
  by: z.enum(['auto', 'slack', 'cli', 'http']),
  principal: z.string().min(1),
  at: dateSchema,
});

export const slackMessageRefSchema = z.strictObject({
  channel: slackId,
  ts: z.string().regex(/^\d+\.\d+$/, 'a Slack message ts such as 1762178400.000100'),
  responseUrl: z.url({ protocol: /^https?$/ }).optional(),
  blockId: z.string().min(1).max(255).optional(),
  original: z
    .strictObject({ text: z.string(), blocks: z.array(z.record(z.string(), z.unknown())).max(50) })
    .optional(),
});

const fingerprint = z.string().min(1).max(2000);
const refKey = z.string().min(1).max(2000);

/** Strict: a field we do not know means the sender and the receiver disagree on the contract, so refuse. */
export const remediationRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('park'),
    fingerprint,
    refKey,
    ref: resourceRefSchema.optional(),
    approval: approvalSchema,
    slack: slackMessageRefSchema.optional(),
  }),
  z
    .strictObject({
      type: z.literal('restore'),
      tokenId: z.string().min(1).max(512).optional(),
      ref: resourceRefSchema.optional(),
      approval: approvalSchema,
      slack: slackMessageRefSchema.optional(),
    })
    .refine((r) => r.tokenId !== undefined || r.ref !== undefined, { message: 'a restore needs tokenId or ref', path: ['tokenId'] }),
  z.strictObject({
    type: z.literal('snooze'),
    fingerprint,
    // At most a year: a longer "snooze" is an ignore and should say so.
    hours: z.number().positive().max(24 * 366),
    approval: approvalSchema,
    slack: slackMessageRefSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('ignore'),
    fingerprint,
    refKey,
    ref: resourceRefSchema.optional(),
    approval: approvalSchema,
    slack: slackMessageRefSchema.optional(),
  }),
]);

// Compile-time proof that the schema produces exactly the hand-written type above.
const _schemaMatchesType: z.ZodType<RemediationRequest> = remediationRequestSchema;
void _schemaMatchesType;

export class RemediationRequestError extends Error {
  readonly code = 'REMEDIATION_REQUEST_INVALID';
  readonly problems: { path: string; message: string }[];
  constructor(problems: { path: string; message: string }[], options?: { cause?: unknown }) {
    super(`invalid remediation request: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, options);
    this.name = 'RemediationRequestError';
    this.problems = problems;
  }
}

/** Validates what the remediation function received (ISO date strings become Dates); throws RemediationRequestError. */
export function parseRemediationRequest(payload: unknown): RemediationRequest {
  const parsed = remediationRequestSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new RemediationRequestError(problems, { cause: parsed.error });
}

/**
 * Lambda caps an asynchronous invocation's payload at 256 KB. The original message is the only large part (up to
 * 50 blocks); when it would not fit it is dropped and the outcome replaces the whole message instead of one block.
 */
export const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;
const PAYLOAD_HEADROOM_BYTES = 16 * 1024;

/** The InvokeCommand Payload: UTF-8 JSON (Dates as ISO strings), shrunk to fit the async limit. */
export function encodeRemediationRequest(request: RemediationRequest): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(request), 'utf8');
  if (bytes.length <= MAX_ASYNC_PAYLOAD_BYTES - PAYLOAD_HEADROOM_BYTES || !request.slack?.original) return bytes;
  const { original: _dropped, ...slack } = request.slack;
  return Buffer.from(JSON.stringify({ ...request, slack }), 'utf8');
}
