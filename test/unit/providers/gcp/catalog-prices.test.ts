import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { restCatalogClient } from '../../../../src/providers/gcp/catalog-client';
import { gaxCatalogClient } from '../../../../src/providers/gcp/catalog-gax-client';
import { createCatalogPriceSource } from '../../../../src/providers/gcp/catalog-prices';
import { GoogleHttp } from '../../../../src/providers/gcp/google-http';
import type { MachineShape } from '../../../../src/providers/gcp/price-table';

/**
 * The real CloudCatalogClient (@google-cloud/billing, gax `fallback: true` = REST) against a tiny Cloud Billing
 * Catalog fake. SKU descriptions follow the real catalog's wording (see catalog-sku-match.ts for the sources).
 */

const NOW = new Date('2026-10-15T09:30:00Z');
const VERTEX = 'C7E2-9256-1C43';
const COMPUTE = '6F81-5844-456A';

const money = (usd: number) => ({ currencyCode: 'USD', units: String(Math.trunc(usd)), nanos: Math.round((usd % 1) * 1e9) });
function sku(service: string, id: string, description: string, usd: number, unit: 'h' | 'GiBy.h', regions: string[], usageType = 'OnDemand') {
  return {
    name: `services/${service}/skus/${id}`,
    skuId: id,
    description,
    category: { serviceDisplayName: service === VERTEX ? 'Vertex AI' : 'Compute Engine', resourceFamily: 'Compute', resourceGroup: 'CPU', usageType },
    serviceRegions: regions,
    pricingInfo: [
      {
        effectiveTime: '2026-10-01T07:00:00.000Z',
        summary: '',
        pricingExpression: {
          usageUnit: unit,
          usageUnitDescription: unit === 'h' ? 'hour' : 'gibibyte hour',
          baseUnit: unit === 'h' ? 's' : 'By.s',
          baseUnitConversionFactor: unit === 'h' ? 3600 : 3865470566400,
          displayQuantity: 1,
          tieredRates: [{ startUsageAmount: 0, unitPrice: money(usd) }],
        },
        currencyConversionRate: 1,
      },
    ],
    serviceProviderName: 'Google',
    geoTaxonomy: { type: 'MULTI_REGIONAL', regions },
  };
}

const AMERICAS = ['us-central1', 'us-east1', 'us-west1'];
const P = 'Vertex AI: Online/Batch Prediction';
const VERTEX_SKUS = [
  // Page 1
  [
    sku(VERTEX, 'G2C', `${P} G2 Instance Core running in Americas`, 0.028736, 'h', AMERICAS),
    sku(VERTEX, 'G2R', `${P} G2 Instance Ram running in Americas`, 0.003366, 'GiBy.h', AMERICAS),
    // Decoys: a management fee (Spot/reservations only) and Spot.
    sku(VERTEX, 'MGT', `${P} management fee on G2 Instance Core in Iowa`, 0.004, 'h', ['us-central1']),
    sku(VERTEX, 'SPT', `Spot ${P} Nvidia L4 GPU running in Americas`, 0.2, 'h', AMERICAS, 'Preemptible'),
  ],
  // Page 2
  [
    sku(VERTEX, 'L4', `${P} Nvidia L4 GPU running in Americas`, 0.643978, 'h', AMERICAS),
    sku(VERTEX, 'N1C', `${P} N1 Predefined Instance Core running in Americas`, 0.036353, 'h', AMERICAS),
    sku(VERTEX, 'N1R', `${P} N1 Predefined Instance Ram running in Americas`, 0.004873, 'GiBy.h', AMERICAS),
    sku(VERTEX, 'A3C', `${P} A3 Predefined Instance Core running in Iowa`, 0.0293227, 'h', ['us-central1']),
    sku(VERTEX, 'A3R', `${P} A3 Predefined Instance Ram running in Iowa`, 0.0025534, 'GiBy.h', ['us-central1']),
    sku(VERTEX, 'H100', `${P} Nvidia H100 80gb GPU running in Iowa`, 11.2660332, 'h', ['us-central1']),
    sku(VERTEX, 'PRED', 'Vertex AI: Online Prediction requests', 0.0001, 'h', ['global']),
  ],
];
const COMPUTE_SKUS = [
  sku(COMPUTE, 'CN1C', 'N1 Predefined Instance Core running in Americas', 0.031611, 'h', AMERICAS),
  sku(COMPUTE, 'CN1R', 'N1 Predefined Instance Ram running in Americas', 0.004237, 'GiBy.h', AMERICAS),
  sku(COMPUTE, 'CSPC', 'Spot Preemptible N1 Predefined Instance Core running in Americas', 0.0066, 'h', AMERICAS, 'Preemptible'),
  sku(COMPUTE, 'CT4', 'Nvidia Tesla T4 GPU running in Americas', 0.35, 'h', AMERICAS),
];

