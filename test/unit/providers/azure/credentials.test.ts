import { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../src/config/schema';
import { AzureCredentialsError, createAzureCredential } from '../../../../src/providers/azure/credentials';
import type { SecretReader } from '../../../../src/lib/secret-value';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';
const SECRET_VALUE = 'very~secret.value-123';

function azure(credentials: Record<string, unknown>) {
  return configSchema.parse({ clouds: { azure: { credentials } } }).clouds.azure;
}

const secrets = (values: Record<string, string>): SecretReader => async (id) => {
  if (id in values) return values[id];
  throw Object.assign(new Error('Secrets Manager can\'t find the specified secret.'), { name: 'ResourceNotFoundException' });
};

async function failure(p: Promise<unknown>): Promise<AzureCredentialsError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AzureCredentialsError);
  return err as AzureCredentialsError;
}

describe('createAzureCredential', () => {
  it('uses DefaultAzureCredential for source default (local runs: az login, AZURE_* variables)', async () => {
    expect(await createAzureCredential({ config: azure({}) })).toBeInstanceOf(DefaultAzureCredential);
  });

  it('builds a service principal from the client secret in Secrets Manager', async () => {
    const cred = await createAzureCredential({
      config: azure({ source: 'secrets-manager', tenantId: TENANT, clientId: CLIENT, secret: 'ml-watchdog/azure' }),
      readSecret: secrets({ 'ml-watchdog/azure': `  ${SECRET_VALUE}\n` }),
    });
    expect(cred).toBeInstanceOf(ClientSecretCredential);
  });

  it('names the missing secret and the fix, never a value', async () => {
    const err = await failure(
      createAzureCredential({
        config: azure({ source: 'secrets-manager', tenantId: TENANT, clientId: CLIENT, secret: 'nope' }),
        readSecret: secrets({ other: SECRET_VALUE }),
      }),
    );
    expect(err.code).toBe('AZURE_CREDENTIALS_SECRET_NOT_FOUND');
    expect(err.state).toBe('auth-failed');
    expect(err.message).toContain('nope');
    expect(err.message).toContain('clouds.azure.credentials.secret');
    expect(err.message).not.toContain(SECRET_VALUE);
  });

  it('refuses an empty secret and one it may not read', async () => {
    const empty = await failure(
      createAzureCredential({ config: azure({ source: 'secrets-manager', tenantId: TENANT, clientId: CLIENT, secret: 's' }), readSecret: secrets({ s: '   ' }) }),
    );
    expect(empty.code).toBe('AZURE_CREDENTIALS_EMPTY');
    const denied = await failure(
      createAzureCredential({
        config: azure({ source: 'secrets-manager', tenantId: TENANT, clientId: CLIENT, secret: 's' }),
        readSecret: async () => {
          throw Object.assign(new Error('x'), { name: 'GetSecretError', cause: Object.assign(new Error('denied'), { name: 'AccessDeniedException' }) });
        },
      }),
    );
    expect(denied.code).toBe('AZURE_CREDENTIALS_ACCESS_DENIED');
    expect(denied.message).toContain('secretsmanager:GetSecretValue');
  });

  it('federated: a client assertion credential; nothing is fetched until a token is needed', async () => {
    let asked = 0;
    const cred = await createAzureCredential({
      config: azure({ source: 'federated', tenantId: TENANT, clientId: CLIENT }),
      webIdentityToken: async () => {
        asked += 1;
        return 'jwt';
      },
    });
    expect(cred).toBeInstanceOf(ClientAssertionCredential);
    expect(asked).toBe(0);
  });

  it('the config refuses a service principal without its ids or secret, with every path', () => {
    const r = configSchema.safeParse({ clouds: { azure: { enabled: true, subscriptions: [TENANT], credentials: { source: 'secrets-manager' } } } });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['clouds.azure.credentials.tenantId', 'clouds.azure.credentials.clientId', 'clouds.azure.credentials.secret']),
    );
    const none = configSchema.safeParse({ clouds: { azure: { enabled: true } } });
    expect(none.error?.issues.map((i) => i.path.join('.'))).toContain('clouds.azure.subscriptions');
  });
});
