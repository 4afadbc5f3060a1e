import { createNotifier } from '../notify/create-notifier';
import { resolveSlackToken } from '../notify/slack/token';
import { buildCoreDeps, type BuildOptions } from './deps';
import type { ScanDeps } from './run-scan';

/**
 * The scan's dependencies: the core plus a notifier. The Slack token is looked up only when Slack is on (from
 * SLACK_BOT_TOKEN locally, the SSM SecureString in Lambda); without one the console notifier prints the same alerts.
 */
export async function buildScanDeps(opts: BuildOptions = {}): Promise<ScanDeps> {
  const core = buildCoreDeps({ ...opts, readOnly: false });
  const slack = core.config.notify.slack;
  const token = slack.enabled ? (await resolveSlackToken({ env: core.env, tokenParameter: slack.tokenParameter })).token : undefined;
  const notifier = createNotifier({ enabled: slack.enabled, token, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  return { ...core, notifier };
}
