import { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { BuildOptions } from '../src/app/deps';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import { loadConfig } from '../src/config/load';
import { handleSlackAction, type SlackActionsDeps } from '../src/notify/slack/interactivity/handle-slack-action';
import { createResponseUrlPoster } from '../src/notify/slack/interactivity/response-url';
import { resolveSigningSecret } from '../src/notify/slack/interactivity/signing-secret';
import { createLedger } from '../src/remediation/ledger';
import { createStateStore } from '../src/state/create-state-store';
import type { StateStore } from '../src/state/state-store';
import { recordUsageQuietly, startUsageMeter, type UsageContext } from '../src/usage/usage-meter';

type Result = APIGatewayProxyStructuredResultV2;

/** The click handler's dependencies plus the state store its usage records go to. */
export type SlackActionsHandlerDeps = SlackActionsDeps & { usageStore?: Pick<StateStore, 'putIfAbsent'> };

/**
 * Slack wants its answer within 3 s: the usage write gets a short leash (it usually takes ~10 ms; one that has not
 * answered by then is abandoned, and the report misses one click).
 */
const USAGE_WRITE_TIMEOUT_MS = 250;

/**
 * Slack's interactivity Request URL (HTTP API POST /slack/actions): thin mapping onto handleSlackAction. Every
 * invocation records its own usage (duration, memory) for the weekly report; a failed record is only a warning.
 */
export function makeSlackActionsHandler(getDeps: () => Promise<SlackActionsHandlerDeps>) {
  return async (event: APIGatewayProxyEventV2, context?: UsageContext): Promise<Result> => {
    const meter = startUsageMeter('slack-actions', context ? { context } : {});
    let deps: SlackActionsHandlerDeps;
    try {
      deps = await getDeps();
    } catch (err) {
      logger.error('slack actions: dependencies could not be built', { error: err as Error });
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'internal', message: 'see the function logs', requestId: event.requestContext?.requestId }),
      };
    }
    try {
      return await handleSlackAction(deps, {
        headers: event.headers ?? {},
        body: event.body ?? null,
        isBase64Encoded: event.isBase64Encoded,
        ...(event.requestContext?.requestId ? { requestId: event.requestContext.requestId } : {}),
      });
    } finally {
      if (deps.usageStore) await recordUsageQuietly(deps.usageStore, meter.finish([], deps.now), logger, USAGE_WRITE_TIMEOUT_MS);
    }
  };
}

/**
 * Config, the claim ledger (state store), the Lambda client and the signing secret. The Lambda client gets a short
 * timeout and one retry: the whole request must be answered within Slack's 3 s.
 */
export function buildSlackActionsDeps(opts: BuildOptions = {}): SlackActionsHandlerDeps {
  const env = opts.env ?? process.env;
  const config =
    opts.config ?? loadConfig({ env, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.configPath ? { path: opts.configPath } : {}) });
  const now = opts.now ?? (() => new Date());
  const store = createStateStore(config.state, { now, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const ledger = createLedger(store, now);
  const parameter = config.notify.slack.signingSecretParameter;
  return {
    config,
    signingSecret: async () => (await resolveSigningSecret({ env, parameter })).secret,
    lambda: new LambdaClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 500, requestTimeout: 1000, throwOnRequestTimeout: true },
    }),
    claimOnce: (key, ttlHours) => ledger.claimOnce(key, ttlHours),
    respond: createResponseUrlPoster({ timeoutMs: 1500 }),
    now,
    log: logger,
    usageStore: store,
  };
}

export const handler = makeSlackActionsHandler(lazy(async () => buildSlackActionsDeps()));
