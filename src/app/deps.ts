import type { AwsCredentialIdentity } from '@smithy/types';
import type { TokenCredential } from '@azure/core-auth';
import type { AuthClient } from 'google-auth-library';
import type { WatchdogConfig } from '../config/schema';
import { loadConfig } from '../config/load';
import { createAwsReader } from '../providers/aws/aws-reader';
import { InMemoryCostCache } from '../providers/aws/cost-cache';
import { createAwsClients, createCostExplorerClient, regionClientCache } from '../providers/aws/clients';
import type { CloudReader } from '../providers/types';
import { createStateStore } from '../state/create-state-store';
import type { StateStore } from '../state/state-store';
import { storeBackedCostCache } from './cost-cache-adapter';
import { azureCredentialFor } from './azure-auth';
import { googleAuthFor, type GoogleAuthSource } from './google-auth';

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
  /** Google credentials (googleAuthFor); unset resolves clouds.gcp.credentials on the first Google call. */
  googleAuth?: GoogleAuthSource;
  /** Azure credential (azureCredentialFor); unset resolves clouds.azure.credentials on the first Azure token request. */
  azureCredential?: TokenCredential;
  env?: NodeJS.ProcessEnv;
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
  const gcp = opts.config.clouds.gcp;
  if (gcp.enabled) {
    const cache = (cacheHours: number) =>
      opts.store ? storeBackedCostCache(opts.store, { cacheHours, readOnly: opts.readOnly, now: opts.now }) : undefined;
    const costCache = cache(gcp.billingExport.cacheHours);
    const priceCache = cache(gcp.catalog.cacheHours);
    // Loaded on first use: a function whose config has Google off never evaluates google-auth-library (cold start).
    readers.push(
      deferredReader('gcp', async () => {
        const { buildGcpReader, googleAccess } = await import('./gcp-deps');
        return buildGcpReader({
          config: opts.config,
          access: googleAccess(opts.config, opts.googleAuth ?? googleAuthFor(opts.config, opts.env ?? process.env)),
          now: opts.now,
          ...(costCache ? { costCache } : {}),
          ...(priceCache ? { priceCache } : {}),
        });
      }),
    );
  }
  const azure = opts.config.clouds.azure;
  if (azure.enabled) {
    const costCache = opts.store
      ? storeBackedCostCache(opts.store, { cacheHours: azure.costManagement.cacheHours, readOnly: opts.readOnly, now: opts.now })
      : undefined;
    const credential = opts.azureCredential ?? azureCredentialFor(opts.config);
    // Loaded on first use, like Google: a function whose config has Azure off never evaluates the Azure SDKs.
    readers.push(
      deferredReader('azure', async () => {
        const { buildAzureReader } = await import('./azure-deps');
        return buildAzureReader({ config: opts.config, credential, now: opts.now, ...(costCache ? { costCache } : {}) });
      }),
    );
  }
  return readers;
}

/** A reader built on its first call (its module is loaded then); status() is empty until then. */
function deferredReader(cloud: CloudReader['cloud'], make: () => Promise<CloudReader>): CloudReader {
  let built: CloudReader | undefined;
  let pending: Promise<CloudReader> | undefined;
  const get = () => (pending ??= make().then((r) => (built = r)));
  return {
    cloud,
    inventory: async (scope) => (await get()).inventory(scope),
    utilization: async (endpoints, request) => (await get()).utilization(endpoints, request),
    costs: async (window) => (await get()).costs(window),
    forecast: async (month, scopes) => (await get()).forecast?.(month, scopes) ?? [],
    status: () => built?.status() ?? [],
  };
}

export interface BuildOptions {
  config?: WatchdogConfig;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  configPath?: string;
  now?: () => Date;
  credentials?: AwsCredentialIdentity;
  googleAuth?: AuthClient;
  azureCredential?: TokenCredential;
}

export interface CoreDeps {
  config: WatchdogConfig;
  readers: CloudReader[];
  store: StateStore;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  /** The one Google credentials source of this process (reader and remediator share it). */
  googleAuth: GoogleAuthSource;
  /** The one Azure credential of this process (reader and remediator share it). */
  azureCredential: TokenCredential;
}

/**
 * Config, state store and cloud readers: what both the audit and the scan need. Kept apart from the notifier so
 * the audit's bundle never loads Slack or SSM code (its IAM role may not read the token anyway).
 */
export function buildCoreDeps(opts: BuildOptions & { readOnly: boolean }): CoreDeps {
  const env = opts.env ?? process.env;
  const config =
    opts.config ??
    loadConfig({ env, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.configPath ? { path: opts.configPath } : {}) });
  const now = opts.now ?? (() => new Date());
  const store = createStateStore(config.state, { now, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const googleAuth = googleAuthFor(config, env, opts.googleAuth);
  const azureCredential = azureCredentialFor(config, opts.azureCredential);
  const readers = buildReaders({
    config,
    store,
    now,
    readOnly: opts.readOnly,
    env,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    googleAuth,
    azureCredential,
  });
  return { config, readers, store, now, env, googleAuth, azureCredential };
}
