import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleApiError, googleAdvice } from '../../../../src/providers/gcp/google-errors';
import { GoogleHttp, productionBaseUrl } from '../../../../src/providers/gcp/google-http';

let server: Server;
let base: string;
const seen: { url: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname.endsWith('/endpoints')) {
      const token = url.searchParams.get('pageToken');
      res.end(JSON.stringify(token ? { endpoints: [{ name: 'e2' }] } : { endpoints: [{ name: 'e1' }], nextPageToken: 'p2' }));
    } else if (url.pathname.endsWith('/empty')) {
      res.end(JSON.stringify(url.searchParams.get('pageToken') ? { items: [{ id: 1 }] } : { nextPageToken: 'more' }));
    } else if (url.pathname.endsWith('/denied')) {
      res.statusCode = 403;
      res.end(
        JSON.stringify({
          error: {
            code: 403,
            message: "Permission 'aiplatform.endpoints.list' denied on resource",
            status: 'PERMISSION_DENIED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'aiplatform.endpoints.list' } }],
          },
        }),
      );
    } else if (url.pathname.endsWith('/bq-missing')) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 404, message: 'Not found: Table p:d.t was not found in location US', errors: [{ reason: 'notFound' }] } }));
    } else {
      res.statusCode = 500;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function http(): GoogleHttp {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'sim-token', expiry_date: Date.now() + 3_600_000 });
  return new GoogleHttp({ auth, baseUrl: base, timeoutMs: 2000 });
}

describe('GoogleHttp', () => {
  it('uses regional Vertex AI hosts in production', () => {
    expect(productionBaseUrl('Vertex', 'europe-west4')).toBe('https://europe-west4-aiplatform.googleapis.com');
    expect(() => productionBaseUrl('Vertex')).toThrow(/location/);
    const h = new GoogleHttp({ auth: new OAuth2Client() });
    expect(h.url({ operation: 'Monitoring.ListTimeSeries', path: '/v3/projects/p/timeSeries', query: { 'aggregation.groupByFields': ['a', 'b'], x: undefined } })).toBe(
      'https://monitoring.googleapis.com/v3/projects/p/timeSeries?aggregation.groupByFields=a&aggregation.groupByFields=b',
    );
  });

  it('follows nextPageToken, sends the bearer token and counts every page', async () => {
    const h = http();
    const items = await h.paginate<{ endpoints?: { name: string }[]; nextPageToken?: string }, { name: string }>(
      { operation: 'Vertex.ListEndpoints', path: '/v1/projects/p/locations/us-central1/endpoints', query: { pageSize: 100 } },
      (p) => p.endpoints,
    );
    expect(items.map((i) => i.name)).toEqual(['e1', 'e2']);
    expect(h.calls()).toEqual({ 'Vertex.ListEndpoints': 2 });
    expect(seen.at(-1)).toMatchObject({ auth: 'Bearer sim-token' });
    expect(seen.at(-1)!.url).toContain('pageToken=p2');
  });

  it('keeps going past an empty page that still has a token', async () => {
    const items = await http().paginate<{ items?: { id: number }[]; nextPageToken?: string }, { id: number }>(
      { operation: 'Vertex.ListThings', path: '/v1/empty' },
      (p) => p.items,
    );
    expect(items).toEqual([{ id: 1 }]);
  });

  it('classifies a permission denial with the permission named, and stops repeating the call', async () => {
    const h = http();
    const err = await h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/denied' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({ code: 'PERMISSION_DENIED', state: 'auth-failed', httpStatus: 403, permission: 'aiplatform.endpoints.list', reason: 'IAM_PERMISSION_DENIED' });
    expect(googleAdvice(err as GoogleApiError)).toContain('aiplatform.endpoints.list');
    await expect(h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/denied' })).rejects.toBe(err);
    expect(h.count('Vertex.ListEndpoints')).toBe(1);
  });

  it('maps a BigQuery 404 without `status` to NOT_FOUND with its reason', async () => {
    const err = await http().request({ operation: 'BigQuery.Query', path: '/bq-missing' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND', state: 'error', reason: 'notFound', message: expect.stringContaining('was not found') });
  });
});

describe('GoogleHttp with a credentials factory', () => {
  it('resolves the client once, on the first call', async () => {
    let made = 0;
    const h = new GoogleHttp({
      auth: async () => {
        made++;
        const auth = new OAuth2Client();
        auth.setCredentials({ access_token: 'lazy', expiry_date: Date.now() + 3_600_000 });
        return auth;
      },
      baseUrl: base,
    });
    expect(made).toBe(0);
    await h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/projects/p/locations/l/endpoints' });
    await h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/projects/p/locations/l/endpoints' });
    expect(made).toBe(1);
    expect(seen.at(-1)).toMatchObject({ auth: 'Bearer lazy' });
  });

  it('turns a factory failure into a credential failure that names the fix, and calls nothing', async () => {
    const before = seen.length;
    const h = new GoogleHttp({ auth: () => Promise.reject(new Error('SSM parameter /ml-watchdog/gcp/credentials does not exist: create it')), baseUrl: base });
    const err = await h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', state: 'auth-failed', credentialFailure: true });
    expect(googleAdvice(err as GoogleApiError)).toContain('/ml-watchdog/gcp/credentials');
    await expect(h.request({ operation: 'Monitoring.ListTimeSeries', path: '/v3/x' })).rejects.toBe(err);
    expect(seen.length).toBe(before);
  });
});

describe('GoogleHttp denials', () => {
  it('remembers a denial per project: another project is still asked', async () => {
    const h = http();
    await expect(h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/projects/a/denied' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/projects/a/denied' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(h.count('Vertex.ListEndpoints')).toBe(1);
    await h.request({ operation: 'Vertex.ListEndpoints', path: '/v1/projects/b/locations/l/endpoints' });
    expect(h.count('Vertex.ListEndpoints')).toBe(2);
  });
});