let server: Server;
let baseUrl: string;
let seen: { path: string; query: URLSearchParams; auth?: string }[] = [];
let deny = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, query: url.searchParams, auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.end(JSON.stringify(body));
    };
    if (deny) {
      return send(403, {
        error: {
          code: 403,
          message: 'Cloud Billing API has not been used in project 123456789012 before or it is disabled.',
          status: 'PERMISSION_DENIED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com', metadata: { service: 'cloudbilling.googleapis.com' } }],
        },
      });
    }
    if (url.pathname === '/v1/services') {
      return send(200, {
        services: [
          { name: 'services/6F81-5844-456A', serviceId: COMPUTE, displayName: 'Compute Engine', businessEntityName: 'businessEntities/GCP' },
          { name: 'services/C7E2-9256-1C43', serviceId: VERTEX, displayName: 'Vertex AI', businessEntityName: 'businessEntities/GCP' },
        ],
      });
    }
    if (url.pathname === `/v1/services/${VERTEX}/skus`) {
      const second = url.searchParams.get('pageToken') === 'p2';
      return send(200, second ? { skus: VERTEX_SKUS[1] } : { skus: VERTEX_SKUS[0], nextPageToken: 'p2' });
    }
    if (url.pathname === `/v1/services/${COMPUTE}/skus`) return send(200, { skus: COMPUTE_SKUS });
    send(404, { error: { code: 404, message: `no route ${url.pathname}`, status: 'NOT_FOUND' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  deny = false;
});

const MACHINES: Record<string, MachineShape> = {
  'n1-standard-4': { vcpus: 4, memoryGiB: 15, acceleratorCount: 0 },
  'g2-standard-8': { vcpus: 8, memoryGiB: 32, acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 },
  'a3-highgpu-1g': { vcpus: 26, memoryGiB: 234, acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 1 },
};

/** Both catalog clients answer the same: the functions' REST one and @google-cloud/billing's CloudCatalogClient. */
let clientKind: 'rest' | 'gax' = 'gax';

function source(enabled = true) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 't', expiry_date: Date.now() + 3600e3 });
  return createCatalogPriceSource({
    config: { catalog: { enabled, cacheHours: 24 } },
    client: async () => (clientKind === 'gax' ? gaxCatalogClient({ authClient, baseUrl }) : restCatalogClient(new GoogleHttp({ auth: authClient, baseUrl }))),
    now: () => NOW,
    machine: (t) => MACHINES[t],
  });
}

