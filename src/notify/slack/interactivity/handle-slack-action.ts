import type { Logger } from '@aws-lambda-powertools/logger';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { WatchdogConfig } from '../../../config/schema';
import { encodeRemediationRequest } from '../../../remediation/remediation-request';
import { actionClaimKey, toRemediationRequest, type ActionRequestResult } from './action-request';
import { authorizeApprover } from './authorize-approver';
import { parseInteraction, type SlackBlockAction } from './block-action';
import { outcomeMessage, type ActionOutcome } from './outcome-blocks';
import type { ResponseUrlMessage, ResponseUrlPoster } from './response-url';
import { header, rawBodyBytes, verifySlackSignature } from './slack-signature';

/** Records a key once; false when it was already recorded (the ledger's `createLedger(store, now).claimOnce`). */
export type ClaimOnce = (key: string, ttlHours: number) => Promise<boolean>;

/** The Powertools logger (src/app/logger.ts) in Lambda; tests pass a recorder. The secret and response_url never reach it. */
export type SlackActionLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface SlackActionsDeps {
  /** remediation.approvers and remediation.functionName are read. */
  config: WatchdogConfig;
  /** Resolved per request (cached by Powertools in Lambda); see resolveSigningSecret. */
  signingSecret: () => Promise<string>;
  lambda: Pick<LambdaClient, 'send'>;
  claimOnce: ClaimOnce;
  /** Frees a claim when the invoke failed, so pressing the button again works. Optional: without it the claim stays. */
  releaseClaim?: (key: string) => Promise<void>;
  respond: ResponseUrlPoster;
  now: () => Date;
  log: SlackActionLog;
  /** How long a click's claim is kept. Default 24 h: far beyond Slack's retries and any double click. */
  claimTtlHours?: number;
}

export interface SlackHttpRequest {
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestId?: string;
}

export interface SlackHttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Slack's payloads (with the message's blocks, URL-encoded) stay far below this; API Gateway allows 10 MB. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

type Accepted = Extract<ActionRequestResult, { ok: true }>;

const json = (statusCode: number, body: unknown): SlackHttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
/** An empty 200 is Slack's "acknowledged"; a body could be read as a reply (view_submission response_action). */
const ack = (): SlackHttpResponse => ({ statusCode: 200 });

/**
 * POST /slack/actions: verify -> parse -> authorise -> claim once -> show "working…" -> invoke the remediation
 * function asynchronously -> 200. Nothing slow runs here: Slack shows an error unless it gets a 200 within 3 s
 * (cloud-api-reference 5.3). Every refusal after the signature check is a 200 with an ephemeral reply, because
 * Slack only shows a generic warning for other statuses; a request that is not Slack's gets 401 and nothing else.
 */
export async function handleSlackAction(deps: SlackActionsDeps, req: SlackHttpRequest): Promise<SlackHttpResponse> {
  const raw = rawBodyBytes(req);
  if (raw.length > MAX_SLACK_BODY_BYTES) return json(413, { error: 'body-too-large', message: `at most ${MAX_SLACK_BODY_BYTES} bytes` });
  const retry = { retryNum: header(req.headers, 'x-slack-retry-num'), retryReason: header(req.headers, 'x-slack-retry-reason') };

  let secret: string;
  try {
    secret = await deps.signingSecret();
  } catch (err) {
    deps.log.error('slack signing secret unavailable: refusing every request', { code: (err as { code?: unknown }).code, message: (err as Error).message });
    return json(500, { error: 'signing-secret-unavailable', message: 'cannot verify Slack requests; see the function logs', requestId: req.requestId });
  }
  const check = verifySlackSignature({ rawBody: raw, headers: req.headers ?? {} }, secret, deps.now());
  if (!check.ok) {
    deps.log.warn('slack request refused', { reason: check.reason, detail: check.message, ...retry });
    return json(401, { error: check.reason, message: check.message });
  }

  const type = header(req.headers, 'content-type');
  if (type && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return json(415, { error: 'unsupported-media-type', message: 'Slack interactivity requests are application/x-www-form-urlencoded' });
  }
  const parsed = parseInteraction(raw);
  if (parsed.kind === 'malformed') return json(400, { error: 'malformed-payload', message: parsed.problem });
  if (parsed.kind === 'unsupported') {
    await ephemeral(deps, parsed.responseUrl, `ml-watchdog does not support ${parsed.what}; nothing was done.`);
    return ack();
  }
  const action = parsed.action;
  const ctx = { actionId: action.actionId, userId: action.userId, channel: action.channelId, messageTs: action.messageTs, ...retry };

  const mapped = toRemediationRequest(action, deps.now());
  if (!mapped.ok && mapped.kind === 'malformed') return json(400, { error: 'malformed-payload', message: mapped.message });
  if (!mapped.ok) {
    await ephemeral(deps, action.responseUrl, `Not supported: ${mapped.message}. Nothing was done.`);
    return ack();
  }

  const allowed = authorizeApprover(deps.config.remediation.approvers, action);
  if (!allowed.allowed) {
    deps.log.warn('slack action refused: user is not an approver', ctx);
    await ephemeral(deps, action.responseUrl, allowed.message);
    return ack();
  }
  const functionName = deps.config.remediation.functionName;
  if (!functionName) {
    deps.log.error('remediation.functionName is not set: cannot hand the action over', ctx);
    await ephemeral(deps, action.responseUrl, ':x: ml-watchdog is not set up to act: `remediation.functionName` (WATCHDOG_REMEDIATION_FUNCTION_NAME) is not set. Nothing was done.');
    return ack();
  }

  const key = actionClaimKey(action, mapped.subject);
  let first: boolean;
  try {
    first = await deps.claimOnce(key, deps.claimTtlHours ?? 24);
  } catch (err) {
    deps.log.error('could not claim the slack action', { ...ctx, error: (err as Error).message });
    await ephemeral(deps, action.responseUrl, ':x: Could not record your click (state store unavailable). Nothing was done; try again in a minute.');
    return ack();
  }
  if (!first) {
    deps.log.info('duplicate slack action ignored', ctx);
    return ack();
  }

  // "working…" goes out BEFORE the invoke: a fast remediation (a snooze) could otherwise post its outcome first and
  // then be overwritten by this placeholder.
  await replaceButtons(deps, action.responseUrl, mapped);
  try {
    const out = await deps.lambda.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: encodeRemediationRequest(mapped.request) }),
    );
    // An accepted asynchronous invocation answers 202; anything else means it was not queued.
    if (out.StatusCode !== 202) throw Object.assign(new Error(`Lambda answered ${out.StatusCode}`), { name: `Status${out.StatusCode}` });
  } catch (err) {
    deps.log.error('could not invoke the remediation function', { ...ctx, functionName, error: (err as Error).message });
    await invokeFailed(deps, action, key, mapped, functionName, err as Error);
    return ack();
  }
  deps.log.info('slack action handed to the remediation function', { ...ctx, type: mapped.request.type, via: allowed.via });
  return ack();
}

