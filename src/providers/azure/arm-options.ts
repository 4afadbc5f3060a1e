import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import type { WatchdogConfig } from '../../config/schema';

type AzureConfig = WatchdogConfig['clouds']['azure'];

/** What every ARM client (Machine Learning, Monitor, Cost Management) is built with. */
export interface ArmClientOptions {
  /** ARM base URL (`armEndpoint`; sovereign clouds differ). */
  endpoint: string;
  /** The same URL under the name the generated clients keep as `$host` (the constructors default it to public Azure). */
  $host: string;
  /** Token audience of that ARM endpoint: `<armEndpoint>/.default`. */
  credentialScopes: string[];
  /** Set when `endpointUrl` redirects ARM calls (the simulator). */
  httpClient?: HttpClient;
}

export function armClientOptions(config: AzureConfig): ArmClientOptions {
  const endpoint = config.armEndpoint.replace(/\/+$/, '');
  return {
    endpoint,
    $host: endpoint,
    credentialScopes: [`${endpoint}/.default`],
    ...(config.endpointUrl ? { httpClient: redirectingHttpClient(endpoint, config.endpointUrl) } : {}),
  };
}

/**
 * Sends requests for `fromOrigin` (the ARM endpoint) to `toBaseUrl` instead, after every pipeline policy has run.
 * The SDK's bearer-token policy refuses plain http, so the clients keep talking to https://management.azure.com and
 * only the wire goes to the local simulator. Follow-up URLs the service hands back (long-running operation
 * `Azure-AsyncOperation` / `Location`, Cost Management `nextLink`) carry the ARM origin too and are redirected alike.
 */
export function redirectingHttpClient(fromOrigin: string, toBaseUrl: string, inner: HttpClient = createDefaultHttpClient()): HttpClient {
  const from = new URL(fromOrigin).origin;
  const to = toBaseUrl.replace(/\/+$/, '');
  return {
    sendRequest(request) {
      const url = new URL(request.url);
      if (url.origin === from) {
        request.url = `${to}${url.pathname}${url.search}`;
        // The http client refuses plain http unless told (the simulator listens on http://127.0.0.1).
        if (to.startsWith('http:')) request.allowInsecureConnection = true;
      }
      return inner.sendRequest(request);
    },
  };
}

/** A fixed bearer token (the simulator accepts any); never used against real Azure. */
export function staticTokenCredential(token = 'sim-token'): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}
