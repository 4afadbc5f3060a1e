import type { AwsCredentialIdentity } from '@smithy/types';
import type { WatchdogConfig } from '../config/schema';
import { loadConfig } from '../config/load';
import { createAwsReader } from '../providers/aws/aws-reader';
import { InMemoryCostCache } from '../providers/aws/cost-cache';
import { createAwsClients, createCostExplorerClient, regionClientCache } from '../providers/aws/clients';
import type { CloudReader } from '../providers/types';
import { createStateStore } from '../state/create-state-store';
import type { StateStore } from '../state/state-store';
import { createNotifier } from '../notify/create-notifier';
import { resolveSlackToken } from '../notify/slack/token';
import type { Notifier } from '../notify/notifier';
import { storeBackedCostCache } from './cost-cache-adapter';

/**
 * The single composition root: the only place real SDK clients, stores and notifiers are built.
 * Handlers and the CLI call one of the builders below; use-cases receive what they need.
 */
export interface ReaderOptions {
  config: WatchdogConfig;
  /** Backs the Cost Explorer cache; without one answers are cached in memory for this process only. */
  store?: StateStore;
  now: () => Date;
  /** Static credentials (the simulator); unset uses the SDK default chain (Lambda role, profile, env). */
  credentials?: AwsCredentialIdentity;
  /** HTTP audit: read caches, never write the store. */
  readOnly: boolean;
}

export function buildReaders(opts: ReaderOptions): CloudReader[] {
  const readers: CloudReader[] = [];
  const aws = opts.config.clouds.aws;
  if (aws.enabled) {
    const clientOpts = {
      ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    };
    readers.push(
      createAwsReader({
        config: opts.config,
        clientsFor: regionClientCache((region) => createAwsClients({ ...clientOpts, region })),
        costExplorer: createCostExplorerClient(clientOpts),
        costCache: opts.store
          ? storeBackedCostCache(opts.store, { cacheHours: aws.costExplorer.cacheHours, readOnly: opts.readOnly, now: opts.now })
          : new InMemoryCostCache(),
        now: opts.now,
      }),
    );
  }
  return readers;
}

export interface AppDeps {
  config: WatchdogConfig;
  readers: CloudReader[];
  store: StateStore;
  notifier: Notifier;
  now: () => Date;
}

export interface BuildOptions {
  config?: WatchdogConfig;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  configPath?: string;
  now?: () => Date;
  credentials?: AwsCredentialIdentity;
  readOnly?: boolean;
}

/** Everything a use-case may need, built once. */
export async function buildAppDeps(opts: BuildOptions = {}): Promise<AppDeps> {
  const env = opts.env ?? process.env;
  const config =
    opts.config ??
    loadConfig({ env, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.configPath ? { path: opts.configPath } : {}) });
  const now = opts.now ?? (() => new Date());
  const store = createStateStore(config.state, { now, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const readers = buildReaders({
    config,
    store,
    now,
    readOnly: opts.readOnly ?? false,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
  const slack = config.notify.slack;
  // The token is only looked up when Slack is on; without one the console notifier prints the same alerts.
  // A read-only audit never alerts, so it never reads the token (its IAM role has no ssm:GetParameter).
  const token = slack.enabled && !opts.readOnly ? (await resolveSlackToken({ env, tokenParameter: slack.tokenParameter })).token : undefined;
  const notifier = createNotifier({ enabled: slack.enabled, token, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  return { config, readers, store, notifier, now };
}

/** Lambda: config from the bundled file + WATCHDOG_* env set by serverless.yml. */
export function buildLambdaDeps(opts: { readOnly: boolean }): Promise<AppDeps> {
  return buildAppDeps({ readOnly: opts.readOnly });
}
