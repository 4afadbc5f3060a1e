import type { AuthClient } from 'google-auth-library';
import type { CatalogClient } from './catalog-client';

/**
 * The real CloudCatalogClient of @google-cloud/billing, over REST (`fallback: true`: gax sends `GET /v1/services` and
 * `GET /v1/{parent=services/*}/skus` through the auth client's fetch, no gRPC). Used where bundle size does not
 * matter (the price-table refresh script, tests); the functions use restCatalogClient, which sends the same calls.
 * `baseUrl` points it at the simulator or a test server (http://127.0.0.1:PORT).
 */
export async function gaxCatalogClient(opts: { authClient: AuthClient; baseUrl?: string }): Promise<CatalogClient> {
  const { CloudCatalogClient } = await import('@google-cloud/billing');
  if (!opts.baseUrl) return new CloudCatalogClient({ fallback: true, authClient: opts.authClient }) as unknown as CatalogClient;
  const url = new URL(opts.baseUrl);
  const protocol = url.protocol.replace(/:$/, '');
  return new CloudCatalogClient({
    fallback: true,
    apiEndpoint: url.hostname,
    port: Number(url.port) || (protocol === 'http' ? 80 : 443),
    protocol,
    authClient: opts.authClient,
  } as ConstructorParameters<typeof CloudCatalogClient>[0]) as unknown as CatalogClient;
}
