import { LogLevel, WebClient } from '@slack/web-api';
import { buildAlertView } from '../build-alert-view';
import { emptyNotifyResult, type AlertBatch, type FailedAlert, type Notifier, type NotifyResult } from '../notifier';
import { DEFAULT_PLAN_OPTIONS, planChannelMessages, type PlanOptions, type PlannedMessage } from './blocks';
import { createChannelPacer, systemClock, type ChannelPacer, type PacerClock } from './channel-pacer';
import { slackLimitViolations, type SlackBlock, type SlackMessage } from './limits';
import { BLOCKS_REJECTED_CODES, classifySlackError, slackFailureHint, type SlackFailure } from './slack-errors';

/** The one Web API method we call; a WebClient satisfies it. */
export interface SlackChatClient {
  chat: { postMessage(args: PostMessageArgs): Promise<{ ok?: boolean; ts?: string; channel?: string }> };
}

/** chat.postMessage arguments we send: blocks with a fallback text, or text alone. */
export type PostMessageArgs = { channel: string; text: string; blocks?: SlackBlock[] };

export interface SlackNotifierOptions extends Partial<PlanOptions> {
  /** Gap between two posts to one channel (Slack: ~1 message/second/channel). Default 1100 ms. */
  minIntervalPerChannelMs?: number;
  /** Attempts after an HTTP 429 per message. Default 3. */
  maxRateLimitRetries?: number;
  /** A Retry-After longer than this fails the message at once instead of waiting. Default 30 s. */
  maxRetryAfterMs?: number;
  /** No wait (pacing or Retry-After) may end later than this after notify() starts. Default 60 s. */
  maxTotalWaitMs?: number;
  /** Channels posted to in parallel (each channel stays sequential). Default 4. */
  maxConcurrentChannels?: number;
  clock?: PacerClock;
}

export interface SlackClientOptions {
  /** Slack API base URL ending in `/api/` (config notify.slack.apiUrl; tests point it at 127.0.0.1). */
  apiUrl?: string;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

/**
 * A WebClient fit for Lambda. `rejectRateLimitedCalls: true` turns a 429 into WebAPIRateLimitedError at once, so the
 * notifier waits Retry-After itself within its budget; the default would pause the queue and retry for ~30 minutes
 * (`tenRetriesInAboutThirtyMinutes`, cloud-api-reference 5.1). Network errors and 5xx get two quick retries: a
 * post whose answer was lost can then appear twice, which beats an alert that never arrives.
 * The token is held by the client only; it is never logged (the client redacts it in debug logs too).
 */
export function createSlackWebClient(token: string, options: SlackClientOptions = {}): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: withTrailingSlash(options.apiUrl) } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

/** `slackApiUrl` is concatenated with the method name, so the trailing slash matters. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Posts each channel's alerts (singles or one digest) with chat.postMessage, paced per channel. */
export function createSlackNotifier(client: SlackChatClient, options: SlackNotifierOptions = {}): Notifier {
  const plan: PlanOptions = {
    maxSingleMessages: options.maxSingleMessages ?? DEFAULT_PLAN_OPTIONS.maxSingleMessages,
    maxFindingsPerDigest: options.maxFindingsPerDigest ?? DEFAULT_PLAN_OPTIONS.maxFindingsPerDigest,
  };
  const clock = options.clock ?? systemClock;
  const settings = {
    maxRateLimitRetries: options.maxRateLimitRetries ?? 3,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
  };
  return {
    name: 'slack',
    async notify(batch: AlertBatch): Promise<NotifyResult> {
      const result = emptyNotifyResult('slack');
      const run: RunState = {
        client,
        clock,
        pacer: createChannelPacer(options.minIntervalPerChannelMs ?? 1100, clock),
        deadlineMs: clock.nowMs() + (options.maxTotalWaitMs ?? 60_000),
        ...settings,
        result,
      };
      const work = batch.channels.map((group) => () => {
        const views = group.alerts.map((a) =>
          buildAlertView(a.finding, {
            now: batch.now,
            ownerTag: batch.ownerTag,
            reason: a.reason,
            ...(a.previous ? { previous: a.previous } : {}),
            ...(batch.remediation ? { remediation: batch.remediation(a.finding) } : {}),
          }),
        );
        const messages = planChannelMessages(group.channel, views, { now: batch.now, providerStatuses: batch.providerStatuses }, plan);
        return postChannel(run, group.channel, messages);
      });
      await runLimited(work, options.maxConcurrentChannels ?? 4);
      return result;
    },
  };
}

