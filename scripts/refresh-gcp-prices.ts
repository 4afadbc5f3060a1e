/**
 * Refreshes data/prices/gcp-vertex.json from the Cloud Billing Catalog (`npm run prices:gcp`), with the real
 * CloudCatalogClient of @google-cloud/billing (size does not matter here; the functions use the REST client).
 *
 *   npm run prices:gcp                                  # Application Default Credentials, writes the file
 *   npm run prices:gcp -- --dry-run                     # print the summary, write nothing
 *   npm run prices:gcp -- --endpoint http://127.0.0.1:4566   # against `ml-watchdog sim` (no Google account)
 *
 * The catalog is public data: any authenticated Google identity may read it (the Cloud Billing API must be enabled
 * in its project). Every rate the table knows is re-read; rates the catalog does not list keep their old value and
 * provenance and are listed. Review the diff before committing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GoogleAuth, OAuth2Client, type AuthClient } from 'google-auth-library';
import { gaxCatalogClient } from '../src/providers/gcp/catalog-gax-client';
import { GOOGLE_SCOPES } from '../src/providers/gcp/credentials';
import type { GcpPriceTable } from '../src/providers/gcp/price-table';
import { fetchMachineSkus, refreshTable } from './gcp-price-refresh';

const TARGET = resolve(__dirname, '..', 'data', 'prices', 'gcp-vertex.json');

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--endpoint');
  const endpoint = at >= 0 ? argv[at + 1] : undefined;
  let authClient: AuthClient;
  if (endpoint) {
    const sim = new OAuth2Client();
    sim.setCredentials({ access_token: 'SIMULATOR', expiry_date: Date.now() + 3_600_000 });
    authClient = sim;
  } else {
    authClient = await new GoogleAuth({ scopes: GOOGLE_SCOPES }).getClient();
  }
  const client = await gaxCatalogClient({ authClient, ...(endpoint ? { baseUrl: endpoint } : {}) });
  const old = JSON.parse(readFileSync(TARGET, 'utf8')) as GcpPriceTable;
  const { table, refreshed, kept } = refreshTable(old, await fetchMachineSkus(client), new Date().toISOString().slice(0, 10));
  process.stdout.write(`${refreshed} rate(s) refreshed from the catalog; ${kept.length} kept as they were${kept.length ? `: ${kept.join('; ')}` : ''}\n`);
  if (argv.includes('--dry-run')) return;
  writeFileSync(TARGET, `${JSON.stringify(table, null, 2)}\n`);
  process.stdout.write(`wrote ${TARGET}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`prices:gcp failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
