import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { AwsClient, JWT } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleAuth, GoogleCredentialsError, parseCredentialsJson, type SecretReader } from '../../../../src/providers/gcp/credentials';
import type { ParameterReader } from '../../../../src/lib/secure-parameter';

/** What `gcloud iam workload-identity-pools create-cred-config ... --aws --output-file` writes. */
const EXTERNAL_ACCOUNT = {
  type: 'external_account',
  audience: '//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ml-watchdog/providers/aws',
  subject_token_type: 'urn:ietf:params:aws:token-type:aws4_request',
  service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/ml-watchdog@ml-prod.iam.gserviceaccount.com:generateAccessToken',
  token_url: 'https://sts.googleapis.com/v1/token',
  credential_source: {
    environment_id: 'aws1',
    region_url: 'http://169.254.169.254/latest/meta-data/placement/availability-zone',
    url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials',
    regional_cred_verification_url: 'https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15',
  },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'ml-prod',
  private_key_id: 'f00dfeed',
  private_key: PRIVATE_KEY,
  client_email: 'ml-watchdog@ml-prod.iam.gserviceaccount.com',
  client_id: '104242424242424242424',
  token_uri: 'https://oauth2.googleapis.com/token',
};

/** SSM and Secrets Manager fakes in their awsJson1_1 wire format, dispatched on X-Amz-Target. */
const parameters = new Map<string, string>([
  ['/ml-watchdog/gcp/credentials', JSON.stringify(EXTERNAL_ACCOUNT)],
  ['/user-creds', JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'SECRET-VALUE', refresh_token: 'SECRET-VALUE' })],
  ['/not-json', 'type=external_account SECRET-VALUE'],
  ['/empty', ' '],
]);
const secrets = new Map<string, string>([['ml-watchdog/gcp-key', JSON.stringify(SERVICE_ACCOUNT)]]);

let server: Server;
let endpoint: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw) as { Name?: string; SecretId?: string };
    const target = String(req.headers['x-amz-target']);
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    const fail = (type: string) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: type, message: '' }));
    };
    if (target === 'AmazonSSM.GetParameter') {
      if (body.Name === '/denied') return fail('AccessDeniedException');
      const value = parameters.get(body.Name ?? '');
      if (value === undefined) return fail('ParameterNotFound');
      return res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } }));
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const value = secrets.get(body.SecretId ?? '');
      if (value === undefined) return fail('ResourceNotFoundException');
      return res.end(JSON.stringify({ ARN: `arn:aws:secretsmanager:us-east-1:111122223333:secret:${body.SecretId}-AbCdEf`, Name: body.SecretId, SecretString: value, VersionId: 'v1' }));
    }
    fail('UnknownOperationException');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const clientConfig = () => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
const readParameter = (): ParameterReader => {
  const p = new SSMProvider({ clientConfig: clientConfig() });
  return (name, options) => p.get(name, options);
};
const readSecret = (): SecretReader => {
  const p = new SecretsProvider({ clientConfig: clientConfig() });
  return (id, options) => p.get(id, options);
};
const ssm = (parameter: string) => ({ credentials: { source: 'ssm' as const, parameter } });

async function failure(p: Promise<unknown>): Promise<GoogleCredentialsError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GoogleCredentialsError);
  return err as GoogleCredentialsError;
}

describe('createGoogleAuth', () => {
  it('builds a workload identity federation client (AWS) from the SSM SecureString', async () => {
    const client = await createGoogleAuth({ config: ssm('/ml-watchdog/gcp/credentials'), env: {}, readParameter: readParameter() });
    expect(client).toBeInstanceOf(AwsClient);
  });

  it('builds a service-account client from the Secrets Manager secret', async () => {
    const client = await createGoogleAuth({ config: { credentials: { source: 'secrets-manager', parameter: 'ml-watchdog/gcp-key' } }, env: {}, readSecret: readSecret() });
    expect(client).toBeInstanceOf(JWT);
    expect((client as JWT).email).toBe('ml-watchdog@ml-prod.iam.gserviceaccount.com');
  });

  it('names the parameter and the fix, and never shows the JSON', async () => {
    const cases: [string, string, string][] = [
      ['/missing', 'GCP_CREDENTIALS_PARAMETER_NOT_FOUND', 'create it as a SecureString'],
      ['/denied', 'GCP_CREDENTIALS_ACCESS_DENIED', 'grant ssm:GetParameter'],
      ['/empty', 'GCP_CREDENTIALS_EMPTY', 'is empty'],
      ['/not-json', 'GCP_CREDENTIALS_NOT_JSON', 'create-cred-config'],
      ['/user-creds', 'GCP_CREDENTIALS_WRONG_TYPE', '"type": "authorized_user"'],
    ];
    for (const [name, code, fix] of cases) {
      const err = await failure(createGoogleAuth({ config: ssm(name), env: {}, readParameter: readParameter() }));
      expect([err.code, err.state]).toEqual([code, 'auth-failed']);
      expect(err.message).toContain(name);
      expect(err.message).toContain(fix);
      expect(err.message).not.toContain('SECRET-VALUE');
    }
  });

  it('reports a missing secret with the secret id', async () => {
    const err = await failure(createGoogleAuth({ config: { credentials: { source: 'secrets-manager', parameter: 'nope' } }, env: {}, readSecret: readSecret() }));
    expect(err.code).toBe('GCP_CREDENTIALS_PARAMETER_NOT_FOUND');
    expect(err.message).toContain('Secrets Manager secret nope does not exist');
  });

  it('uses Application Default Credentials for adc, and says how to get them when there are none', async () => {
    const saved = { ...process.env };
    const dir = mkdtempSync(join(tmpdir(), 'adc-'));
    try {
      const keyFile = join(dir, 'key.json');
      writeFileSync(keyFile, JSON.stringify(SERVICE_ACCOUNT));
      process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
      expect(await createGoogleAuth({ config: { credentials: { source: 'adc' } }, env: process.env })).toBeInstanceOf(JWT);

      // No key file, no gcloud config, and (as on Lambda) no metadata server probe.
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      process.env.CLOUDSDK_CONFIG = dir;
      process.env.HOME = dir;
      process.env.METADATA_SERVER_DETECTION = 'none';
      const err = await failure(createGoogleAuth({ config: { credentials: { source: 'adc' } }, env: process.env }));
      expect(err.code).toBe('GCP_CREDENTIALS_MISSING');
      expect(err.message).toContain('gcloud auth application-default login');
    } finally {
      process.env = saved;
    }
  });
});

describe('parseCredentialsJson', () => {
  it('accepts the two credential types the watchdog supports', () => {
    expect(parseCredentialsJson(JSON.stringify(EXTERNAL_ACCOUNT), 'x').type).toBe('external_account');
    expect(parseCredentialsJson(JSON.stringify(SERVICE_ACCOUNT), 'x').type).toBe('service_account');
    expect(() => parseCredentialsJson('[]', 'SSM parameter /p')).toThrow(/no "type"/);
  });
});
