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
import type { GoogleAuthSource } from './google-auth';

/**
 * The Google side of the composition root. Credentials (src/app/google-auth.ts) are resolved once, on the first
 * Google call, and shared by Vertex AI, Monitoring, BigQuery, the Catalog and the remediator.
 */
export interface GoogleAccess {
  auth: GoogleAuthSource;
  http: () => GoogleHttp;
}

/** One channel factory per Google credentials source (new GoogleHttp per component: its own call counts). */
export function googleAccess(config: WatchdogConfig, auth: GoogleAuthSource): GoogleAccess {
  const baseUrl = config.clouds.gcp.endpointUrl;
  return { auth, http: () => new GoogleHttp({ auth, ...(baseUrl ? { baseUrl } : {}) }) };
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