/** A reply only the clicking user sees; the message itself stays as it was. */
async function ephemeral(deps: SlackActionsDeps, responseUrl: string | undefined, text: string): Promise<void> {
  if (responseUrl) await post(deps, responseUrl, { response_type: 'ephemeral', replace_original: false, text });
}

/** Shows "<label> requested by <@U> - working…" in place of the clicked buttons, so nobody clicks twice. */
async function replaceButtons(deps: SlackActionsDeps, responseUrl: string | undefined, mapped: Accepted): Promise<void> {
  const ref = mapped.request.slack;
  if (!responseUrl || !ref) return;
  const message = outcomeMessage(ref, { kind: 'working', label: mapped.label, approval: mapped.request.approval });
  // Not fatal when it fails: the remediation function still runs and posts the outcome with chat.update.
  await post(deps, responseUrl, { replace_original: true, ...message });
}

/**
 * The click was claimed but nothing was queued. With a way to release the claim, the buttons come back and the user
 * may press again; without one a second press would be taken for a duplicate, so the failure is shown in place with
 * the way around it.
 */
async function invokeFailed(
  deps: SlackActionsDeps,
  action: SlackBlockAction,
  key: string,
  mapped: Accepted,
  functionName: string,
  err: Error,
): Promise<void> {
  const released = await undoClaim(deps, key);
  if (released && action.responseUrl && action.message) {
    await post(deps, action.responseUrl, { replace_original: true, text: action.message.text || 'ml-watchdog alert', blocks: action.message.blocks });
    await ephemeral(deps, action.responseUrl, `:x: Could not start ${mapped.label} (${err.name}). Nothing was done; press the button again in a minute.`);
    return;
  }
  if (!action.responseUrl) return;
  const r = mapped.request;
  const cli = r.type === 'park' ? ` Meanwhile \`ml-watchdog park ${r.refKey}\` does the same from the CLI.` : '';
  const outcome: ActionOutcome = {
    kind: 'failed',
    request: r.type,
    subject: r.type === 'restore' ? (r.tokenId ?? r.ref?.name ?? 'resource') : 'refKey' in r ? r.refKey : r.fingerprint,
    error: `could not hand the request to the remediation function (${err.name}); nothing was done`,
    whatToDo: `an admin should check that ${functionName} exists and that this function may call lambda:InvokeFunction on it.${cli}`,
    approval: r.approval,
    at: deps.now(),
  };
  await post(deps, action.responseUrl, { replace_original: true, ...outcomeMessage(r.slack ?? { channel: action.channelId, ts: action.messageTs }, outcome) });
}

async function post(deps: SlackActionsDeps, url: string, message: ResponseUrlMessage): Promise<void> {
  try {
    await deps.respond.post(url, message);
  } catch (err) {
    // The URL itself is never logged: it lets anyone post into the channel for 30 minutes.
    deps.log.warn('could not post to the response_url', { code: (err as { code?: unknown }).code, error: (err as Error).message });
  }
}

/** True when the claim was released (the click may be repeated). */
async function undoClaim(deps: SlackActionsDeps, key: string): Promise<boolean> {
  if (!deps.releaseClaim) return false;
  try {
    await deps.releaseClaim(key);
    return true;
  } catch (err) {
    deps.log.warn('could not release the claim after a failed invoke', { error: (err as Error).message });
    return false;
  }
}
