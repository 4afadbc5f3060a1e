import { createNotifier } from '../notify/create-notifier';
import { resolveSlackToken } from '../notify/slack/token';
import { buildCoreDeps, type BuildOptions, type CoreDeps } from './deps';
import type { ScanDeps } from './run-scan';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaDispatcher, type RemediationDispatcher } from './remediation-dispatcher';

/**
 * The scan's dependencies: the core plus a notifier. The Slack token is looked up only when Slack is on (from
 * SLACK_BOT_TOKEN locally, the SSM SecureString in Lambda); without one the console notifier prints the same alerts.
 */
export async function buildScanDeps(opts: BuildOptions & { core?: CoreDeps; dispatcher?: RemediationDispatcher } = {}): Promise<ScanDeps> {
  const core = opts.core ?? buildCoreDeps({ ...opts, readOnly: false });
  const slack = core.config.notify.slack;
  const token = slack.enabled ? (await resolveSlackToken({ env: core.env, tokenParameter: slack.tokenParameter })).token : undefined;
  const notifier = createNotifier({ enabled: slack.enabled, token, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  // Automatic parks go to the remediation function (the only one allowed to write); the CLI passes its own dispatcher.
  const fn = core.config.remediation.functionName;
  const dispatcher = opts.dispatcher ?? (fn ? lambdaDispatcher(new LambdaClient({}), fn) : undefined);
  return { ...core, notifier, ...(dispatcher ? { dispatcher } : {}) };
}