describe.each(['gax', 'rest'] as const)('createCatalogPriceSource with the %s client', (kind) => {
  beforeEach(() => {
    clientKind = kind;
  });
  it('prices a Vertex AI node as vCPUs x core + GiB x RAM + GPUs x GPU, from on-demand SKUs of its region', async () => {
    const prices = source();
    const price = await prices.hourly({ machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, location: 'us-central1', usage: 'prediction' });
    expect(price).toEqual({
      hourly: { amount: Math.round((8 * 0.028736 + 32 * 0.003366 + 0.643978) * 1e6) / 1e6, currency: 'USD' },
      region: 'us-central1',
      // Where every part (G2 core, G2 RAM, L4) is sold: capacity-risk's fallback regions.
      offeredIn: [...AMERICAS].sort(),
      source: 'Cloud Billing Catalog, Vertex AI prediction SKUs, us-central1',
      asOf: '2026-10-01',
    });
    // gax fallback REST: the documented paths, the bearer token, paging by pageToken.
    expect(seen.map((s) => `${s.path}${s.query.get('pageToken') ? `?pageToken=${s.query.get('pageToken')}` : ''}`)).toEqual([
      '/v1/services',
      `/v1/services/${VERTEX}/skus`,
      `/v1/services/${VERTEX}/skus?pageToken=p2`,
    ]);
    expect(seen[1]!.query.get('currencyCode')).toBe('USD');
    expect(seen.every((s) => s.auth === 'Bearer t')).toBe(true);
    expect(prices.status()).toEqual([{ cloud: 'gcp', component: 'prices', state: 'ok', message: 'Cloud Billing Catalog list prices', calls: { 'Catalog.ListServices': 1, 'Catalog.ListSkus': 1 } }]);
  });

  it('lists the SKUs once per run, however many machines are priced', async () => {
    const prices = source();
    const [a3, n1] = await Promise.all([
      prices.hourly({ machineType: 'a3-highgpu-1g', acceleratorType: 'NVIDIA_H100_80GB', acceleratorCount: 1, location: 'us-central1', usage: 'prediction' }),
      prices.hourly({ machineType: 'n1-standard-4', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' }),
    ]);
    // The verified Vertex AI SKUs of an a3-highgpu-1g endpoint in us-central1 (26 vCPU, 234 GiB, 1 x H100 80GB).
    expect(a3?.hourly.amount).toBeCloseTo(12.625919, 5);
    expect(n1?.hourly.amount).toBeCloseTo(0.2185, 4);
    expect(seen.filter((s) => s.path.endsWith('/skus') && !s.query.get('pageToken'))).toHaveLength(1);
  });

  it('prices a Workbench instance in a zone from Compute Engine SKUs, never from Spot ones', async () => {
    const prices = source();
    const price = await prices.hourly({ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, location: 'us-central1-a', usage: 'workbench' });
    expect(price?.hourly.amount).toBeCloseTo(4 * 0.031611 + 15 * 0.004237 + 0.35, 6);
    expect(price?.source).toBe('Cloud Billing Catalog, Compute Engine SKUs, us-central1');
  });

  it('falls back to the static table for a region the catalog has no SKUs for, and says so', async () => {
    const prices = source();
    const price = await prices.hourly({ machineType: 'n1-standard-4', acceleratorCount: 0, location: 'europe-west4', usage: 'prediction' });
    expect(price).toMatchObject({ region: 'us-central1' });
    expect(price?.source).toContain('static price table data/prices/gcp-vertex.json');
    expect(price?.source).toContain('(no rates for europe-west4)');
    expect(prices.status()[0]).toMatchObject({ state: 'ok' });
    expect(prices.status()[0]?.message).toContain('no catalog SKUs for n1-standard-4 in europe-west4');
  });

  it('answers from the dated static table when the catalog fails, with a prices status naming the failure', async () => {
    deny = true;
    const prices = source();
    const price = await prices.hourly({ machineType: 'n1-standard-4', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' });
    expect(price?.hourly.amount).toBeCloseTo(0.2185, 4);
    expect(price?.source).toContain('the Cloud Billing Catalog was not used');
    expect(price?.asOf).toMatch(/^\d{4}/);
    const [status] = prices.status();
    expect(status).toMatchObject({ cloud: 'gcp', component: 'prices', state: 'auth-failed', code: 'PERMISSION_DENIED' });
    expect(status?.message).toContain('Cloud Billing API has not been used');
    expect(status?.message).toContain('static table data/prices/gcp-vertex.json');
    expect(status?.message).toContain('gcloud services enable cloudbilling.googleapis.com');
    expect(status?.message).not.toContain('{"error"');
    // One failure is enough: the next machine does not ask again.
    const before = seen.length;
    await prices.hourly({ machineType: 'g2-standard-8', acceleratorCount: 1, acceleratorType: 'NVIDIA_L4', location: 'us-central1', usage: 'prediction' });
    expect(seen.length).toBe(before);
  });

  it('never calls the catalog when it is disabled', async () => {
    const prices = source(false);
    expect(prices.status()).toEqual([]);
    const price = await prices.hourly({ machineType: 'g2-standard-8', acceleratorCount: 1, acceleratorType: 'NVIDIA_L4', location: 'us-central1', usage: 'prediction' });
    expect(price?.hourly.amount).toBeCloseTo(8 * 0.028736 + 32 * 0.003366 + 0.643978, 6);
    expect(seen).toEqual([]);
    expect(prices.status()[0]).toMatchObject({ state: 'disabled' });
  });

  it('returns undefined for a machine type nobody knows', async () => {
    const prices = source();
    expect(await prices.hourly({ machineType: 'z9-mystery-1', acceleratorCount: 0, location: 'us-central1', usage: 'prediction' })).toBeUndefined();
    expect(seen).toEqual([]);
  });
});