interface RunState {
  client: SlackChatClient;
  clock: PacerClock;
  pacer: ChannelPacer;
  deadlineMs: number;
  maxRateLimitRetries: number;
  maxRetryAfterMs: number;
  result: NotifyResult;
  /** Set by the first token-level failure (invalid_auth ...): nothing else is attempted. */
  fatal?: SlackFailure;
}

async function postChannel(run: RunState, channel: string, messages: readonly PlannedMessage[]): Promise<void> {
  for (const planned of messages) {
    const outcome = run.fatal ? { failure: run.fatal } : await postPlanned(run, planned);
    if ('failure' in outcome) {
      for (const fingerprint of [...planned.fingerprints, ...planned.summarized]) {
        run.result.failed.push(failedAlert(fingerprint, channel, outcome.failure));
      }
      continue;
    }
    run.result.messages += 1;
    for (const fingerprint of planned.fingerprints) {
      run.result.posted.push({
        fingerprint,
        channel,
        ts: outcome.ts,
        ...(outcome.channelId ? { channelId: outcome.channelId } : {}),
        digest: planned.digest,
        ...(outcome.degraded ? { degraded: true } : {}),
      });
    }
    for (const fingerprint of planned.summarized) run.result.summarized.push({ fingerprint, channel, ts: outcome.ts });
  }
}

type Outcome = { ts: string; channelId?: string; degraded: boolean } | { failure: SlackFailure };

/** Blocks first; if Slack (or our own limit check) rejects them, the plain-text rendering without buttons. */
async function postPlanned(run: RunState, planned: PlannedMessage): Promise<Outcome> {
  const { channel } = planned.message;
  const textOnly: SlackMessage = { channel, text: planned.textOnly, blocks: [] };
  if (slackLimitViolations(planned.message).length > 0) return degrade(await postWithRetry(run, textOnly));
  const first = await postWithRetry(run, planned.message);
  if ('failure' in first && BLOCKS_REJECTED_CODES.has(first.failure.code)) return degrade(await postWithRetry(run, textOnly));
  return first;
}

function degrade(outcome: Outcome): Outcome {
  return 'failure' in outcome ? outcome : { ...outcome, degraded: true };
}

async function postWithRetry(run: RunState, message: SlackMessage): Promise<Outcome> {
  const { channel } = message;
  for (let attempt = 0; ; attempt++) {
    if (!(await run.pacer.wait(channel, run.deadlineMs))) {
      return { failure: { code: 'ratelimited', message: 'Slack rate limit wait exceeds the notify time budget', retryable: true, fatal: false } };
    }
    try {
      // An empty blocks array is sent as "[]", which Slack rejects: omit it for text-only posts.
      const args: PostMessageArgs = message.blocks.length > 0 ? message : { channel, text: message.text };
      const res = await run.client.chat.postMessage(args);
      run.pacer.posted(channel);
      if (!res.ts) {
        return { failure: { code: 'invalid_response', message: 'chat.postMessage answered without ts', retryable: true, fatal: false } };
      }
      return { ts: res.ts, ...(res.channel ? { channelId: res.channel } : {}), degraded: false };
    } catch (err) {
      const failure = classifySlackError(err);
      if (failure.fatal) run.fatal ??= failure;
      if (failure.code !== 'ratelimited' || attempt >= run.maxRateLimitRetries) {
        if (failure.code !== 'ratelimited') run.pacer.posted(channel);
        return { failure };
      }
      const waitMs = (failure.retryAfterSec ?? 1) * 1000;
      if (waitMs > run.maxRetryAfterMs) return { failure };
      run.pacer.holdFor(channel, waitMs);
    }
  }
}

function failedAlert(fingerprint: string, channel: string, f: SlackFailure): FailedAlert {
  const hint = slackFailureHint(f.code);
  return { fingerprint, channel, code: f.code, message: hint ? `${f.message}: ${hint}` : f.message, retryable: f.retryable };
}

/** Runs tasks with at most `limit` in flight. */
async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}
