import type { AuthClient } from 'google-auth-library';
import type { WatchdogConfig } from '../config/schema';
import type { CostCache } from '../providers/aws/cost-cache';
import { createBigQueryCostSource } from '../providers/gcp/billing-export';
import { restCatalogClient } from '../providers/gcp/catalog-client';
import { createCatalogPriceSource } from '../providers/gcp/catalog-prices';
import { createGcpReader } from '../providers/gcp/gcp-reader';
import { GoogleHttp } from '../providers/gcp/google-http';
import { gcpMachineShape } from '../providers/gcp/machine-types';
import { createGcpRemediator } from '../providers/gcp/remediation';
import type { CloudReader, CloudRemediator } from '../providers/types';

/**
 * The Google side of the composition root. Credentials are resolved once, on the first Google call (so a run that
 * never reaches Google never reads SSM), and shared by Vertex AI, Monitoring, BigQuery and the Catalog.
 */
export interface GoogleAccess {
  auth: AuthClient | (() => Promise<AuthClient>);
  http: () => GoogleHttp;
}

export function googleAccess(config: WatchdogConfig, env: NodeJS.ProcessEnv, auth?: AuthClient): GoogleAccess {
  let client: Promise<AuthClient> | undefined;
  // google-auth-library (and the SSM / Secrets Manager readers) load on the first Google call, not at cold start.
  const resolved: GoogleAccess['auth'] =
    auth ?? (() => (client ??= import('../providers/gcp/credentials').then(({ createGoogleAuth }) => createGoogleAuth({ config: config.clouds.gcp, env }))));
  const baseUrl = config.clouds.gcp.endpointUrl;
  return { auth: resolved, http: () => new GoogleHttp({ auth: resolved, ...(baseUrl ? { baseUrl } : {}) }) };
}

export function buildGcpReader(opts: { config: WatchdogConfig; access: GoogleAccess; now: () => Date; costCache?: CostCache; priceCache?: CostCache }): CloudReader {
  const gcp = opts.config.clouds.gcp;
  const prices = createCatalogPriceSource({
    config: gcp,
    client: async () => restCatalogClient(opts.access.http()),
    now: opts.now,
    machine: gcpMachineShape,
    ...(opts.priceCache ? { cache: opts.priceCache } : {}),
  });
  const costs = gcp.billingExport.enabled
    ? createBigQueryCostSource({
        http: opts.access.http(),
        config: gcp,
        ownerTag: opts.config.ownerTag,
        now: opts.now,
        ...(opts.costCache ? { cache: opts.costCache } : {}),
      })
    : undefined;
  return createGcpReader({ config: opts.config, http: opts.access.http, prices, ...(costs ? { costs } : {}), now: opts.now });
}

export function buildGcpRemediator(opts: { config: WatchdogConfig; access: GoogleAccess; now: () => Date; sleep: (ms: number) => Promise<void> }): CloudRemediator {
  return createGcpRemediator({ http: opts.access.http(), config: opts.config.clouds.gcp, now: opts.now, sleep: opts.sleep });
}
