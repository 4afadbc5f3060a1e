import { CloudCatalogClient } from '@google-cloud/billing';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogRoute } from '../../../../src/sim/gcp/catalog-routes';
import { findMachineSku, skusOfService, VERTEX_SERVICE } from '../../../../src/sim/gcp/sku-table';
import { startSim, type TestSim } from './billing-sim-server';

let sim: TestSim;

function client(): CloudCatalogClient {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'sim-token', expiry_date: Date.now() + 3600e3 });
  // Exactly how the watchdog builds it for the simulator (shared brief, Cloud Billing Catalog).
  return new CloudCatalogClient({ fallback: true, apiEndpoint: '127.0.0.1', port: sim.port, protocol: 'http', authClient });
}

beforeAll(async () => {
  sim = await startSim([catalogRoute()]);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.faults.clear();
  sim.counts.clear();
  sim.seen.length = 0;
});

describe('simulated Cloud Billing Catalog with the real CloudCatalogClient (gax REST fallback)', () => {
  it('lists services and follows nextPageToken page by page', async () => {
    const [services] = await client().listServices({ pageSize: 1 });
    expect(services.map((s) => [s.name, s.serviceId, s.displayName, s.businessEntityName])).toEqual([
      ['services/C7E2-9256-1C43', 'C7E2-9256-1C43', 'Vertex AI', 'businessEntities/GCP'],
      ['services/6F81-5844-456A', '6F81-5844-456A', 'Compute Engine', 'businessEntities/GCP'],
      ['services/95FF-2EF5-5EA1', '95FF-2EF5-5EA1', 'Cloud Storage', 'businessEntities/GCP'],
      ['services/24E6-581D-38E5', '24E6-581D-38E5', 'BigQuery', 'businessEntities/GCP'],
    ]);
    expect(sim.counts.get('Catalog.ListServices')).toBe(4);
    // What gax 5 fallback really sends: GET <protocol>://<apiEndpoint>:<port>/v1/services?<fields>&$alt=json;enum-encoding=int
    expect(sim.seen[0]).toEqual({ method: 'GET', url: '/v1/services?pageSize=1&$alt=json%3Benum-encoding=int', authorization: 'Bearer sim-token' });
    expect(sim.seen[1]!.url).toMatch(/^\/v1\/services\?pageSize=1&pageToken=[\w-]+&\$alt=json%3Benum-encoding=int$/);
  });

  it('lists the SKUs of Vertex AI with prices the client decodes to the table price', async () => {
    const [skus] = await client().listSkus({ parent: 'services/C7E2-9256-1C43', currencyCode: 'USD', pageSize: 25 });
    const expected = skusOfService(VERTEX_SERVICE.serviceId);
    expect(skus).toHaveLength(expected.length);
    expect(sim.counts.get('Catalog.ListSkus')).toBe(Math.ceil(expected.length / 25));
    expect(sim.seen[0]!.url).toBe('/v1/services/C7E2-9256-1C43/skus?currencyCode=USD&pageSize=25&$alt=json%3Benum-encoding=int');

    const want = findMachineSku('prediction', 'gpu', 'NVIDIA_L4', 'us-central1')!;
    const l4 = skus.find((s) => s.description === 'Vertex AI: Online/Batch Prediction Nvidia L4 GPU running in Americas')!;
    expect(l4.name).toBe(`services/C7E2-9256-1C43/skus/${want.skuId}`);
    expect(l4.category).toEqual({ serviceDisplayName: 'Vertex AI', resourceFamily: 'Compute', resourceGroup: 'GPU', usageType: 'OnDemand' });
    expect(l4.serviceRegions).toEqual(['us-central1', 'us-east1', 'us-west1']);
    expect(l4.serviceProviderName).toBe('Google');
    const info = l4.pricingInfo![0]!;
    const expr = info.pricingExpression!;
    expect(expr.usageUnit).toBe('h');
    expect(expr.baseUnit).toBe('s');
    expect(expr.baseUnitConversionFactor).toBe(3600);
    expect(info.currencyConversionRate).toBe(1);
    const price = expr.tieredRates![0]!.unitPrice!;
    expect(price.currencyCode).toBe('USD');
    expect(Number(price.units) + Number(price.nanos) / 1e9).toBeCloseTo(want.unitPriceUsd, 9);
    const ram = skus.find((s) => s.description === 'Vertex AI: Online/Batch Prediction G2 Instance Ram running in Americas')!;
    expect(ram.pricingInfo![0]!.pricingExpression!.usageUnit).toBe('GiBy.h');
    expect(ram.category!.resourceGroup).toBe('RAM');
  });

  /**
   * gax 5 fallback fetches through the auth client (google-auth-library 10 / gaxios), which throws on a non-2xx
   * answer before gax can decode it: the caller gets a GaxiosError whose `code` and `status` are the HTTP status
   * and whose `message` is the raw JSON error body, not a GoogleError with a gRPC code. Readers must classify that.
   */
  async function failure(call: Promise<unknown>): Promise<{ status: unknown; code: unknown; body: GoogleBody }> {
    const err = (await call.then(
      () => expect.fail('the call should have failed'),
      (e: unknown) => e,
    )) as { status?: unknown; code?: unknown; message: string };
    return { status: err.status, code: err.code, body: JSON.parse(err.message) as GoogleBody };
  }

  it('refuses a currency other than USD with INVALID_ARGUMENT', async () => {
    const f = await failure(client().listSkus({ parent: 'services/C7E2-9256-1C43', currencyCode: 'EUR' }));
    expect(f).toMatchObject({ status: 400, code: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT' } } });
    expect(f.body.error.message).toContain('currencyCode=USD');
  });

  it('answers NOT_FOUND for an unknown service', async () => {
    const f = await failure(client().listSkus({ parent: 'services/0000-0000-0000' }));
    expect(f).toMatchObject({ status: 404, body: { error: { status: 'NOT_FOUND' } } });
  });

  it('renders injected faults as Google error bodies', async () => {
    sim.faults.inject({ operation: 'Catalog.ListSkus', kind: 'access-denied', times: 1 });
    const denied = await failure(client().listSkus({ parent: 'services/C7E2-9256-1C43' }));
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED' } } });
    expect(denied.body.error.details![0]).toEqual({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      metadata: { service: 'cloudbilling.googleapis.com' },
    });
    sim.faults.inject({ operation: 'Catalog.ListServices', kind: 'throttle', times: 1 });
    expect(await failure(client().listServices({}))).toMatchObject({ status: 429, body: { error: { status: 'RESOURCE_EXHAUSTED' } } });
    // ListServices is non_idempotent in cloud_catalog_client_config.json: gax does not retry the 503.
    sim.faults.inject({ operation: 'Catalog.*', kind: 'server-error', times: 1 });
    expect(await failure(client().listServices({}))).toMatchObject({ status: 503, body: { error: { status: 'UNAVAILABLE' } } });
    expect(sim.counts.get('Catalog.ListServices')).toBe(2);
    sim.faults.inject({ operation: 'Catalog.ListServices', kind: 'expired-token', times: 1 });
    const expired = await failure(client().listServices({}));
    expect(expired).toMatchObject({ status: 401, body: { error: { status: 'UNAUTHENTICATED' } } });
    expect(expired.body.error.details![0]!.reason).toBe('ACCESS_TOKEN_EXPIRED');
  });
});

interface GoogleBody {
  error: { code: number; message: string; status: string; details?: { '@type': string; reason: string; domain: string; metadata?: Record<string, string> }[] };
}

describe('simulated Cloud Billing Catalog over plain HTTP', () => {
  it('answers 401 UNAUTHENTICATED without a Bearer token', async () => {
    const res = await fetch(`${sim.url}/v1/services`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: number; status: string; details: { reason: string }[] } };
    expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(body.error.details[0]!.reason).toBe('CREDENTIALS_MISSING');
  });

  it('ignores unknown query parameters, rejects a foreign page token and a negative page size', async () => {
    const get = (q: string) => fetch(`${sim.url}/v1/services/C7E2-9256-1C43/skus?${q}`, { headers: { authorization: 'Bearer t' } });
    const ok = await get('currencyCode=USD&$alt=json%3Benum-encoding=int&$prettyPrint=0&startTime=2026-11-01T00:00:00Z');
    expect(ok.status).toBe(200);
    const first = (await (await fetch(`${sim.url}/v1/services?pageSize=1`, { headers: { authorization: 'Bearer t' } })).json()) as { nextPageToken: string };
    const foreign = await get(`pageToken=${first.nextPageToken}`);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
    expect((await get('pageSize=-1')).status).toBe(400);
  });
});
