import { createHttpHeaders, createPipelineRequest, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../src/config/schema';
import { armClientOptions, redirectingHttpClient, staticTokenCredential } from '../../../../src/providers/azure/arm-options';

const azure = (over: Record<string, unknown>) => configSchema.parse({ clouds: { azure: over } }).clouds.azure;

function recorder(): { client: HttpClient; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    client: {
      async sendRequest(request: PipelineRequest) {
        seen.push(request.url);
        return { request, status: 200, headers: createHttpHeaders() };
      },
    },
  };
}

describe('armClientOptions', () => {
  it('targets public Azure by default, with its token audience, and sends requests there unchanged', () => {
    const o = armClientOptions(azure({}));
    expect(o).toEqual({ endpoint: 'https://management.azure.com', $host: 'https://management.azure.com', credentialScopes: ['https://management.azure.com/.default'] });
  });

  it('follows a sovereign cloud: the ARM endpoint and its audience change together', () => {
    const o = armClientOptions(azure({ armEndpoint: 'https://management.usgovcloudapi.net/' }));
    expect(o.endpoint).toBe('https://management.usgovcloudapi.net');
    expect(o.$host).toBe('https://management.usgovcloudapi.net');
    expect(o.credentialScopes).toEqual(['https://management.usgovcloudapi.net/.default']);
  });

  it('with endpointUrl, adds an http client that redirects the wire only', () => {
    expect(armClientOptions(azure({ endpointUrl: 'http://127.0.0.1:4566' })).httpClient).toBeDefined();
  });
});

describe('redirectingHttpClient', () => {
  it('rewrites ARM URLs (requests, LRO polls, nextLinks) to the simulator and keeps path and query', async () => {
    const { client, seen } = recorder();
    const redirect = redirectingHttpClient('https://management.azure.com', 'http://127.0.0.1:4566/', client);
    const url = 'https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/query?api-version=2022-10-01&$skiptoken=abc';
    await redirect.sendRequest(createPipelineRequest({ url }));
    expect(seen).toEqual(['http://127.0.0.1:4566/subscriptions/s/providers/Microsoft.CostManagement/query?api-version=2022-10-01&$skiptoken=abc']);
  });

  it('leaves other hosts alone (e.g. the Entra token endpoint)', async () => {
    const { client, seen } = recorder();
    const redirect = redirectingHttpClient('https://management.azure.com', 'http://127.0.0.1:4566', client);
    await redirect.sendRequest(createPipelineRequest({ url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' }));
    expect(seen).toEqual(['https://login.microsoftonline.com/t/oauth2/v2.0/token']);
  });
});

describe('staticTokenCredential', () => {
  it('hands out a fixed, unexpired token', async () => {
    const t = await staticTokenCredential('x').getToken('https://management.azure.com/.default');
    expect(t?.token).toBe('x');
    expect(t!.expiresOnTimestamp).toBeGreaterThan(Date.now());
  });
});
