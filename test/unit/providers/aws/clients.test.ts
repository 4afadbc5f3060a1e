import { describe, expect, it } from 'vitest';
import { createAwsClients, createCostExplorerClient, DEFAULT_MAX_ATTEMPTS, regionClientCache } from '../../../../src/providers/aws/clients';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('createAwsClients', () => {
  it('builds the three regional clients with the endpoint override and a small retry budget', async () => {
    const c = createAwsClients({ region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566', credentials, maxAttempts: 2 });
    for (const client of [c.sagemaker, c.cloudwatch, c.tagging]) {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(await client.config.maxAttempts()).toBe(2);
      const ep = await client.config.endpoint!();
      expect(`${ep.protocol}//${ep.hostname}:${ep.port}`).toBe('http://127.0.0.1:4566');
    }
    expect(c.region).toBe('eu-west-1');
  });

  it('defaults to standard retries with a few attempts', async () => {
    const c = createAwsClients({ region: 'us-east-1', credentials });
    expect(await c.sagemaker.config.maxAttempts()).toBe(DEFAULT_MAX_ATTEMPTS);
    expect((await c.sagemaker.config.retryStrategy()) as { mode?: string }).toMatchObject({ mode: 'standard' });
    expect(c.sagemaker.config.endpoint).toBeUndefined();
  });
});

describe('createCostExplorerClient', () => {
  it('always signs for us-east-1, whatever region the caller runs in', async () => {
    const ce = createCostExplorerClient({ region: 'ap-southeast-2', credentials, endpointUrl: 'http://127.0.0.1:4566' });
    expect(await ce.config.region()).toBe('us-east-1');
  });
});

describe('regionClientCache', () => {
  it('builds each region once', () => {
    let built = 0;
    const get = regionClientCache((region) => (built++, createAwsClients({ region, credentials })));
    expect(get('us-east-1')).toBe(get('us-east-1'));
    get('us-west-2');
    expect(built).toBe(2);
  });
});
