import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaxCatalogClient } from '../../../src/providers/gcp/catalog-gax-client';
import { GCP_PRICE_TABLE } from '../../../src/providers/gcp/price-table';
import { demoFleet, startSimulator, type Simulator } from '../../../src/sim';
import { fetchMachineSkus, refreshTable } from '../../../scripts/gcp-price-refresh';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ fleet: demoFleet() });
});
afterAll(() => sim.close());

describe('npm run prices:gcp (CloudCatalogClient against the simulated catalog)', () => {
  it('re-reads every rate the static table knows and cites the catalog for each', async () => {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 't', expiry_date: Date.now() + 3_600_000 });
    const skus = await fetchMachineSkus(await gaxCatalogClient({ authClient, baseUrl: sim.url }));
    expect(skus.get('Vertex AI')!.length).toBeGreaterThan(0);
    expect(skus.get('Compute Engine')!.length).toBeGreaterThan(0);
    const { table, refreshed, kept } = refreshTable(GCP_PRICE_TABLE, skus, '2026-12-04');
    expect(refreshed).toBeGreaterThan(10);
    expect(table.asOf).toBe('2026-12-04');
    expect(table.sources?.['catalog-2026-12-04']).toMatchObject({ verified: true });
    // The simulated T4 prediction SKU is Compute Engine's $0.35 x 1.15.
    expect(table.regions['us-central1']!.prediction!.gpu['NVIDIA_TESLA_T4']).toBeCloseTo(0.4025, 6);
    // What the catalog did not list is kept, and said.
    for (const k of kept) expect(k).toMatch(/^us-central1 (prediction|training|workbench) (core|ram|gpu) /);
    // The input table is not changed.
    expect(GCP_PRICE_TABLE.asOf).not.toBe('2026-12-04');
  });
});
