import { createResponseUrlPoster } from '../notify/slack/interactivity/response-url';
import { createSlackWebClient } from '../notify/slack/slack-notifier';
import { resolveSlackToken } from '../notify/slack/token';
import type { OutcomeTransport } from '../notify/slack/interactivity/post-outcome';
import type { HandleDeps } from './handle-remediation';
import { buildCoreDeps, type BuildOptions } from './deps';
import { buildRemediationDeps } from './remediation-deps';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaDispatcher, type RemediationDispatcher } from './remediation-dispatcher';

export interface RemediateDeps extends HandleDeps {
  /** How outcomes reach the Slack message a click came from (chat.update with the bot token, else response_url). */
  slack: OutcomeTransport;
  /** In Lambda: re-invokes this function asynchronously, so POST /restore can answer 202 before the wait. */
  dispatchSelf?: RemediationDispatcher;
}

/** The remediation function's dependencies: core (config, store), remediators, ledger, and the Slack transport. */
export async function buildRemediateDeps(opts: BuildOptions = {}): Promise<RemediateDeps> {
  const core = buildCoreDeps({ ...opts, readOnly: false });
  const slack = core.config.notify.slack;
  const token = slack.enabled ? (await resolveSlackToken({ env: core.env, tokenParameter: slack.tokenParameter })).token : undefined;
  const chat = token ? createSlackWebClient(token, slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) : undefined;
  const self = core.env.AWS_LAMBDA_FUNCTION_NAME;
  return {
    ...buildRemediationDeps(core),
    ...(self ? { dispatchSelf: lambdaDispatcher(new LambdaClient({}), self) } : {}),
    slack: { ...(chat ? { chat } : {}), responseUrl: createResponseUrlPoster() },
  };
}
